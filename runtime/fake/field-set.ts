// Field sets for managed fields: the paths an object's content occupies, and the managedFields fieldsV1 encoding.

import { jsonEqual } from './json-patch.js';
import { elementKey, type HintLookup, isJsonMap } from './merge-patch.js';

/** A path into an object: `f:<field>`, `k:<key tuple JSON>` (list-map element) or `v:<value JSON>` (set member). */
export type FieldPath = readonly string[];

const SEP = '\u0000';

/** A set of field paths, kept as joined strings. */
export class FieldSet {
  private readonly paths = new Set<string>();

  static of(paths: Iterable<FieldPath>): FieldSet {
    const s = new FieldSet();
    for (const p of paths) {
      s.add(p);
    }
    return s;
  }

  add(path: FieldPath): void {
    this.paths.add(path.join(SEP));
  }

  has(path: FieldPath): boolean {
    return this.paths.has(path.join(SEP));
  }

  delete(path: FieldPath): void {
    this.paths.delete(path.join(SEP));
  }

  /** True if the set holds `path` or any path below it. */
  hasPrefix(path: FieldPath): boolean {
    const p = path.join(SEP);
    for (const q of this.paths) {
      if (q === p || q.startsWith(p + SEP)) {
        return true;
      }
    }
    return false;
  }

  get size(): number {
    return this.paths.size;
  }

  *[Symbol.iterator](): IterableIterator<FieldPath> {
    for (const p of this.paths) {
      yield p.split(SEP);
    }
  }

  /** The managedFields `fieldsV1` tree: `{"f:spec": {"f:replicas": {}}}`, with `.` marking an owned inner node. */
  toFieldsV1(): Record<string, unknown> {
    const root: Record<string, Record<string, unknown>> = {};
    const all = [...this];
    for (const p of all) {
      let node: Record<string, unknown> = root;
      for (const t of p) {
        if (!Object.hasOwn(node, t)) {
          Object.defineProperty(node, t, { value: {}, writable: true, enumerable: true, configurable: true });
        }
        node = node[t] as Record<string, unknown>;
      }
    }
    for (const p of all) {
      let node: Record<string, unknown> = root;
      for (const t of p) {
        node = node[t] as Record<string, unknown>;
      }
      if (Object.keys(node).length > 0) {
        node['.'] = {};
      }
    }
    return root;
  }

  /** Reads a `fieldsV1` tree back into a set. */
  static fromFieldsV1(tree: unknown): FieldSet {
    const s = new FieldSet();
    const walk = (node: unknown, path: string[]): void => {
      if (!isJsonMap(node)) {
        return;
      }
      const keys = Object.keys(node);
      if (path.length > 0 && (keys.length === 0 || Object.hasOwn(node, '.'))) {
        s.add(path);
      }
      for (const k of keys) {
        if (k !== '.') {
          walk(node[k], [...path, k]);
        }
      }
    };
    walk(tree, []);
    return s;
  }
}

/** Options of {@link fieldsOf}. */
export interface FieldsOfOptions {
  readonly hint: HintLookup;
  /** Which part of the object the set covers. */
  readonly part: 'main' | 'status';
}

const trackedMetadata = new Set(['labels', 'annotations', 'finalizers', 'ownerReferences']);

// Metadata lists have fixed semantics; they need no registration.
const builtinHints: HintLookup = (p) =>
  p === '.metadata.finalizers'
    ? { listType: 'set' }
    : p === '.metadata.ownerReferences'
      ? { listType: 'map', keys: ['uid'] }
      : undefined;

/**
 * The leaf paths (and list-map element paths) an object's content occupies. `main` covers everything but
 * `status` and server-owned metadata; `status` covers only `status`.
 */
export function fieldsOf(obj: unknown, options: FieldsOfOptions): FieldSet {
  const set = new FieldSet();
  if (!isJsonMap(obj)) {
    return set;
  }
  const hint: HintLookup = (p) => builtinHints(p) ?? options.hint(p);
  const walk = (v: unknown, path: string[], hp: string): void => {
    const h = hint(hp);
    if (Array.isArray(v) && v.length === 0) {
      // An empty list is a value of its own: owning it lets a later apply without it remove it.
      set.add(path);
    } else if (Array.isArray(v) && h !== undefined && 'listType' in h && h.listType === 'map') {
      for (const item of v) {
        const k = elementKey(item, h.keys);
        if (k === undefined) {
          continue;
        }
        const ep = [...path, `k:${k}`];
        set.add(ep);
        if (isJsonMap(item)) {
          for (const [f, fv] of Object.entries(item)) {
            walk(fv, [...ep, `f:${f}`], `${hp}[].${f}`);
          }
        }
      }
    } else if (Array.isArray(v) && h !== undefined && 'listType' in h && h.listType === 'set') {
      for (const item of v) {
        set.add([...path, `v:${JSON.stringify(item)}`]);
      }
    } else if (isJsonMap(v) && !(h !== undefined && 'mapType' in h) && Object.keys(v).length > 0) {
      for (const [f, fv] of Object.entries(v)) {
        walk(fv, [...path, `f:${f}`], `${hp}.${f}`);
      }
    } else if (v !== null && v !== undefined) {
      set.add(path);
    }
  };
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind') {
      continue;
    }
    if (k === 'metadata') {
      if (options.part === 'main' && isJsonMap(v)) {
        for (const [m, mv] of Object.entries(v)) {
          if (trackedMetadata.has(m)) {
            walk(mv, ['f:metadata', `f:${m}`], `.metadata.${m}`);
          }
        }
      }
      continue;
    }
    if ((k === 'status') === (options.part === 'status')) {
      walk(v, [`f:${k}`], `.${k}`);
    }
  }
  return set;
}

/** The value at `path` in `obj`, or undefined. */
export function valueAt(obj: unknown, path: FieldPath): unknown {
  let cur: unknown = obj;
  for (const t of path) {
    if (t.startsWith('f:')) {
      const f = t.slice(2);
      if (!isJsonMap(cur) || !Object.hasOwn(cur, f)) {
        return undefined;
      }
      cur = cur[f];
    } else if (Array.isArray(cur)) {
      const want = JSON.parse(t.slice(2)) as unknown;
      if (t.startsWith('k:')) {
        const keys = Object.keys(want as Record<string, unknown>);
        cur = cur.find((item) => elementKey(item, keys) === JSON.stringify(want));
      } else {
        cur = cur.find((item) => jsonEqual(item, want));
      }
      if (cur === undefined) {
        return undefined;
      }
    } else {
      return undefined;
    }
  }
  return cur;
}

/** Removes the value at `path` from `obj` in place (a map field, a list-map element or a set member). */
export function removeAt(obj: unknown, path: FieldPath): void {
  if (path.length === 0) {
    return;
  }
  const parent = valueAt(obj, path.slice(0, -1));
  const t = path[path.length - 1] as string;
  if (t.startsWith('f:') && isJsonMap(parent)) {
    delete parent[t.slice(2)];
  } else if (Array.isArray(parent)) {
    const target = valueAt(obj, path);
    const i = parent.indexOf(target);
    if (i >= 0) {
      parent.splice(i, 1);
    }
  }
}

/** Renders a path the way conflict messages print it: `.spec.ports[port=80]`. */
export function describePath(path: FieldPath): string {
  return path
    .map((t) => {
      if (t.startsWith('f:')) {
        return `.${t.slice(2)}`;
      }
      const v = JSON.parse(t.slice(2)) as unknown;
      if (t.startsWith('k:') && isJsonMap(v)) {
        return `[${Object.entries(v)
          .map(([k, x]) => `${k}=${typeof x === 'string' ? x : JSON.stringify(x)}`)
          .join(',')}]`;
      }
      return `[${JSON.stringify(v)}]`;
    })
    .join('');
}
