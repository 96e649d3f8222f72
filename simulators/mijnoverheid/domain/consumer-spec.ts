/**
 * Parses a Consumerspecificatie: `<osb-ebms-service-specificatie><parameters><parameter name="…">`
 * with PartyName, PartyId, PartyRef, EndpointUri, ClientCert, ServerCert (ds:KeyInfo or PEM).
 * Every problem is reported, not just the first, so the form can show them all.
 */
import { parseXml, isXmlError, type XmlElement } from './xml.ts';
import { readCertificate, type CertificateInfo } from './certificate.ts';
import { parsePartyIdOin } from './oin.ts';
import { XMLDSIG_NS } from './cpa-model.ts';
import type { ConsumerSpec } from './consumer-spec-model.ts';
import { issue, type Issue } from './issue.ts';
import type { Clock } from '../../kernel/types.ts';

export const CONSUMER_SPEC_PARAMETERS = ['PartyName', 'PartyId', 'PartyRef', 'EndpointUri', 'ClientCert', 'ServerCert'] as const;

export interface ConsumerSpecOptions {
  /** Accept `_T`/`_A`/`_O`/`_OTA` PartyId suffixes (preproduction). Default true. */
  allowSuffix?: boolean;
  /** When given, certificates outside their validity at this time are reported. */
  clock?: Clock;
}

function certificateText(param: XmlElement): string {
  const keyInfo = param.child('KeyInfo', XMLDSIG_NS);
  if (keyInfo) {
    const x = keyInfo.child('X509Data', XMLDSIG_NS)?.child('X509Certificate', XMLDSIG_NS);
    return x ? x.text() : '';
  }
  return param.text();
}

export function parseConsumerSpec(xml: string | Uint8Array, options: ConsumerSpecOptions = {}): { spec?: ConsumerSpec; issues: Issue[] } {
  let root: XmlElement;
  try {
    root = parseXml(xml, { maxBytes: 1024 * 1024, label: 'Consumerspecificatie' }).root;
  } catch (e) {
    if (isXmlError(e)) return { issues: [issue('SPEC_XML_INVALID', e.message)] };
    throw e;
  }
  if (root.name !== 'osb-ebms-service-specificatie') {
    return { issues: [issue('SPEC_WRONG_ROOT', `root element must be osb-ebms-service-specificatie, got ${root.name}`, root.path())] };
  }
  const issues: Issue[] = [];
  const params = new Map<string, XmlElement>();
  for (const group of root.children('parameters')) {
    for (const p of group.children('parameter')) {
      const name = p.attr('name') ?? '';
      if (!(CONSUMER_SPEC_PARAMETERS as readonly string[]).includes(name)) {
        issues.push(issue('SPEC_UNKNOWN_PARAMETER', `unknown parameter ${JSON.stringify(name)}`, p.path()));
        continue;
      }
      if (params.has(name)) issues.push(issue('SPEC_DUPLICATE_PARAMETER', `parameter ${name} appears more than once`, name));
      else params.set(name, p);
    }
  }
  const text = (name: string): string | undefined => {
    const p = params.get(name);
    if (!p) return undefined;
    return p.text().trim();
  };
  for (const name of CONSUMER_SPEC_PARAMETERS) {
    if (name === 'PartyRef') continue; // optional, may be empty
    const p = params.get(name);
    if (!p) issues.push(issue('SPEC_MISSING_PARAMETER', `parameter ${name} is missing`, name));
    else if ((name === 'ClientCert' || name === 'ServerCert' ? certificateText(p) : p.text()).trim() === '') {
      issues.push(issue('SPEC_EMPTY_PARAMETER', `parameter ${name} is empty`, name));
    }
  }
  const partyName = text('PartyName');
  const partyId = text('PartyId');
  const endpointUri = text('EndpointUri');
  if (partyName !== undefined && partyName !== '' && partyName.length > 255) issues.push(issue('SPEC_PARTYNAME_TOO_LONG', 'PartyName is longer than 255 characters', 'PartyName'));
  if (partyId) {
    const r = parsePartyIdOin(partyId, { allowSuffix: options.allowSuffix ?? true }, 'PartyId');
    issues.push(...r.issues.map((i) => ({ ...i, code: i.code === 'OIN_FORMAT' || i.code === 'OIN_UNKNOWN_PREFIX' ? 'SPEC_BAD_OIN' : `SPEC_${i.code}`, message: i.message })));
  }
  if (endpointUri) {
    let url: URL | undefined;
    try { url = new URL(endpointUri); } catch { issues.push(issue('SPEC_ENDPOINT_INVALID', `EndpointUri ${JSON.stringify(endpointUri)} is not a URL`, 'EndpointUri')); }
    if (url && url.protocol !== 'https:') issues.push(issue('SPEC_ENDPOINT_NOT_HTTPS', `EndpointUri must use https (two-way TLS), got ${url.protocol}`, 'EndpointUri'));
    else if (url && (url.username || url.password)) issues.push(issue('SPEC_ENDPOINT_CREDENTIALS', 'EndpointUri must not carry user credentials', 'EndpointUri'));
  }
  const certs: Partial<Record<'ClientCert' | 'ServerCert', CertificateInfo>> = {};
  for (const name of ['ClientCert', 'ServerCert'] as const) {
    const p = params.get(name);
    if (!p) continue;
    const raw = certificateText(p);
    if (!raw.trim()) continue;
    const r = readCertificate(raw, name);
    issues.push(...r.issues.map((i) => ({ ...i, code: `SPEC_${i.code}` })));
    if (!r.cert) continue;
    certs[name] = r.cert;
    if (options.clock) {
      const now = options.clock.now();
      if (r.cert.validTo <= now) issues.push(issue('SPEC_CERT_EXPIRED', `${name} expired at ${r.cert.validTo.toISOString()}`, name));
      else if (r.cert.validFrom > now) issues.push(issue('SPEC_CERT_NOT_YET_VALID', `${name} is valid only from ${r.cert.validFrom.toISOString()}`, name));
    }
  }
  // The client certificate authenticates the PartyId: its subject serialNumber must carry the same OIN (EB005).
  const oin = partyId ? parsePartyIdOin(partyId).value?.oin : undefined;
  if (oin && certs.ClientCert && certs.ClientCert.oin !== oin) {
    issues.push(issue('SPEC_CERT_OIN_MISMATCH', `ClientCert subject serialNumber ${certs.ClientCert.oin ?? '(none)'} does not match PartyId OIN ${oin}`, 'ClientCert'));
  }
  if (issues.length) return { issues };
  const spec: ConsumerSpec = {
    partyName: partyName as string,
    partyId: partyId as string,
    endpointUri: endpointUri as string,
    clientCert: certs.ClientCert as CertificateInfo,
    serverCert: certs.ServerCert as CertificateInfo,
  };
  const ref = text('PartyRef');
  if (ref) spec.partyRef = ref;
  return { spec, issues: [] };
}
