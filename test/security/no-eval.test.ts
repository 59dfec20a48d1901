// No `eval(` or `new Function` anywhere in the runtime, the generator, or generated code (committed fixtures and built-ins).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string, out: string[] = []): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (e === 'node_modules' || e.startsWith('.')) {
      continue;
    }
    if (statSync(p).isDirectory()) {
      sources(p, out);
    } else if (/\.(ts|mts|js|mjs|hbs)$/.test(e)) {
      out.push(p);
    }
  }
  return out;
}

/** Matches a call of eval or a Function constructor, not words in comments such as "evaluate(". */
const forbidden = /(?<![\w$.])eval\s*\(|\bnew\s+Function\s*\(|(?<![\w$.])Function\s*\(\s*['"`]/;

describe('no dynamic code', () => {
  test('runtime, generator, templates, bin, built-in clientset and generated fixtures', () => {
    const files = ['runtime', 'generator', 'bin', 'kubernetes', 'fixtures'].flatMap((d) => sources(join(repo, d)));
    expect(files.length).toBeGreaterThan(100);
    const hits: string[] = [];
    for (const f of files) {
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (forbidden.test(line)) {
            hits.push(`${relative(repo, f)}:${i + 1}: ${line.trim()}`);
          }
        });
    }
    expect(hits).toEqual([]);
  });

  test('the pattern catches what it is meant to catch', () => {
    for (const bad of [
      'eval(x)',
      'const f = new Function("a", "return a")',
      "Function('return this')()",
      ' eval (s)',
    ]) {
      expect(forbidden.test(bad), bad).toBe(true);
    }
    for (const ok of ['evaluate(x)', 'this.eval(x)', 'isFunction(x)', '// evaluation order', 'retrieval(x)']) {
      expect(forbidden.test(ok), ok).toBe(false);
    }
  });
});
