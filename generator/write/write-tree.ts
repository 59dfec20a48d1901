// The write step: builds the new output tree in a sibling temp directory, then swaps it in; failures leave the old tree.
import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, parse } from 'node:path';
import type { GeneratedFile } from '../emit/generated-file.js';
import { GeneratorError } from '../errors.js';
import { readTree } from './read-tree.js';

/** What a write did, by output-relative path. */
export interface WriteSummary {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly deleted: readonly string[];
  /** Hand-written files found in the output directory and carried over untouched. */
  readonly kept: readonly string[];
}

/** Entries whose presence says a directory is a project, not a dedicated output directory. */
const projectMarkers = ['package.json', '.git', 'node_modules', 'tsconfig.json'];

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

async function assertDedicated(outDir: string): Promise<void> {
  if (parse(outDir).root === outDir) {
    throw new GeneratorError('KGEN_OUTPUT_UNSAFE', `the output directory is a filesystem root: ${outDir}`, {
      hint: 'Point --output-dir at a directory that holds only generated code, e.g. src/generated.',
    });
  }
  for (const m of projectMarkers) {
    if (await exists(join(outDir, m))) {
      throw new GeneratorError(
        'KGEN_OUTPUT_UNSAFE',
        `the output directory contains ${m}: it looks like a project, not a generated tree`,
        {
          hint: 'Point --output-dir at a directory that holds only generated code, e.g. src/generated; the whole tree is replaced.',
        },
      );
    }
  }
}

async function carryOver(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}

/**
 * Makes `outDir` hold exactly `files` plus any hand-written files already there. Unchanged trees are not touched. The
 * new tree is assembled next to `outDir` and renamed into place, so an error leaves the previous tree as it was.
 */
export async function writeTree(
  outDir: string,
  files: readonly GeneratedFile[],
  signal?: AbortSignal,
): Promise<WriteSummary> {
  const existing = await readTree(outDir);
  const wanted = new Set(files.map((f) => f.path));
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const f of files) {
    (existing.generated.get(f.path) === f.content ? unchanged : written).push(f.path);
  }
  const deleted = [...existing.generated.keys()].filter((p) => !wanted.has(p)).sort();
  const kept = existing.handWritten.filter((p) => !wanted.has(p));
  const summary: WriteSummary = { written, unchanged, deleted, kept };
  if (written.length === 0 && deleted.length === 0) {
    return summary;
  }
  if (existing.exists) {
    await assertDedicated(outDir);
  }
  signal?.throwIfAborted();
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmp = join(dirname(outDir), `.${basename(outDir)}.kgen-new-${suffix}`);
  const old = join(dirname(outDir), `.${basename(outDir)}.kgen-old-${suffix}`);
  try {
    await mkdir(tmp, { recursive: true });
    for (const f of files) {
      const target = join(tmp, f.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, f.content);
    }
    for (const p of kept) {
      await carryOver(join(outDir, p), join(tmp, p));
    }
    signal?.throwIfAborted();
  } catch (cause) {
    await rm(tmp, { recursive: true, force: true });
    if (signal?.aborted) {
      throw cause;
    }
    throw new GeneratorError('KGEN_WRITE_FAILED', `could not write the new tree: ${(cause as Error).message}`, {
      file: outDir,
      hint: 'The previous output is untouched. Check permissions and free space, then run again.',
      cause,
    });
  }
  try {
    if (existing.exists) {
      await rename(outDir, old);
    } else {
      await mkdir(dirname(outDir), { recursive: true });
    }
    try {
      await rename(tmp, outDir);
    } catch (cause) {
      if (existing.exists) {
        await rename(old, outDir);
      }
      throw cause;
    }
  } catch (cause) {
    await rm(tmp, { recursive: true, force: true });
    throw new GeneratorError(
      'KGEN_WRITE_FAILED',
      `could not replace the output directory: ${(cause as Error).message}`,
      {
        file: outDir,
        hint: 'The previous output is untouched. Check that nothing holds the directory open, then run again.',
        cause,
      },
    );
  }
  await rm(old, { recursive: true, force: true });
  return summary;
}
