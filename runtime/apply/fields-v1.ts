// FieldsV1, the managedFields encoding of a field set: a JSON trie whose keys are path elements (`f:`, `k:`, `v:`, `i:`).
import { KubeError } from '../errors/api-error.js';

/**
 * One step of a field path, as structured-merge-diff names them: a map field, a list-map item chosen by its key
 * fields, a set item chosen by its value, or an item of a list by position.
 */
export type PathElement =
  | { readonly kind: 'field'; readonly name: string }
  /** Key fields sorted by name, as the server writes them. */
  | { readonly kind: 'key'; readonly fields: readonly (readonly [string, unknown])[] }
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'index'; readonly index: number };

/** A node of a field set: whether the path itself is owned (`.`), and the owned paths below it. */
export interface FieldSetNode {
  /** The path ending here is a member of the set (written `".": {}`, or implied by an empty object). */
  readonly member: boolean;
  /** Children by their encoded path element (`f:spec`, `k:{"name":"a"}`), in the order the document lists them. */
  readonly children: ReadonlyMap<string, FieldSetChild>;
}

export interface FieldSetChild {
  readonly element: PathElement;
  readonly node: FieldSetNode;
}

/** Thrown for a FieldsV1 document that does not follow the format (the server never writes one). */
export class InvalidFieldsV1Error extends KubeError {
  constructor(message: string) {
    super('KUBE_INVALID_FIELDS_V1', message);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Decodes one encoded path element (`f:name`, `k:{"port":80}`, `v:"a"`, `i:3`). */
export function parsePathElement(encoded: string): PathElement {
  const colon = encoded.indexOf(':');
  const prefix = colon < 0 ? '' : encoded.slice(0, colon);
  const rest = encoded.slice(colon + 1);
  switch (prefix) {
    case 'f':
      return { kind: 'field', name: rest };
    case 'k': {
      const keys = parseJson(rest, encoded);
      if (!isPlainObject(keys)) {
        throw new InvalidFieldsV1Error(`list-map key ${truncate(encoded)} is not a JSON object`);
      }
      const fields = Object.keys(keys)
        .sort()
        .map((k) => [k, keys[k]] as const);
      return { kind: 'key', fields };
    }
    case 'v':
      return { kind: 'value', value: parseJson(rest, encoded) };
    case 'i': {
      const index = Number(rest);
      if (!/^[0-9]+$/.test(rest) || !Number.isSafeInteger(index)) {
        throw new InvalidFieldsV1Error(`list index ${truncate(encoded)} is not a non-negative integer`);
      }
      return { kind: 'index', index };
    }
    default:
      throw new InvalidFieldsV1Error(`unknown path element ${truncate(encoded)} (want f:, k:, v: or i:)`);
  }
}

function parseJson(text: string, encoded: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidFieldsV1Error(`path element ${truncate(encoded)} does not hold valid JSON`);
  }
}

// Field names come from objects and may be long; messages stay readable.
function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}

/** Parses a managedFields entry's `fieldsV1` into a field-set trie. */
export function parseFieldsV1(fieldsV1: unknown): FieldSetNode {
  if (!isPlainObject(fieldsV1)) {
    throw new InvalidFieldsV1Error('fieldsV1 is not a JSON object');
  }
  return parseNode(fieldsV1, true);
}

function parseNode(json: Record<string, unknown>, root: boolean): FieldSetNode {
  const children = new Map<string, FieldSetChild>();
  let member = false;
  for (const [encoded, sub] of Object.entries(json)) {
    if (encoded === '.') {
      member = true;
      continue;
    }
    if (!isPlainObject(sub)) {
      throw new InvalidFieldsV1Error(`the value of ${truncate(encoded)} is not a JSON object`);
    }
    children.set(encoded, { element: parsePathElement(encoded), node: parseNode(sub, false) });
  }
  // An empty object names a path that is owned and has nothing below it; the root is the object itself.
  return { member: member || (!root && children.size === 0), children };
}

/**
 * True when the node is a leaf of the set: owned, with nothing owned below it. structured-merge-diff's extraction
 * keeps the whole value at a leaf and recurses elsewhere (`Set.Leaves()`).
 */
export function isFieldSetLeaf(node: FieldSetNode): boolean {
  return node.member && node.children.size === 0;
}

/** Every owned path of the set in structured-merge-diff's text form (`.spec.ports[port=80,protocol="TCP"].name`). */
export function fieldPaths(node: FieldSetNode, prefix = ''): string[] {
  const out: string[] = [];
  if (node.member && prefix !== '') {
    out.push(prefix);
  }
  for (const child of node.children.values()) {
    out.push(...fieldPaths(child.node, prefix + pathElementString(child.element)));
  }
  return out;
}

/** A path element in structured-merge-diff's text form, as conflict messages print it. */
export function pathElementString(e: PathElement): string {
  switch (e.kind) {
    case 'field':
      return `.${e.name}`;
    case 'key':
      return `[${e.fields.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    case 'value':
      return `[=${JSON.stringify(e.value)}]`;
    case 'index':
      return `[${e.index}]`;
  }
}
