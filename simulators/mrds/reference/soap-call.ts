/**
 * The reference Fachverfahren's SOAP 1.1 call (callApplicationByte) over HTTPS with the
 * client certificate from the installed PKCS#12. Never throws for protocol outcomes:
 * faults and wire errors come back as data.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { parseXml } from '../../kernel/xml/index.ts';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SERVICE_NS = 'urn:akdb:ok.komm:xmeld-service';
const FEHLER_NS = 'urn:govsim:mrds:fehler:1';

export interface SoapCallResult {
  status?: number;
  /** The XMeld answer (decoded from base64, or the raw element). */
  answerXml?: string;
  fault?: { faultcode: string; faultstring: string; code?: string };
  error?: string;
}

export function envelope(xmeld: string, encoding: 'base64' | 'xml'): string {
  const payload = encoding === 'base64' ? Buffer.from(xmeld, 'utf8').toString('base64') : xmeld.replace(/^<\?xml[^>]*\?>\s*/, '');
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP11_NS}" xmlns:svc="${SERVICE_NS}"><soapenv:Body><svc:callApplicationByte><svc:xmlParameter>${payload}</svc:xmlParameter></svc:callApplicationByte></soapenv:Body></soapenv:Envelope>`;
}

export function callApplicationByte(o: { endpoint: string; p12File: string; passphrase: string; caFile: string; body: string; timeoutMs?: number }): Promise<SoapCallResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: SoapCallResult) => { if (!settled) { settled = true; resolve(r); } };
    const req = request(o.endpoint, {
      method: 'POST', agent: false, timeout: o.timeoutMs ?? 20_000,
      pfx: readFileSync(o.p12File), passphrase: o.passphrase, ca: readFileSync(o.caFile),
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""', 'content-length': Buffer.byteLength(o.body) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err: NodeJS.ErrnoException) => done({ status: res.statusCode, error: err.code ?? err.message }));
      res.on('end', () => done({ status: res.statusCode, ...readSoapResponse(Buffer.concat(chunks)) }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => done({ error: err.code ?? err.message }));
    req.end(o.body);
  });
}

export function readSoapResponse(body: Buffer): Omit<SoapCallResult, 'status'> {
  try {
    const env = parseXml(body, { label: 'SOAP response', maxBytes: 50 * 1024 * 1024 }).root;
    const content = env.child('Body', SOAP11_NS)?.children()[0];
    if (!content) return { error: 'SOAP response without Body content' };
    if (content.name === 'Fault' && content.ns === SOAP11_NS) {
      return {
        fault: {
          faultcode: content.child('faultcode', '')?.text().trim() ?? '',
          faultstring: content.child('faultstring', '')?.text().trim() ?? '',
          code: content.find('detail/f:fehler/f:code', { f: FEHLER_NS })?.text().trim(),
        },
      };
    }
    const ret = content.children('callApplicationByteReturn')[0];
    if (!ret) return { error: `unexpected SOAP response element ${content.name}` };
    const inner = ret.children()[0];
    return { answerXml: inner ? inner.outerXml() : Buffer.from(ret.text().replace(/\s+/g, ''), 'base64').toString('utf8') };
  } catch (err) {
    return { error: `unreadable SOAP response: ${(err as Error).message}` };
  }
}

/** The parts of an XMeld answer the Fachverfahren shows its user. */
export function readAnswer(answerXml: string): { nachrichtentyp: string; ergebnis: string; anzahlTreffer: number; hinweise: string[]; personen: Array<Record<string, unknown>> } {
  const root = parseXml(answerXml, { label: 'XMeld answer', maxBytes: 50 * 1024 * 1024 }).root;
  const t = (e: ReturnType<typeof root.find>, p: string) => e?.find(p)?.text().trim();
  return {
    nachrichtentyp: t(root, 'nachrichtenkopf.g2g/identifikation.nachricht/nachrichtentyp/code') ?? '',
    ergebnis: t(root, 'ergebnisstatus/code') ?? '',
    anzahlTreffer: Number(t(root, 'anzahlTreffer') ?? 'NaN'),
    hinweise: root.findAll('hinweis/code').map((c) => c.text().trim()),
    personen: root.findAll('person').map((p) => {
      const out: Record<string, unknown> = { auskunftssperre: t(p, 'auskunftssperre') === 'true' };
      for (const c of p.children()) {
        if (c.name === 'auskunftssperre') continue;
        out[c.name] = c.children().length ? c.children().map((x) => (x.children().length ? x.outerXml() : x.text().trim())).join(' | ') : c.text().trim();
      }
      return out;
    }),
  };
}
