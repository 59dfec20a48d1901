// Deep-copy helpers that generated deepCopy<Type>() functions call: JSON values, maps, and the hand-written meta types.
import type {
  Condition,
  LabelSelector,
  LabelSelectorRequirement,
  ListMeta,
  ManagedFieldsEntry,
  ObjectMeta,
  OwnerReference,
  Status,
  StatusCause,
  StatusDetails,
} from './meta.js';

/**
 * Stores `value` under `key` as an own, enumerable data property. Plain assignment to `__proto__` would replace the
 * prototype instead, so every copier stores keys that come from data through here.
 */
export function setOwnField<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/**
 * Copies any JSON value (objects, arrays, primitives) so that the copy shares no object or array with the source.
 * Used for schema regions whose shape is unknown (preserve-unknown-fields, RawExtension, untyped nodes).
 */
export function deepCopyJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  if (Array.isArray(value)) {
    const n = value.length;
    const out: unknown[] = new Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = deepCopyJson<unknown>(value[i]);
    }
    return out as T;
  }
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(src)) {
    setOwnField(out, key, deepCopyJson(src[key]));
  }
  return out as T;
}

/** Copies a string-keyed map, copying each value with `copyValue`. Keys such as `__proto__` stay plain data. */
export function deepCopyRecord<V>(
  src: { readonly [key: string]: V },
  copyValue: (value: V) => V,
): { [key: string]: V } {
  const out: { [key: string]: V } = {};
  for (const key of Object.keys(src)) {
    setOwnField(out, key, copyValue(src[key] as V));
  }
  return out;
}

/**
 * Copies the fields of `src` that `known` does not list, with {@link deepCopyJson}. Generated copiers call this for
 * types that keep unknown fields (`x-kubernetes-preserve-unknown-fields` next to declared properties).
 */
export function deepCopyUnknownFields<T extends object>(src: T, out: T, known: ReadonlySet<string>): void {
  const s = src as Record<string, unknown>;
  const o = out as Record<string, unknown>;
  for (const key of Object.keys(s)) {
    if (!known.has(key)) {
      setOwnField(o, key, deepCopyJson(s[key]));
    }
  }
}

function copyStrings(xs: readonly string[]): string[] {
  return xs.slice();
}

function copyStringMap(m: { readonly [key: string]: string }): { [key: string]: string } {
  return { ...m };
}

/** Copies an {@link OwnerReference}. */
export function deepCopyOwnerReference(src: OwnerReference): OwnerReference {
  return { ...src };
}

/** Copies a {@link ManagedFieldsEntry}; `fieldsV1` is an untyped trie, copied generically. */
export function deepCopyManagedFieldsEntry(src: ManagedFieldsEntry): ManagedFieldsEntry {
  const out: ManagedFieldsEntry = { ...src };
  if (src.fieldsV1 !== undefined && src.fieldsV1 !== null) {
    out.fieldsV1 = deepCopyJson(src.fieldsV1);
  }
  return out;
}

/** Copies an {@link ObjectMeta}. */
export function deepCopyObjectMeta(src: ObjectMeta): ObjectMeta {
  const out: ObjectMeta = { ...src };
  if (src.labels != null) {
    out.labels = copyStringMap(src.labels);
  }
  if (src.annotations != null) {
    out.annotations = copyStringMap(src.annotations);
  }
  if (src.ownerReferences != null) {
    out.ownerReferences = src.ownerReferences.map(deepCopyOwnerReference);
  }
  if (src.finalizers != null) {
    out.finalizers = copyStrings(src.finalizers);
  }
  if (src.managedFields != null) {
    out.managedFields = src.managedFields.map(deepCopyManagedFieldsEntry);
  }
  return out;
}

/** Copies a {@link ListMeta} (all of its fields are scalars). */
export function deepCopyListMeta(src: ListMeta): ListMeta {
  return { ...src };
}

/** Copies a {@link LabelSelectorRequirement}. */
export function deepCopyLabelSelectorRequirement(src: LabelSelectorRequirement): LabelSelectorRequirement {
  const out: LabelSelectorRequirement = { ...src };
  if (src.values != null) {
    out.values = copyStrings(src.values);
  }
  return out;
}

/** Copies a {@link LabelSelector}. */
export function deepCopyLabelSelector(src: LabelSelector): LabelSelector {
  const out: LabelSelector = { ...src };
  if (src.matchLabels != null) {
    out.matchLabels = copyStringMap(src.matchLabels);
  }
  if (src.matchExpressions != null) {
    out.matchExpressions = src.matchExpressions.map(deepCopyLabelSelectorRequirement);
  }
  return out;
}

/** Copies a {@link Condition} (all of its fields are scalars). */
export function deepCopyCondition(src: Condition): Condition {
  return { ...src };
}

/** Copies a {@link StatusCause}. */
export function deepCopyStatusCause(src: StatusCause): StatusCause {
  return { ...src };
}

/** Copies a {@link StatusDetails}. */
export function deepCopyStatusDetails(src: StatusDetails): StatusDetails {
  const out: StatusDetails = { ...src };
  if (src.causes != null) {
    out.causes = src.causes.map(deepCopyStatusCause);
  }
  return out;
}

/** Copies a {@link Status}. */
export function deepCopyStatus(src: Status): Status {
  const out: Status = { ...src };
  if (src.metadata != null) {
    out.metadata = deepCopyListMeta(src.metadata);
  }
  if (src.details != null) {
    out.details = deepCopyStatusDetails(src.details);
  }
  return out;
}
