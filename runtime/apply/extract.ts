// Extraction: the part of an object one field manager owns through apply, read from its managedFields (client-go's ExtractInto).
import { deepCopyJson, setOwnField } from '../api/deep-copy.js';
import type { ManagedFieldsEntry, ObjectMeta } from '../api/meta.js';
import type { DeepReadonly } from '../cache/deep-readonly.js';
import type { AnyApplyConfiguration } from './apply-configuration.js';
import { type FieldSetChild, type FieldSetNode, isFieldSetLeaf, type PathElement, parseFieldsV1 } from './fields-v1.js';

/** The object shape extraction reads: anything with (read-only) metadata. */
export interface ManagedObject {
  readonly metadata?: DeepReadonly<ObjectMeta> | undefined;
}

export interface ExtractOptions<C extends AnyApplyConfiguration> {
  readonly apiVersion: C['apiVersion'];
  readonly kind: C['kind'];
  /**
   * The subresource the manager applied to: `''` for the object itself, `'status'` for `applyStatus`.
   * @default ''
   */
  readonly subresource?: string;
}

/**
 * The managedFields entry of `fieldManager` for apply operations on `subresource`, as client-go picks it: the
 * entry's manager, operation `Apply` and subresource must all match (entries of `Update` operations are not
 * apply configurations).
 */
export function findApplyEntry(
  obj: ManagedObject,
  fieldManager: string,
  subresource = '',
): DeepReadonly<ManagedFieldsEntry> | undefined {
  return obj.metadata?.managedFields?.find(
    (e) => e.manager === fieldManager && e.operation === 'Apply' && (e.subresource ?? '') === subresource,
  );
}

/**
 * Returns the apply configuration `fieldManager` owns in `obj`: the fields its `Apply` entry in managedFields
 * lists, with their current values, plus apiVersion, kind, name and namespace. Applying the result back changes
 * nothing; it is the starting point for "change one field I manage" (client-go's Extract<Kind>).
 *
 * Without a schema, a path owned as a whole (a leaf of the field set) keeps its whole current value: exactly
 * right for scalars and atomic lists and maps, which is how the server records them.
 */
export function extractApplyConfiguration<C extends AnyApplyConfiguration>(
  obj: ManagedObject,
  fieldManager: string,
  options: ExtractOptions<C>,
): C {
  const entry = findApplyEntry(obj, fieldManager, options.subresource ?? '');
  const owned = entry?.fieldsV1 === undefined ? {} : extractOwnedFields(obj, entry.fieldsV1);
  const ownedMeta = isRecord(owned.metadata) ? owned.metadata : {};
  const metadata: Record<string, unknown> = { ...ownedMeta, name: obj.metadata?.name ?? '' };
  delete metadata.namespace;
  if (obj.metadata?.namespace !== undefined && obj.metadata.namespace !== '') {
    metadata.namespace = obj.metadata.namespace;
  }
  // The result has the literal apiVersion and kind of C, a name, and otherwise only fields of the object.
  return { ...owned, apiVersion: options.apiVersion, kind: options.kind, metadata } as unknown as C;
}

/**
 * The fields of `obj` listed in a FieldsV1 set, as a new JSON object sharing nothing with `obj`. Paths the set
 * names but the object lacks are left out; list items are matched by key fields (`k:`), value (`v:`) or position
 * (`i:`) and kept in the object's order.
 */
export function extractOwnedFields(obj: object, fieldsV1: unknown): Record<string, unknown> {
  const root = parseFieldsV1(fieldsV1);
  const out = extractValue(obj, root);
  return isRecord(out) ? out : {};
}

const nothing: unique symbol = Symbol('nothing');

function extractValue(value: unknown, node: FieldSetNode): unknown {
  if (isFieldSetLeaf(node)) {
    return deepCopyJson(value);
  }
  if (Array.isArray(value)) {
    return extractList(value, node);
  }
  if (isRecord(value)) {
    return extractMap(value, node);
  }
  // The set goes deeper than the value does (a scalar or null where a map was owned): nothing to keep.
  return nothing;
}

function extractMap(value: Record<string, unknown>, node: FieldSetNode): unknown {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const child of node.children.values()) {
    if (child.element.kind !== 'field' || !Object.hasOwn(value, child.element.name)) {
      continue;
    }
    const name = child.element.name;
    const sub = extractValue(value[name], child.node);
    if (sub !== nothing) {
      setOwnField(out, name, sub);
      any = true;
    }
  }
  return any ? out : nothing;
}

function extractList(items: readonly unknown[], node: FieldSetNode): unknown {
  const match = listMatcher(node);
  const out: unknown[] = [];
  items.forEach((item, index) => {
    const child = match(item, index);
    if (child === undefined) {
      return;
    }
    const sub = extractValue(item, child.node);
    if (sub !== nothing) {
      out.push(sub);
    }
  });
  return out.length > 0 ? out : nothing;
}

/**
 * Indexes a list node's children by how they pick items, so matching is one lookup per item: key elements are
 * grouped by their key field names (all items of one list use the same names), values and keys by canonical JSON.
 */
function listMatcher(node: FieldSetNode): (item: unknown, index: number) => FieldSetChild | undefined {
  const byIndex = new Map<number, FieldSetChild>();
  const byValue = new Map<string, FieldSetChild>();
  const byKey = new Map<string, { names: readonly string[]; children: Map<string, FieldSetChild> }>();
  for (const child of node.children.values()) {
    const e: PathElement = child.element;
    if (e.kind === 'index') {
      byIndex.set(e.index, child);
    } else if (e.kind === 'value') {
      byValue.set(canonicalJson(e.value), child);
    } else if (e.kind === 'key') {
      const names = e.fields.map(([n]) => n);
      const group = byKey.get(JSON.stringify(names)) ?? { names, children: new Map<string, FieldSetChild>() };
      group.children.set(canonicalJson(e.fields.map(([, v]) => v)), child);
      byKey.set(JSON.stringify(names), group);
    }
  }
  return (item, index) => {
    const positional = byIndex.get(index);
    if (positional !== undefined) {
      return positional;
    }
    if (byValue.size > 0) {
      const hit = byValue.get(canonicalJson(item));
      if (hit !== undefined) {
        return hit;
      }
    }
    if (isRecord(item)) {
      for (const group of byKey.values()) {
        // An item lacking a key field cannot be the one the set names.
        if (!group.names.every((n) => Object.hasOwn(item, n))) {
          continue;
        }
        const hit = group.children.get(canonicalJson(group.names.map((n) => item[n])));
        if (hit !== undefined) {
          return hit;
        }
      }
    }
    return undefined;
  };
}

/** JSON text with object keys sorted, so equal values (as structured-merge-diff compares them) encode equally. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) {
    return `[${v.map(canonicalJson).join(',')}]`;
  }
  if (isRecord(v)) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
