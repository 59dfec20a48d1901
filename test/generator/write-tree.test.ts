// The write step and verify's comparison: atomic replacement, stale deletion, hand-written files, and failures.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generatedMarker } from '../../generator/emit/generated-file.js';
import { GeneratorError } from '../../generator/errors.js';
import { compareTree, describeTreeDiff, isClean } from '../../generator/write/compare-tree.js';
import { writeTree } from '../../generator/write/write-tree.js';
import { tempDir, writeFiles } from './support/temp-dir.js';

const gen = (path: string, body: string) => ({ path, content: `${generatedMarker}\n\n${body}\n` });

async function listTree(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(dir, rel), { withFileTypes: true })) {
    const p = rel === '' ? e.name : `${rel}/${e.name}`;
    out.push(...(e.isDirectory() ? await listTree(dir, p) : [p]));
  }
  return out.sort();
}

describe('writeTree', () => {
  test('writes a new tree, then reports unchanged files without touching them', async () => {
    const root = await tempDir();
    const out = join(root, 'generated');
    const files = [
      gen('apis/a/v1/types.ts', 'export type A = string;'),
      gen('apis/a/v1/index.ts', "export * from './types.js';"),
    ];
    const first = await writeTree(out, files);
    expect(first).toEqual({
      written: ['apis/a/v1/types.ts', 'apis/a/v1/index.ts'],
      unchanged: [],
      deleted: [],
      kept: [],
    });
    expect(await listTree(out)).toEqual(['apis/a/v1/index.ts', 'apis/a/v1/types.ts']);
    const before = (await stat(join(out, 'apis/a/v1/types.ts'))).mtimeMs;
    const second = await writeTree(out, files);
    expect(second).toEqual({
      written: [],
      unchanged: ['apis/a/v1/types.ts', 'apis/a/v1/index.ts'],
      deleted: [],
      kept: [],
    });
    expect((await stat(join(out, 'apis/a/v1/types.ts'))).mtimeMs).toBe(before);
    expect((await readdir(root)).sort()).toEqual(['generated']);
  });

  test('deletes stale generated files and keeps hand-written ones', async () => {
    const root = await tempDir();
    const out = join(root, 'generated');
    await writeTree(out, [gen('apis/a/v1/types.ts', 'A'), gen('apis/old/v1/types.ts', 'OLD')]);
    await writeFiles(out, { 'README.md': 'hand-written', 'apis/a/v1/extra.ts': 'export const mine = 1;\n' });
    const summary = await writeTree(out, [gen('apis/a/v1/types.ts', 'A2')]);
    expect(summary).toEqual({
      written: ['apis/a/v1/types.ts'],
      unchanged: [],
      deleted: ['apis/old/v1/types.ts'],
      kept: ['README.md', 'apis/a/v1/extra.ts'],
    });
    expect(await listTree(out)).toEqual(['README.md', 'apis/a/v1/extra.ts', 'apis/a/v1/types.ts']);
    expect(await readFile(join(out, 'README.md'), 'utf8')).toBe('hand-written');
    expect(await readFile(join(out, 'apis/a/v1/types.ts'), 'utf8')).toContain('A2');
    expect((await readdir(root)).sort()).toEqual(['generated']);
  });

  test('a failure while writing leaves the previous tree exactly as it was', async () => {
    const root = await tempDir();
    const out = join(root, 'generated');
    await writeTree(out, [gen('apis/a/v1/types.ts', 'OLD')]);
    // A file and a directory with the same path: the second write fails after the first succeeded.
    const err = await writeTree(out, [
      gen('apis/a/v1/types.ts', 'NEW'),
      gen('apis/x', 'file'),
      gen('apis/x/y.ts', 'under a file'),
    ]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(GeneratorError);
    expect(err).toMatchObject({ code: 'KGEN_WRITE_FAILED' });
    expect(await readFile(join(out, 'apis/a/v1/types.ts'), 'utf8')).toContain('OLD');
    expect(await listTree(out)).toEqual(['apis/a/v1/types.ts']);
    expect((await readdir(root)).sort()).toEqual(['generated']);
  });

  test('refuses to replace a directory that looks like a project', async () => {
    const root = await tempDir();
    await writeFiles(root, { 'package.json': '{}', 'old.ts': `${generatedMarker}\n` });
    const err = await writeTree(root, [gen('apis/a/v1/types.ts', 'A')]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'KGEN_OUTPUT_UNSAFE' });
    expect(await listTree(root)).toEqual(['old.ts', 'package.json']);
  });

  test('an output path that is a file is refused', async () => {
    const root = await tempDir();
    await writeFiles(root, { out: 'not a directory' });
    await expect(writeTree(join(root, 'out'), [gen('a.ts', 'A')])).rejects.toMatchObject({
      code: 'KGEN_OUTPUT_UNSAFE',
    });
  });

  test('an aborted write leaves nothing behind', async () => {
    const root = await tempDir();
    const out = join(root, 'generated');
    const ac = new AbortController();
    ac.abort();
    await expect(writeTree(out, [gen('a.ts', 'A')], ac.signal)).rejects.toThrow();
    expect(await readdir(root)).toEqual([]);
  });
});

describe('compareTree', () => {
  test('finds changed, missing and stale generated files; ignores hand-written ones', async () => {
    const root = await tempDir();
    await writeTree(root, [gen('a.ts', 'one\ntwo'), gen('stale.ts', 'S'), gen('same.ts', 'same')]);
    await writeFile(join(root, 'notes.md'), 'mine');
    const diff = await compareTree(root, [gen('a.ts', 'one\nTWO'), gen('same.ts', 'same'), gen('new.ts', 'N')]);
    expect(diff).toEqual({
      changed: [{ path: 'a.ts', line: 4, actual: 'two', expected: 'TWO' }],
      missing: ['new.ts'],
      stale: ['stale.ts'],
      unchanged: 1,
    });
    expect(isClean(diff)).toBe(false);
    const text = describeTreeDiff(diff, 'out');
    expect(text).toContain('changed  out/a.ts:4');
    expect(text).toContain('missing  out/new.ts');
    expect(text).toContain('stale    out/stale.ts');
    expect(
      isClean(await compareTree(root, [gen('a.ts', 'one\ntwo'), gen('stale.ts', 'S'), gen('same.ts', 'same')])),
    ).toBe(true);
  });
});
