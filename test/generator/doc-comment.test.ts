// Doc comments: schema facts become JSDoc, and no description can end the comment or inject code.
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { docLines, renderDoc } from '../../generator/emit/doc-comment.js';

/** The declarations and comments TypeScript sees in `source`. */
function scan(source: string): { statements: number; comments: string[]; syntaxErrors: number } {
  const sf = ts.createSourceFile('x.ts', source, ts.ScriptTarget.ES2022, true);
  const errors = (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.length;
  const comments = (ts.getLeadingCommentRanges(source, sf.statements[0]?.getFullStart() ?? 0) ?? []).map((r) =>
    source.slice(r.pos, r.end),
  );
  return { statements: sf.statements.length, comments, syntaxErrors: errors };
}

describe('docLines', () => {
  test('description, CEL rules and tags in that order', () => {
    expect(
      docLines({
        description: 'Replicas to run.',
        default: 1,
        format: 'int32',
        pattern: '^a+$',
        facts: ['minimum 0'],
        validations: [{ rule: 'self >= 0', message: 'must not be negative', reason: 'FieldValueInvalid' }],
        deprecated: true,
      }),
    ).toEqual([
      'Replicas to run.',
      '',
      'Validation rules (CEL):',
      '- `self >= 0`: must not be negative [FieldValueInvalid]',
      '',
      '@default 1',
      '@format int32',
      '@pattern ^a+$',
      '@minimum 0',
      '@deprecated',
    ]);
  });

  test('an empty doc renders nothing', () => {
    expect(renderDoc({}, '')).toBe('');
  });

  test('line separators become lines; */ is defused; control characters are shown as escapes', () => {
    expect(docLines({ description: 'a\u2028b\u2029c\r\nd */ e\u0007' })).toEqual(['a', 'b', 'c', 'd *\\/ e\\u0007']);
  });

  test('a rule containing a backtick is not put in a code span', () => {
    expect(docLines({ validations: [{ rule: 'self.matches(`x`)' }] })).toEqual([
      'Validation rules (CEL):',
      '- self.matches(`x`)',
    ]);
  });
});

describe('renderDoc', () => {
  test('no text breaks out of the comment', () => {
    const evil = fc.oneof(
      fc.string({ unit: 'binary' }),
      // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax inside plain text is the input under test
      fc.constantFrom('*/', '*/ export const pwned = 1; /*', '`${x}`', '\u2028*/', '\r*/', '* /', '/**/'),
    );
    fc.assert(
      fc.property(evil, evil, (description, rule) => {
        const source = `${renderDoc({ description, validations: [{ rule }], default: description }, '')}export interface X {}\n`;
        const seen = scan(source);
        expect(seen.syntaxErrors).toBe(0);
        expect(seen.statements).toBe(1);
        expect(seen.comments.length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 400 },
    );
  });

  test('single-line and multi-line forms', () => {
    expect(renderDoc({ description: 'One line.' }, '  ')).toBe('  /** One line. */\n');
    expect(renderDoc({ description: 'Two\nlines.' }, '')).toBe('/**\n * Two\n * lines.\n */\n');
  });
});
