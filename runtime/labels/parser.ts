// Parses label selector strings with apimachinery's grammar: `a=b,c!=d,e in (f,g),h notin (i),j,!k,l>1,m<2`.
import type { LabelSelector } from '../api/meta.js';
import {
  everything,
  LabelSelectorError,
  newRequirement,
  nothing,
  type Requirement,
  type Selector,
  type SelectorOperator,
  selectorFromRequirements,
} from './selector.js';

type Token = 'error' | 'end' | ')' | ',' | '!' | '==' | '=' | '>' | 'identifier' | 'in' | '<' | '!=' | 'notin' | '(';

interface Scanned {
  readonly tok: Token;
  readonly lit: string;
}

const keywords: Readonly<Record<string, Token>> = {
  ')': ')',
  ',': ',',
  '!': '!',
  '==': '==',
  '=': '=',
  '>': '>',
  in: 'in',
  '<': '<',
  '!=': '!=',
  notin: 'notin',
  '(': '(',
};

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function isSpecial(ch: string): boolean {
  return ch === '=' || ch === '!' || ch === '(' || ch === ')' || ch === ',' || ch === '>' || ch === '<';
}

function keyword(s: string): Token | undefined {
  return Object.hasOwn(keywords, s) ? keywords[s] : undefined;
}

function lex(s: string): Scanned[] {
  const out: Scanned[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos] as string)) {
      pos++;
    }
    if (pos >= s.length) {
      out.push({ tok: 'end', lit: '' });
      return out;
    }
    const ch = s[pos] as string;
    if (isSpecial(ch)) {
      // The longest run of symbols that still forms a known token wins ("!=" over "!").
      let buf = '';
      let last: Scanned | undefined;
      while (pos < s.length && isSpecial(s[pos] as string)) {
        buf += s[pos];
        const t = keyword(buf);
        if (t !== undefined) {
          last = { tok: t, lit: buf };
        } else if (last !== undefined) {
          break;
        }
        pos++;
      }
      if (last === undefined) {
        out.push({ tok: 'error', lit: `error expected: keyword found '${buf}'` });
        return out;
      }
      out.push(last);
      continue;
    }
    const start = pos;
    while (pos < s.length && !isSpecial(s[pos] as string) && !isWhitespace(s[pos] as string)) {
      pos++;
    }
    const word = s.slice(start, pos);
    out.push({ tok: keyword(word) ?? 'identifier', lit: word });
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly items: readonly Scanned[]) {}

  // In value position the words `in` and `notin` are plain identifiers.
  private peek(values: boolean): Scanned {
    const it = this.items[this.pos] as Scanned;
    return values && (it.tok === 'in' || it.tok === 'notin') ? { tok: 'identifier', lit: it.lit } : it;
  }

  private next(values: boolean): Scanned {
    const it = this.peek(values);
    this.pos++;
    return it;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.peek(true);
      if (tok === 'end') {
        return reqs;
      }
      if (tok !== 'identifier' && tok !== '!') {
        throw new LabelSelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
      reqs.push(this.requirement());
      const after = this.next(true);
      if (after.tok === 'end') {
        return reqs;
      }
      if (after.tok !== ',') {
        throw new LabelSelectorError(`found '${after.lit}', expected: ',' or 'end of string'`);
      }
      const following = this.peek(true);
      if (following.tok !== 'identifier' && following.tok !== '!') {
        throw new LabelSelectorError(`found '${following.lit}', expected: identifier after ','`);
      }
    }
  }

  private requirement(): Requirement {
    let negated = false;
    let t = this.next(true);
    if (t.tok === '!') {
      negated = true;
      t = this.next(true);
    }
    if (t.tok !== 'identifier') {
      throw new LabelSelectorError(`unable to parse requirement: found '${t.lit}', expected: identifier`);
    }
    const key = t.lit;
    const ahead = this.peek(true).tok;
    if (negated || ahead === 'end' || ahead === ',') {
      if (negated) {
        return this.build(key, '!', []);
      }
      return this.build(key, 'exists', []);
    }
    const opTok = this.next(false);
    let op: SelectorOperator;
    switch (opTok.tok) {
      case 'in':
        op = 'in';
        break;
      case 'notin':
        op = 'notin';
        break;
      case '=':
        op = '=';
        break;
      case '==':
        op = '==';
        break;
      case '!=':
        op = '!=';
        break;
      case '>':
        op = 'gt';
        break;
      case '<':
        op = 'lt';
        break;
      default:
        throw new LabelSelectorError(
          `unable to parse requirement: found '${opTok.lit}', expected: in, notin, =, ==, !=, gt, lt`,
        );
    }
    const values = op === 'in' || op === 'notin' ? this.setValues() : this.exactValue();
    // Values form a set: duplicates collapse and the order is canonical, as apimachinery's sets.String.
    return this.build(key, op, [...new Set(values)].sort());
  }

  private build(key: string, op: SelectorOperator, values: string[]): Requirement {
    try {
      return newRequirement(key, op, values);
    } catch (e) {
      throw new LabelSelectorError(`unable to parse requirement: ${(e as Error).message}`);
    }
  }

  private setValues(): string[] {
    const open = this.next(true);
    if (open.tok !== '(') {
      throw new LabelSelectorError(`unable to parse requirement: found '${open.lit}' expected: '('`);
    }
    const first = this.peek(true);
    if (first.tok === ')') {
      this.next(true);
      return [''];
    }
    if (first.tok !== 'identifier' && first.tok !== ',') {
      throw new LabelSelectorError(
        `unable to parse requirement: found '${first.lit}', expected: ',', ')' or identifier`,
      );
    }
    const values: string[] = [];
    for (;;) {
      const t = this.next(true);
      if (t.tok === 'identifier') {
        values.push(t.lit);
        const n = this.peek(true);
        if (n.tok === ',') {
          continue;
        }
        if (n.tok === ')') {
          break;
        }
        throw new LabelSelectorError(`unable to parse requirement: found '${n.lit}', expected: ',' or ')'`);
      }
      if (t.tok === ',') {
        // Empty entries stand for the empty value: "(,a)", "(a,)" and "(a,,b)".
        if (values.length === 0) {
          values.push('');
        }
        const n = this.peek(true);
        if (n.tok === ')') {
          values.push('');
          break;
        }
        if (n.tok === ',') {
          values.push('');
        }
        continue;
      }
      throw new LabelSelectorError(`unable to parse requirement: found '${t.lit}', expected: ',', or identifier`);
    }
    const close = this.next(true);
    if (close.tok !== ')') {
      throw new LabelSelectorError(`unable to parse requirement: found '${close.lit}', expected: ')'`);
    }
    return values;
  }

  private exactValue(): string[] {
    const n = this.peek(true);
    if (n.tok === 'end' || n.tok === ',') {
      return [''];
    }
    const t = this.next(true);
    if (t.tok === 'identifier') {
      return [t.lit];
    }
    throw new LabelSelectorError(`unable to parse requirement: found '${t.lit}', expected: identifier`);
  }
}

/** Parses a selector string; throws {@link LabelSelectorError} for bad syntax, keys or values. "" selects everything. */
export function parseSelector(selector: string): Selector {
  const items = lex(selector);
  const err = items.find((i) => i.tok === 'error');
  if (err !== undefined) {
    throw new LabelSelectorError(`unable to parse requirement: ${err.lit}`);
  }
  return selectorFromRequirements(new Parser(items).parse());
}

const expressionOperators: Readonly<Record<string, SelectorOperator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * metav1.LabelSelectorAsSelector: matchLabels and matchExpressions ANDed. An undefined selector matches nothing
 * and an empty one matches everything, as for a Deployment's or a Service's selector.
 */
export function labelSelectorAsSelector(selector: LabelSelector | undefined | null): Selector {
  if (selector === undefined || selector === null) {
    return nothing();
  }
  const labels = selector.matchLabels ?? {};
  const exprs = selector.matchExpressions ?? [];
  if (Object.keys(labels).length + exprs.length === 0) {
    return everything();
  }
  const reqs: Requirement[] = [];
  for (const k of Object.keys(labels)) {
    reqs.push(newRequirement(k, '=', [labels[k] as string]));
  }
  for (const e of exprs) {
    const op = Object.hasOwn(expressionOperators, e.operator) ? expressionOperators[e.operator] : undefined;
    if (op === undefined) {
      throw new LabelSelectorError(`"${e.operator}" is not a valid label selector operator`);
    }
    reqs.push(newRequirement(e.key, op, e.values ?? []));
  }
  return selectorFromRequirements(reqs);
}
