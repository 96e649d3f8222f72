import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** Header values as evidence keeps them: strings or string lists, names lower-case. */
export function flattenHeaders(h: OutgoingHttpHeaders | IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.map(String) : String(v);
  }
  return out;
}
