// fast-check arbitraries of JSON values valid against a CRD or OpenAPI schema, with hostile keys in free-form maps.
import fc from 'fast-check';

type Schema = Record<string, unknown>;

export interface ArbitraryOptions {
  /** Resolves a `$ref` (OpenAPI documents). */
  readonly resolve?: (ref: string) => Schema;
  /** Beyond this depth optional fields are left out and arrays and maps are empty, so values stay finite. @default 8 */
  readonly maxDepth?: number;
}

/** Keys that are special in JavaScript, mixed into every free-form map. */
export const hostileKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'] as const;

const keyArb = fc.oneof(fc.constantFrom(...hostileKeys), fc.string({ minLength: 1, maxLength: 6 }));

/** Builds a plain object whose keys are all own data properties, even `__proto__`. */
function plainObject(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return o;
}

function mapOf(value: fc.Arbitrary<unknown>, maxLength = 4): fc.Arbitrary<Record<string, unknown>> {
  return fc.uniqueArray(fc.tuple(keyArb, value), { maxLength, selector: (e) => e[0] }).map(plainObject);
}

/** Any JSON value, with hostile keys in its objects. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.string({ maxLength: 8 }),
    fc.array(tie('value'), { maxLength: 3 }),
    mapOf(tie('value')),
  ),
})).value;

function own(s: Schema, key: string): unknown {
  return Object.hasOwn(s, key) ? s[key] : undefined;
}

function isSchema(x: unknown): x is Schema {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const objectMeta: fc.Arbitrary<Record<string, unknown>> = fc
  .record(
    {
      name: fc.string({ maxLength: 8 }),
      namespace: fc.string({ maxLength: 8 }),
      labels: mapOf(fc.string({ maxLength: 4 })),
      annotations: mapOf(fc.string({ maxLength: 4 })),
      finalizers: fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
      ownerReferences: fc.array(
        fc
          .record({
            apiVersion: fc.string(),
            kind: fc.string(),
            name: fc.string(),
            uid: fc.string(),
            controller: fc.boolean(),
          })
          .map((r) => plainObject(Object.entries(r))),
        { maxLength: 2 },
      ),
      managedFields: fc.array(
        fc
          .record({ manager: fc.string(), operation: fc.constantFrom('Apply', 'Update'), fieldsV1: mapOf(jsonValue) })
          .map((r) => plainObject(Object.entries(r))),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: [] },
  )
  .map((r) => plainObject(Object.entries(r)));

class Builder {
  constructor(private readonly options: ArbitraryOptions) {}

  private get maxDepth(): number {
    return this.options.maxDepth ?? 8;
  }

  value(s: Schema, depth: number): fc.Arbitrary<unknown> {
    const ref = own(s, '$ref');
    if (typeof ref === 'string') {
      if (this.options.resolve === undefined) {
        throw new Error(`no resolver for ${ref}`);
      }
      return this.value(this.options.resolve(ref), depth + 1);
    }
    const nullable = own(s, 'nullable') === true;
    const base = this.nonNull(s, depth);
    return nullable ? fc.option(base, { nil: null }) : base;
  }

  private nonNull(s: Schema, depth: number): fc.Arbitrary<unknown> {
    if (own(s, 'x-kubernetes-int-or-string') === true) {
      return fc.oneof(fc.integer(), fc.string({ maxLength: 5 }));
    }
    if (own(s, 'x-kubernetes-embedded-resource') === true) {
      return this.object(s, depth, true);
    }
    const en = own(s, 'enum');
    if (Array.isArray(en) && en.length > 0) {
      return fc.constantFrom(...en);
    }
    const allOf = own(s, 'allOf');
    if (own(s, 'type') === undefined && Array.isArray(allOf) && allOf.length === 1 && isSchema(allOf[0])) {
      return this.value(allOf[0], depth);
    }
    switch (own(s, 'type')) {
      case 'string':
        return fc.string({ maxLength: 8 });
      case 'integer':
        return fc.integer();
      case 'number':
        return fc.double({ noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'array': {
        const items = own(s, 'items');
        const item = isSchema(items) ? this.value(items, depth + 1) : jsonValue;
        return fc.array(item, { maxLength: depth >= this.maxDepth ? 0 : 2 });
      }
      case 'object':
        return this.object(s, depth, false);
      default: {
        const anyOf = own(s, 'anyOf') ?? own(s, 'oneOf');
        if (
          Array.isArray(anyOf) &&
          anyOf.every((b) => isSchema(b) && (typeof own(b, 'type') === 'string' || typeof own(b, '$ref') === 'string'))
        ) {
          return fc.oneof(...anyOf.map((b) => this.value(b as Schema, depth + 1)));
        }
        if (isSchema(own(s, 'properties'))) {
          return this.object(s, depth, false);
        }
        return jsonValue;
      }
    }
  }

  private object(s: Schema, depth: number, embedded: boolean): fc.Arbitrary<unknown> {
    const props = own(s, 'properties');
    const additional = own(s, 'additionalProperties');
    const preserve = own(s, 'x-kubernetes-preserve-unknown-fields') === true;
    if (!isSchema(props) || Object.keys(props).length === 0) {
      if (embedded) {
        // Without preserve-unknown-fields the API server prunes other fields, and generated copiers share them.
        return this.fields([], new Set(), depth, true, preserve);
      }
      if (isSchema(additional)) {
        // Maps are bounded like arrays: beyond maxDepth they are empty, so 100 nested maps stay small.
        return mapOf(this.value(additional, depth + 1), depth >= this.maxDepth ? 0 : 4);
      }
      return mapOf(jsonValue);
    }
    const required = new Set(Array.isArray(own(s, 'required')) ? (own(s, 'required') as string[]) : []);
    const entries = Object.keys(props)
      .filter((k) => isSchema(props[k]))
      .map((k) => [k, props[k] as Schema] as const);
    return this.fields(entries, required, depth, embedded, preserve || additional === true || isSchema(additional));
  }

  /** An object of the given properties; `kindLike` adds apiVersion/kind/metadata, `open` adds unknown fields. */
  fields(
    entries: readonly (readonly [string, Schema])[],
    required: ReadonlySet<string>,
    depth: number,
    kindLike: boolean,
    open: boolean,
  ): fc.Arbitrary<Record<string, unknown>> {
    const parts: fc.Arbitrary<readonly [string, unknown] | undefined>[] = [];
    const skip = new Set<string>();
    if (kindLike) {
      parts.push(
        fc.option(
          fc.string({ maxLength: 8 }).map((v) => ['apiVersion', v] as const),
          { nil: undefined },
        ),
      );
      parts.push(
        fc.option(
          fc.string({ maxLength: 8 }).map((v) => ['kind', v] as const),
          { nil: undefined },
        ),
      );
      parts.push(
        fc.option(
          objectMeta.map((v) => ['metadata', v] as const),
          { nil: undefined },
        ),
      );
      skip.add('apiVersion').add('kind').add('metadata');
    }
    for (const [key, schema] of entries) {
      if (skip.has(key)) {
        continue;
      }
      if (!required.has(key) && depth >= this.maxDepth) {
        continue;
      }
      const v = this.value(schema, depth + 1).map((x) => [key, x] as const);
      parts.push(required.has(key) ? v : fc.option(v, { nil: undefined, freq: 2 }));
    }
    const known = fc.tuple(...parts).map((xs) => xs.filter((x): x is readonly [string, unknown] => x !== undefined));
    if (!open) {
      return known.map(plainObject);
    }
    const declared = new Set([...entries.map(([k]) => k), ...skip]);
    const extra = fc.uniqueArray(
      fc.tuple(
        keyArb.filter((k) => !declared.has(k)),
        jsonValue,
      ),
      { maxLength: 3, selector: (e) => e[0] },
    );
    return fc.tuple(known, extra).map(([a, b]) => plainObject([...a, ...b]));
  }
}

/** Values valid against `schema`. */
export function arbitraryOf(schema: Schema, options: ArbitraryOptions = {}): fc.Arbitrary<unknown> {
  return new Builder(options).value(schema, 0);
}

/** Objects of a CRD kind: the version's openAPIV3Schema with apiVersion, kind and ObjectMeta metadata. */
export function arbitraryOfKind(schema: Schema, options: ArbitraryOptions = {}): fc.Arbitrary<Record<string, unknown>> {
  const props = isSchema(own(schema, 'properties')) ? (own(schema, 'properties') as Schema) : {};
  const required = new Set(Array.isArray(own(schema, 'required')) ? (own(schema, 'required') as string[]) : []);
  const entries = Object.keys(props)
    .filter((k) => isSchema(props[k]))
    .map((k) => [k, props[k] as Schema] as const);
  return new Builder(options).fields(entries, required, 0, true, false);
}
