/**
 * SOAP 1.1 shape of the XMeld web service (modelled on the AKDB "XoevService":
 * operation callApplicationByte, request xmlParameter, answer callApplicationByteReturn).
 */
import { escapeXml, parseXml, XmlError, type XmlElement } from '../../kernel/xml/index.ts';
import { fault, type MrdsFault, type MrdsFaultCode } from '../domain/index.ts';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SERVICE_NS = 'urn:akdb:ok.komm:xmeld-service';
export const FEHLER_NS = 'urn:govsim:mrds:fehler:1';
export const TEXT_XML = 'text/xml; charset=utf-8';

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

/** The XMeld request out of a SOAP request body, or the fault that says why not. */
export function readCallApplicationByte(body: Buffer, encoding: 'base64' | 'xml'): { xmeld: Buffer; encoding: 'base64' | 'xml' } | { fault: MrdsFault } {
  let env: XmlElement;
  try {
    env = parseXml(body, { label: 'SOAP request', maxBytes: 20 * 1024 * 1024 }).root;
  } catch (err) {
    if (err instanceof XmlError) return { fault: fault('MRDS_SOAP_INVALID', `the request is not well-formed XML: ${err.message}`) };
    throw err;
  }
  if (env.name !== 'Envelope' || env.ns !== SOAP11_NS) {
    return { fault: fault('MRDS_SOAP_INVALID', `expected a SOAP 1.1 Envelope (${SOAP11_NS}), got {${env.ns}}${env.name}`) };
  }
  const op = env.child('Body', SOAP11_NS)?.children()[0];
  if (!op || op.name !== 'callApplicationByte' || op.ns !== SERVICE_NS) {
    return { fault: fault('MRDS_SOAP_INVALID', `the SOAP Body must hold {${SERVICE_NS}}callApplicationByte${op ? `, not {${op.ns}}${op.name}` : ''}`) };
  }
  const param = op.child('xmlParameter', SERVICE_NS) ?? op.child('xmlParameter', '');
  if (!param) return { fault: fault('MRDS_SOAP_INVALID', 'callApplicationByte has no xmlParameter') };
  const elements = param.children();
  if (encoding === 'xml') {
    if (elements.length !== 1) return { fault: fault('MRDS_PARAMETER_NOT_XML', 'this service is configured for raw XML: xmlParameter must hold the XMeld request element, not base64 text') };
    return { xmeld: Buffer.from(elements[0].outerXml(), 'utf8'), encoding };
  }
  const text = param.text().trim();
  if (elements.length > 0 || text.startsWith('<') || text === '' || !BASE64.test(text)) {
    return { fault: fault('MRDS_PARAMETER_NOT_BASE64', elements.length > 0 || text.startsWith('<')
      ? 'xmlParameter holds plain XML; this service expects the XMeld request base64-encoded (UTF-8)'
      : 'xmlParameter is not base64 text') };
  }
  return { xmeld: Buffer.from(text.replace(/\s+/g, ''), 'base64'), encoding };
}

export function soapResponse(xmeldAnswer: string, encoding: 'base64' | 'xml'): string {
  const payload = encoding === 'base64' ? Buffer.from(xmeldAnswer, 'utf8').toString('base64') : xmeldAnswer.replace(/^<\?xml[^>]*\?>\s*/, '');
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP11_NS}"><soapenv:Body><svc:callApplicationByteResponse xmlns:svc="${SERVICE_NS}"><svc:callApplicationByteReturn>${payload}</svc:callApplicationByteReturn></svc:callApplicationByteResponse></soapenv:Body></soapenv:Envelope>`;
}

// Characters XML 1.0 cannot carry; a fault message may quote them from a hostile request (found by fuzzing).
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function soapFault(fault: { code: MrdsFaultCode | string; message: string; side: 'Client' | 'Server' }): string {
  const f = { ...fault, code: fault.code.replace(NOT_XML, '\uFFFD'), message: fault.message.replace(NOT_XML, '\uFFFD') };
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP11_NS}"><soapenv:Body><soapenv:Fault><faultcode>soapenv:${f.side}</faultcode><faultstring xml:lang="en">${escapeXml(`${f.code}: ${f.message}`)}</faultstring><detail><fehler:fehler xmlns:fehler="${FEHLER_NS}"><fehler:code>${escapeXml(f.code)}</fehler:code><fehler:text>${escapeXml(f.message)}</fehler:text></fehler:fehler></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
}
