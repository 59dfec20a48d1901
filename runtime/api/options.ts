// Request option types (metav1 ListOptions, GetOptions, ...), serialised into query parameters by the REST client.

/** Which resourceVersions a list or watch may be served from. */
export type ResourceVersionMatch = 'NotOlderThan' | 'Exact';

/** metav1.ListOptions; also used for watch and deleteCollection. */
export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  resourceVersionMatch?: ResourceVersionMatch;
  limit?: number;
  continue?: string;
  timeoutSeconds?: number;
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
}

export interface GetOptions {
  resourceVersion?: string;
}

/** `All` is the only accepted dryRun value. */
export type DryRun = 'All';

export interface CreateOptions {
  dryRun?: DryRun[];
  fieldManager?: string;
  fieldValidation?: 'Ignore' | 'Warn' | 'Strict';
}

export interface UpdateOptions {
  dryRun?: DryRun[];
  fieldManager?: string;
  fieldValidation?: 'Ignore' | 'Warn' | 'Strict';
}

export interface PatchOptions {
  dryRun?: DryRun[];
  fieldManager?: string;
  fieldValidation?: 'Ignore' | 'Warn' | 'Strict';
  force?: boolean;
}

/** Server-side apply options: the field manager is required. */
export interface ApplyOptions {
  fieldManager: string;
  force?: boolean;
  dryRun?: DryRun[];
}

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}

/** metav1.DeleteOptions; sent as the request body, as client-go does. */
export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: PropagationPolicy;
  preconditions?: Preconditions;
  dryRun?: DryRun[];
}

/** Patch content types; each patch call sets its own. Strategic merge is for built-in types only. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** The Content-Type header for each {@link PatchType}. */
export const patchContentTypes: Readonly<Record<PatchType, string>> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};
