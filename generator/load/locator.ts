// Maps JSON pointers to line and column in YAML or JSON text, for error messages; JSON is only re-parsed on error.
import { type Document, isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { InputLocation } from '../errors.js';
import { parsePointer } from '../errors.js';
import type { Locator } from './source-set.js';

/** The node at `pointer`, or the deepest existing ancestor when part of the path is missing. */
function deepestNode(doc: Document.Parsed, pointer: string): Node | null {
  let node: unknown = doc.contents;
  let found: Node | null = isMap(node) || isSeq(node) ? node : null;
  for (const seg of parsePointer(pointer)) {
    if (isMap(node)) {
      node = node.get(seg, true);
    } else if (isSeq(node)) {
      node = node.get(Number(seg), true);
    } else {
      break;
    }
    if (node === undefined || node === null) {
      break;
    }
    found = node as Node;
  }
  return found;
}

/** A locator over one already-parsed YAML document. `base` is prepended to every pointer. */
export function yamlLocator(file: string, doc: Document.Parsed, lines: LineCounter, base = ''): Locator {
  return (pointer: string): InputLocation => {
    const node = deepestNode(doc, base + pointer);
    const offset = node?.range?.[0];
    if (offset === undefined) {
      return { file };
    }
    const pos = lines.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
}

/** A locator over JSON text; the text is parsed for positions only the first time a location is asked for. */
export function jsonLocator(file: string, text: string, base = ''): Locator {
  let parsed: { doc: Document.Parsed; lines: LineCounter } | undefined;
  return (pointer: string): InputLocation => {
    if (parsed === undefined) {
      const lines = new LineCounter();
      parsed = { doc: parseDocument(text, { lineCounter: lines, uniqueKeys: false }), lines };
    }
    return yamlLocator(file, parsed.doc, parsed.lines, base)(pointer);
  };
}

/** Line and column (1-based) of a character offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastNewline = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastNewline = i;
    }
  }
  return { line, column: offset - lastNewline };
}
