/** SOAP 1.1 envelope → EbmsMessage. Structural failures (not SOAP, no MessageHeader, no From PartyId) come back as a fault. */
import { parseXml, isXmlError, type XmlElement } from '../xml.ts';
import { DS_NS, EB_NS, SOAP_NS, XLINK_NS, type EbmsMessage, type EbmsParty } from './model.ts';

export interface EnvelopeFault {
  /** Stable rule code, e.g. EBMS_NOT_SOAP. */
  code: string;
  faultCode: 'Client' | 'Server';
  faultString: string;
  /** ebms-core answers a missing From/PartyId with HTTP 500 and no body. */
  emptyBody: boolean;
}

const ebAttr = (e: XmlElement, name: string): string | undefined => e.attr(name, EB_NS) ?? e.attr(name);
const soapAttr = (e: XmlElement, name: string): string | undefined => e.attr(name, SOAP_NS);
const txt = (e: XmlElement | undefined): string => (e ? e.text().trim() : '');

function party(e: XmlElement | undefined): EbmsParty {
  const out: EbmsParty = { partyIds: [] };
  if (!e) return out;
  for (const p of e.children('PartyId', EB_NS)) {
    const type = ebAttr(p, 'type');
    out.partyIds.push(type === undefined ? { value: txt(p) } : { value: txt(p), type });
  }
  const role = e.child('Role', EB_NS);
  if (role) out.role = txt(role);
  return out;
}

function opt<T extends object, K extends keyof T>(o: T, k: K, v: T[K] | undefined): void {
  if (v !== undefined) o[k] = v;
}

export function parseEnvelope(xml: string | Uint8Array, opts: { maxBytes?: number } = {}): { message: EbmsMessage } | { fault: EnvelopeFault } {
  let root: XmlElement;
  try {
    root = parseXml(xml, { maxBytes: opts.maxBytes ?? 4 * 1024 * 1024, label: 'ebMS envelope' }).root;
  } catch (e) {
    if (isXmlError(e)) return { fault: { code: 'EBMS_XML_INVALID', faultCode: 'Client', faultString: e.message, emptyBody: false } };
    throw e;
  }
  if (root.name !== 'Envelope' || root.ns !== SOAP_NS) {
    return { fault: { code: 'EBMS_NOT_SOAP11', faultCode: 'Client', faultString: `expected a SOAP 1.1 Envelope, got {${root.ns}}${root.name}`, emptyBody: false } };
  }
  const header = root.child('Header', SOAP_NS);
  const body = root.child('Body', SOAP_NS);
  const mh = header?.child('MessageHeader', EB_NS);
  if (!header || !mh || !body) {
    return { fault: { code: 'EBMS_NO_MESSAGE_HEADER', faultCode: 'Client', faultString: 'SOAP Header with eb:MessageHeader and a SOAP Body are required', emptyBody: false } };
  }
  const from = party(mh.child('From', EB_NS));
  if (from.partyIds.length === 0) {
    return { fault: { code: 'EBMS_NO_FROM_PARTYID', faultCode: 'Client', faultString: 'eb:From/eb:PartyId is missing', emptyBody: true } };
  }
  const svc = mh.child('Service', EB_NS);
  const md = mh.child('MessageData', EB_NS);
  const message: EbmsMessage = {
    header: {
      from,
      to: party(mh.child('To', EB_NS)),
      cpaId: txt(mh.child('CPAId', EB_NS)),
      conversationId: txt(mh.child('ConversationId', EB_NS)),
      // Service and Action are compared as written: whitespace is itself a rule violation.
      service: { value: svc ? svc.text() : '' },
      action: mh.child('Action', EB_NS)?.text() ?? '',
      messageData: { messageId: txt(md?.child('MessageId', EB_NS)), timestamp: txt(md?.child('Timestamp', EB_NS)) },
      duplicateElimination: mh.child('DuplicateElimination', EB_NS) !== undefined,
    },
    hasSignature: header.child('Signature', DS_NS) !== undefined,
  };
  opt(message.header, 'version', ebAttr(mh, 'version'));
  if (svc) opt(message.header.service, 'type', ebAttr(svc, 'type'));
  const ref = md?.child('RefToMessageId', EB_NS);
  if (ref) message.header.messageData.refToMessageId = txt(ref);
  const ttl = md?.child('TimeToLive', EB_NS);
  if (ttl) message.header.messageData.timeToLive = txt(ttl);

  const ack = header.child('AckRequested', EB_NS);
  if (ack) {
    message.ackRequested = {};
    opt(message.ackRequested, 'version', ebAttr(ack, 'version'));
    opt(message.ackRequested, 'signed', ebAttr(ack, 'signed'));
    opt(message.ackRequested, 'actor', soapAttr(ack, 'actor'));
  }
  const sync = header.child('SyncReply', EB_NS);
  if (sync) {
    message.syncReply = {};
    opt(message.syncReply, 'version', ebAttr(sync, 'version'));
    opt(message.syncReply, 'actor', soapAttr(sync, 'actor'));
  }
  const order = header.child('MessageOrder', EB_NS);
  if (order) {
    message.messageOrder = {};
    const seq = order.child('SequenceNumber', EB_NS);
    if (seq) message.messageOrder.sequenceNumber = txt(seq);
  }
  const ackn = header.child('Acknowledgment', EB_NS);
  if (ackn) {
    message.acknowledgment = { refToMessageId: txt(ackn.child('RefToMessageId', EB_NS)) };
    const ts = ackn.child('Timestamp', EB_NS);
    if (ts) message.acknowledgment.timestamp = txt(ts);
    const f = ackn.child('From', EB_NS)?.child('PartyId', EB_NS);
    if (f) message.acknowledgment.fromPartyId = txt(f);
  }
  const el = header.child('ErrorList', EB_NS);
  if (el) {
    message.errorList = {
      errors: el.children('Error', EB_NS).map((e) => {
        const o: NonNullable<EbmsMessage['errorList']>['errors'][number] = { errorCode: ebAttr(e, 'errorCode') ?? '' };
        opt(o, 'severity', ebAttr(e, 'severity'));
        opt(o, 'location', ebAttr(e, 'location'));
        opt(o, 'codeContext', ebAttr(e, 'codeContext'));
        const d = e.child('Description', EB_NS);
        if (d) o.description = txt(d);
        return o;
      }),
    };
    opt(message.errorList, 'highestSeverity', ebAttr(el, 'highestSeverity'));
  }
  const sreq = body.child('StatusRequest', EB_NS);
  if (sreq) message.statusRequest = { refToMessageId: txt(sreq.child('RefToMessageId', EB_NS)) };
  const sres = body.child('StatusResponse', EB_NS);
  if (sres) {
    message.statusResponse = { refToMessageId: txt(sres.child('RefToMessageId', EB_NS)), messageStatus: ebAttr(sres, 'messageStatus') ?? '' };
    const ts = sres.child('Timestamp', EB_NS);
    if (ts) message.statusResponse.timestamp = txt(ts);
  }
  const man = body.child('Manifest', EB_NS);
  if (man) {
    message.manifest = {
      references: man.children('Reference', EB_NS).map((r) => {
        const o: { href: string; id?: string } = { href: r.attr('href', XLINK_NS) ?? '' };
        opt(o, 'id', ebAttr(r, 'id'));
        return o;
      }),
    };
    opt(message.manifest, 'version', ebAttr(man, 'version'));
  }
  return { message };
}
