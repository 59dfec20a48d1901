// Expands input paths: files, directories (every .yaml/.yml/.json below them) and glob patterns (*, **, ?, [..], {a,b}).
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { GeneratorError } from '../errors.js';

const inputExtensions = /\.(ya?ml|json)$/i;

/** True when the path contains glob syntax. */
export function isGlob(p: string): boolean {
  return /[*?[{]/.test(p);
}

/** Converts one path segment of a glob into a regular expression. */
export function segmentRegExp(segment: string): RegExp {
  let re = '';
  let inBraces = 0;
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    switch (c) {
      case '*':
        re += '[^/]*';
        break;
      case '?':
        re += '[^/]';
        break;
      case '[': {
        const end = segment.indexOf(']', i + 1);
        if (end === -1) {
          re += '\\[';
        } else {
          let cls = segment.slice(i + 1, end).replace(/\\/g, '\\\\');
          if (cls.startsWith('!')) {
            cls = `^${cls.slice(1)}`;
          }
          re += `[${cls}]`;
          i = end;
        }
        break;
      }
      case '{':
        inBraces++;
        re += '(?:';
        break;
      case '}':
        if (inBraces > 0) {
          inBraces--;
          re += ')';
        } else {
          re += '\\}';
        }
        break;
      case ',':
        re += inBraces > 0 ? '|' : ',';
        break;
      default:
        re += c.replace(/[.+^$()|\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function sortedEntries(dir: string): Promise<{ name: string; dir: boolean }[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .map((e) => ({ name: e.name, dir: e.isDirectory() }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Every input file under `dir` (recursively, sorted, skipping dot-entries and node_modules). */
export async function walkInputFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await sortedEntries(dir)) {
    if (e.name.startsWith('.') || e.name === 'node_modules') {
      continue;
    }
    const p = join(dir, e.name);
    if (e.dir) {
      out.push(...(await walkInputFiles(p)));
    } else if (inputExtensions.test(e.name)) {
      out.push(p);
    }
  }
  return out;
}

async function expandGlob(pattern: string, cwd: string): Promise<string[]> {
  const normalized = pattern.split(sep).join('/');
  const absolute = normalized.startsWith('/');
  const segments = normalized.split('/').filter((s, i) => s !== '' || i === 0);
  let start = absolute ? '/' : cwd;
  let i = absolute ? 1 : 0;
  for (; i < segments.length && !isGlob(segments[i]!); i++) {
    start = join(start, segments[i]!);
  }
  const rest = segments.slice(i).map((s) => (s === '**' ? '**' : segmentRegExp(s)));
  const out: string[] = [];
  const visit = async (dir: string, k: number): Promise<void> => {
    if (k === rest.length) {
      return;
    }
    const part = rest[k]!;
    if (part === '**') {
      await visit(dir, k + 1);
      for (const e of await sortedEntries(dir).catch(() => [])) {
        if (e.dir && !e.name.startsWith('.') && e.name !== 'node_modules') {
          await visit(join(dir, e.name), k);
        }
      }
      return;
    }
    for (const e of await sortedEntries(dir).catch(() => [])) {
      if (!part.test(e.name) || (e.name.startsWith('.') && !part.source.startsWith('^\\.'))) {
        continue;
      }
      const p = join(dir, e.name);
      if (k === rest.length - 1) {
        if (e.dir) {
          out.push(...(await walkInputFiles(p)));
        } else {
          out.push(p);
        }
      } else if (e.dir) {
        await visit(p, k + 1);
      }
    }
  };
  await visit(start, 0);
  return [...new Set(out)];
}

/** Resolves input specs (relative to `cwd`) to absolute file paths, in order, without duplicates. */
export async function expandInputs(specs: readonly string[], cwd: string): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    let found: string[];
    if (isGlob(spec)) {
      found = await expandGlob(spec, cwd);
      if (found.length === 0) {
        throw new GeneratorError('KGEN_INPUT_NOT_FOUND', `the pattern "${spec}" matches no file`, {
          hint: `Patterns are relative to ${relative(process.cwd(), cwd) || '.'}; check the spelling or quote the pattern.`,
        });
      }
    } else {
      const abs = resolve(cwd, spec);
      if (await isDirectory(abs)) {
        found = await walkInputFiles(abs);
      } else {
        try {
          await stat(abs);
        } catch (cause) {
          throw new GeneratorError('KGEN_INPUT_NOT_FOUND', `no such file or directory: ${spec}`, {
            hint: 'Name CRD files, directories of CRDs, or OpenAPI documents.',
            cause,
          });
        }
        found = [abs];
      }
    }
    for (const f of found) {
      const abs = resolve(cwd, f);
      if (!seen.has(abs)) {
        seen.add(abs);
        files.push(abs);
      }
    }
  }
  return files;
}
