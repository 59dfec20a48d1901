// The tracker's patch verbs: JSON, merge and strategic-merge patches, and server-side apply (which may create).
import type { KubernetesObject } from '../api/meta.js';
import type { PatchType } from '../api/options.js';
import * as errors from './api-errors.js';
import { applyJsonPatch } from './json-patch.js';
import { objectKey } from './list-selection.js';
import { applyMergePatch, applyStrategicMergePatch, hintLookup, isJsonMap } from './merge-patch.js';
import { compact } from './object-meta.js';
import type { ResolvedResource } from './resource-registry.js';
import { serverSideApply } from './server-side-apply.js';
import type { TrackerStore, TrackerWriteOptions } from './tracker-store.js';
import { prepareUpdate } from './update-rules.js';

/** Patches with any patch type; `apply` is server-side apply and creates the object if it is missing. */
export function patchObject(
  s: TrackerStore,
  res: ResolvedResource,
  ns: string,
  name: string,
  type: PatchType,
  body: unknown,
  opts: TrackerWriteOptions,
): KubernetesObject {
  if (type === 'apply') {
    return applyObject(s, res, ns, name, body, opts);
  }
  const old = s.mustGet(res, ns, name);
  let patched: unknown;
  switch (type) {
    case 'json':
      patched = applyJsonPatch(old, body);
      break;
    case 'merge':
      patched = applyMergePatch(old, body);
      break;
    case 'strategic':
      if (res.strategicMergePatch === 'reject') {
        throw errors.unsupportedMediaType('application/strategic-merge-patch+json');
      }
      patched = applyStrategicMergePatch(old, body, hintLookup(res.mergeHints));
      break;
    default:
      throw errors.unsupportedMediaType(String(type));
  }
  if (!isJsonMap(patched)) {
    throw errors.patchFailed('the patched object is not a JSON object');
  }
  const next = patched as KubernetesObject;
  const rv = next.metadata?.resourceVersion;
  if (rv !== undefined && rv !== '' && rv !== old.metadata?.resourceVersion) {
    throw errors.conflict(res.gvr, name, errors.modifiedMessage);
  }
  if (next.metadata?.name !== name) {
    throw errors.invalid(res.kind, res.gvr.group, name, [
      { field: 'metadata.name', reason: 'FieldValueInvalid', message: 'field is immutable' },
    ]);
  }
  return s.replace(res, old, prepareUpdate(res, old, next, opts.subresource), opts);
}

function applyObject(
  s: TrackerStore,
  res: ResolvedResource,
  ns: string,
  name: string,
  body: unknown,
  opts: TrackerWriteOptions,
): KubernetesObject {
  if (!opts.fieldManager) {
    throw errors.invalid('PatchOptions', 'meta.k8s.io', '', [
      { field: 'fieldManager', reason: 'FieldValueRequired', message: 'Required value: is required for apply patch' },
    ]);
  }
  if (!isJsonMap(body)) {
    throw errors.badRequest('an apply configuration must be an object');
  }
  const config = body as KubernetesObject;
  if (config.apiVersion !== res.apiVersion || config.kind !== res.kind) {
    throw errors.badRequest(
      `the apply configuration is ${config.apiVersion}/${config.kind}, the resource serves ${res.apiVersion}/${res.kind}`,
    );
  }
  if (config.metadata?.name !== undefined && config.metadata.name !== name) {
    throw errors.badRequest(
      `the name of the object (${config.metadata.name}) does not match the name on the URL (${name})`,
    );
  }
  const ctx = s.managerContext(res, opts.fieldManager, opts.subresource);
  const old = s.store(res).get(objectKey(ns, name));
  if (old === undefined) {
    if (opts.subresource === 'status') {
      throw errors.notFound(res.gvr, name);
    }
    const created = serverSideApply(undefined, config, ctx, opts.force === true);
    created.apiVersion = res.apiVersion;
    created.kind = res.kind;
    created.metadata = { ...created.metadata, name, ...(res.namespaced ? { namespace: ns } : {}) };
    return s.createIn(res, ns, created, opts, created.metadata.managedFields);
  }
  const merged = serverSideApply(old, config, ctx, opts.force === true);
  // prepareUpdate resets server-owned metadata (managedFields included) from the old object: keep apply's.
  const managed = s.trackManagedFields ? merged.metadata?.managedFields : undefined;
  const next = prepareUpdate(res, old, merged, opts.subresource);
  next.metadata = compact({ ...next.metadata, managedFields: managed });
  const { fieldManager: _f, ...rest } = opts;
  return s.replace(res, old, next, rest, false);
}
