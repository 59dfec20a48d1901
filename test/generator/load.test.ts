// The load phase: expanding inputs (files, directories, globs), classifying documents, and located parse errors.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { GeneratorError } from '../../generator/errors.js';
import { expandInputs, segmentRegExp } from '../../generator/load/glob.js';
import { jsonErrorOffset } from '../../generator/load/json-error-offset.js';
import { readSources } from '../../generator/load/read-sources.js';
import { crdYaml, tempDir, writeFiles } from './support/temp-dir.js';

async function rejection(p: Promise<unknown>): Promise<GeneratorError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof GeneratorError) {
      return err;
    }
    throw err;
  }
  throw new Error('expected a GeneratorError');
}

describe('expandInputs', () => {
  test('files, directories (recursive, sorted, dot-entries skipped) and globs', async () => {
    const root = await tempDir();
    await writeFiles(root, {
      'a.yaml': '',
      'dir/z.yml': '',
      'dir/b.json': '',
      'dir/notes.txt': '',
      'dir/sub/c.yaml': '',
      'dir/.hidden/d.yaml': '',
      'g/one.yaml': '',
      'g/two.yaml': '',
      'g/deep/three.yaml': '',
    });
    const rel = (xs: string[]) => xs.map((x) => x.slice(root.length + 1));
    expect(rel(await expandInputs(['a.yaml'], root))).toEqual(['a.yaml']);
    expect(rel(await expandInputs(['dir'], root))).toEqual(['dir/b.json', 'dir/sub/c.yaml', 'dir/z.yml']);
    expect(rel(await expandInputs(['g/*.yaml'], root))).toEqual(['g/one.yaml', 'g/two.yaml']);
    expect(rel(await expandInputs(['g/**/*.yaml'], root))).toEqual(['g/one.yaml', 'g/two.yaml', 'g/deep/three.yaml']);
    expect(rel(await expandInputs(['g/{one,two}.yaml', 'a.yaml', 'g/one.yaml'], root))).toEqual([
      'g/one.yaml',
      'g/two.yaml',
      'a.yaml',
    ]);
  });

  test('a missing file or a pattern matching nothing is an error', async () => {
    const root = await tempDir();
    expect(await rejection(expandInputs(['missing.yaml'], root))).toMatchObject({ code: 'KGEN_INPUT_NOT_FOUND' });
    expect(await rejection(expandInputs(['*.yaml'], root))).toMatchObject({ code: 'KGEN_INPUT_NOT_FOUND' });
  });

  test('glob segments', () => {
    expect(segmentRegExp('*.yaml').test('a.yaml')).toBe(true);
    expect(segmentRegExp('*.yaml').test('a.yml')).toBe(false);
    expect(segmentRegExp('?.y[a-z]ml').test('a.yaml')).toBe(true);
    expect(segmentRegExp('[!a]*').test('abc')).toBe(false);
    expect(segmentRegExp('{x,y}.json').test('y.json')).toBe(true);
  });
});

describe('readSources', () => {
  test('sorts documents into CRDs and OpenAPI documents; several CRDs per file; Lists; other manifests skipped', async () => {
    const root = await tempDir();
    const list = `apiVersion: v1\nkind: List\nitems:\n${crdYaml({ kind: 'Bar', plural: 'bars' })
      .split('\n')
      .map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`))
      .join('\n')}`;
    await writeFiles(root, {
      'multi.yaml': `${crdYaml()}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n---\n${crdYaml({ kind: 'Baz', plural: 'bazs' })}`,
      'list.yaml': list,
      'v3.json': JSON.stringify({ openapi: '3.0.0', paths: {}, components: { schemas: {} } }),
      'v2.json': JSON.stringify({ swagger: '2.0', paths: {}, definitions: {} }),
    });
    const files = ['multi.yaml', 'list.yaml', 'v3.json', 'v2.json'].map((f) => join(root, f));
    const set = await readSources(files, { displayBase: root });
    expect(set.crds.map((c) => [c.file, c.pointer, (c.crd.spec as { names: { kind: string } }).names.kind])).toEqual([
      ['multi.yaml', '', 'Foo'],
      ['multi.yaml', '', 'Baz'],
      ['list.yaml', '/items/0', 'Bar'],
    ]);
    expect(set.openapi.map((o) => [o.file, o.openapiVersion])).toEqual([
      ['v3.json', 3],
      ['v2.json', 2],
    ]);
    expect(set.crds[2]!.locate('/items/0/spec/names/kind')).toMatchObject({ file: 'list.yaml', line: 12 });
  });

  test('a v1beta1 CRD is refused with the conversion steps', async () => {
    const root = await tempDir();
    await writeFiles(root, {
      'old.yaml': 'apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\nspec: {}\n',
    });
    const err = await rejection(readSources([join(root, 'old.yaml')], { displayBase: root }));
    expect(err.code).toBe('KGEN_CRD_V1BETA1');
    expect(err.line).toBe(1);
    expect(err.message).toContain('spec.versions[].schema.openAPIV3Schema');
  });

  test('syntax errors carry the line', async () => {
    const root = await tempDir();
    await writeFiles(root, { 'bad.yaml': 'a: 1\nb: [\n', 'bad.json': '{\n  "a": 1,\n  "b": oops\n}' });
    const y = await rejection(readSources([join(root, 'bad.yaml')], { displayBase: root }));
    expect(y).toMatchObject({ code: 'KGEN_PARSE_ERROR', file: 'bad.yaml' });
    expect(y.line).toBeGreaterThanOrEqual(2);
    const j = await rejection(readSources([join(root, 'bad.json')], { displayBase: root }));
    expect(j).toMatchObject({ code: 'KGEN_PARSE_ERROR', file: 'bad.json', line: 3 });
  });

  test('an explicitly named file with nothing usable is an error; one found in a directory is skipped', async () => {
    const root = await tempDir();
    await writeFiles(root, { 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\n' });
    const file = join(root, 'cm.yaml');
    expect(await rejection(readSources([file], { displayBase: root, explicit: new Set([file]) }))).toMatchObject({
      code: 'KGEN_UNSUPPORTED_INPUT',
      file: 'cm.yaml',
    });
    expect((await readSources([file], { displayBase: root })).crds).toEqual([]);
  });
});

describe('jsonErrorOffset', () => {
  test.each([
    ['{"a": 1}', undefined],
    ['[1, 2.5e3, "x\\u00e9", true, false, null, {}]', undefined],
    ['{"a": oops}', 6],
    ['{"a": 1,}', 8],
    ['[1 2]', 3],
    ['"unterminated', 13],
    ['{} extra', 3],
  ])('%s', (text, want) => {
    expect(jsonErrorOffset(text)).toBe(want);
  });
});
