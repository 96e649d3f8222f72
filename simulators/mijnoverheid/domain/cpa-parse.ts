/** Reads a CPPA 2.0 CPA into the typed model the MSH validates against. */
import { parseXml, isXmlError, type XmlElement } from './xml.ts';
import { CPPA_NS, XMLDSIG_NS, type Cpa, type CpaAction, type CpaCollaborationRole, type CpaParty, type PerMessageChoice, type SyncReplyMode } from './cpa-model.ts';
import { profileFromTraits } from './profiles.ts';
import { parseDurationMs } from './duration.ts';
import { issue, MijnOverheidDomainError, type Issue } from './issue.ts';

/** CPPA attributes are namespace-qualified; some tools write them unqualified, which is accepted. */
function at(e: XmlElement, name: string): string | undefined {
  return e.attr(name, CPPA_NS) ?? e.attr(name);
}

class Reader {
  issues: Issue[] = [];
  req(e: XmlElement | undefined, name: string, where: string): string {
    const v = e ? at(e, name) : undefined;
    if (v === undefined) this.issues.push(issue('CPA_MISSING', `missing attribute ${name}`, where));
    return v ?? '';
  }
  child(e: XmlElement, name: string): XmlElement | undefined {
    const c = e.child(name, CPPA_NS);
    if (!c) this.issues.push(issue('CPA_MISSING', `missing element ${name}`, `${e.path()}/tns:${name}`));
    return c;
  }
}

function choice(v: string | undefined, fallback: PerMessageChoice): PerMessageChoice {
  return v === 'always' || v === 'never' || v === 'perMessage' ? v : fallback;
}

function actions(r: Reader, list: XmlElement[]): CpaAction[] {
  return list.map((can) => {
    const b = r.child(can, 'ThisPartyActionBinding');
    return {
      action: r.req(b, 'action', can.path()),
      bindingId: r.req(b, 'id', can.path()),
      packageId: r.req(b, 'packageId', can.path()),
      channelId: b?.child('ChannelId', CPPA_NS)?.text().trim() ?? '',
    };
  });
}

function party(r: Reader, p: XmlElement): CpaParty {
  const pid = r.child(p, 'PartyId');
  const roles: CpaCollaborationRole[] = p.children('CollaborationRole', CPPA_NS).map((cr) => {
    const sb = r.child(cr, 'ServiceBinding');
    const svc = sb ? r.child(sb, 'Service') : undefined;
    const role: CpaCollaborationRole = {
      role: r.req(cr.child('Role', CPPA_NS), 'name', cr.path()),
      service: svc?.text().trim() ?? '',
      canSend: sb ? actions(r, sb.children('CanSend', CPPA_NS)) : [],
      canReceive: sb ? actions(r, sb.children('CanReceive', CPPA_NS)) : [],
    };
    const st = svc ? at(svc, 'type') : undefined;
    if (st !== undefined) role.serviceType = st;
    return role;
  });
  const defaultChannel = at(p, 'defaultMshChannelId');
  const channels = p.children('DeliveryChannel', CPPA_NS);
  const dcEl = channels.find((c) => at(c, 'channelId') === defaultChannel) ?? channels[0];
  if (!dcEl) r.issues.push(issue('CPA_MISSING', 'missing element DeliveryChannel', p.path()));
  const mc = dcEl?.child('MessagingCharacteristics', CPPA_NS);
  const sync = mc ? at(mc, 'syncReplyMode') : undefined;
  if (sync !== undefined && sync !== 'none' && sync !== 'mshSignalsOnly') {
    r.issues.push(issue('CPA_UNSUPPORTED_SYNC_REPLY', `syncReplyMode ${sync} is not allowed by Digikoppeling (none or mshSignalsOnly)`, mc!.path()));
  }
  const transportId = dcEl ? r.req(dcEl, 'transportId', dcEl.path()) : '';
  const docExchangeId = dcEl ? r.req(dcEl, 'docExchangeId', dcEl.path()) : '';
  const trEl = p.children('Transport', CPPA_NS).find((t) => at(t, 'transportId') === transportId);
  if (!trEl) r.issues.push(issue('CPA_BAD_REFERENCE', `DeliveryChannel refers to unknown Transport ${transportId}`, dcEl?.path()));
  const dxEl = p.children('DocExchange', CPPA_NS).find((d) => at(d, 'docExchangeId') === docExchangeId);
  if (!dxEl) r.issues.push(issue('CPA_BAD_REFERENCE', `DeliveryChannel refers to unknown DocExchange ${docExchangeId}`, dcEl?.path()));

  const sender = dxEl?.child('ebXMLSenderBinding', CPPA_NS);
  const rm = sender?.child('ReliableMessaging', CPPA_NS);
  const nr = sender?.child('SenderNonRepudiation', CPPA_NS);
  const envReceiver = dxEl?.child('ebXMLReceiverBinding', CPPA_NS)?.child('ReceiverDigitalEnvelope', CPPA_NS);
  const envSender = sender?.child('SenderDigitalEnvelope', CPPA_NS);
  const persist = sender?.child('PersistDuration', CPPA_NS)?.text().trim();

  const out: CpaParty = {
    partyName: r.req(p, 'partyName', p.path()),
    partyId: pid?.text().trim() ?? '',
    partyIdType: pid ? (at(pid, 'type') ?? '') : '',
    collaborationRoles: roles,
    certificates: p.children('Certificate', CPPA_NS).map((c) => ({
      certId: r.req(c, 'certId', c.path()),
      derBase64: (c.child('KeyInfo', XMLDSIG_NS)?.child('X509Data', XMLDSIG_NS)?.child('X509Certificate', XMLDSIG_NS)?.text() ?? '').replace(/\s+/g, ''),
    })),
    deliveryChannel: {
      channelId: dcEl ? r.req(dcEl, 'channelId', dcEl.path()) : '',
      transportId,
      docExchangeId,
      syncReplyMode: (sync === 'mshSignalsOnly' ? 'mshSignalsOnly' : 'none') as SyncReplyMode,
      ackRequested: choice(mc ? at(mc, 'ackRequested') : undefined, 'perMessage'),
      ackSignatureRequested: choice(mc ? at(mc, 'ackSignatureRequested') : undefined, 'perMessage'),
      duplicateElimination: choice(mc ? at(mc, 'duplicateElimination') : undefined, 'perMessage'),
    },
    docExchange: { docExchangeId },
    transport: {
      transportId,
      endpoint: (() => { const e = trEl?.child('TransportReceiver', CPPA_NS)?.child('Endpoint', CPPA_NS); return e ? (at(e, 'uri') ?? '') : ''; })(),
      clientCertificateId: (() => { const e = trEl?.child('TransportSender', CPPA_NS)?.child('TransportClientSecurity', CPPA_NS)?.child('ClientCertificateRef', CPPA_NS); return e ? (at(e, 'certId') ?? '') : ''; })(),
      serverCertificateId: (() => { const e = trEl?.child('TransportReceiver', CPPA_NS)?.child('TransportServerSecurity', CPPA_NS)?.child('ServerCertificateRef', CPPA_NS); return e ? (at(e, 'certId') ?? '') : ''; })(),
    },
  };
  const actor = mc ? at(mc, 'actor') : undefined;
  if (actor !== undefined) out.deliveryChannel.actor = actor;
  const ref = p.child('PartyRef', CPPA_NS);
  const href = ref?.attr('href', 'http://www.w3.org/1999/xlink');
  if (href) out.partyRef = href;
  if (rm) {
    const retries = Number(rm.child('Retries', CPPA_NS)?.text().trim() ?? '0');
    const interval = rm.child('RetryInterval', CPPA_NS)?.text().trim() ?? '';
    if (!Number.isInteger(retries) || retries < 0) r.issues.push(issue('CPA_BAD_VALUE', `Retries is not a non-negative integer`, rm.path()));
    if (parseDurationMs(interval) === undefined) r.issues.push(issue('CPA_BAD_VALUE', `RetryInterval ${JSON.stringify(interval)} is not a duration`, rm.path()));
    const order = rm.child('MessageOrderSemantics', CPPA_NS)?.text().trim();
    out.docExchange.reliableMessaging = { retries, retryInterval: interval, messageOrderSemantics: order === 'Guaranteed' ? 'Guaranteed' : 'NotGuaranteed' };
  }
  if (persist !== undefined) out.docExchange.persistDuration = persist;
  if (nr) {
    out.docExchange.nonRepudiation = {
      hashFunction: nr.child('HashFunction', CPPA_NS)?.text().trim() ?? '',
      signatureAlgorithm: nr.child('SignatureAlgorithm', CPPA_NS)?.text().trim() ?? '',
      signingCertificateId: (() => { const e = nr.child('SigningCertificateRef', CPPA_NS); return e ? (at(e, 'certId') ?? '') : ''; })(),
    };
  }
  if (envSender || envReceiver) {
    const ref2 = envReceiver?.child('EncryptionCertificateRef', CPPA_NS);
    out.docExchange.digitalEnvelope = {
      encryptionAlgorithm: (envSender ?? envReceiver)!.child('EncryptionAlgorithm', CPPA_NS)?.text().trim() ?? '',
      encryptionCertificateId: ref2 ? (at(ref2, 'certId') ?? '') : '',
    };
  }
  return out;
}

/** Parses a CPA; returns issues instead of throwing. */
export function readCpa(xml: string | Uint8Array): { cpa?: Cpa; issues: Issue[] } {
  let root: XmlElement;
  try {
    root = parseXml(xml, { maxBytes: 4 * 1024 * 1024, label: 'CPA' }).root;
  } catch (e) {
    if (isXmlError(e)) return { issues: [issue('CPA_XML_INVALID', e.message)] };
    throw e;
  }
  if (root.name !== 'CollaborationProtocolAgreement' || root.ns !== CPPA_NS) {
    return { issues: [issue('CPA_WRONG_ROOT', `expected {${CPPA_NS}}CollaborationProtocolAgreement, got {${root.ns}}${root.name}`, root.path())] };
  }
  const r = new Reader();
  const infos = root.children('PartyInfo', CPPA_NS);
  if (infos.length !== 2) return { issues: [issue('CPA_PARTY_COUNT', `a CPA has exactly two PartyInfo elements, found ${infos.length}`, root.path())] };
  const status = at(r.child(root, 'Status') ?? root, 'value');
  const start = r.child(root, 'Start')?.text().trim() ?? '';
  const end = r.child(root, 'End')?.text().trim() ?? '';
  for (const [name, v] of [['Start', start], ['End', end]] as const) {
    if (v && Number.isNaN(Date.parse(v))) r.issues.push(issue('CPA_BAD_VALUE', `${name} ${JSON.stringify(v)} is not a dateTime`, name));
  }
  const parties = [party(r, infos[0]), party(r, infos[1])] as [CpaParty, CpaParty];
  const cpaId = r.req(root, 'cpaid', root.path());
  if (r.issues.length) return { issues: r.issues };
  const traits = {
    reliable: parties[0].docExchange.reliableMessaging !== undefined || parties[0].deliveryChannel.ackRequested === 'always',
    signed: parties[0].docExchange.nonRepudiation !== undefined,
    encrypted: parties[0].docExchange.digitalEnvelope !== undefined,
  };
  return {
    issues: [],
    cpa: {
      cpaId,
      version: at(root, 'version') ?? '',
      status: status === 'signed' || status === 'proposed' ? status : 'agreed',
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      profile: profileFromTraits(traits),
      parties,
    },
  };
}

/** Parses a CPA or throws MijnOverheidDomainError with the issues. */
export function parseCpa(xml: string | Uint8Array): Cpa {
  const { cpa, issues } = readCpa(xml);
  if (!cpa) throw new MijnOverheidDomainError(issues);
  return cpa;
}
