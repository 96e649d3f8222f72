/**
 * A small Byg og Miljø case-system client, written against the published (modelled) WSDL:
 * SOAP 1.2 with WS-Addressing over HTTPS with the municipality's FOCES certificate, and
 * document GET/PUT with the security-token cookies. No simulator internals.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { parseXml, xml, type XmlElement, type XmlFragment } from '../../kernel/xml/index.ts';

export const NS = 'urn:govsim:bygogmiljoe:modelled:1';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const WSA = 'http://www.w3.org/2005/08/addressing';

/** Which certificate the case system uses for which municipality (its configuration). */
export interface Connection {
  /** HTTPS origin of the system interface, e.g. https://service-es.bygogmiljoe.dk (test). */
  baseUrl: string;
  caFile: string;
  certificates: Array<{ myndighedCvr: string; certFile: string; keyFile: string }>;
}

export class TransaktionFaultError extends Error {
  constructor(readonly code: string, readonly faultMessage: string, readonly operation: string) {
    super(`Byg og Miljø refused ${operation}: TransaktionFault ${code}: ${faultMessage}`);
  }
}

export class HttpError extends Error {
  constructor(readonly status: number | undefined, readonly code: string | undefined, message: string) {
    super(message);
  }
}

interface HttpResult { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

export interface Credentials { certFile: string; keyFile: string; caFile: string }

export function https(url: string, creds: Credentials, method: string, body?: Buffer | string, headers: Record<string, string> = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method, agent: false, timeout: 15_000,
      ca: readFileSync(creds.caFile), cert: readFileSync(creds.certFile), key: readFileSync(creds.keyFile),
      headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout calling ${url}`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** The (modelled) WCF action of an operation. */
export const actionOf = (service: string, op: string) => `${NS}/I${service}/${op}`;

export class BomClient {
  readonly creds: Credentials;
  constructor(readonly connection: Connection, readonly myndighedCvr: string, creds: Credentials) {
    this.creds = creds;
  }

  /** Calls one operation; returns the response wrapper element or throws TransaktionFaultError. */
  async call(service: string, op: string, inner: XmlFragment): Promise<XmlElement> {
    const url = `${this.connection.baseUrl}/${service}.svc`;
    const envelope = `<?xml version="1.0" encoding="utf-8"?>\n${xml`<s:Envelope xmlns:s="${SOAP12}" xmlns:a="${WSA}"><s:Header><a:Action s:mustUnderstand="1">${actionOf(service, op)}</a:Action><a:MessageID>urn:uuid:${randomUUID()}</a:MessageID><a:To s:mustUnderstand="1">${url}</a:To></s:Header><s:Body>${inner}</s:Body></s:Envelope>`}`;
    const res = await https(url, this.creds, 'POST', envelope, { 'content-type': `application/soap+xml; charset=utf-8; action="${actionOf(service, op)}"` });
    const doc = parseXml(res.body, { label: `${op} response` });
    const body = doc.root.child('Body', SOAP12);
    const fault = body?.child('Fault', SOAP12);
    if (fault) {
      const detail = fault.child('Detail', SOAP12)?.child('TransaktionFault', NS);
      throw new TransaktionFaultError(detail?.child('ErrorCode', NS)?.text() ?? 'UNKNOWN', detail?.child('ErrorMessage', NS)?.text() ?? fault.child('Reason', SOAP12)?.text() ?? '', op);
    }
    const out = body?.child(`${op}Response`, NS);
    if (res.status !== 200 || !out) throw new HttpError(res.status, undefined, `${op}: unexpected HTTP ${res.status} without ${op}Response`);
    return out;
  }

  async securityToken(): Promise<string> {
    const r = await this.call('SagsbehandlingV5', 'GetSecurityToken', xml`<GetSecurityToken xmlns="${NS}"><myndighedCvr>${this.myndighedCvr}</myndighedCvr></GetSecurityToken>`);
    return kids(r.child('GetSecurityTokenResult', NS), 'FederationTokenPart').map((p) => `${t(p, 'Name')}=${t(p, 'Value')}`).join('; ');
  }
}

export const t = (e: XmlElement | undefined, name: string): string => e?.child(name, NS)?.text().trim() ?? '';
export const kids = (e: XmlElement | undefined, name: string): XmlElement[] => e?.children(name, NS) ?? [];
