// Query strings byte for byte as client-go writes them, so requests and their logs match.
import type { RestRequest } from './rest-client.js';

// Go's url.QueryEscape: everything but letters, digits and `-_.~` is percent-encoded, a space becomes `+`.
function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/**
 * Builds the query string as client-go does (url.Values.Encode): keys sorted, a list as repeated keys in order,
 * each part escaped by url.QueryEscape. Undefined values are left out.
 */
export function encodeQuery(query: RestRequest['query']): string {
  const parts: string[] = [];
  for (const k of Object.keys(query ?? {}).sort()) {
    const v = query?.[k];
    if (v === undefined) {
      continue;
    }
    const key = queryEscape(k);
    for (const item of Array.isArray(v) ? v : [v]) {
      parts.push(`${key}=${queryEscape(String(item))}`);
    }
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}
