// The typed-resource contract generated clients delegate to: the methods of runtime/rest's ResourceClient, as a type.
import type { GroupVersionResource, KubernetesList, KubernetesObject, Scale, Status } from '../api/meta.js';
import type {
  ApplyOptions,
  CreateOptions,
  DeleteOptions,
  GetOptions,
  ListOptions,
  PatchOptions,
  PatchType,
  UpdateOptions,
} from '../api/options.js';
import type { ResourceInfo } from '../api/resource-info.js';
import type { SubresourceCall } from '../api/subresource-call.js';
import type { Watch } from '../api/watch-event.js';

/**
 * Every call a typed client can make on one resource. runtime/rest's ResourceClient and the fake clientset's
 * resource clients both implement it; generated clients expose only the verbs the API serves (see TypedClient).
 * `A` is the apply configuration type; providers accept any (`unknown`), generated clients narrow it. `P` is the
 * patch types the resource accepts: all for providers, no `'strategic'` in generated clients of custom resources.
 */
export interface ResourceClientMethods<
  T extends KubernetesObject,
  L = KubernetesList<T>,
  A = unknown,
  P extends PatchType = PatchType,
> {
  get(name: string, opts?: GetOptions, signal?: AbortSignal): Promise<T>;
  list(opts?: ListOptions, signal?: AbortSignal): Promise<L>;
  watch(opts?: ListOptions, signal?: AbortSignal): Promise<Watch<T>>;
  create(obj: T, opts?: CreateOptions, signal?: AbortSignal): Promise<T>;
  update(obj: T, opts?: UpdateOptions, signal?: AbortSignal): Promise<T>;
  updateStatus(obj: T, opts?: UpdateOptions, signal?: AbortSignal): Promise<T>;
  delete(name: string, opts?: DeleteOptions, signal?: AbortSignal): Promise<Status | T>;
  deleteCollection(deleteOpts?: DeleteOptions, listOpts?: ListOptions, signal?: AbortSignal): Promise<Status | L>;
  patch(name: string, type: P, body: unknown, opts?: PatchOptions, signal?: AbortSignal): Promise<T>;
  patchStatus(name: string, type: P, body: unknown, opts?: PatchOptions, signal?: AbortSignal): Promise<T>;
  apply(config: A, opts: ApplyOptions, signal?: AbortSignal): Promise<T>;
  applyStatus(config: A, opts: ApplyOptions, signal?: AbortSignal): Promise<T>;
  getScale(name: string, opts?: GetOptions, signal?: AbortSignal): Promise<Scale>;
  updateScale(name: string, scale: Scale, opts?: UpdateOptions, signal?: AbortSignal): Promise<Scale>;
  /**
   * Any other subresource or plain verb whose types differ from the kind (`+genclient:method=`): generated extra
   * methods such as `createToken` call this. The result is what the server returns, typed by the caller.
   */
  callSubresource<R>(call: SubresourceCall, signal?: AbortSignal): Promise<R>;
  /**
   * True when the source cannot serve streaming lists (`sendInitialEvents`), so informers list instead of waiting
   * for an initial-events-end bookmark that never comes (client-go's fake says true). Absent means supported.
   */
  isWatchListSemanticsUnsupported?(): boolean;
}

/** The method names a typed client may expose (every call of {@link ResourceClientMethods}). */
export type ResourceMethod = Exclude<keyof ResourceClientMethods<KubernetesObject>, 'isWatchListSemanticsUnsupported'>;

/**
 * A typed client restricted to the methods `M` the resource serves: a verb the API does not serve (or a status
 * method without a status subresource) is absent from the type, so calling it does not compile.
 */
export type TypedClient<
  T extends KubernetesObject,
  L,
  M extends ResourceMethod,
  A = unknown,
  P extends PatchType = PatchType,
> = Pick<ResourceClientMethods<T, L, A, P>, M>;

/** What a generated client needs to know about a resource to reach it. */
export interface ResourceRef {
  readonly gvr: GroupVersionResource;
  readonly kind: string;
  readonly namespaced: boolean;
  /**
   * Everything the register module says about the resource (listKind, verbs, subresources, scale paths), for
   * providers that emulate the server, such as the fake clientset. Generated refs always set it.
   */
  readonly info?: ResourceInfo;
}

/**
 * Makes the per-resource clients of a clientset: the REST-backed provider for a real cluster, the fake clientset's
 * provider in tests. `namespace` is given for namespaced resources only ('' means all namespaces).
 */
export interface ResourceClientProvider {
  resource<T extends KubernetesObject, L = KubernetesList<T>>(
    ref: ResourceRef,
    namespace?: string,
  ): ResourceClientMethods<T, L>;
}

/** Where typed clients and informers get their provider: a provider itself, or a clientset (`provider()`). */
export type ProviderSource = ResourceClientProvider | { provider(): ResourceClientProvider };

/** The provider of `source`. */
export function providerOf(source: ProviderSource): ResourceClientProvider {
  return 'resource' in source ? source : source.provider();
}
