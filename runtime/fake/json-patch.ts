// RFC 6902 JSON Patch (add, remove, replace, move, copy, test) over parsed JSON, for the fake's `json` patch type.
import { deepCopyJson, setOwnField } from '../api/deep-copy.js';
import { patchFailed } from './api-errors.js';

type Json = unknown;
type Container = Record<string, Json> | Json[];

/** One JSON Patch operation. */
export interface JsonPatchOperation {
  readonly op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  readonly path: string;
  readonly from?: string;
  readonly value?: unknown;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') {
    return [];
  }
  if (!pointer.startsWith('/')) {
    throw patchFailed(`invalid JSON pointer "${pointer}"`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isContainer(v: Json): v is Container {
  return typeof v === 'object' && v !== null;
}

function arrayIndex(arr: Json[], token: string, forAdd: boolean, pointer: string): number {
  if (forAdd && token === '-') {
    return arr.length;
  }
  if (!/^(0|[1-9]\d*)$/.test(token)) {
    throw patchFailed(`invalid array index "${token}" in "${pointer}"`);
  }
  const i = Number(token);
  if (i > arr.length || (!forAdd && i === arr.length)) {
    throw patchFailed(`array index ${i} out of bounds in "${pointer}"`);
  }
  return i;
}

// The container holding the target of `tokens`, and the last token.
function parentOf(doc: Json, tokens: readonly string[], pointer: string): { parent: Container; key: string } {
  let cur: Json = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) {
      cur = cur[arrayIndex(cur, t, false, pointer)];
    } else if (isContainer(cur) && Object.hasOwn(cur, t)) {
      cur = (cur as Record<string, Json>)[t];
    } else {
      throw patchFailed(`path "${pointer}" does not exist`);
    }
  }
  if (!isContainer(cur)) {
    throw patchFailed(`path "${pointer}" does not exist`);
  }
  return { parent: cur, key: tokens[tokens.length - 1] as string };
}

function get(doc: Json, pointer: string): Json {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) {
    return doc;
  }
  const { parent, key } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) {
    return parent[arrayIndex(parent, key, false, pointer)];
  }
  if (!Object.hasOwn(parent, key)) {
    throw patchFailed(`path "${pointer}" does not exist`);
  }
  return parent[key];
}

function add(doc: Json, pointer: string, value: Json): Json {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) {
    return value;
  }
  const { parent, key } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(parent, key, true, pointer), 0, value);
  } else {
    setOwnField(parent, key, value);
  }
  return doc;
}

function remove(doc: Json, pointer: string): Json {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) {
    throw patchFailed('cannot remove the whole document');
  }
  const { parent, key } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(parent, key, false, pointer), 1);
  } else {
    if (!Object.hasOwn(parent, key)) {
      throw patchFailed(`path "${pointer}" does not exist`);
    }
    delete parent[key];
  }
  return doc;
}

function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (!isContainer(a) || !isContainer(b)) {
    return false;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const ra = a as Record<string, Json>;
  const rb = b as Record<string, Json>;
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(rb, k) && jsonEqual(ra[k], rb[k]));
}

/** Applies `operations` to a copy of `doc`; throws a 422 ApiError if an operation fails (nothing is applied then). */
export function applyJsonPatch<T>(doc: T, operations: unknown): T {
  if (!Array.isArray(operations)) {
    throw patchFailed('a JSON patch must be an array of operations');
  }
  let out: Json = deepCopyJson(doc);
  for (const raw of operations as unknown[]) {
    if (!isContainer(raw) || Array.isArray(raw) || typeof raw.path !== 'string' || typeof raw.op !== 'string') {
      throw patchFailed('each JSON patch operation needs "op" and "path"');
    }
    const op = raw as unknown as JsonPatchOperation;
    const from = (): string => {
      if (typeof op.from !== 'string') {
        throw patchFailed(`operation "${op.op}" needs "from"`);
      }
      return op.from;
    };
    const value = (): Json => {
      if (!Object.hasOwn(op, 'value')) {
        throw patchFailed(`operation "${op.op}" needs "value"`);
      }
      return deepCopyJson(op.value);
    };
    switch (op.op) {
      case 'add':
        out = add(out, op.path, value());
        break;
      case 'remove':
        out = remove(out, op.path);
        break;
      case 'replace':
        get(out, op.path);
        out = op.path === '' ? value() : add(remove(out, op.path), op.path, value());
        break;
      case 'move': {
        const f = from();
        if (op.path.startsWith(`${f}/`)) {
          throw patchFailed(`cannot move "${f}" into its own child "${op.path}"`);
        }
        const v = get(out, f);
        out = add(remove(out, f), op.path, v);
        break;
      }
      case 'copy':
        out = add(out, op.path, deepCopyJson(get(out, from())));
        break;
      case 'test':
        if (!jsonEqual(get(out, op.path), value())) {
          throw patchFailed(`test operation failed at "${op.path}"`);
        }
        break;
      default:
        throw patchFailed(`unknown JSON patch operation "${String((op as { op: unknown }).op)}"`);
    }
  }
  return out as T;
}

export { jsonEqual };
