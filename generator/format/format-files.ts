// The format step: the generated-code marker and boilerplate on top, normalised line endings and whitespace.
import { type GeneratedFile, generatedMarker } from '../emit/generated-file.js';

export interface FormatOptions {
  /** Text of the boilerplate file (a license header); plain lines are turned into `//` comments. @default undefined */
  readonly boilerplate?: string | undefined;
}

/** Turns boilerplate text into comment lines; text already written as a comment is kept as it is. */
export function boilerplateComment(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replace(/^\n+|\s+$/g, '')
    .split('\n');
  if (lines.length === 1 && lines[0] === '') {
    return '';
  }
  const first = lines[0]!.trimStart();
  if (first.startsWith('/*') || lines.every((l) => l.trimStart().startsWith('//') || l.trim() === '')) {
    return lines.map((l) => l.replace(/\s+$/, '')).join('\n');
  }
  return lines.map((l) => (l.trim() === '' ? '//' : `// ${l.replace(/\s+$/, '')}`)).join('\n');
}

function normalise(body: string): string {
  return `${body
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '')
    .replace(/\n*$/, '')}\n`;
}

/** Formats one file. Pure and idempotent on its body: the same input always gives the same bytes. */
export function formatFile(file: GeneratedFile, options: FormatOptions = {}): GeneratedFile {
  const boilerplate = options.boilerplate !== undefined ? boilerplateComment(options.boilerplate) : '';
  const head = boilerplate === '' ? `${generatedMarker}\n` : `${generatedMarker}\n${boilerplate}\n`;
  return { path: file.path, content: `${head}\n${normalise(file.content)}` };
}

/** Formats every file. */
export function formatFiles(files: readonly GeneratedFile[], options: FormatOptions = {}): GeneratedFile[] {
  return files.map((f) => formatFile(f, options));
}
