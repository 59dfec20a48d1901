// JSDoc from schema facts, escaped so that no description (`*/`, control characters, U+2028) can end the comment early.
import type { DocInfo } from '../model/api-model.js';

/** Shows invisible control characters (other than tab) as `\uXXXX`: they confuse editors and diff tools. */
function showControlCharacters(line: string): string {
  let out = '';
  for (const ch of line) {
    const c = ch.charCodeAt(0);
    out += (c < 0x20 && c !== 0x09) || c === 0x7f ? `\\u${c.toString(16).padStart(4, '0')}` : ch;
  }
  return out;
}

/** Makes one line safe inside a block comment. */
export function escapeCommentLine(line: string): string {
  // `*/` would close the comment; `*\/` reads the same to a human.
  return showControlCharacters(line.replace(/\*\//g, '*\\/')).replace(/\s+$/, '');
}

/** Splits text into comment lines on every kind of line break, including U+2028 and U+2029. */
export function commentLines(text: string): string[] {
  return text.split(/\r\n|\r|\n|\u2028|\u2029/).map(escapeCommentLine);
}

function codeSpan(text: string): string {
  return text.includes('`') ? text : `\`${text}\``;
}

function compactJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The comment lines (without `/**` framing) for a doc; empty when there is nothing to say. */
export function docLines(doc: DocInfo): string[] {
  const lines: string[] = [];
  if (doc.description !== undefined) {
    lines.push(...commentLines(doc.description.replace(/\s+$/, '')));
  }
  if (doc.validations !== undefined && doc.validations.length > 0) {
    if (lines.length > 0) {
      lines.push('');
    }
    lines.push('Validation rules (CEL):');
    for (const v of doc.validations) {
      let text = `- ${codeSpan(v.rule)}`;
      if (v.message !== undefined) {
        text += `: ${v.message}`;
      } else if (v.messageExpression !== undefined) {
        text += `: message from ${codeSpan(v.messageExpression)}`;
      }
      if (v.fieldPath !== undefined) {
        text += ` (field ${v.fieldPath})`;
      }
      if (v.reason !== undefined) {
        text += ` [${v.reason}]`;
      }
      lines.push(...commentLines(text));
    }
  }
  const tags: string[] = [];
  if (doc.default !== undefined) {
    tags.push(`@default ${compactJson(doc.default)}`);
  }
  if (doc.format !== undefined) {
    tags.push(`@format ${doc.format}`);
  }
  if (doc.pattern !== undefined) {
    tags.push(`@pattern ${doc.pattern}`);
  }
  for (const f of doc.facts ?? []) {
    tags.push(`@${f}`);
  }
  if (doc.deprecated === true) {
    tags.push('@deprecated');
  }
  if (tags.length > 0) {
    if (lines.length > 0) {
      lines.push('');
    }
    for (const t of tags) {
      lines.push(...commentLines(t));
    }
  }
  return lines;
}

/** A `/** ... *\/` block at `indent`, or '' when the doc is empty. */
export function renderDoc(doc: DocInfo, indent: string): string {
  const lines = docLines(doc);
  if (lines.length === 0) {
    return '';
  }
  if (lines.length === 1) {
    return `${indent}/** ${lines[0]} */\n`;
  }
  return `${indent}/**\n${lines.map((l) => (l === '' ? `${indent} *` : `${indent} * ${l}`)).join('\n')}\n${indent} */\n`;
}
