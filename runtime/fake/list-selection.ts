// Selecting and paging a list for the fake: namespace, label and field selectors, limit and continue tokens.
import type { KubernetesObject } from '../api/meta.js';
import type { ListOptions } from '../api/options.js';
import { parseSelector } from '../labels/parser.js';
import { badRequest, expired } from './api-errors.js';
import { FieldSelector } from './field-selector.js';
import type { ResolvedResource } from './resource-registry.js';

/** The visibility test for list and watch: namespace (when given) and both selectors. Throws 400 for bad selectors. */
export function objectFilter(
  res: ResolvedResource,
  namespace: string,
  opts: ListOptions,
): (obj: KubernetesObject) => boolean {
  let labels: ReturnType<typeof parseSelector>;
  try {
    labels = parseSelector(opts.labelSelector ?? '');
  } catch (err) {
    throw badRequest(`unable to parse requirement: ${(err as Error).message}`);
  }
  const fields = FieldSelector.parse(opts.fieldSelector, res.selectableFields);
  const ns = res.namespaced ? namespace : '';
  return (obj) =>
    (ns === '' || obj.metadata?.namespace === ns) && labels.matches(obj.metadata?.labels) && fields.matches(obj);
}

/** The storage key of an object: `namespace/name`, or `name` when cluster-scoped. */
export function objectKey(namespace: string, name: string): string {
  return namespace === '' ? name : `${namespace}/${name}`;
}

interface ContinueToken {
  readonly rv: number;
  readonly start: string;
}

function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'kgen.fake/v1', rv: t.rv, start: t.start })).toString('base64url');
}

/** Decodes a continue token made by this fake; a malformed one is a 400, as the API server answers. */
export function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      v?: unknown;
      rv?: unknown;
      start?: unknown;
    };
    if (t.v === 'kgen.fake/v1' && typeof t.rv === 'number' && typeof t.start === 'string') {
      return { rv: t.rv, start: t.start };
    }
  } catch {
    // fall through to the error below
  }
  throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

/** One page of a list: sorted by key, starting after the continue token's key, `limit` items at most. */
export interface Page {
  readonly items: KubernetesObject[];
  readonly continueToken: string | undefined;
  readonly remainingItemCount: number | undefined;
}

/**
 * Pages `entries` (already filtered, keyed by objectKey) as the API server does: sorted by key, `limit` per page,
 * a continue token naming the snapshot's resourceVersion. `remainingItemCount` is only set without selectors.
 */
export function pageOf(
  entries: readonly (readonly [string, KubernetesObject])[],
  opts: ListOptions,
  rv: number,
  startAfter: string | undefined,
): Page {
  const sorted = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const from = startAfter === undefined ? sorted : sorted.filter(([k]) => k > startAfter);
  const limit = opts.limit !== undefined && opts.limit > 0 ? opts.limit : from.length;
  const page = from.slice(0, limit);
  const rest = from.length - page.length;
  if (rest <= 0) {
    return { items: page.map(([, o]) => o), continueToken: undefined, remainingItemCount: undefined };
  }
  const last = page[page.length - 1] as readonly [string, KubernetesObject];
  const selectorless = (opts.labelSelector ?? '') === '' && (opts.fieldSelector ?? '') === '';
  return {
    items: page.map(([, o]) => o),
    continueToken: encodeContinue({ rv, start: last[0] }),
    remainingItemCount: selectorless ? rest : undefined,
  };
}

/** The error for a continue token whose snapshot is no longer in the history. */
export function expiredContinue(rv: number, oldest: number): Error {
  return expired(
    String(rv),
    oldest,
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
  );
}
