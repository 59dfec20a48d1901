// The reflector's LIST step: paged list at client-go's resourceVersion, retried as a quorum read after expiry.
import { UnsupportedTableError } from './errors.js';
import { DEFAULT_PAGE_SIZE, listAllPages, type PagedListResult } from './pager.js';
import {
  isExpiredError,
  isTooLargeResourceVersion,
  isUnsupportedTable,
  type ReflectorCore,
  relistResourceVersion,
} from './reflector-core.js';

function pageSizeFor<T>(core: ReflectorCore<T>, resourceVersion: string): number {
  if (core.pageSize !== 0) {
    return core.pageSize;
  }
  if (core.paginatedResult) {
    return DEFAULT_PAGE_SIZE;
  }
  // A list at a specific resourceVersion without a limit can be served from the watch cache instead of etcd.
  if (resourceVersion !== '' && resourceVersion !== '0') {
    return 0;
  }
  return DEFAULT_PAGE_SIZE;
}

/**
 * Lists everything and replaces the store with it. Resolves without touching the store if `signal` aborts. Nothing
 * reaches the store before the whole list has arrived.
 */
export async function reflectorList<T>(core: ReflectorCore<T>, signal: AbortSignal): Promise<void> {
  const resourceVersion = relistResourceVersion(core);
  const pageSize = pageSizeFor(core, resourceVersion);
  const listPage = core.listerWatcher.list.bind(core.listerWatcher);
  let result: PagedListResult<T>;
  try {
    try {
      result = await listAllPages(listPage, { resourceVersion }, pageSize, signal);
    } catch (err) {
      if (signal.aborted || !(isExpiredError(err) || isTooLargeResourceVersion(err))) {
        throw err;
      }
      // The version we asked for is gone (or ahead of this server): fall back to a consistent read of "now".
      core.unavailable = true;
      result = await listAllPages(listPage, { resourceVersion: relistResourceVersion(core) }, pageSize, signal);
    }
  } catch (err) {
    if (signal.aborted) {
      return;
    }
    throw err;
  }
  if (signal.aborted) {
    return;
  }
  if (isUnsupportedTable(result)) {
    throw new UnsupportedTableError(`${result.apiVersion ?? ''}, Kind=${result.kind ?? ''}`);
  }
  if (resourceVersion === '0' && result.paginated) {
    core.paginatedResult = true;
  }
  core.unavailable = false;
  core.store.replace(result.items, result.resourceVersion);
  core.lastSyncResourceVersion = result.resourceVersion;
  core.stats.syncs++;
}
