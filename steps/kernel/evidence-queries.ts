import type { EvidenceRecord } from '../../simulators/kernel/evidence/index.ts';

/** Path of the request in an exchange record (its url may be absolute or a path). */
export function requestPath(r: EvidenceRecord): string | undefined {
  const url = r.request?.url;
  return url === undefined ? undefined : new URL(url, 'http://placeholder').pathname;
}

export const exchangeOn = (method: string, path: string) => (r: EvidenceRecord) =>
  r.kind === 'exchange' && r.direction !== 'outbound' && r.request?.method === method && requestPath(r) === path;

/** The JSON body of a recorded response, or undefined. */
export function responseJson(r: EvidenceRecord): Record<string, unknown> | undefined {
  const body = r.response?.body;
  if (body === undefined || r.response?.bodyEncoding === 'base64') return undefined;
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
