// Reads an existing output tree, separating files kgen generated (by their first line) from hand-written ones.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generatedMarker } from '../emit/generated-file.js';
import { GeneratorError } from '../errors.js';

export interface ExistingTree {
  /** Generated files by output-relative path, with their text. */
  readonly generated: Map<string, string>;
  /** Output-relative paths of every other file (kept across regeneration). */
  readonly handWritten: string[];
  readonly exists: boolean;
}

const marker = Buffer.from(generatedMarker, 'utf8');

async function walk(root: string, rel: string, out: ExistingTree): Promise<void> {
  const entries = await readdir(join(root, rel), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) {
      await walk(root, p, out);
    } else if (e.isFile()) {
      const buf = await readFile(join(root, p));
      if (buf.subarray(0, marker.length).equals(marker)) {
        out.generated.set(p, buf.toString('utf8'));
      } else {
        out.handWritten.push(p);
      }
    } else {
      out.handWritten.push(p);
    }
  }
}

/** Reads `dir` recursively; a missing directory reads as an empty tree. */
export async function readTree(dir: string): Promise<ExistingTree> {
  const tree: ExistingTree = { generated: new Map(), handWritten: [], exists: true };
  try {
    await walk(dir, '', tree);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return { generated: new Map(), handWritten: [], exists: false };
    }
    if (code === 'ENOTDIR') {
      throw new GeneratorError('KGEN_OUTPUT_UNSAFE', `the output path is a file, not a directory: ${dir}`, {
        hint: 'Point --output-dir at a directory (it is created when missing).',
        cause: err,
      });
    }
    throw err;
  }
  return tree;
}
