/**
 * SOAP 1.2 as a WCF WSHttpBinding service speaks it (modelled): envelope parsing with the
 * XML guard and XSD validation, optional WS-Addressing, and TransaktionFault rendering.
 */
import { fileURLToPath } from 'node:url';
import { getSchema, parseXml, xml, XmlError, type XmlElement, type XmlFragment } from '../../kernel/xml/index.ts';
import { BomFault } from '../domain/index.ts';
import { BOM_NS, SERVICES, SOAP11_NS, SOAP12_CONTENT_TYPE, SOAP12_NS, WSA_NS, soapAction, type ServiceName } from './contract.ts';

const VALIDATION_XSD = fileURLToPath(new URL('../../../schemas/bygogmiljo/validation.xsd', import.meta.url));

export interface SoapRequest {
  service: ServiceName;
  operation: string;
  payload: XmlElement;
  /** The action the client named (Content-Type action parameter or wsa:Action). */
  action?: string;
  /** wsa:MessageID, echoed as wsa:RelatesTo. */
  messageId?: string;
  addressing: boolean;
}

/** Reads the `action` parameter of `application/soap+xml; action="…"`. */
export function contentTypeAction(contentType: string | undefined): string | undefined {
  const m = /;\s*action\s*=\s*"?([^";]*)"?/i.exec(contentType ?? '');
  return m ? m[1] : undefined;
}

export function parseSoapRequest(service: ServiceName, body: Buffer, contentType: string | undefined): SoapRequest {
  const ct = (contentType ?? '').toLowerCase();
  if (!ct.startsWith('application/soap+xml')) {
    throw new BomFault('BOM_SOAP_VERSION', `the service speaks SOAP 1.2 (Content-Type application/soap+xml), got "${contentType ?? '(none)'}"`);
  }
  let doc;
  try {
    doc = parseXml(body, { label: 'SOAP request' });
  } catch (err) {
    if (err instanceof XmlError) throw new BomFault('BOM_ANMODNING_UGYLDIG', `${err.code}: ${err.message}`);
    throw err;
  }
  const env = doc.root;
  if (env.name !== 'Envelope' || env.ns !== SOAP12_NS) {
    throw new BomFault('BOM_SOAP_VERSION', env.ns === SOAP11_NS ? 'SOAP 1.1 envelopes are not accepted; use SOAP 1.2' : `root element {${env.ns}}${env.name} is not a SOAP 1.2 Envelope`);
  }
  const header = env.child('Header', SOAP12_NS);
  const bodyEl = env.child('Body', SOAP12_NS);
  const payload = bodyEl?.children()[0];
  if (!payload) throw new BomFault('BOM_ANMODNING_UGYLDIG', 'the SOAP Body is empty');
  const ops = SERVICES[service] as readonly string[];
  if (payload.ns !== BOM_NS || !ops.includes(payload.name)) {
    throw new BomFault('BOM_OPERATION_UKENDT', `${service} has no operation {${payload.ns}}${payload.name} (has: ${ops.join(', ')})`);
  }
  const wsaAction = header?.child('Action', WSA_NS)?.text().trim();
  const action = wsaAction ?? contentTypeAction(contentType);
  const expected = soapAction(service, payload.name);
  if (action !== undefined && action !== '' && action !== expected) {
    throw new BomFault('BOM_SOAP_ACTION', `SOAP action "${action}" does not match the body operation ${payload.name} (expected "${expected}")`);
  }
  const result = getSchema(VALIDATION_XSD).validate(doc);
  if (!result.valid) {
    const e = result.errors[0];
    throw new BomFault('BOM_ANMODNING_UGYLDIG', `${payload.name} is not valid against the service schema: line ${e.line}: ${e.message.trim()}`);
  }
  return {
    service, operation: payload.name, payload, action, addressing: wsaAction !== undefined,
    messageId: header?.child('MessageID', WSA_NS)?.text().trim(),
  };
}

export function soapEnvelope(body: XmlFragment, addressing?: { action: string; relatesTo?: string }): string {
  const head = addressing
    ? xml`<s:Header><a:Action s:mustUnderstand="1">${addressing.action}</a:Action>${addressing.relatesTo ? xml`<a:RelatesTo>${addressing.relatesTo}</a:RelatesTo>` : ''}</s:Header>`
    : '';
  return `<?xml version="1.0" encoding="utf-8"?>\n${xml`<s:Envelope xmlns:s="${SOAP12_NS}" xmlns:a="${WSA_NS}">${head}<s:Body>${body}</s:Body></s:Envelope>`}`;
}

/** A TransaktionFault as the SOAP 1.2 Fault detail; Sender for request errors, Receiver for the simulator's own. */
export function transaktionFault(code: string, text: string, receiver = false): XmlFragment {
  const c = receiver ? 's:Receiver' : 's:Sender';
  // A fault message may quote characters of a hostile request that XML 1.0 cannot carry (found by fuzzing).
  const message = text.replace(NOT_XML, '\uFFFD');
  return xml`<s:Fault><s:Code><s:Value>${c}</s:Value></s:Code><s:Reason><s:Text xml:lang="da">${message}</s:Text></s:Reason><s:Detail><TransaktionFault xmlns="${BOM_NS}"><ErrorMessage>${message}</ErrorMessage><ErrorCode>${code}</ErrorCode></TransaktionFault></s:Detail></s:Fault>`;
}

const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const SOAP_HEADERS = { 'content-type': SOAP12_CONTENT_TYPE };
