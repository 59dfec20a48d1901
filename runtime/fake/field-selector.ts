// Field selectors (`metadata.name=x,spec.color!=red`): parsing, validation against a resource's fields, and matching.
import { badRequest } from './api-errors.js';

/** One `field=value` or `field!=value` term. */
export interface FieldRequirement {
  readonly field: string;
  readonly op: '=' | '!=';
  readonly value: string;
}

// Splits on an unescaped separator; `\` escapes `\`, `,`, `=` and `!` as in apimachinery's fields.EscapeValue.
function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + (s[i + 1] as string);
      i++;
    } else if (c === sep) {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out;
}

function unescapeValue(v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i] as string;
    if (c === '\\') {
      const n = v[i + 1];
      if (n === undefined || !'\\,=!'.includes(n)) {
        throw badRequest(`invalid field selector: invalid escape sequence in value "${v}"`);
      }
      out += n;
      i++;
    } else if (c === ',' || c === '=') {
      throw badRequest(`invalid field selector: unescaped "${c}" in value "${v}"`);
    } else {
      out += c;
    }
  }
  return out;
}

/** Parses a field selector; "" selects everything. Throws a 400 ApiError for bad syntax. */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  if (selector.trim() === '') {
    return [];
  }
  return splitUnescaped(selector, ',').map((term) => {
    for (const op of ['!=', '==', '='] as const) {
      const i = term.indexOf(op);
      if (i > 0) {
        return {
          field: term.slice(0, i).trim(),
          op: op === '!=' ? '!=' : '=',
          value: unescapeValue(term.slice(i + op.length)),
        };
      }
    }
    throw badRequest(`invalid field selector: "${term}": expected an operator (=, ==, !=)`);
  });
}

/** `.spec.color` (a CRD selectableFields jsonPath) as the selector field name `spec.color`. */
export function selectorFieldName(jsonPath: string): string {
  return jsonPath.startsWith('.') ? jsonPath.slice(1) : jsonPath;
}

/** Reads a dotted path from an object; undefined when any step is missing. */
export function readPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.').filter((p) => p !== '')) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur) || !Object.hasOwn(cur, part)) {
      return undefined;
    }
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** A parsed field selector bound to the fields a resource allows. */
export class FieldSelector {
  private constructor(private readonly requirements: readonly FieldRequirement[]) {}

  /**
   * Parses `selector` and checks each field is `metadata.name`, `metadata.namespace` or one of `selectable`
   * (jsonPaths such as `.spec.color`); an unknown field is a 400, as the API server answers.
   */
  static parse(selector: string | undefined, selectable: readonly string[]): FieldSelector {
    const reqs = parseFieldSelector(selector ?? '');
    const allowed = new Set(['metadata.name', 'metadata.namespace', ...selectable.map(selectorFieldName)]);
    for (const r of reqs) {
      if (!allowed.has(r.field)) {
        throw badRequest(
          `"${r.field}" is not a known field selector: only ${[...allowed].map((f) => `"${f}"`).join(', ')}`,
        );
      }
    }
    return new FieldSelector(reqs);
  }

  empty(): boolean {
    return this.requirements.length === 0;
  }

  /** The value `metadata.name` must equal, if the selector pins it. */
  requiredName(): string | undefined {
    return this.requirements.find((r) => r.field === 'metadata.name' && r.op === '=')?.value;
  }

  matches(obj: unknown): boolean {
    return this.requirements.every((r) => {
      const v = readPath(obj, r.field);
      // Absent fields select as "", and scalars as their text, the way field label conversion renders them.
      const text = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
      return r.op === '=' ? text === r.value : text !== r.value;
    });
  }
}
