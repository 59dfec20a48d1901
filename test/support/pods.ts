// Pod-shaped test objects and lists, as client-go's tests build them.
import type { KubernetesList, KubernetesObject, ObjectMeta } from '../../runtime/api/meta.js';

/** Enough of a Pod for cache tests. */
export interface Pod extends KubernetesObject {
  metadata: ObjectMeta;
  spec?: { hostname?: string; nodeName?: string; activeDeadlineSeconds?: number };
}

/** A Pod with a name, an optional resourceVersion and optional extra metadata. */
export function makePod(name: string, resourceVersion?: string, meta: Partial<ObjectMeta> = {}): Pod {
  const metadata: ObjectMeta = { name, ...meta };
  if (resourceVersion !== undefined) {
    metadata.resourceVersion = resourceVersion;
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata };
}

/** A PodList at `resourceVersion`, with an optional continue token. */
export function podList(resourceVersion: string, items: Pod[] = [], continueToken?: string): KubernetesList<Pod> {
  const metadata: { resourceVersion: string; continue?: string } = { resourceVersion };
  if (continueToken !== undefined) {
    metadata.continue = continueToken;
  }
  return { apiVersion: 'v1', kind: 'PodList', metadata, items };
}

/** `name -> resourceVersion` of a set of pods, for order-free comparisons. */
export function namesToRvs(pods: readonly { metadata?: ObjectMeta }[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const p of pods) {
    out[p.metadata?.name ?? ''] = p.metadata?.resourceVersion;
  }
  return out;
}
