// The calls a fake client records, as a discriminated union on `verb` (client-go's testing.Action types).
import type { GroupVersionResource, KubernetesObject, Scale } from '../api/meta.js';
import type { DeleteOptions, GetOptions, ListOptions, PatchOptions, PatchType, UpdateOptions } from '../api/options.js';

/** What every action carries. `subresource` is '' for the main resource; `namespace` is '' when cluster-wide. */
export interface ActionBase {
  readonly resource: GroupVersionResource;
  readonly subresource: string;
  readonly namespace: string;
}

export interface GetAction extends ActionBase {
  readonly verb: 'get';
  readonly name: string;
  readonly options: GetOptions;
}

export interface ListAction extends ActionBase {
  readonly verb: 'list';
  readonly options: ListOptions;
}

export interface WatchAction extends ActionBase {
  readonly verb: 'watch';
  readonly options: ListOptions;
}

/** Create; on a subresource (`token`, `eviction`) it also names the parent object. */
export interface CreateAction extends ActionBase {
  readonly verb: 'create';
  readonly name?: string;
  readonly object: KubernetesObject;
  readonly options: UpdateOptions;
}

/** Update, updateStatus (`subresource: 'status'`) and updateScale (`subresource: 'scale'`, object is the Scale). */
export interface UpdateAction extends ActionBase {
  readonly verb: 'update';
  readonly object: KubernetesObject | Scale;
  readonly options: UpdateOptions;
}

export interface DeleteAction extends ActionBase {
  readonly verb: 'delete';
  readonly name: string;
  readonly options: DeleteOptions;
}

export interface DeleteCollectionAction extends ActionBase {
  readonly verb: 'delete-collection';
  readonly options: DeleteOptions;
  readonly listOptions: ListOptions;
}

/** Every patch type; server-side apply is a patch with `patchType: 'apply'` and the configuration as `patch`. */
export interface PatchAction extends ActionBase {
  readonly verb: 'patch';
  readonly name: string;
  readonly patchType: PatchType;
  readonly patch: unknown;
  readonly options: PatchOptions;
}

export type Action =
  | GetAction
  | ListAction
  | WatchAction
  | CreateAction
  | UpdateAction
  | DeleteAction
  | DeleteCollectionAction
  | PatchAction;

/** The verbs of {@link Action}, as client-go spells them. */
export type Verb = Action['verb'];

/**
 * True when a reactor registered for `verb` and `resource` handles `action`. `'*'` matches anything;
 * `resource` may name a subresource as `foos/status`.
 */
export function actionMatches(action: Action, verb: string, resource: string): boolean {
  if (verb !== '*' && verb !== action.verb) {
    return false;
  }
  if (resource === '*') {
    return true;
  }
  const [res, sub] = resource.split('/', 2);
  return res === action.resource.resource && (sub === undefined || sub === action.subresource);
}
