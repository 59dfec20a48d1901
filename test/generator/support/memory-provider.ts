// An in-memory ResourceClientProvider for generated-client tests: serves list, get and watch over seeded objects.
import type {
  KubernetesObject,
  ListOptions,
  ResourceClientMethods,
  ResourceClientProvider,
  ResourceRef,
  Watch,
  WatchEvent,
} from '../../../runtime/index.js';

/** One call a typed client made through the provider. */
export interface ProviderCall {
  readonly ref: ResourceRef;
  readonly namespace: string | undefined;
  readonly method: string;
  readonly options?: ListOptions;
}

export interface MemoryProviderOptions {
  /**
   * Serve streaming lists (a watch with sendInitialEvents replays the objects and ends them with the
   * initial-events-end bookmark). When false the clients say so, and informers list instead. @default true
   */
  watchList?: boolean;
}

const listResourceVersion = '10';

/** A provider over `objects` (matched to a resource by kind, and by namespace when one is given). */
export function memoryProvider(
  objects: readonly KubernetesObject[],
  options: MemoryProviderOptions = {},
): { provider: ResourceClientProvider; calls: ProviderCall[] } {
  const calls: ProviderCall[] = [];
  const watchList = options.watchList ?? true;
  const provider: ResourceClientProvider = {
    resource<T extends KubernetesObject, L>(ref: ResourceRef, namespace?: string): ResourceClientMethods<T, L> {
      const record = (method: string, opts?: ListOptions) =>
        calls.push({ ref, namespace, method, ...(opts === undefined ? {} : { options: opts }) });
      const matching = () =>
        objects.filter(
          (o) =>
            o.kind === ref.kind && (namespace === undefined || namespace === '' || o.metadata?.namespace === namespace),
        ) as T[];
      const unsupported = (method: string) => () => {
        record(method);
        return Promise.reject(new Error(`${method} is not served by the memory provider`));
      };
      const client = {
        list: async (opts?: ListOptions) => {
          record('list', opts);
          return {
            apiVersion: `${ref.gvr.group}/${ref.gvr.version}`,
            kind: `${ref.kind}List`,
            metadata: { resourceVersion: listResourceVersion },
            items: matching(),
          };
        },
        watch: async (opts?: ListOptions, signal?: AbortSignal): Promise<Watch<T>> => {
          record('watch', opts);
          const initial: WatchEvent<T>[] = [];
          if (opts?.sendInitialEvents === true) {
            for (const o of matching()) {
              initial.push({ type: 'ADDED', object: o });
            }
            const bookmark = {
              apiVersion: `${ref.gvr.group}/${ref.gvr.version}`,
              kind: ref.kind,
              metadata: {
                resourceVersion: listResourceVersion,
                annotations: { 'k8s.io/initial-events-end': 'true' },
              },
            };
            initial.push({ type: 'BOOKMARK', object: bookmark as unknown as T });
          }
          let stop: () => void = () => {};
          const stopped = new Promise<void>((resolve) => {
            stop = resolve;
            signal?.addEventListener('abort', () => resolve(), { once: true });
          });
          return {
            stop: () => stop(),
            async *[Symbol.asyncIterator](): AsyncGenerator<WatchEvent<T>> {
              yield* initial;
              await stopped;
            },
          };
        },
        get: async (name: string) => {
          record('get');
          const found = matching().find((o) => o.metadata?.name === name);
          if (found === undefined) {
            throw new Error(`${name} not found`);
          }
          return found;
        },
        create: unsupported('create'),
        update: unsupported('update'),
        updateStatus: unsupported('updateStatus'),
        delete: unsupported('delete'),
        deleteCollection: unsupported('deleteCollection'),
        patch: unsupported('patch'),
        patchStatus: unsupported('patchStatus'),
        apply: unsupported('apply'),
        applyStatus: unsupported('applyStatus'),
        getScale: unsupported('getScale'),
        updateScale: unsupported('updateScale'),
        ...(watchList ? {} : { isWatchListSemanticsUnsupported: () => true }),
      };
      return client as unknown as ResourceClientMethods<T, L>;
    },
  };
  return { provider, calls };
}
