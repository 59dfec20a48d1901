// Query parameters of each verb, serialised from the option types the way client-go's VersionedParams does.
import type { CreateOptions, ListOptions, PatchOptions } from '../api/options.js';
import type { RestRequest } from './rest-client.js';

export type Query = NonNullable<RestRequest['query']>;

/** Query parameters of a list, watch or deleteCollection, as client-go serialises ListOptions. */
export function listQuery(o: ListOptions = {}): Query {
  return {
    labelSelector: o.labelSelector,
    fieldSelector: o.fieldSelector,
    resourceVersion: o.resourceVersion,
    resourceVersionMatch: o.resourceVersionMatch,
    limit: o.limit,
    continue: o.continue,
    timeoutSeconds: o.timeoutSeconds,
    allowWatchBookmarks: o.allowWatchBookmarks,
    sendInitialEvents: o.sendInitialEvents,
  };
}

/** Query parameters of create, update, patch and apply. */
export function writeQuery(o: CreateOptions | PatchOptions = {}): Query {
  return {
    dryRun: o.dryRun,
    fieldManager: o.fieldManager,
    fieldValidation: o.fieldValidation,
    force: 'force' in o ? o.force : undefined,
  };
}
