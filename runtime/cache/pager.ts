// Paged LIST: follows continue tokens and merges the pages, falling back to one full list if a token expires.
import type { KubernetesList } from '../api/meta.js';
import type { ListOptions } from '../api/options.js';
import { isResourceExpired } from '../errors/api-error.js';

/** The items of every page, under the first page's resourceVersion. */
export interface PagedListResult<T> {
  readonly items: T[];
  readonly resourceVersion: string;
  /** True if a continue token was followed (the server paginated). */
  readonly paginated: boolean;
  readonly kind: string | undefined;
  readonly apiVersion: string | undefined;
}

/** client-go's pager default page size. */
export const DEFAULT_PAGE_SIZE = 500;

/**
 * Lists with `pageSize` items per request (0 = let the server decide). Continue requests drop the resourceVersion;
 * an Expired error on a continue page triggers a single unpaged list at the original resourceVersion.
 */
export async function listAllPages<T>(
  listPage: (options: ListOptions, signal?: AbortSignal) => Promise<KubernetesList<T>>,
  options: ListOptions,
  pageSize: number,
  signal?: AbortSignal,
): Promise<PagedListResult<T>> {
  let opts: ListOptions = { ...options };
  if (opts.limit === undefined || opts.limit === 0) {
    opts.limit = pageSize;
  }
  if (opts.limit === 0) {
    delete opts.limit;
  }
  let items: T[] | undefined;
  let first: KubernetesList<T> | undefined;
  let paginated = false;
  for (;;) {
    signal?.throwIfAborted();
    let page: KubernetesList<T>;
    try {
      page = await listPage(opts, signal);
    } catch (err) {
      if (!isResourceExpired(err) || opts.continue === undefined || opts.continue === '') {
        throw err;
      }
      const full: ListOptions = { ...options };
      delete full.continue;
      delete full.limit;
      const whole = await listPage(full, signal);
      return toResult(whole, whole.items ?? [], paginated);
    }
    const token = page.metadata?.continue ?? '';
    if (token === '' && items === undefined) {
      return toResult(page, page.items ?? [], paginated);
    }
    if (items === undefined) {
      first = page;
      items = [];
    }
    for (const item of page.items ?? []) {
      items.push(item);
    }
    if (token === '') {
      return toResult(first as KubernetesList<T>, items, paginated);
    }
    opts = { ...opts, continue: token };
    delete opts.resourceVersion;
    delete opts.resourceVersionMatch;
    paginated = true;
  }
}

function toResult<T>(head: KubernetesList<T>, items: T[], paginated: boolean): PagedListResult<T> {
  return {
    items,
    resourceVersion: head.metadata?.resourceVersion ?? '',
    paginated,
    kind: head.kind,
    apiVersion: head.apiVersion,
  };
}
