// JSON merge patch (RFC 7386) and the fake's strategic merge: merge patch plus list merging by the registered keys.
import { deepCopyJson, setOwnField } from '../api/deep-copy.js';
import { patchFailed } from './api-errors.js';
import type { FieldMergeHint } from './resource-registry.js';

type JsonMap = Record<string, unknown>;

export function isJsonMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** RFC 7386: maps merge key by key, `null` deletes, anything else (lists included) replaces. Returns a new value. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonMap(patch)) {
    return deepCopyJson(patch);
  }
  const out: JsonMap = isJsonMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete out[k];
    } else {
      setOwnField(out, k, applyMergePatch(out[k], v));
    }
  }
  return out;
}

/** The hint registered for `path` (`.spec.ports`, `.spec.containers[].ports`), if any. */
export type HintLookup = (path: string) => FieldMergeHint | undefined;

/** A {@link HintLookup} over a registration's `mergeHints`, accepting paths with or without the leading dot. */
export function hintLookup(hints: Readonly<Record<string, FieldMergeHint>>): HintLookup {
  const normalised = new Map<string, FieldMergeHint>();
  for (const [k, v] of Object.entries(hints)) {
    normalised.set(k.startsWith('.') ? k : `.${k}`, v);
  }
  return (path) => normalised.get(path);
}

/** The key tuple of a list-map element as a string, or undefined if the element lacks a key field. */
export function elementKey(item: unknown, keys: readonly string[]): string | undefined {
  if (!isJsonMap(item)) {
    return undefined;
  }
  const tuple: JsonMap = {};
  for (const k of [...keys].sort()) {
    if (!Object.hasOwn(item, k)) {
      return undefined;
    }
    tuple[k] = item[k];
  }
  return JSON.stringify(tuple);
}

/**
 * The fake's strategic merge patch: a merge patch where lists hinted `listType: map` merge element by element on
 * their keys (an element `{$patch: delete, <keys>}` removes one), `set` lists take the union, and every other list
 * is replaced. Built-in types' `patchMergeKey` tags map onto `listType: map` hints.
 */
export function applyStrategicMergePatch(target: unknown, patch: unknown, hint: HintLookup, path = ''): unknown {
  if (!isJsonMap(patch)) {
    return deepCopyJson(patch);
  }
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return deepCopyJson(rest);
  }
  const out: JsonMap = isJsonMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    const p = `${path}.${k}`;
    const h = hint(p);
    if (v === null) {
      delete out[k];
    } else if (h !== undefined && 'mapType' in h) {
      setOwnField(out, k, deepCopyJson(v));
    } else if (Array.isArray(v) && h !== undefined && 'listType' in h && h.listType !== 'atomic') {
      const current = Array.isArray(out[k]) ? (out[k] as unknown[]) : [];
      setOwnField(out, k, h.listType === 'map' ? mergeListMap(current, v, h.keys, hint, `${p}[]`) : union(current, v));
    } else {
      setOwnField(out, k, applyStrategicMergePatch(out[k], v, hint, p));
    }
  }
  return out;
}

function union(current: readonly unknown[], patch: readonly unknown[]): unknown[] {
  const seen = new Set(current.map((x) => JSON.stringify(x)));
  const out = [...current];
  for (const x of patch) {
    const s = JSON.stringify(x);
    if (!seen.has(s)) {
      seen.add(s);
      out.push(deepCopyJson(x));
    }
  }
  return out;
}

function mergeListMap(
  current: readonly unknown[],
  patch: readonly unknown[],
  keys: readonly string[],
  hint: HintLookup,
  elemPath: string,
): unknown[] {
  const out = [...current];
  const index = new Map<string, number>();
  out.forEach((item, i) => {
    const k = elementKey(item, keys);
    if (k !== undefined) {
      index.set(k, i);
    }
  });
  const deleted = new Set<number>();
  for (const item of patch) {
    const k = elementKey(item, keys);
    if (k === undefined) {
      throw patchFailed(`an element of the list at ${elemPath.slice(0, -2)} lacks its key fields ${keys.join(', ')}`);
    }
    const at = index.get(k);
    if (isJsonMap(item) && item.$patch === 'delete') {
      if (at !== undefined) {
        deleted.add(at);
      }
      continue;
    }
    if (at === undefined) {
      index.set(k, out.length);
      out.push(applyStrategicMergePatch({}, item, hint, elemPath));
    } else {
      out[at] = applyStrategicMergePatch(out[at], item, hint, elemPath);
    }
  }
  return out.filter((_, i) => !deleted.has(i));
}
