// parseRetryAfter: integer seconds only, as client-go's retryAfterSeconds (strconv.Atoi) reads the header.
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../runtime/rest/retry-after.js';

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['2', 2],
    ['007', 7],
    ['+3', 3],
    ['120', 120],
    // Atoi accepts a sign; a negative wait is no wait.
    ['-1', 0],
  ])('reads %j as %i seconds', (header, want) => {
    expect(parseRetryAfter(header)).toBe(want);
  });

  it.each(['2abc', 'abc', '1.5', '1e3', '', ' ', '0x10', '+', 'Wed, 21 Oct 2015 07:28:00 GMT', '99999999999999999999'])(
    'rejects %j',
    (header) => {
      expect(parseRetryAfter(header)).toBeUndefined();
    },
  );

  it('takes the first of repeated headers, and nothing from none', () => {
    expect(parseRetryAfter(['4', '9'])).toBe(4);
    expect(parseRetryAfter(['x', '9'])).toBeUndefined();
    expect(parseRetryAfter([])).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
