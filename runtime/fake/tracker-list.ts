// The tracker's list: label/field selection, resourceVersion semantics (NotOlderThan, Exact, 410, too large) and paging.
import { deepCopyJson } from '../api/deep-copy.js';
import type { KubernetesList, KubernetesObject } from '../api/meta.js';
import type { ListOptions } from '../api/options.js';
import * as errors from './api-errors.js';
import { decodeContinue, objectFilter, pageOf } from './list-selection.js';
import type { ResolvedResource } from './resource-registry.js';
import type { TrackerStore } from './tracker-store.js';

/** The objects of `res` in `namespace` ('' for all) that `opts` selects, as a list the API server would return. */
export function listObjects(
  s: TrackerStore,
  res: ResolvedResource,
  namespace: string,
  opts: ListOptions,
): KubernetesList<KubernetesObject> {
  const filter = objectFilter(res, namespace, opts);
  let snapshotRv = s.rv;
  let startAfter: string | undefined;
  if (opts.continue !== undefined && opts.continue !== '') {
    const t = decodeContinue(opts.continue);
    snapshotRv = t.rv;
    startAfter = t.start;
  } else if (opts.resourceVersion !== undefined && opts.resourceVersion !== '' && opts.resourceVersion !== '0') {
    const wanted = Number(opts.resourceVersion);
    if (!Number.isInteger(wanted) || wanted < 0) {
      throw errors.badRequest(`invalid resourceVersion "${opts.resourceVersion}"`);
    }
    if (wanted > s.rv) {
      throw errors.tooLargeResourceVersion(opts.resourceVersion, s.rv);
    }
    if (opts.resourceVersionMatch === 'Exact') {
      snapshotRv = wanted;
    }
  }
  const state = s.snapshot(res, snapshotRv, startAfter !== undefined);
  const entries = [...state].filter(([, o]) => filter(o));
  const page = pageOf(entries, opts, snapshotRv, startAfter);
  return {
    apiVersion: res.apiVersion,
    kind: res.listKind,
    metadata: {
      resourceVersion: String(snapshotRv),
      ...(page.continueToken !== undefined ? { continue: page.continueToken } : {}),
      ...(page.remainingItemCount !== undefined ? { remainingItemCount: page.remainingItemCount } : {}),
    },
    items: page.items.map((o) => deepCopyJson(o)),
  };
}
