/**
 * The reference adapter's own ebMS 2.0 envelope writer (written from the ebMS 2.0 spec and the
 * Digikoppeling profile, independent of the simulator's builders so a shared bug cannot hide).
 */
const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const EB = 'http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd';
const XLINK = 'http://www.w3.org/1999/xlink';
export const MSH_SERVICE = 'urn:oasis:names:tc:ebxml-msg:service';
const TO_PARTY = 'urn:oasis:names:tc:ebxml-msg:actor:toPartyMSH';
const NEXT = 'http://schemas.xmlsoap.org/soap/actor/next';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface Party { partyId: string; type?: string; role: string }

export interface EnvelopeInput {
  from: Party;
  to: Party;
  cpaId: string;
  conversationId: string;
  service: string;
  serviceType?: string;
  action: string;
  messageId: string;
  timestamp: string;
  refToMessageId?: string;
  duplicateElimination?: boolean;
  ackRequested?: boolean;
  /** AckRequested signed="true": the CPA asks for signed acknowledgments (ackSignatureRequested=always). */
  ackSigned?: boolean;
  syncReply?: boolean;
  /** MSH Message Status Service: the MessageId whose status is asked (Action StatusRequest). */
  statusRequestFor?: string;
  /** Payload Content-IDs referenced from the Manifest. */
  payloads?: string[];
  /** Acknowledgment block for an ack signal. */
  acknowledgment?: { refToMessageId: string; fromPartyId: string; fromType?: string; references?: string[] };
}

function party(tag: string, p: Party): string {
  const type = p.type === undefined ? '' : ` eb:type="${esc(p.type)}"`;
  return `<eb:${tag}><eb:PartyId${type}>${esc(p.partyId)}</eb:PartyId><eb:Role>${esc(p.role)}</eb:Role></eb:${tag}>`;
}

export function envelope(i: EnvelopeInput): string {
  const svcType = i.serviceType ? ` eb:type="${esc(i.serviceType)}"` : '';
  const header = [
    `<eb:MessageHeader eb:version="2.0" soap:mustUnderstand="1">`,
    party('From', i.from), party('To', i.to),
    `<eb:CPAId>${esc(i.cpaId)}</eb:CPAId><eb:ConversationId>${esc(i.conversationId)}</eb:ConversationId>`,
    `<eb:Service${svcType}>${esc(i.service)}</eb:Service><eb:Action>${esc(i.action)}</eb:Action>`,
    `<eb:MessageData><eb:MessageId>${esc(i.messageId)}</eb:MessageId><eb:Timestamp>${esc(i.timestamp)}</eb:Timestamp>`,
    i.refToMessageId ? `<eb:RefToMessageId>${esc(i.refToMessageId)}</eb:RefToMessageId>` : '',
    `</eb:MessageData>`,
    i.duplicateElimination ? '<eb:DuplicateElimination/>' : '',
    `</eb:MessageHeader>`,
    i.ackRequested ? `<eb:AckRequested eb:version="2.0" soap:mustUnderstand="1" soap:actor="${TO_PARTY}" eb:signed="${i.ackSigned ? 'true' : 'false'}"/>` : '',
    i.syncReply ? `<eb:SyncReply eb:version="2.0" soap:mustUnderstand="1" soap:actor="${NEXT}"/>` : '',
    i.acknowledgment ? `<eb:Acknowledgment eb:version="2.0" soap:mustUnderstand="1" soap:actor="${TO_PARTY}"><eb:Timestamp>${esc(i.timestamp)}</eb:Timestamp><eb:RefToMessageId>${esc(i.acknowledgment.refToMessageId)}</eb:RefToMessageId><eb:From><eb:PartyId${i.acknowledgment.fromType ? ` eb:type="${esc(i.acknowledgment.fromType)}"` : ''}>${esc(i.acknowledgment.fromPartyId)}</eb:PartyId></eb:From>${(i.acknowledgment.references ?? []).join('')}</eb:Acknowledgment>` : '',
  ].join('');
  const body = (i.payloads?.length
    ? `<eb:Manifest eb:version="2.0">${i.payloads.map((c) => `<eb:Reference xlink:href="cid:${esc(c)}" xlink:type="simple"/>`).join('')}</eb:Manifest>`
    : '') + (i.statusRequestFor !== undefined ? `<eb:StatusRequest eb:version="2.0"><eb:RefToMessageId>${esc(i.statusRequestFor)}</eb:RefToMessageId></eb:StatusRequest>` : '');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<soap:Envelope xmlns:soap="${SOAP}" xmlns:eb="${EB}" xmlns:xlink="${XLINK}"><soap:Header>${header}</soap:Header><soap:Body>${body}</soap:Body></soap:Envelope>\n`;
}
