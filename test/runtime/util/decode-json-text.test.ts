// decodeJsonText: the ASCII shortcut gives the very string UTF-8 decoding gives, for any text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeJsonText } from '../../../runtime/util/decode-json-text.js';

describe('decodeJsonText', () => {
  it('equals UTF-8 decoding for ASCII and non-ASCII text alike', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const bytes = Buffer.from(s, 'utf8');
        expect(decodeJsonText(bytes)).toBe(bytes.toString('utf8'));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a byte above 0x7f as UTF-8, never as a latin1 character', () => {
    // "é" is 0xc3 0xa9; read as latin1 it would become two characters.
    expect(decodeJsonText(Buffer.from('{"name":"café"}', 'utf8'))).toBe('{"name":"café"}');
    expect(decodeJsonText(Buffer.from([0x7b, 0x7d]))).toBe('{}');
  });
});
