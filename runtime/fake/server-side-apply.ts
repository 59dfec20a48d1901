// Server-side apply for the fake: merge by schema hints, field ownership in managedFields, conflicts, and field removal.

import { deepCopyJson, setOwnField } from '../api/deep-copy.js';
import type { KubernetesObject, ManagedFieldsEntry } from '../api/meta.js';
import { ApplyConflictError } from '../apply/apply-conflict-error.js';
import type { ApiError } from '../errors/api-error.js';
import { describePath, type FieldPath, FieldSet, fieldsOf, removeAt, valueAt } from './field-set.js';
import { jsonEqual } from './json-patch.js';
import { elementKey, type HintLookup, isJsonMap } from './merge-patch.js';

type JsonMap = Record<string, unknown>;

/** Merges an apply configuration into the live object: maps by key, list-maps by element keys, sets by union. */
export function applyMerge(live: unknown, config: unknown, hint: HintLookup, path = ''): unknown {
  if (!isJsonMap(config)) {
    return deepCopyJson(config);
  }
  const h = hint(path);
  if (h !== undefined && 'mapType' in h) {
    return deepCopyJson(config);
  }
  const out: JsonMap = isJsonMap(live) ? { ...live } : {};
  for (const [k, v] of Object.entries(config)) {
    if (v === null) {
      continue;
    }
    const p = `${path}.${k}`;
    const lh = hint(p);
    const current = out[k];
    if (Array.isArray(v) && lh !== undefined && 'listType' in lh && lh.listType === 'map') {
      const merged = Array.isArray(current) ? [...current] : [];
      for (const item of v) {
        const key = elementKey(item, lh.keys);
        const at = key === undefined ? -1 : merged.findIndex((x) => elementKey(x, lh.keys) === key);
        if (at < 0) {
          merged.push(applyMerge({}, item, hint, `${p}[]`));
        } else {
          merged[at] = applyMerge(merged[at], item, hint, `${p}[]`);
        }
      }
      setOwnField(out, k, merged);
    } else if (Array.isArray(v) && lh !== undefined && 'listType' in lh && lh.listType === 'set') {
      const merged = Array.isArray(current) ? [...current] : [];
      for (const item of v) {
        if (!merged.some((x) => jsonEqual(x, item))) {
          merged.push(deepCopyJson(item));
        }
      }
      setOwnField(out, k, merged);
    } else {
      setOwnField(out, k, applyMerge(current, v, hint, p));
    }
  }
  return out;
}

interface OwnedEntry {
  entry: ManagedFieldsEntry;
  set: FieldSet;
}

function entriesOf(obj: KubernetesObject | undefined): OwnedEntry[] {
  return (obj?.metadata?.managedFields ?? []).map((entry) => ({
    entry: { ...entry },
    set: FieldSet.fromFieldsV1(entry.fieldsV1 ?? {}),
  }));
}

function sameOwner(
  e: ManagedFieldsEntry,
  manager: string,
  operation: string,
  subresource: string | undefined,
): boolean {
  return e.manager === manager && e.operation === operation && (e.subresource ?? '') === (subresource ?? '');
}

function writeEntries(obj: KubernetesObject, entries: OwnedEntry[]): void {
  const managed = entries
    .filter((e) => e.set.size > 0)
    .map((e) => ({ ...e.entry, fieldsType: 'FieldsV1', fieldsV1: e.set.toFieldsV1() }));
  obj.metadata = { ...obj.metadata };
  if (managed.length > 0) {
    obj.metadata.managedFields = managed;
  } else {
    delete obj.metadata.managedFields;
  }
}

/** Who writes, when, and through which endpoint. */
export interface ManagerContext {
  readonly manager: string;
  readonly subresource: 'status' | undefined;
  readonly apiVersion: string;
  readonly time: string;
  readonly hint: HintLookup;
}

function upsert(entries: OwnedEntry[], ctx: ManagerContext, operation: 'Apply' | 'Update'): OwnedEntry {
  let mine = entries.find((e) => sameOwner(e.entry, ctx.manager, operation, ctx.subresource));
  if (mine === undefined) {
    mine = {
      entry: {
        manager: ctx.manager,
        operation,
        apiVersion: ctx.apiVersion,
        ...(ctx.subresource !== undefined ? { subresource: ctx.subresource } : {}),
      },
      set: new FieldSet(),
    };
    entries.push(mine);
  }
  mine.entry.time = ctx.time;
  mine.entry.apiVersion = ctx.apiVersion;
  return mine;
}

/** Apply conflicts: 409 Conflict naming each manager and field, as the API server reports them. */
function conflictError(conflicts: { manager: string; path: FieldPath }[]): ApiError {
  const lines = conflicts.map((c) => `conflict with "${c.manager}": ${describePath(c.path)}`);
  const n = conflicts.length;
  // The same typed error as a real server's conflict (ResourceClient.apply rethrows it), so tests catch it alike.
  return new ApplyConflictError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `Apply failed with ${n} conflict${n === 1 ? '' : 's'}: ${lines.join('\n')}`,
    reason: 'Conflict',
    code: 409,
    details: {
      causes: conflicts.map((c, i) => ({
        reason: 'FieldManagerConflict',
        message: lines[i] as string,
        field: describePath(c.path),
      })),
    },
  });
}

/**
 * Server-side apply of `config` over `live` (undefined to create). Returns the new object with its managedFields;
 * throws a 409 listing the conflicts when another manager owns a field set to a different value, unless `force`.
 */
export function serverSideApply(
  live: KubernetesObject | undefined,
  config: KubernetesObject,
  ctx: ManagerContext,
  force: boolean,
): KubernetesObject {
  const part = ctx.subresource === 'status' ? 'status' : 'main';
  const wanted = fieldsOf(config, { hint: ctx.hint, part });
  const entries = entriesOf(live);
  const conflicts: { manager: string; path: FieldPath }[] = [];
  for (const p of wanted) {
    const cv = valueAt(config, p);
    const lv = valueAt(live, p);
    if (lv === undefined || isJsonMap(cv) || jsonEqual(cv, lv)) {
      continue;
    }
    for (const e of entries) {
      if (!sameOwner(e.entry, ctx.manager, 'Apply', ctx.subresource) && e.set.has(p)) {
        if (force) {
          e.set.delete(p);
        } else {
          conflicts.push({ manager: e.entry.manager ?? '', path: p });
        }
      }
    }
  }
  if (conflicts.length > 0) {
    throw conflictError(conflicts);
  }
  const mine = upsert(entries, ctx, 'Apply');
  const previous = mine.set;
  const merged = applyMerge(live ?? {}, stripForMerge(config, part), ctx.hint) as KubernetesObject;
  // Fields this manager applied before and dropped now go away, unless someone else still owns them.
  const others = entries.filter((e) => e !== mine);
  for (const p of previous) {
    if (!wanted.hasPrefix(p) && !others.some((e) => e.set.hasPrefix(p))) {
      removeAt(merged, p);
      pruneEmptyParents(merged, p, (q) => wanted.has(q) || others.some((e) => e.set.has(q)));
    }
  }
  mine.set = wanted;
  writeEntries(merged, entries);
  return merged;
}

// A map or list emptied by removals goes too, unless someone owns it as a value of its own.
function pruneEmptyParents(obj: unknown, path: FieldPath, owned: (p: FieldPath) => boolean): void {
  for (let i = path.length - 1; i >= 1; i--) {
    const parent = path.slice(0, i);
    const v = valueAt(obj, parent);
    const empty = (Array.isArray(v) && v.length === 0) || (isJsonMap(v) && Object.keys(v).length === 0);
    if (!empty || owned(parent)) {
      return;
    }
    removeAt(obj, parent);
  }
}

// The merge takes only the part of the configuration the endpoint may change, plus tracked metadata.
function stripForMerge(config: KubernetesObject, part: 'main' | 'status'): JsonMap {
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(config)) {
    if (k === 'metadata') {
      if (part === 'main' && isJsonMap(v)) {
        const meta: JsonMap = {};
        for (const m of ['labels', 'annotations', 'finalizers', 'ownerReferences']) {
          if (v[m] !== undefined) {
            meta[m] = v[m];
          }
        }
        out.metadata = meta;
      }
    } else if (k !== 'apiVersion' && k !== 'kind' && (k === 'status') === (part === 'status')) {
      setOwnField(out, k, v);
    }
  }
  return out;
}

/**
 * Records an Update-operation write (create, update, patch) by `ctx.manager`: fields whose value changed or
 * appeared become its own and leave other managers; fields that disappeared leave every manager.
 */
export function trackUpdate(old: KubernetesObject | undefined, next: KubernetesObject, ctx: ManagerContext): void {
  const part = ctx.subresource === 'status' ? 'status' : 'main';
  const entries = entriesOf(old);
  const now = fieldsOf(next, { hint: ctx.hint, part });
  const changed: FieldPath[] = [];
  for (const p of now) {
    const nv = valueAt(next, p);
    if (isJsonMap(nv) && Object.keys(nv).length > 0) {
      // A list-map element is owned when it is new; its fields are judged one by one.
      if (valueAt(old, p) === undefined) {
        changed.push(p);
      }
      continue;
    }
    const ov = valueAt(old, p);
    if (ov === undefined || !jsonEqual(ov, nv)) {
      changed.push(p);
    }
  }
  for (const e of entries) {
    for (const p of [...e.set]) {
      if (valueAt(next, p) === undefined) {
        e.set.delete(p);
      }
    }
  }
  if (changed.length > 0) {
    const mine = upsert(entries, ctx, 'Update');
    for (const p of changed) {
      for (const e of entries) {
        if (e !== mine) {
          e.set.delete(p);
        }
      }
      mine.set.add(p);
    }
  }
  writeEntries(next, entries);
}
