/** SOAP 1.1 bits the transport writes itself: faults and content types. */
import { SOAP_NS } from '../domain/ebms/index.ts';
import { xmlText } from '../domain/xml-text.ts';

export const TEXT_XML = 'text/xml; charset=UTF-8';
export const EBXML_SOAP_ACTION = '"ebXML"';

/** A SOAP 1.1 Fault (HTTP 500). `code` is govsim's stable rule code, carried in the detail. */
export function soapFault(faultCode: 'Client' | 'Server', faultString: string, code: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="${SOAP_NS}"><soap:Body><soap:Fault><faultcode>soap:${faultCode}</faultcode><faultstring>${xmlText(faultString)}</faultstring><detail><govsim:code xmlns:govsim="urn:govsim:errors">${xmlText(code)}</govsim:code></detail></soap:Fault></soap:Body></soap:Envelope>
`;
}

/** Reads faultcode/faultstring/detail code back from a SOAP Fault body (used by the reference client and tests). */
export function readSoapFault(xml: string): { faultCode: string; faultString: string; code?: string } | undefined {
  const fc = /<faultcode>([^<]*)<\/faultcode>/.exec(xml);
  if (!fc) return undefined;
  const fs = /<faultstring>([^<]*)<\/faultstring>/.exec(xml);
  const code = /<govsim:code[^>]*>([^<]*)</.exec(xml);
  const out: { faultCode: string; faultString: string; code?: string } = { faultCode: fc[1], faultString: fs?.[1] ?? '' };
  if (code) out.code = code[1];
  return out;
}
