import { AdminError } from './problem.ts';

/**
 * Validates a request's query against the names a route accepts: unknown or
 * repeated parameters are refused, so a typo never silently widens a filter.
 */
export function readQuery(search: URLSearchParams, allowed: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of search) {
    if (!allowed.includes(name)) {
      const hint = allowed.length > 0 ? ` (accepted: ${allowed.join(', ')})` : ' (this endpoint takes none)';
      throw new AdminError('ADMIN_BAD_REQUEST', `unknown query parameter "${name}"${hint}`, { parameter: name });
    }
    if (name in out) throw new AdminError('ADMIN_BAD_REQUEST', `query parameter "${name}" given more than once`, { parameter: name });
    out[name] = value;
  }
  return out;
}

/** An optional integer query parameter within [min, max]. */
export function intParam(query: Record<string, string>, name: string, min: number, max: number): number | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new AdminError('ADMIN_BAD_REQUEST', `query parameter "${name}" must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`, { parameter: name });
  }
  return Number(raw);
}
