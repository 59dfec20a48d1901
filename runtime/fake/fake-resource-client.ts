// FakeResourceClient: gentype's ResourceClientMethods over a Fake; every call becomes a recorded, reacted-to action.
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
import type { SubresourceCall } from '../api/subresource-call.js';
import type { Watch } from '../api/watch-event.js';
import { KubeError } from '../errors/api-error.js';
import type { ResourceClientMethods } from '../gentype/resource-client.js';
import { throwIfAborted } from '../util/abort.js';
import type { Action } from './actions.js';
import type { Fake } from './fake.js';

function nameOf(obj: unknown): string {
  const name = (obj as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  if (typeof name !== 'string' || name === '') {
    throw new KubeError('KUBE_INVALID_REQUEST', 'the object has no metadata.name');
  }
  return name;
}

/** One resource (in one namespace, or all) of a fake clientset. */
export class FakeResourceClient<T extends KubernetesObject, L = KubernetesList<T>>
  implements ResourceClientMethods<T, L>
{
  constructor(
    private readonly fake: Fake,
    readonly gvr: GroupVersionResource,
    /** '' for cluster-scoped resources and for all namespaces. */
    readonly namespace: string,
  ) {}

  private async invoke<R>(action: Action, signal: AbortSignal | undefined): Promise<R> {
    throwIfAborted(signal);
    const ret = await this.fake.invokes(action);
    throwIfAborted(signal);
    return ret as R;
  }

  private base(subresource = ''): { resource: GroupVersionResource; namespace: string; subresource: string } {
    return { resource: this.gvr, namespace: this.namespace, subresource };
  }

  get(name: string, opts: GetOptions = {}, signal?: AbortSignal): Promise<T> {
    return this.invoke({ verb: 'get', ...this.base(), name, options: opts }, signal);
  }

  list(opts: ListOptions = {}, signal?: AbortSignal): Promise<L> {
    return this.invoke({ verb: 'list', ...this.base(), options: opts }, signal);
  }

  async watch(opts: ListOptions = {}, signal?: AbortSignal): Promise<Watch<T>> {
    throwIfAborted(signal);
    return (await this.fake.invokesWatch({ verb: 'watch', ...this.base(), options: opts }, signal)) as Watch<T>;
  }

  create(obj: T, opts: CreateOptions = {}, signal?: AbortSignal): Promise<T> {
    return this.invoke({ verb: 'create', ...this.base(), object: obj, options: opts }, signal);
  }

  update(obj: T, opts: UpdateOptions = {}, signal?: AbortSignal): Promise<T> {
    nameOf(obj);
    return this.invoke({ verb: 'update', ...this.base(), object: obj, options: opts }, signal);
  }

  updateStatus(obj: T, opts: UpdateOptions = {}, signal?: AbortSignal): Promise<T> {
    nameOf(obj);
    return this.invoke({ verb: 'update', ...this.base('status'), object: obj, options: opts }, signal);
  }

  delete(name: string, opts: DeleteOptions = {}, signal?: AbortSignal): Promise<Status | T> {
    return this.invoke({ verb: 'delete', ...this.base(), name, options: opts }, signal);
  }

  deleteCollection(opts: DeleteOptions = {}, listOpts: ListOptions = {}, signal?: AbortSignal): Promise<Status | L> {
    return this.invoke({ verb: 'delete-collection', ...this.base(), options: opts, listOptions: listOpts }, signal);
  }

  patch(name: string, type: PatchType, body: unknown, opts: PatchOptions = {}, signal?: AbortSignal): Promise<T> {
    return this.invoke({ verb: 'patch', ...this.base(), name, patchType: type, patch: body, options: opts }, signal);
  }

  patchStatus(name: string, type: PatchType, body: unknown, opts: PatchOptions = {}, signal?: AbortSignal): Promise<T> {
    return this.invoke(
      { verb: 'patch', ...this.base('status'), name, patchType: type, patch: body, options: opts },
      signal,
    );
  }

  apply(config: unknown, opts: ApplyOptions, signal?: AbortSignal): Promise<T> {
    return this.applyAt(config, '', opts, undefined, signal);
  }

  applyStatus(config: unknown, opts: ApplyOptions, signal?: AbortSignal): Promise<T> {
    return this.applyAt(config, 'status', opts, undefined, signal);
  }

  getScale(name: string, opts: GetOptions = {}, signal?: AbortSignal): Promise<Scale> {
    return this.invoke({ verb: 'get', ...this.base('scale'), name, options: opts }, signal);
  }

  updateScale(name: string, scale: Scale, opts: UpdateOptions = {}, signal?: AbortSignal): Promise<Scale> {
    const object: Scale = { ...scale, metadata: { ...scale.metadata, name } };
    return this.invoke({ verb: 'update', ...this.base('scale'), object, options: opts }, signal);
  }

  /** Records the call as the action client-go's fake would: a create, update, get, ... on the subresource. */
  callSubresource<R>(call: SubresourceCall, signal?: AbortSignal): Promise<R> {
    switch (call.verb) {
      case 'get':
        return this.invoke(
          { verb: 'get', ...this.base(call.subresource), name: call.name, options: call.options ?? {} },
          signal,
        );
      case 'list':
        return this.invoke({ verb: 'list', ...this.base(), options: call.options ?? {} }, signal);
      case 'create':
        return this.invoke(
          {
            verb: 'create',
            ...this.base(call.subresource),
            ...(call.name !== undefined ? { name: call.name } : {}),
            object: call.body as KubernetesObject,
            options: call.options ?? {},
          },
          signal,
        );
      case 'update': {
        const body = call.body as KubernetesObject;
        const name = call.name ?? nameOf(body);
        return this.invoke(
          {
            verb: 'update',
            ...this.base(call.subresource),
            object: { ...body, metadata: { ...body.metadata, name } },
            options: call.options ?? {},
          },
          signal,
        );
      }
      case 'patch':
        return this.invoke(
          {
            verb: 'patch',
            ...this.base(call.subresource),
            name: call.name,
            patchType: call.patchType,
            patch: call.body,
            options: call.options ?? {},
          },
          signal,
        );
      case 'apply':
        return this.applyAt<R>(call.body, call.subresource ?? '', call.options, call.name, signal);
    }
  }

  // Checked before any action is recorded, as the REST client checks before sending.
  private applyAt<R = T>(
    config: unknown,
    sub: string,
    opts: ApplyOptions,
    name: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<R> {
    if (!opts.fieldManager) {
      throw new KubeError('KUBE_INVALID_REQUEST', 'apply needs a fieldManager');
    }
    const target = name ?? nameOf(config);
    return this.invoke(
      { verb: 'patch', ...this.base(sub), name: target, patchType: 'apply', patch: config, options: { ...opts } },
      signal,
    );
  }
}
