// Narrowing helpers for parsed JSON and YAML: schema nodes are read as unknown data, never trusted to have a shape.

/** True for a non-null, non-array object. */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Reads an own property: never a prototype member, so a key named `constructor` reads as absent unless present. */
export function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/** The own string property `key`, or undefined. */
export function ownString(o: Record<string, unknown>, key: string): string | undefined {
  const v = own(o, key);
  return typeof v === 'string' ? v : undefined;
}

/** The own boolean property `key`, or undefined. */
export function ownBoolean(o: Record<string, unknown>, key: string): boolean | undefined {
  const v = own(o, key);
  return typeof v === 'boolean' ? v : undefined;
}

/** The own object property `key`, or undefined. */
export function ownRecord(o: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const v = own(o, key);
  return isRecord(v) ? v : undefined;
}

/** The own array property `key`, or undefined. */
export function ownArray(o: Record<string, unknown>, key: string): unknown[] | undefined {
  const v = own(o, key);
  return Array.isArray(v) ? v : undefined;
}

/** The own array-of-strings property `key` (non-strings dropped), or undefined. */
export function ownStrings(o: Record<string, unknown>, key: string): string[] | undefined {
  const v = ownArray(o, key);
  return v?.filter((x): x is string => typeof x === 'string');
}
