// Schema → named types: given a schema node, want the type graph (types, names, docs) or a located error.
import { describe, expect, test } from 'vitest';
import { GeneratorError } from '../../generator/errors.js';
import type { TypeDef, TypeNode } from '../../generator/model/api-model.js';
import { addNamedType, PackageTypes, unionOf } from '../../generator/model/type-graph.js';

function walk(schema: Record<string, unknown>, role: 'kind' | 'definition' = 'definition'): Map<string, TypeDef> {
  const pkg = new PackageTypes('apis/x/v1');
  pkg.allocator.reserve('Root');
  addNamedType({ pkg, locate: (pointer) => ({ file: 'in.yaml', pointer }) }, 'Root', schema, '/root', role);
  return pkg.defs;
}

/** The type of property `name` of the root type. */
function propType(schema: Record<string, unknown>, name: string): TypeNode {
  const root = walk({ type: 'object', properties: { [name]: schema } }).get('Root')!;
  if (root.type.k !== 'object') {
    throw new Error('root is not an object');
  }
  return root.type.shape.props.find((p) => p.name === name)!.type;
}

const ref = (name: string): TypeNode => ({ k: 'ref', target: { pkg: 'apis/x/v1', name } });

describe('scalar and container types', () => {
  test.each<[string, Record<string, unknown>, TypeNode]>([
    ['string', { type: 'string' }, { k: 'string' }],
    ['integer', { type: 'integer', format: 'int64' }, { k: 'number' }],
    ['boolean', { type: 'boolean' }, { k: 'boolean' }],
    [
      'int-or-string',
      { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
      { k: 'int-or-string' },
    ],
    ['string enum', { type: 'string', enum: ['A', 'B'] }, { k: 'literal', values: ['A', 'B'] }],
    ['integer enum', { type: 'integer', enum: [1, 2] }, { k: 'literal', values: [1, 2] }],
    [
      'enum with null',
      { type: 'string', enum: ['A', null] },
      { k: 'union', members: [{ k: 'literal', values: ['A'] }, { k: 'null' }] },
    ],
    ['nullable', { type: 'string', nullable: true }, { k: 'union', members: [{ k: 'string' }, { k: 'null' }] }],
    ['array', { type: 'array', items: { type: 'string' } }, { k: 'array', items: { k: 'string' } }],
    ['array without items', { type: 'array' }, { k: 'array', items: { k: 'unknown' } }],
    ['map', { type: 'object', additionalProperties: { type: 'integer' } }, { k: 'map', values: { k: 'number' } }],
    [
      'preserve-unknown-fields',
      { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      { k: 'map', values: { k: 'unknown' } },
    ],
    ['free-form object', { type: 'object' }, { k: 'map', values: { k: 'unknown' } }],
    ['untyped node', { description: 'anything' }, { k: 'unknown' }],
    ['validation-only oneOf', { oneOf: [{ required: ['a'] }, { required: ['b'] }] }, { k: 'unknown' }],
    [
      'typed anyOf',
      { anyOf: [{ type: 'number' }, { type: 'string' }] },
      { k: 'union', members: [{ k: 'number' }, { k: 'string' }] },
    ],
  ])('%s', (_name, schema, want) => {
    expect(propType(schema, 'p')).toEqual(want);
  });

  test('typed oneOf members of objects are named by position', () => {
    const defs = walk({
      type: 'object',
      properties: { p: { oneOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { type: 'string' }] } },
    });
    const root = defs.get('Root')!;
    expect(root.type.k === 'object' && root.type.shape.props[0]!.type).toEqual({
      k: 'union',
      members: [ref('RootP1'), { k: 'string' }],
    });
    expect(defs.has('RootP1')).toBe(true);
  });
});

describe('objects', () => {
  test('nested objects become named types, with required and optional properties and docs', () => {
    const defs = walk({
      type: 'object',
      description: 'The root.',
      required: ['spec'],
      properties: {
        spec: {
          type: 'object',
          description: 'Desired state.',
          properties: { size: { type: 'integer', default: 3, minimum: 1 } },
        },
      },
    });
    expect([...defs.keys()]).toEqual(['Root', 'RootSpec']);
    expect(defs.get('Root')).toMatchObject({
      doc: { description: 'The root.' },
      type: { k: 'object', shape: { props: [{ name: 'spec', optional: false, type: ref('RootSpec') }] } },
    });
    expect(defs.get('RootSpec')).toMatchObject({
      doc: { description: 'Desired state.' },
      type: {
        k: 'object',
        shape: {
          props: [{ name: 'size', optional: true, type: { k: 'number' }, doc: { default: 3, facts: ['minimum 1'] } }],
        },
      },
    });
  });

  test('declared properties plus preserve-unknown-fields give an index signature of unknown', () => {
    const defs = walk({
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
      properties: { a: { type: 'string' } },
    });
    expect(defs.get('Root')!.type).toMatchObject({ k: 'object', shape: { extra: { k: 'unknown' } } });
  });

  test('an embedded resource gets apiVersion, kind and ObjectMeta metadata', () => {
    const t = propType(
      { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
      'e',
    );
    expect(t).toEqual(ref('RootE'));
    const defs = walk({
      type: 'object',
      properties: {
        e: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
      },
    });
    const e = defs.get('RootE')!;
    expect(e.type.k === 'object' && e.type.shape.props.map((p) => [p.name, p.type])).toEqual([
      ['apiVersion', { k: 'string' }],
      ['kind', { k: 'string' }],
      ['metadata', { k: 'ref', target: { runtime: 'ObjectMeta' } }],
    ]);
    expect(e.type.k === 'object' && e.type.shape.embeddedResource).toBe(true);
  });

  test('a kind root always has ObjectMeta metadata, whatever the schema says about it', () => {
    const defs = walk(
      {
        type: 'object',
        properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 5 } } } },
      },
      'kind',
    );
    expect([...defs.keys()]).toEqual(['Root']);
    const root = defs.get('Root')!;
    expect(root.type.k === 'object' && root.type.shape.props.find((p) => p.name === 'metadata')!.type).toEqual({
      k: 'ref',
      target: { runtime: 'ObjectMeta' },
    });
  });

  test('names follow the path breadth first; collisions get numbers, shallower paths win', () => {
    const defs = walk({
      type: 'object',
      properties: {
        a: { type: 'object', properties: { bC: { type: 'object', properties: { x: { type: 'string' } } } } },
        aB: { type: 'object', properties: { c: { type: 'object', properties: { y: { type: 'string' } } } } },
        'a-b-c': { type: 'object', properties: { z: { type: 'string' } } },
      },
    });
    const props = (name: string) => {
      const d = defs.get(name)!;
      return d.type.k === 'object' ? d.type.shape.props.map((p) => p.name) : [];
    };
    expect(props('RootABC')).toEqual(['z']);
    expect(props('RootABC2')).toEqual(['x']);
    expect(props('RootABC3')).toEqual(['y']);
  });
});

describe('errors', () => {
  test('a $ref in a CRD schema is rejected with its location', () => {
    const err = (() => {
      try {
        walk({ type: 'object', properties: { a: { $ref: '#/definitions/X' } } });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(GeneratorError);
    expect(err).toMatchObject({ code: 'KGEN_SCHEMA_INVALID', file: 'in.yaml', pointer: '/root/properties/a/$ref' });
    expect((err as GeneratorError).message).toContain('Inline the referenced schema');
  });

  test('an unknown type names the type and its pointer', () => {
    expect(() => walk({ type: 'object', properties: { a: { type: 'obj' } } })).toThrow(/unknown schema type "obj"/);
    expect(() => walk({ type: 'object', properties: { a: 'nope' } })).toThrowError(
      expect.objectContaining({ pointer: '/root/properties/a' }),
    );
  });
});

describe('unionOf', () => {
  test('flattens, drops duplicates, and collapses to unknown', () => {
    expect(unionOf([{ k: 'string' }, { k: 'union', members: [{ k: 'string' }, { k: 'null' }] }])).toEqual({
      k: 'union',
      members: [{ k: 'string' }, { k: 'null' }],
    });
    expect(unionOf([{ k: 'string' }, { k: 'unknown' }])).toEqual({ k: 'unknown' });
    expect(unionOf([{ k: 'number' }])).toEqual({ k: 'number' });
  });
});
