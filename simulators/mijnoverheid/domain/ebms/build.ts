/** Builders for outgoing ebMS messages: Acknowledgment, MessageError, Pong, StatusResponse and business messages. */
import type { Clock } from '../../../kernel/types.ts';
import type { Cpa, CpaParty } from '../cpa-model.ts';
import { xmlAttr as a, xmlText as t } from '../xml-text.ts';
import { EB_NS, ERRORS_CODE_CONTEXT, MSH_SERVICE, SOAP_ACTOR_NEXT, SOAP_NS, TO_PARTY_MSH, XLINK_NS, type EbmsError, type EbmsMessage } from './model.ts';

export interface BuildDeps {
  clock: Clock;
  /** A fresh MessageId in UUID@host form. */
  newMessageId: () => string;
}

export interface HeaderFields {
  from: { partyId: string; partyIdType: string; role: string };
  to: { partyId: string; partyIdType: string; role: string };
  cpaId: string;
  conversationId: string;
  service: { value: string; type?: string };
  action: string;
  messageId: string;
  timestamp: string;
  refToMessageId?: string;
  timeToLive?: string;
  duplicateElimination?: boolean;
}

export interface BuiltMessage {
  xml: string;
  messageId: string;
  timestamp: string;
  conversationId: string;
  refToMessageId?: string;
}

function partyXml(tag: 'From' | 'To', p: HeaderFields['from']): string {
  return `<eb:${tag}><eb:PartyId eb:type="${a(p.partyIdType)}">${t(p.partyId)}</eb:PartyId><eb:Role>${t(p.role)}</eb:Role></eb:${tag}>`;
}

export function renderEnvelope(h: HeaderFields, extraHeader = '', body = ''): string {
  const md = `<eb:MessageData><eb:MessageId>${t(h.messageId)}</eb:MessageId><eb:Timestamp>${t(h.timestamp)}</eb:Timestamp>${h.refToMessageId !== undefined ? `<eb:RefToMessageId>${t(h.refToMessageId)}</eb:RefToMessageId>` : ''}${h.timeToLive !== undefined ? `<eb:TimeToLive>${t(h.timeToLive)}</eb:TimeToLive>` : ''}</eb:MessageData>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="${SOAP_NS}" xmlns:eb="${EB_NS}" xmlns:xlink="${XLINK_NS}">
<soap:Header>
<eb:MessageHeader eb:version="2.0" soap:mustUnderstand="1">${partyXml('From', h.from)}${partyXml('To', h.to)}<eb:CPAId>${t(h.cpaId)}</eb:CPAId><eb:ConversationId>${t(h.conversationId)}</eb:ConversationId><eb:Service${h.service.type !== undefined ? ` eb:type="${a(h.service.type)}"` : ''}>${t(h.service.value)}</eb:Service><eb:Action>${t(h.action)}</eb:Action>${md}${h.duplicateElimination ? '<eb:DuplicateElimination/>' : ''}</eb:MessageHeader>${extraHeader}
</soap:Header>
<soap:Body>${body}</soap:Body>
</soap:Envelope>
`;
}

/** Header for a reply signal: parties swapped, same CPAId and ConversationId, RefToMessageId = original. */
function replyHeader(original: EbmsMessage, action: string, deps: BuildDeps, roles = true): HeaderFields {
  const f = original.header.from.partyIds[0];
  const to = original.header.to.partyIds[0] ?? { value: '' };
  return {
    from: { partyId: to.value, partyIdType: to.type ?? '', role: roles ? (original.header.to.role ?? '') : '' },
    to: { partyId: f.value, partyIdType: f.type ?? '', role: roles ? (original.header.from.role ?? '') : '' },
    cpaId: original.header.cpaId,
    conversationId: original.header.conversationId,
    service: { value: MSH_SERVICE },
    action,
    messageId: deps.newMessageId(),
    timestamp: deps.clock.now().toISOString(),
    refToMessageId: original.header.messageData.messageId,
  };
}

function done(h: HeaderFields, xml: string): BuiltMessage {
  const out: BuiltMessage = { xml, messageId: h.messageId, timestamp: h.timestamp, conversationId: h.conversationId };
  if (h.refToMessageId !== undefined) out.refToMessageId = h.refToMessageId;
  return out;
}

/**
 * Standalone Acknowledgment for a reliably received message. Its eb:From names the party that
 * generates the Acknowledgment (ebMS 2.0 §6.3.2: the receiver of the acknowledged message), i.e.
 * the reply header's From; like ebms-core, without a Role. `signedReferences` are the
 * ds:Reference elements of a signed original (non-repudiation of receipt, AckRequested signed="true").
 */
export function buildAcknowledgment(original: EbmsMessage, deps: BuildDeps, signedReferences: string[] = []): BuiltMessage {
  const h = replyHeader(original, 'Acknowledgment', deps);
  const ack = `<eb:Acknowledgment eb:version="2.0" soap:mustUnderstand="1" soap:actor="${TO_PARTY_MSH}"><eb:Timestamp>${t(h.timestamp)}</eb:Timestamp><eb:RefToMessageId>${t(original.header.messageData.messageId)}</eb:RefToMessageId><eb:From><eb:PartyId eb:type="${a(h.from.partyIdType)}">${t(h.from.partyId)}</eb:PartyId></eb:From>${signedReferences.join('')}</eb:Acknowledgment>`;
  return done(h, renderEnvelope(h, ack));
}

/** MessageError (ErrorList) for a rejected message. */
export function buildMessageError(original: EbmsMessage, errors: EbmsError[], deps: BuildDeps): BuiltMessage {
  if (!errors.length) throw new Error('buildMessageError needs at least one error');
  const h = replyHeader(original, 'MessageError', deps);
  const highest = errors.some((e) => e.severity === 'Error') ? 'Error' : 'Warning';
  const list = errors.map((e) => `<eb:Error eb:codeContext="${ERRORS_CODE_CONTEXT}" eb:errorCode="${a(e.errorCode)}" eb:severity="${e.severity}"${e.location !== undefined ? ` eb:location="${a(e.location)}"` : ''}>${e.description !== undefined ? `<eb:Description xml:lang="en-US">${t(e.description)}</eb:Description>` : ''}</eb:Error>`).join('');
  return done(h, renderEnvelope(h, `<eb:ErrorList eb:version="2.0" soap:mustUnderstand="1" eb:highestSeverity="${highest}">${list}</eb:ErrorList>`));
}

export function buildPong(ping: EbmsMessage, deps: BuildDeps): BuiltMessage {
  const h = replyHeader(ping, 'Pong', deps);
  return done(h, renderEnvelope(h));
}

export type MessageStatus = 'UnAuthorized' | 'NotRecognized' | 'Received' | 'Processed' | 'Forwarded';

export function buildStatusResponse(request: EbmsMessage, status: MessageStatus, statusTimestamp: string | undefined, deps: BuildDeps): BuiltMessage {
  const h = replyHeader(request, 'StatusResponse', deps);
  const ref = request.statusRequest?.refToMessageId ?? '';
  const ts = statusTimestamp !== undefined && (status === 'Received' || status === 'Processed' || status === 'Forwarded') ? `<eb:Timestamp>${t(statusTimestamp)}</eb:Timestamp>` : '';
  return done(h, renderEnvelope(h, '', `<eb:StatusResponse eb:version="2.0" eb:messageStatus="${status}"><eb:RefToMessageId>${t(ref)}</eb:RefToMessageId>${ts}</eb:StatusResponse>`));
}

export interface OutgoingMessage {
  cpa: Cpa;
  /** The sending party (the simulator's side). */
  from: CpaParty;
  action: string;
  /** MSH service (Ping, StatusRequest) instead of the CPA's business service. */
  mshService?: boolean;
  conversationId: string;
  refToMessageId?: string;
  timeToLive?: string;
  /** Payload Content-IDs (without cid:) for the Manifest. */
  payloadContentIds?: string[];
  /** Ask for a synchronous signal reply; only meaningful with syncReplyMode mshSignalsOnly. */
  statusRequestFor?: string;
}

/** A business (or MSH) message from one CPA party to the other, with the reliability elements the CPA asks for. */
export function buildMessage(m: OutgoingMessage, deps: BuildDeps): BuiltMessage {
  const to = m.cpa.parties[0] === m.from ? m.cpa.parties[1] : m.cpa.parties[0];
  const fromRole = m.from.collaborationRoles[0];
  const toRole = to.collaborationRoles[0];
  const dc = m.from.deliveryChannel;
  const business = !m.mshService;
  const h: HeaderFields = {
    from: { partyId: m.from.partyId, partyIdType: m.from.partyIdType, role: fromRole?.role ?? '' },
    to: { partyId: to.partyId, partyIdType: to.partyIdType, role: toRole?.role ?? '' },
    cpaId: m.cpa.cpaId,
    conversationId: m.conversationId,
    service: business ? (fromRole?.serviceType !== undefined ? { value: fromRole.service, type: fromRole.serviceType } : { value: fromRole?.service ?? '' }) : { value: MSH_SERVICE },
    action: m.action,
    messageId: deps.newMessageId(),
    timestamp: deps.clock.now().toISOString(),
    duplicateElimination: business && dc.duplicateElimination === 'always',
  };
  if (m.refToMessageId !== undefined) h.refToMessageId = m.refToMessageId;
  if (m.timeToLive !== undefined) h.timeToLive = m.timeToLive;
  let extra = '';
  if (business && dc.ackRequested === 'always') {
    extra += `<eb:AckRequested eb:version="2.0" soap:mustUnderstand="1" soap:actor="${TO_PARTY_MSH}" eb:signed="${dc.ackSignatureRequested === 'always' ? 'true' : 'false'}"/>`;
  }
  if (business && dc.syncReplyMode === 'mshSignalsOnly') {
    extra += `<eb:SyncReply eb:version="2.0" soap:mustUnderstand="1" soap:actor="${SOAP_ACTOR_NEXT}"/>`;
  }
  let body = '';
  if (m.payloadContentIds?.length) {
    body += `<eb:Manifest eb:version="2.0">${m.payloadContentIds.map((id) => `<eb:Reference xlink:href="cid:${a(id)}" xlink:type="simple"/>`).join('')}</eb:Manifest>`;
  }
  if (m.statusRequestFor !== undefined) body += `<eb:StatusRequest eb:version="2.0"><eb:RefToMessageId>${t(m.statusRequestFor)}</eb:RefToMessageId></eb:StatusRequest>`;
  return done(h, renderEnvelope(h, extra, body));
}
