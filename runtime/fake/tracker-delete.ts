// The tracker's delete: preconditions, dry run, and finalizers (mark with deletionTimestamp instead of removing).
import { deepCopyJson } from '../api/deep-copy.js';
import type { KubernetesObject } from '../api/meta.js';
import type { DeleteOptions } from '../api/options.js';
import * as errors from './api-errors.js';
import { formatTime } from './object-meta.js';
import type { ResolvedResource } from './resource-registry.js';
import type { TrackerStore } from './tracker-store.js';

/** Deletes, or marks for deletion when finalizers remain; returns the object as last stored. */
export function deleteObject(
  s: TrackerStore,
  res: ResolvedResource,
  ns: string,
  name: string,
  opts: DeleteOptions,
): KubernetesObject {
  const old = s.mustGet(res, ns, name);
  const pre = opts.preconditions;
  if (pre?.uid !== undefined && pre.uid !== old.metadata?.uid) {
    throw errors.conflict(
      res.gvr,
      name,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata?.uid}`,
    );
  }
  if (pre?.resourceVersion !== undefined && pre.resourceVersion !== old.metadata?.resourceVersion) {
    throw errors.conflict(
      res.gvr,
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata?.resourceVersion}`,
    );
  }
  const dryRun = opts.dryRun?.includes('All') === true;
  if ((old.metadata?.finalizers?.length ?? 0) > 0) {
    if (old.metadata?.deletionTimestamp !== undefined) {
      return deepCopyJson(old);
    }
    const marked = deepCopyJson(old);
    marked.metadata = {
      ...marked.metadata,
      deletionTimestamp: formatTime(s.clock.now()),
      deletionGracePeriodSeconds: 0,
    };
    return s.finish(res, 'MODIFIED', marked, old, { dryRun: opts.dryRun });
  }
  if (dryRun) {
    return deepCopyJson(old);
  }
  return s.remove(res, old);
}
