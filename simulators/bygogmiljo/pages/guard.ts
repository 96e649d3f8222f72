/**
 * Protection for the operator and citizen pages, which have no login (a local test tool):
 * - DNS rebinding: when the pages listen on a loopback address, a request must name a
 *   loopback host, so a foreign web site re-pointed at 127.0.0.1 cannot read or post them;
 * - cross-site form posts (CSRF): a browser POST must come from the pages' own origin
 *   (`Origin` / `Sec-Fetch-Site`), so a foreign page cannot register certificates or agreements.
 * Clients that are not browsers (curl, scripts) send neither header and are accepted.
 * Pure: takes the request headers, returns a refusal or undefined.
 */
import type { BomFaultCode } from '../domain/index.ts';

export interface PortalRefusal { code: Extract<BomFaultCode, 'BOM_PORTAL_VAERT_AFVIST' | 'BOM_PORTAL_FREMMED_OPRINDELSE'>; message: string }

type Headers = Record<string, string | string[] | undefined>;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export const isLoopbackAddress = (host: string | undefined): boolean =>
  host === undefined || host === '' || LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** The host name of a Host header value ("127.0.0.1:8075" → "127.0.0.1", "[::1]:8075" → "[::1]"). */
export function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon >= 0 ? h.slice(0, colon) : h;
}

export function portalRefusal(method: string, headers: Headers, loopbackOnly: boolean): PortalRefusal | undefined {
  const host = one(headers.host) ?? '';
  if (loopbackOnly && !isLoopbackAddress(hostName(host))) {
    return { code: 'BOM_PORTAL_VAERT_AFVIST', message: `the pages listen on a loopback address and answer only requests for localhost/127.0.0.1, not for host "${host}"` };
  }
  if (method === 'GET' || method === 'HEAD') return undefined;
  const site = one(headers['sec-fetch-site']);
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { code: 'BOM_PORTAL_FREMMED_OPRINDELSE', message: `a form may only be posted from the operator/citizen pages themselves (Sec-Fetch-Site: ${site})` };
  }
  const origin = one(headers.origin);
  if (origin !== undefined && origin.toLowerCase() !== `http://${host.toLowerCase()}`) {
    return { code: 'BOM_PORTAL_FREMMED_OPRINDELSE', message: `a form may only be posted from the operator/citizen pages themselves (Origin ${origin} is not http://${host})` };
  }
  return undefined;
}
