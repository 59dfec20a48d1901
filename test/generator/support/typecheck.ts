// Type-checks generated files in memory with the project's strict compiler options (one TypeScript program).
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { GeneratedFile } from '../../../generator/emit/generated-file.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

export interface TypecheckResult {
  /** Formatted diagnostics of the generated files. */
  readonly diagnostics: string[];
  /** `any` keywords written anywhere in the generated files. */
  readonly anyCount: number;
  readonly files: number;
}

function compilerOptions(): ts.CompilerOptions {
  const configPath = `${repo}tsconfig.json`;
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, repo);
  return { ...parsed.options, noEmit: true, skipLibCheck: true, incremental: false };
}

function countAny(node: ts.Node): number {
  let n = node.kind === ts.SyntaxKind.AnyKeyword ? 1 : 0;
  node.forEachChild((c) => {
    n += countAny(c);
  });
  return n;
}

/**
 * Checks `trees` (a name → generated files) as if written under the repository (so `kgen/runtime` resolves through
 * the package's own exports, and package.json's "type": "module" applies), without writing them.
 */
export function typecheckGenerated(trees: Readonly<Record<string, readonly GeneratedFile[]>>): TypecheckResult {
  const virtual = new Map<string, string>();
  for (const [name, files] of Object.entries(trees)) {
    for (const f of files) {
      virtual.set(`${repo}.kgen-typecheck/${name}/${f.path}`, f.content);
    }
  }
  const options = compilerOptions();
  const host = ts.createCompilerHost(options, true);
  const dirs = new Set<string>();
  for (const p of virtual.keys()) {
    for (let d = p.slice(0, p.lastIndexOf('/')); d.length >= repo.length; d = d.slice(0, d.lastIndexOf('/'))) {
      dirs.add(d);
    }
  }
  const { fileExists, readFile, getSourceFile, directoryExists } = host;
  host.fileExists = (p) => virtual.has(p) || fileExists.call(host, p);
  host.readFile = (p) => virtual.get(p) ?? readFile.call(host, p);
  host.directoryExists = (p) => dirs.has(p) || (directoryExists?.call(host, p) ?? false);
  host.getSourceFile = (p, lang, onError, create) => {
    const text = virtual.get(p);
    return text !== undefined
      ? ts.createSourceFile(p, text, lang, true)
      : getSourceFile.call(host, p, lang, onError, create);
  };
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host });
  const diagnostics: string[] = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map(
    (d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
  );
  const checked = new Set(program.getSourceFiles().map((sf) => sf.fileName));
  for (const p of virtual.keys()) {
    if (!checked.has(p)) {
      diagnostics.push(`${p.slice(repo.length)}: not part of the program`);
    }
  }
  let anyCount = 0;
  for (const sf of program.getSourceFiles()) {
    if (!virtual.has(sf.fileName)) {
      continue;
    }
    anyCount += countAny(sf);
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      const pos = d.start !== undefined ? sf.getLineAndCharacterOfPosition(d.start) : undefined;
      const where = `${sf.fileName.slice(repo.length)}${pos ? `:${pos.line + 1}:${pos.character + 1}` : ''}`;
      diagnostics.push(`${where} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    }
  }
  return { diagnostics, anyCount, files: virtual.size };
}
