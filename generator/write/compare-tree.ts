// verify-codegen's comparison: which generated files on disk are missing, stale, or differ from a fresh generation.
import type { GeneratedFile } from '../emit/generated-file.js';
import { readTree } from './read-tree.js';

export interface ChangedFile {
  readonly path: string;
  /** 1-based line of the first difference. */
  readonly line: number;
  /** The line on disk and the line expected ('' past the end). */
  readonly actual: string;
  readonly expected: string;
}

export interface TreeDiff {
  readonly changed: readonly ChangedFile[];
  /** Files generation produces that are not on disk. */
  readonly missing: readonly string[];
  /** Generated files on disk that generation no longer produces. */
  readonly stale: readonly string[];
  readonly unchanged: number;
}

function firstDifference(path: string, actual: string, expected: string): ChangedFile {
  const a = actual.split('\n');
  const e = expected.split('\n');
  let i = 0;
  while (i < a.length && i < e.length && a[i] === e[i]) {
    i++;
  }
  return { path, line: i + 1, actual: a[i] ?? '', expected: e[i] ?? '' };
}

/** Compares the generated files under `outDir` with `files`. */
export async function compareTree(outDir: string, files: readonly GeneratedFile[]): Promise<TreeDiff> {
  const existing = await readTree(outDir);
  const changed: ChangedFile[] = [];
  const missing: string[] = [];
  let unchanged = 0;
  const wanted = new Set<string>();
  for (const f of files) {
    wanted.add(f.path);
    const current = existing.generated.get(f.path);
    if (current === undefined) {
      missing.push(f.path);
    } else if (current !== f.content) {
      changed.push(firstDifference(f.path, current, f.content));
    } else {
      unchanged++;
    }
  }
  const stale = [...existing.generated.keys()].filter((p) => !wanted.has(p)).sort();
  return { changed, missing, stale, unchanged };
}

/** True when the tree on disk matches. */
export function isClean(diff: TreeDiff): boolean {
  return diff.changed.length === 0 && diff.missing.length === 0 && diff.stale.length === 0;
}

function clip(s: string): string {
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}

/** A human summary of a diff, one line per file, with the first differing line of changed files. */
export function describeTreeDiff(diff: TreeDiff, outDirLabel: string): string {
  const lines: string[] = [];
  for (const c of diff.changed) {
    lines.push(`  changed  ${outDirLabel}/${c.path}:${c.line}`);
    lines.push(`           on disk:  ${clip(c.actual)}`);
    lines.push(`           expected: ${clip(c.expected)}`);
  }
  for (const p of diff.missing) {
    lines.push(`  missing  ${outDirLabel}/${p}`);
  }
  for (const p of diff.stale) {
    lines.push(`  stale    ${outDirLabel}/${p}`);
  }
  return lines.join('\n');
}
