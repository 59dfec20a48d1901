// The CLI bundle that bin/kgen.mjs runs: built from the sources, rebuilt when one changes, same output as the sources.
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { digestFiles, freshBundle, manifestName } from '../../bin/cli-cache.mjs';
import { buildCliBundle } from '../../generator/cli/cli-bundle.js';
import { tempDir, writeFiles } from './support/temp-dir.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const corpusCrd = join(repo, '../shared/corpus/crds/cert-manager__Certificate.yaml');
const all = ['--with-watch', '--with-applyconfig'];

function run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repo, env: { ...process.env, ...env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) {
      const p = join(e.parentPath, e.name);
      out[p.slice(dir.length + 1)] = await readFile(p, 'utf8');
    }
  }
  return out;
}

describe('the CLI bundle', () => {
  test('is found fresh after a build, and writes exactly what the sources write', async () => {
    const cacheDir = await tempDir('kgen-cli-cache-');
    const out = await tempDir();
    const bundle = await buildCliBundle({ root: repo, cacheDir });
    expect(freshBundle(repo, cacheDir)).toBe(bundle);

    // bin/kgen.mjs takes the fresh bundle from the cache; KGEN_CLI_BUNDLE=0 runs the TypeScript sources.
    const viaBundle = await run(
      ['bin/kgen.mjs', 'update-codegen', corpusCrd, ...all, '--output-dir', join(out, 'bundle')],
      { KGEN_CLI_CACHE_DIR: cacheDir },
    );
    const viaSources = await run(
      ['bin/kgen.mjs', 'update-codegen', corpusCrd, ...all, '--output-dir', join(out, 'sources')],
      { KGEN_CLI_BUNDLE: '0' },
    );
    expect(viaBundle.stderr).toBe('');
    expect(viaSources.stderr).toBe('');
    expect(viaBundle.code).toBe(0);
    const fromBundle = await tree(join(out, 'bundle'));
    expect(Object.keys(fromBundle).length).toBe(19);
    expect(fromBundle).toEqual(await tree(join(out, 'sources')));
    // The same progress and summary lines, but for the output directory and the time.
    const lines = (s: string, dir: string) => s.replaceAll(join(out, dir), '<out>').replace(/in \d+ ms/, '');
    expect(lines(viaBundle.stdout, 'bundle')).toBe(lines(viaSources.stdout, 'sources'));
  });

  test('a bundle is stale once its manifest does not match the sources, or its file is gone', async () => {
    const cacheDir = await tempDir('kgen-cli-cache-');
    const bundle = await buildCliBundle({ root: repo, cacheDir });
    const manifestPath = join(cacheDir, manifestName);
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { digest: string; root: string };
    await writeFile(manifestPath, JSON.stringify({ ...manifest, digest: '0'.repeat(64) }));
    expect(freshBundle(repo, cacheDir)).toBeUndefined();
    await writeFile(manifestPath, JSON.stringify({ ...manifest, root: '/elsewhere' }));
    expect(freshBundle(repo, cacheDir)).toBeUndefined();
    await writeFile(manifestPath, JSON.stringify(manifest));
    expect(freshBundle(repo, cacheDir)).toBe(bundle);
    await writeFile(manifestPath, '{ not json');
    expect(freshBundle(repo, cacheDir)).toBeUndefined();
  });

  test('the digest follows the content of own files and the size and time of installed ones', async () => {
    const root = await tempDir();
    await writeFiles(root, { 'a.ts': 'one', 'node_modules/p/index.js': 'x' });
    const files = ['a.ts', 'node_modules/p/index.js'];
    const first = digestFiles(root, files);
    expect(digestFiles(root, files)).toBe(first);
    await writeFile(join(root, 'a.ts'), 'two');
    const second = digestFiles(root, files);
    expect(second).not.toBe(first);
    await writeFile(join(root, 'node_modules/p/index.js'), 'xy');
    expect(digestFiles(root, files)).not.toBe(second);
    expect(digestFiles(root, [...files, 'missing.ts'])).toBeUndefined();
  });
});
