// The Retry-After header as client-go reads it: integer seconds only (strconv.Atoi), no HTTP date, no fraction.

/**
 * The seconds of a `Retry-After` header, or undefined when absent or not an integer. Like Go's strconv.Atoi, an
 * optional sign is accepted and nothing else ("2abc", "1.5", "" and dates are not retried); a negative value
 * waits 0 s.
 */
export function parseRetryAfter(header: string | readonly string[] | undefined): number | undefined {
  const v = typeof header === 'string' ? header : header?.[0];
  if (v === undefined || !/^[+-]?[0-9]+$/.test(v)) {
    return undefined;
  }
  const n = Number(v);
  return Number.isSafeInteger(n) ? Math.max(0, n) : undefined;
}
