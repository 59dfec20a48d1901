// Fuzz: random CRD schemas (objects, arrays, enums, maps, int-or-string, nullable, hostile names and text) generate code that compiles and deep-copies.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { GeneratedFile } from '../../generator/emit/generated-file.js';
import type { CrdSource } from '../../generator/load/source-set.js';
import { arbitraryOfKind } from './support/schema-arbitrary.js';
import { generateFrom, runtimeEntry } from './support/sources.js';
import { tempDir } from './support/temp-dir.js';
import { typecheckGenerated } from './support/typecheck.js';

type Schema = Record<string, unknown>;

/** KGEN_FUZZ_SEED replays a run; KGEN_FUZZ_RUNS widens it. */
const seed = Number(process.env.KGEN_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const numRuns = Number(process.env.KGEN_FUZZ_RUNS ?? 30);

/** Builds an object whose keys are all own data properties, even `__proto__`. */
function plain(entries: readonly (readonly [string, unknown])[]): Schema {
  const o: Schema = {};
  for (const [k, v] of entries) {
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return o;
}

const hostileNames = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'class',
  'delete',
  'default',
  'function',
  'await',
  'enum',
  'x',
  'out',
  'copy',
  'a-b',
  '$ref',
  'a.b',
  '1abc',
  'with space',
  "it's",
  'back\\slash',
  'Ünïcode',
  '日本',
  'line\u2028sep',
  '*/',
  '${x}',
  '`t`',
  '',
] as const;

const propName = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...hostileNames) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,8}$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);

const nastyText = fc.oneof(
  fc.constantFrom('*/', '/* */', '${a}', '`x`', 'a\u2028b\u2029c', 'line\r\nbreak', '\\', "'", '"', '@param x', '<!--'),
  fc.string({ maxLength: 12 }),
);

function withExtras(arb: fc.Arbitrary<Schema>): fc.Arbitrary<Schema> {
  return fc
    .tuple(arb, fc.option(nastyText, { nil: undefined }), fc.boolean(), fc.boolean())
    .map(([s, description, nullable, addNull]) => {
      const out = plain(Object.entries(s));
      if (description !== undefined) {
        out.description = description;
      }
      if (nullable && addNull) {
        out.nullable = true;
      }
      return out;
    });
}

const scalar: fc.Arbitrary<Schema> = fc.oneof(
  fc.constantFrom<Schema>(
    { type: 'string' },
    { type: 'integer', format: 'int64' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'string', format: 'date-time' },
    { 'x-kubernetes-int-or-string': true },
    { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
    { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
    {},
  ),
  fc
    .uniqueArray(fc.oneof(fc.constantFrom(...hostileNames), fc.string({ maxLength: 5 })), {
      minLength: 1,
      maxLength: 4,
    })
    .map((values) => ({ type: 'string', enum: values })),
  fc.uniqueArray(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 3 }).map((values) => ({
    type: 'integer',
    enum: values,
  })),
);

const schemaArb: fc.Arbitrary<Schema> = fc.letrec<{ schema: Schema }>((tie) => ({
  schema: withExtras(
    fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      tie('schema').map((items) => ({ type: 'array', items })),
      tie('schema').map((v) => ({ type: 'object', additionalProperties: v })),
      fc
        .tuple(
          fc.uniqueArray(fc.tuple(propName, tie('schema')), { minLength: 1, maxLength: 4, selector: (e) => e[0] }),
          fc.boolean(),
          fc.boolean(),
        )
        .map(([props, requireFirst, open]) => {
          const s: Schema = { type: 'object', properties: plain(props) };
          if (requireFirst) {
            s.required = [props[0]![0]];
          }
          if (open) {
            s['x-kubernetes-preserve-unknown-fields'] = true;
          }
          return s;
        }),
      fc
        .tuple(tie('schema'), tie('schema'))
        .map(([a, b]) => ({ anyOf: [{ type: 'string' }, { ...b, type: 'object', properties: plain([['v', a]]) }] })),
    ),
  ),
})).schema;

function objectsIn(x: unknown, out: Set<object> = new Set()): Set<object> {
  if (typeof x === 'object' && x !== null) {
    out.add(x);
    for (const k of Object.keys(x)) {
      objectsIn((x as Record<string, unknown>)[k], out);
    }
  }
  return out;
}

function crdOf(i: number, spec: Schema): CrdSource {
  const schema = { type: 'object', properties: plain([['spec', spec]]) };
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `fuzzes.f${i}.example.com` },
    spec: {
      group: `f${i}.example.com`,
      scope: 'Namespaced',
      names: { kind: 'Fuzz', plural: 'fuzzes' },
      versions: [
        { name: 'v1', served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: schema } },
      ],
    },
  };
  return { file: `fuzz-${i}.yaml`, crd, pointer: '', locate: () => ({ file: `fuzz-${i}.yaml` }) };
}

describe('fuzz: random CRD schemas', () => {
  test(`generated types, deepcopy and clients compile (seed ${seed}, ${numRuns} schemas)`, async () => {
    console.log(`fuzz-schemas: seed ${seed}, ${numRuns} schemas (replay with KGEN_FUZZ_SEED=${seed})`);
    const specs = fc.sample(schemaArb, { seed, numRuns });
    const trees: Record<string, readonly GeneratedFile[]> = {};
    specs.forEach((spec, i) => {
      try {
        trees[`f${i}`] = generateFrom({ crds: [crdOf(i, spec)], openapi: [] }).files;
      } catch (err) {
        throw new Error(`seed ${seed}, schema ${i} failed to generate: ${JSON.stringify(spec)}`, { cause: err });
      }
    });
    const result = typecheckGenerated(trees);
    const bad = result.diagnostics.slice(0, 10).map((d) => {
      const i = /\.kgen-typecheck\/f(\d+)\//.exec(d)?.[1];
      return i !== undefined ? `${d}\n  schema ${i}: ${JSON.stringify(specs[Number(i)])}` : d;
    });
    expect(bad, `seed ${seed}`).toEqual([]);
    expect(result.anyCount).toBe(0);
  }, 180_000);

  test(`generated deepCopy copies valid objects exactly (seed ${seed})`, async () => {
    const specs = fc.sample(schemaArb, { seed: seed + 1, numRuns: Math.min(numRuns, 12) });
    const sources = specs.map((spec, i) => crdOf(i, spec));
    const g = generateFrom({ crds: sources, openapi: [] }, {}, { runtimeImport: runtimeEntry });
    const dir = await tempDir('kgen-fuzz-');
    for (const f of g.files) {
      await mkdir(dirname(join(dir, f.path)), { recursive: true });
      await writeFile(join(dir, f.path), f.content);
    }
    for (const [i, src] of sources.entries()) {
      const mod = (await import(pathToFileURL(join(dir, `apis/f${i}/v1/deepcopy.ts`)).href)) as Record<
        string,
        (x: unknown) => unknown
      >;
      const copy = mod.deepCopyFuzz!;
      const versions = (src.crd.spec as { versions: { schema: { openAPIV3Schema: Schema } }[] }).versions;
      fc.assert(
        fc.property(arbitraryOfKind(versions[0]!.schema.openAPIV3Schema, { maxDepth: 5 }), (x) => {
          const y = copy(x);
          expect(JSON.stringify(y)).toBe(JSON.stringify(x));
          const original = objectsIn(x);
          expect([...objectsIn(y)].filter((o) => original.has(o))).toEqual([]);
          expect(Object.getPrototypeOf(y)).toBe(Object.prototype);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        }),
        { numRuns: 20, seed },
      );
    }
  }, 120_000);
});
