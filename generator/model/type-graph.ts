// Turns schema nodes into named types: every object with properties becomes a TypeDef named by its path, breadth first.
import { GeneratorError, type InputLocation, pointerSegment } from '../errors.js';
import type { ObjectShape, Property, TypeDef, TypeNode, TypeTarget } from './api-model.js';
import { describe, docInfoOf } from './doc-info.js';
import { isRecord, own, ownBoolean, ownRecord } from './json-access.js';
import { NameAllocator, nestedTypeName, variantTypeName } from './names.js';

/** The named types of one package and the allocator that keeps their names unique. */
export class PackageTypes {
  readonly allocator = new NameAllocator();
  readonly defs = new Map<string, TypeDef>();

  constructor(readonly id: string) {}

  add(def: TypeDef): void {
    this.defs.set(def.name, def);
  }

  sorted(): TypeDef[] {
    return [...this.defs.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/** What the walker needs from its caller: where the schema lives and how `$ref`s resolve. */
export interface WalkContext {
  readonly pkg: PackageTypes;
  /** Resolves a `$ref` string; throws a GeneratorError for unknown targets. Absent for CRDs, where `$ref` is invalid. */
  readonly resolveRef?: (ref: string, pointer: string) => TypeTarget;
  /** Turns a JSON pointer into a file location for error messages. */
  readonly locate: (pointer: string) => InputLocation;
}

/** How the root of a walk is typed. */
export type RootRole =
  /** A CRD kind: apiVersion/kind are ensured and `metadata` is ObjectMeta, whatever the schema says. */
  | 'kind'
  /** Any other named definition (OpenAPI). */
  | 'definition';

interface Pending {
  readonly name: string;
  /** The path-derived name before collision suffixes; nested types extend this, so names follow the path. */
  readonly base: string;
  readonly schema: Record<string, unknown>;
  readonly pointer: string;
  readonly role: RootRole | 'nested' | 'embedded';
}

const objectMetaRef: TypeNode = { k: 'ref', target: { runtime: 'ObjectMeta' } };
const apiVersionDoc = describe(
  'The versioned schema of this representation of an object (group/version, or just version for the core group).',
);
const kindDoc = describe('The REST resource this object represents, in CamelCase.');
const metadataDoc = describe("Standard object's metadata.");

function schemaError(ctx: WalkContext, pointer: string, problem: string, hint?: string): GeneratorError {
  return new GeneratorError('KGEN_SCHEMA_INVALID', problem, { ...ctx.locate(pointer), pointer, hint });
}

function child(pointer: string, ...segments: (string | number)[]): string {
  return pointer + segments.map((s) => `/${pointerSegment(s)}`).join('');
}

/** Normalises a union: flattens, drops duplicates, and collapses to `unknown` when any member is unknown. */
export function unionOf(members: readonly TypeNode[]): TypeNode {
  const flat: TypeNode[] = [];
  const seen = new Set<string>();
  for (const m of members) {
    const parts = m.k === 'union' ? m.members : [m];
    for (const p of parts) {
      if (p.k === 'unknown') {
        return { k: 'unknown' };
      }
      const key = JSON.stringify(p);
      if (!seen.has(key)) {
        seen.add(key);
        flat.push(p);
      }
    }
  }
  if (flat.length === 1) {
    return flat[0]!;
  }
  return { k: 'union', members: flat };
}

function withNull(node: TypeNode, nullable: boolean): TypeNode {
  return nullable ? unionOf([node, { k: 'null' }]) : node;
}

/** True when a branch of oneOf/anyOf declares a type of its own (not just validation such as `required`). */
function isTypedBranch(s: unknown): boolean {
  return isRecord(s) && (typeof own(s, '$ref') === 'string' || typeof own(s, 'type') === 'string');
}

/** Far beyond any real schema (the deepest corpus CRD is about 40 segments) and below where tsc gives up. */
const maxPointerDepth = 400;

function pointerDepth(pointer: string): number {
  let n = 0;
  for (let i = pointer.indexOf('/'); i !== -1; i = pointer.indexOf('/', i + 1)) {
    n++;
  }
  return n;
}

const propertiesHint = 'Write properties as a mapping of property names to schemas, not a list.';

const literalTypes = new Set(['string', 'number', 'boolean']);

class Walker {
  private readonly queue: Pending[] = [];

  constructor(private readonly ctx: WalkContext) {}

  run(root: Pending): void {
    this.queue.push(root);
    for (let p = this.queue.shift(); p !== undefined; p = this.queue.shift()) {
      this.ctx.pkg.add(this.buildDef(p));
    }
  }

  private buildDef(p: Pending): TypeDef {
    const doc = docInfoOf(p.schema);
    if (p.role === 'kind' || p.role === 'embedded' || this.isObjectWithProperties(p.schema)) {
      return { name: p.name, doc, type: { k: 'object', shape: this.shapeOf(p) }, origin: p.pointer };
    }
    // A named definition that is not an object with properties (a string alias, a map, an untyped node).
    return { name: p.name, doc, type: this.typeOf(p.schema, p.base, p.pointer), origin: p.pointer };
  }

  private isObjectWithProperties(s: Record<string, unknown>): boolean {
    const props = ownRecord(s, 'properties');
    return props !== undefined && Object.keys(props).length > 0;
  }

  private shapeOf(p: Pending): ObjectShape {
    const s = p.schema;
    const propsRaw = own(s, 'properties');
    if (propsRaw !== undefined && !isRecord(propsRaw)) {
      throw schemaError(this.ctx, child(p.pointer, 'properties'), '`properties` must be an object', propertiesHint);
    }
    const requiredRaw = own(s, 'required');
    const required = new Set(Array.isArray(requiredRaw) ? requiredRaw.filter((r) => typeof r === 'string') : []);
    const props: Property[] = [];
    const declared = new Set<string>();
    const isResource = p.role === 'kind' || p.role === 'embedded';
    if (isResource) {
      props.push({
        name: 'apiVersion',
        optional: !required.has('apiVersion'),
        type: { k: 'string' },
        doc: apiVersionDoc,
      });
      props.push({ name: 'kind', optional: !required.has('kind'), type: { k: 'string' }, doc: kindDoc });
      const metaSchema = propsRaw !== undefined ? own(propsRaw, 'metadata') : undefined;
      const metaDoc = isRecord(metaSchema) ? docInfoOf(metaSchema) : {};
      props.push({
        name: 'metadata',
        optional: !required.has('metadata'),
        type: objectMetaRef,
        doc: metaDoc.description !== undefined ? metaDoc : metadataDoc,
      });
      declared.add('apiVersion').add('kind').add('metadata');
    }
    if (propsRaw !== undefined) {
      for (const key of Object.keys(propsRaw)) {
        if (declared.has(key)) {
          continue;
        }
        const ptr = child(p.pointer, 'properties', key);
        const ps = propsRaw[key];
        if (!isRecord(ps)) {
          throw schemaError(
            this.ctx,
            ptr,
            `property "${key}" must be a schema object`,
            `Write it as ${JSON.stringify(key)}: { type: string } (or another schema), not a bare value.`,
          );
        }
        declared.add(key);
        props.push({
          name: key,
          optional: !required.has(key),
          type: this.typeOf(ps, nestedTypeName(p.base, key), ptr),
          doc: docInfoOf(ps),
        });
      }
    }
    const shape: { -readonly [K in keyof ObjectShape]: ObjectShape[K] } = {
      props,
      embeddedResource: p.role === 'embedded',
    };
    const additional = own(s, 'additionalProperties');
    if (ownBoolean(s, 'x-kubernetes-preserve-unknown-fields') === true || additional === true || isRecord(additional)) {
      // An index signature must admit every declared property's type, so unknown is the only sound choice here.
      shape.extra = { k: 'unknown' };
    }
    return shape;
  }

  /** The type of a schema node; objects with properties are queued as named types called `hint`. */
  typeOf(s: Record<string, unknown>, hint: string, pointer: string): TypeNode {
    if (pointerDepth(pointer) > maxPointerDepth) {
      throw schemaError(
        this.ctx,
        pointer,
        `the schema is nested too deeply (more than ${maxPointerDepth} JSON pointer segments)`,
        'Flatten the schema or use x-kubernetes-preserve-unknown-fields below a sensible depth; TypeScript cannot check types this deep.',
      );
    }
    const nullable = own(s, 'nullable') === true;
    const ref = own(s, '$ref');
    if (ref !== undefined) {
      return withNull(this.refOf(ref, pointer), nullable);
    }
    const props = own(s, 'properties');
    if (props !== undefined && !isRecord(props)) {
      throw schemaError(this.ctx, child(pointer, 'properties'), '`properties` must be an object', propertiesHint);
    }
    if (ownBoolean(s, 'x-kubernetes-int-or-string') === true) {
      return withNull({ k: 'int-or-string' }, nullable);
    }
    if (ownBoolean(s, 'x-kubernetes-embedded-resource') === true) {
      const name = this.ctx.pkg.allocator.allocate(hint);
      this.queue.push({ name, base: hint, schema: s, pointer, role: 'embedded' });
      return withNull({ k: 'ref', target: { pkg: this.ctx.pkg.id, name } }, nullable);
    }
    const type = own(s, 'type');
    if (type !== undefined && typeof type !== 'string') {
      throw schemaError(
        this.ctx,
        child(pointer, 'type'),
        '`type` must be a string',
        'Use one of: object, array, string, integer, number, boolean.',
      );
    }
    const enumValues = own(s, 'enum');
    if (
      Array.isArray(enumValues) &&
      enumValues.length > 0 &&
      (type === undefined || literalTypes.has(type) || type === 'integer')
    ) {
      const values = enumValues.filter(
        (v): v is string | number | boolean | null =>
          v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean',
      );
      if (values.length === enumValues.length) {
        const nonNull = values.filter((v) => v !== null);
        const withNullValue = nullable || nonNull.length < values.length;
        return nonNull.length === 0 ? { k: 'null' } : withNull({ k: 'literal', values: nonNull }, withNullValue);
      }
    }
    switch (type) {
      case 'string':
        return withNull({ k: 'string' }, nullable);
      case 'integer':
      case 'number':
        return withNull({ k: 'number' }, nullable);
      case 'boolean':
        return withNull({ k: 'boolean' }, nullable);
      case 'array':
        return withNull(this.arrayOf(s, hint, pointer), nullable);
      case 'object':
        return withNull(this.objectOf(s, hint, pointer), nullable);
      case undefined:
        return withNull(this.untypedOf(s, hint, pointer), nullable);
      default:
        throw schemaError(
          this.ctx,
          child(pointer, 'type'),
          `unknown schema type "${type}"`,
          'Use one of: object, array, string, integer, number, boolean.',
        );
    }
  }

  private refOf(ref: unknown, pointer: string): TypeNode {
    const at = child(pointer, '$ref');
    if (typeof ref !== 'string') {
      throw schemaError(this.ctx, at, '`$ref` must be a string', 'Write it as $ref: "#/components/schemas/<Name>".');
    }
    if (this.ctx.resolveRef === undefined) {
      throw schemaError(
        this.ctx,
        at,
        '`$ref` is not allowed in a CustomResourceDefinition schema',
        'Inline the referenced schema; structural schemas cannot use $ref.',
      );
    }
    return { k: 'ref', target: this.ctx.resolveRef(ref, at) };
  }

  private arrayOf(s: Record<string, unknown>, hint: string, pointer: string): TypeNode {
    const items = own(s, 'items');
    if (isRecord(items)) {
      return { k: 'array', items: this.typeOf(items, hint, child(pointer, 'items')) };
    }
    return { k: 'array', items: { k: 'unknown' } };
  }

  private objectOf(s: Record<string, unknown>, hint: string, pointer: string): TypeNode {
    if (this.isObjectWithProperties(s)) {
      const name = this.ctx.pkg.allocator.allocate(hint);
      this.queue.push({ name, base: hint, schema: s, pointer, role: 'nested' });
      return { k: 'ref', target: { pkg: this.ctx.pkg.id, name } };
    }
    const additional = own(s, 'additionalProperties');
    if (isRecord(additional)) {
      return { k: 'map', values: this.typeOf(additional, hint, child(pointer, 'additionalProperties')) };
    }
    // No declared properties: preserve-unknown-fields, `additionalProperties: true`, or a free-form object.
    return { k: 'map', values: { k: 'unknown' } };
  }

  private untypedOf(s: Record<string, unknown>, hint: string, pointer: string): TypeNode {
    if (this.isObjectWithProperties(s) || isRecord(own(s, 'additionalProperties'))) {
      return this.objectOf(s, hint, pointer);
    }
    for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
      const branches = own(s, key);
      if (!Array.isArray(branches) || branches.length === 0) {
        continue;
      }
      if (key === 'allOf' && branches.length === 1 && isRecord(branches[0])) {
        // `allOf: [{$ref}]` is how OpenAPI v3 attaches a description or default to a reference.
        return this.typeOf(branches[0], hint, child(pointer, key, 0));
      }
      if (branches.every(isTypedBranch)) {
        const members = branches.map((b, i) =>
          this.typeOf(
            b as Record<string, unknown>,
            branches.length > 1 ? variantTypeName(hint, i) : hint,
            child(pointer, key, i),
          ),
        );
        return key === 'allOf' ? { k: 'intersection', members } : unionOf(members);
      }
    }
    return { k: 'unknown' };
  }
}

/** Walks `schema` and adds the named type `name` (and every nested object it contains) to the context's package. */
export function addNamedType(
  ctx: WalkContext,
  name: string,
  schema: Record<string, unknown>,
  pointer: string,
  role: RootRole,
): void {
  new Walker(ctx).run({ name, base: name, schema, pointer, role });
}

/** A description for synthesized list types. */
export function listDoc(kind: string): string {
  return `${kind}List is a list of ${kind} objects.`;
}
