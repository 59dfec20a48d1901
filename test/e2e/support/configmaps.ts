// ConfigMap clients, a bounded-concurrency runner and a polling wait for the e2e informer and fault tests.
import type { KubernetesObject } from '../../../runtime/api/meta.js';
import { listAllPages } from '../../../runtime/cache/pager.js';
import { loadKubeconfig } from '../../../runtime/rest/kubeconfig.js';
import { ResourceClient } from '../../../runtime/rest/resource-client.js';
import { RestClient } from '../../../runtime/rest/rest-client.js';
import type { RestConfig } from '../../../runtime/rest/rest-config.js';

/** A core/v1 ConfigMap as the tests use it. */
export interface ConfigMap extends KubernetesObject {
  data?: Record<string, string>;
}

export const configMapGvr = { group: '', version: 'v1', resource: 'configmaps' } as const;

/**
 * A RestClient for a kubeconfig, without client-side rate limiting (qps -1) so that bulk set-up is bound by the
 * API server only. `host` replaces the server URL (to go through a proxy); TLS still validates against 127.0.0.1.
 */
export function restClientFor(kubeconfigPath: string, overrides: Partial<RestConfig> = {}): RestClient {
  const { config } = loadKubeconfig({ kubeconfig: kubeconfigPath });
  return new RestClient({ ...config, qps: -1, ...overrides });
}

/** ConfigMaps in `namespace`, or across all namespaces when it is omitted (list and watch only). */
export function configMaps(rest: RestClient, namespace?: string): ResourceClient<ConfigMap> {
  return new ResourceClient<ConfigMap>({
    rest,
    gvr: configMapGvr,
    namespaced: true,
    kind: 'ConfigMap',
    ...(namespace !== undefined ? { namespace } : {}),
  });
}

/** Runs `fn` over `items` with at most `concurrency` calls in flight; rejects with the first failure. */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  let failed: unknown;
  const worker = async (): Promise<void> => {
    while (failed === undefined && next < items.length) {
      const i = next++;
      try {
        await fn(items[i] as T, i);
      } catch (err) {
        failed ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failed !== undefined) {
    throw failed;
  }
}

/**
 * Polls `cond` until it holds. The limit only turns a hang into a failure with `what` in the message; it is
 * not an assertion about speed.
 */
export async function pollUntil(cond: () => boolean | Promise<boolean>, what: string, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    if (await cond()) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`gave up after ${limitMs} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Names `<prefix>-00000` .. so that listings sort in creation order. */
export function numberedNames(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(5, '0')}`);
}

/** A fresh, consistent LIST (resourceVersion "", paged) as key -> resourceVersion. */
export async function listedVersions(
  client: ResourceClient<ConfigMap>,
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const listed = await listAllPages(client.list.bind(client), { resourceVersion: '' }, 500, signal);
  const out = new Map<string, string>();
  for (const cm of listed.items) {
    const ns = cm.metadata?.namespace ?? '';
    out.set(`${ns}/${cm.metadata?.name ?? ''}`, cm.metadata?.resourceVersion ?? '');
  }
  return out;
}
