// The walkthrough's TypeScript snippets, joined in order, type-check against the runtime and the cnat example.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const walkthrough = join(root, 'docs/walkthrough.md');
// The snippets are the cnat controller in pieces: they import './generated/...' as examples/cnat/src/main.ts does.
const virtualFile = join(root, 'examples/cnat/src/__walkthrough__.ts');

// What the walkthrough's prose defines around the snippets (parsed flags, the namespace, section 5's reconcile).
const preludeImports = ["import type { Action } from 'kgen/runtime';"];
const prelude = `
declare const argv: { kubeconfig?: string };
declare const namespace: string;
declare const signal: AbortSignal;
declare function reconcile(key: string, signal: AbortSignal): Promise<Action>;
`;

/** The ```ts blocks of the walkthrough, with the line each starts on. */
function snippets(markdown: string): { line: number; code: string }[] {
  const out: { line: number; code: string }[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() === '```ts') {
      const start = i + 1;
      let end = start;
      while (end < lines.length && lines[end]?.trim() !== '```') {
        end++;
      }
      out.push({ line: start + 1, code: lines.slice(start, end).join('\n') });
      i = end;
    }
  }
  return out;
}

/** One module: every snippet's imports first, then the prelude, then the snippets' statements in order. */
function program(parts: readonly { line: number; code: string }[]): string {
  const imports: string[] = [...preludeImports];
  const bodies: string[] = [];
  for (const p of parts) {
    const lines = p.code.split('\n');
    imports.push(...lines.filter((l) => l.startsWith('import ')));
    bodies.push(`// walkthrough.md line ${p.line}`, ...lines.filter((l) => !l.startsWith('import ')));
  }
  return [...imports, prelude, ...bodies, 'export {};'].join('\n');
}

function compilerOptions(): ts.CompilerOptions {
  const file = join(root, 'tsconfig.json');
  const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(file, ts.sys.readFile).config, ts.sys, dirname(file));
  return { ...parsed.options, noEmit: true };
}

/** Type errors of `source` compiled as the virtual file, formatted with their text. */
function typeErrors(
  source: string,
  options: ts.CompilerOptions,
  old?: ts.Program,
): { errors: string[]; program: ts.Program } {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) =>
    name === virtualFile ? ts.createSourceFile(name, source, lang, true) : getSourceFile(name, lang, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === virtualFile || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === virtualFile ? source : readFile(name));
  const p = ts.createProgram([virtualFile], options, host, old);
  const errors = ts
    .getPreEmitDiagnostics(p, p.getSourceFile(virtualFile))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  return { errors, program: p };
}

describe('docs/walkthrough.md', () => {
  it('its TypeScript snippets compile together under the project settings (exactOptionalPropertyTypes included)', () => {
    const parts = snippets(readFileSync(walkthrough, 'utf8'));
    expect(parts.length).toBeGreaterThanOrEqual(4);
    const options = compilerOptions();
    const source = program(parts);
    const ok = typeErrors(source, options);
    expect(ok.errors, source).toEqual([]);
    // The check bites: a misspelt option of the factory, as a stale doc would have it, is reported.
    const stale = typeErrors(source.replaceAll('defaultResyncMs', 'defaultResyncMillis'), options, ok.program);
    expect(stale.errors.join('\n')).toMatch(/defaultResyncMillis/);
  }, 120_000);
});
