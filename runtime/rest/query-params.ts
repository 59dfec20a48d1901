// Query parameters of each verb, serialised from the option types the way client-go's VersionedParams does.
import type {
  ApplyOptions,
  CreateOptions,
  GetOptions,
  ListOptions,
  PatchOptions,
  UpdateOptions,
} from '../api/options.js';
import type { PodLogOptions } from './pod-logs.js';
import type { RestRequest } from './rest-client.js';

export type Query = NonNullable<RestRequest['query']>;

// apimachinery's queryparams.Convert: a plain `omitempty` field is left out at its zero value ("", 0, false, an
// empty list); a pointer field (*int64 timeoutSeconds, *bool sendInitialEvents, *bool force) goes out whenever it
// is set, false and 0 included.
const nonEmpty = <V extends string>(v: V | undefined): V | undefined => (v === '' ? undefined : v);
const nonZero = (v: number | undefined): number | undefined => (v === 0 ? undefined : v);
const onlyTrue = (v: boolean | undefined): true | undefined => (v === true ? true : undefined);

/** Query parameters of a get (GetOptions). */
export function getQuery(o: GetOptions = {}): Query {
  return { resourceVersion: nonEmpty(o.resourceVersion) };
}

/** Query parameters of a list, watch or deleteCollection, as client-go serialises ListOptions. */
export function listQuery(o: ListOptions = {}): Query {
  return {
    labelSelector: nonEmpty(o.labelSelector),
    fieldSelector: nonEmpty(o.fieldSelector),
    resourceVersion: nonEmpty(o.resourceVersion),
    resourceVersionMatch: nonEmpty(o.resourceVersionMatch),
    limit: nonZero(o.limit),
    continue: nonEmpty(o.continue),
    timeoutSeconds: o.timeoutSeconds,
    allowWatchBookmarks: onlyTrue(o.allowWatchBookmarks),
    sendInitialEvents: o.sendInitialEvents,
  };
}

/** Query parameters of create, update, patch and apply (CreateOptions, UpdateOptions, PatchOptions). */
export function writeQuery(o: CreateOptions | UpdateOptions | PatchOptions | ApplyOptions = {}): Query {
  return {
    dryRun: o.dryRun,
    fieldManager: nonEmpty(o.fieldManager),
    fieldValidation: 'fieldValidation' in o ? nonEmpty(o.fieldValidation) : undefined,
    force: 'force' in o ? o.force : undefined,
  };
}

/** Query parameters of a pod log request (PodLogOptions; sinceSeconds, tailLines and limitBytes are pointers). */
export function podLogQuery(o: PodLogOptions = {}): Query {
  return {
    container: nonEmpty(o.container),
    follow: onlyTrue(o.follow),
    previous: onlyTrue(o.previous),
    sinceSeconds: o.sinceSeconds,
    sinceTime: nonEmpty(o.sinceTime),
    timestamps: onlyTrue(o.timestamps),
    tailLines: o.tailLines,
    limitBytes: o.limitBytes,
    insecureSkipTLSVerifyBackend: onlyTrue(o.insecureSkipTLSVerifyBackend),
  };
}
