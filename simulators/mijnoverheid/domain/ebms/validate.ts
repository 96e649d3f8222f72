/**
 * Inbound ebMS message rules (Digikoppeling ebMS2 profile) checked against the CPA. The result
 * follows the brief's error table: SOAP Fault (HTTP 500) for transport-level refusals, otherwise
 * a MessageError with errorCode/severity/location, or accepted.
 */
import type { Cpa, CpaParty } from '../cpa-model.ts';
import { OSB_OIN_TYPE } from '../cpa-model.ts';
import { oinOfPartyId } from '../oin.ts';
import { MSH_ACTIONS, NEXT_MSH, SOAP_ACTOR_NEXT, TO_PARTY_MSH, isMshService, type EbmsError, type EbmsErrorCode, type EbmsMessage } from './model.ts';
import { parseEnvelope, type EnvelopeFault } from './parse.ts';
import { profileTraits } from '../profiles.ts';

export interface InboundContext {
  /** Loaded CPAs by CPAId. */
  findCpa: (cpaId: string) => Cpa | undefined;
  /** From the TLS client certificate (kernel Identity has the same field). */
  identity: { oin?: string };
  now: Date;
  /** Content-ID resolution for Manifest references; undefined for a plain text/xml request. */
  resolveContentId?: (cid: string) => boolean;
  /** Whether a RefToMessageId names a message this MSH knows; undefined skips the check. */
  knownMessageId?: (messageId: string) => boolean;
  /** Tolerate `_T`/`_A`/`_O`/`_OTA` on PartyIds when comparing with the certificate OIN. Default true. */
  allowSuffix?: boolean;
}

export type InboundVerdict =
  | { kind: 'accepted'; message: EbmsMessage; cpa: Cpa; sender: CpaParty; receiver: CpaParty }
  | { kind: 'soapFault'; fault: EnvelopeFault }
  /** Answer with a MessageError (synchronously when the CPA says mshSignalsOnly, else pushed). */
  | { kind: 'messageError'; message: EbmsMessage; cpa: Cpa; sender?: CpaParty; errors: EbmsError[] };

const H = '//Header/MessageHeader';

function err(errorCode: EbmsErrorCode, rule: string, location: string, description: string): EbmsError {
  return { errorCode, severity: 'Error', location, description, rule };
}

function partyMatches(p: CpaParty, ids: { value: string; type?: string }[]): boolean {
  return ids.some((id) => id.value === p.partyId && id.type === p.partyIdType);
}

export function validateInbound(message: EbmsMessage, ctx: InboundContext): InboundVerdict {
  const h = message.header;
  const cpa = ctx.findCpa(h.cpaId);
  if (!cpa) {
    return { kind: 'soapFault', fault: { code: 'EBMS_CPA_NOT_FOUND', faultCode: 'Client', faultString: `CPA ${h.cpaId} not found`, emptyBody: false } };
  }
  const errors: EbmsError[] = [];
  const out = (sender?: CpaParty): InboundVerdict => (sender ? { kind: 'messageError', message, cpa, sender, errors } : { kind: 'messageError', message, cpa, errors });

  if (h.version !== '2.0') errors.push(err('Inconsistent', 'EBMS_VERSION', `${H}/@version`, `MessageHeader version must be 2.0, got ${h.version ?? '(none)'}`));

  // From: type urn:osb:oin, a party of this CPA, the OIN of the TLS certificate.
  const sender = cpa.parties.find((p) => partyMatches(p, h.from.partyIds));
  if (h.from.partyIds.some((id) => id.type === undefined)) errors.push(err('Inconsistent', 'EBMS_PARTYID_TYPE_MISSING', `${H}/From/PartyId`, 'PartyId has no type attribute'));
  else if (!sender) errors.push(err('Inconsistent', 'EBMS_FROM_UNKNOWN', `${H}/From/PartyId`, `From PartyId ${h.from.partyIds.map((p) => `${p.value} (${p.type})`).join(', ')} is not a party of CPA ${cpa.cpaId}`));
  if (sender && sender.partyIdType === OSB_OIN_TYPE) {
    const partyOin = oinOfPartyId(sender.partyId);
    if (ctx.identity.oin === undefined || partyOin !== ctx.identity.oin) {
      errors.push(err('SecurityFailure', 'EBMS_CERT_OIN_MISMATCH', `${H}/From/PartyId`, `client certificate OIN ${ctx.identity.oin ?? '(none)'} does not match From PartyId ${sender.partyId}`));
    }
  }
  const toParty = cpa.parties.find((p) => partyMatches(p, h.to.partyIds));
  if (!toParty || toParty === sender) {
    errors.push(err('Inconsistent', 'EBMS_TO_UNKNOWN', `${H}/To/PartyId`, `To PartyId ${h.to.partyIds.map((p) => p.value).join(', ') || '(none)'} is not the other party of CPA ${cpa.cpaId}`));
  }
  const receiver = sender ? cpa.parties.find((p) => p !== sender) : undefined;
  if (h.from.role === undefined) errors.push(err('Inconsistent', 'EBMS_FROM_ROLE_MISSING', `${H}/From/Role`, 'From/Role is missing'));
  if (!h.conversationId) errors.push(err('Inconsistent', 'EBMS_CONVERSATIONID_MISSING', `${H}/ConversationId`, 'ConversationId is required'));
  const mid = h.messageData.messageId;
  if (!mid) errors.push(err('Inconsistent', 'EBMS_MESSAGEID_MISSING', `${H}/MessageData/MessageId`, 'MessageId is required'));
  else if (!/^[^\s@<>]+@[^\s@<>]+$/.test(mid)) errors.push(err('ValueNotRecognized', 'EBMS_MESSAGEID_FORM', `${H}/MessageData/MessageId`, `MessageId ${mid} is not an RFC 5322 id (expected UUID@host, EB013)`));
  const ts = h.messageData.timestamp;
  if (!ts) errors.push(err('Inconsistent', 'EBMS_TIMESTAMP_MISSING', `${H}/MessageData/Timestamp`, 'Timestamp is required'));
  else if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(ts) || Number.isNaN(Date.parse(ts))) {
    errors.push(err('Inconsistent', 'EBMS_TIMESTAMP_FORM', `${H}/MessageData/Timestamp`, `Timestamp ${ts} is not an xsd:dateTime`));
  }
  const ref = h.messageData.refToMessageId;
  if (ref !== undefined && ctx.knownMessageId && !ctx.knownMessageId(ref)) {
    errors.push(err('ValueNotRecognized', 'EBMS_REFTOMESSAGEID_UNKNOWN', `${H}/MessageData/RefToMessageId`, `RefToMessageId ${ref} names no known message`));
  }
  const ttl = h.messageData.timeToLive;
  if (ttl !== undefined) {
    const t = Date.parse(ttl);
    if (Number.isNaN(t)) errors.push(err('Inconsistent', 'EBMS_TTL_FORM', `${H}/MessageData/TimeToLive`, `TimeToLive ${ttl} is not an xsd:dateTime`));
    else if (t < ctx.now.getTime()) errors.push(err('TimeToLiveExpired', 'EBMS_TTL_EXPIRED', `${H}/MessageData/TimeToLive`, `TimeToLive ${ttl} has passed`));
  }

  const msh = isMshService(message);
  if (/\s/.test(h.service.value) || /\s/.test(h.action)) {
    errors.push(err('ValueNotRecognized', 'EBMS_WHITESPACE', `${H}/Action`, 'Service and Action must not contain whitespace (EB006)'));
  } else if (msh) {
    if (!(MSH_ACTIONS as readonly string[]).includes(h.action)) errors.push(err('ValueNotRecognized', 'EBMS_MSH_ACTION_UNKNOWN', `${H}/Action`, `Action ${h.action} is not an MSH service action`));
  } else if (sender && receiver) {
    const role = sender.collaborationRoles.find((r) => r.role === h.from.role && r.service === h.service.value && r.serviceType === h.service.type);
    const canSend = role?.canSend.some((b) => b.action === h.action);
    const toRole = receiver.collaborationRoles.find((r) => r.role === h.to.role && r.service === h.service.value);
    const canReceive = toRole?.canReceive.some((b) => b.action === h.action);
    if (h.from.role !== undefined && (!canSend || !canReceive)) {
      errors.push(err('ValueNotRecognized', 'EBMS_BINDING_UNKNOWN', `${H}/Action`, `no CPA binding for role ${h.from.role} → ${h.to.role ?? '(none)'}, service ${h.service.type ?? ''}:${h.service.value}, action ${h.action}`));
    }
  }

  // Reliability and sync per the sender's delivery channel. MSH signals carry none of these.
  if (sender && !msh) {
    const dc = sender.deliveryChannel;
    if (dc.duplicateElimination === 'always' && !h.duplicateElimination) errors.push(err('Inconsistent', 'EBMS_DUPLICATE_ELIMINATION_MISSING', `${H}/DuplicateElimination`, 'CPA requires DuplicateElimination'));
    if (dc.duplicateElimination === 'never' && h.duplicateElimination) errors.push(err('Inconsistent', 'EBMS_DUPLICATE_ELIMINATION_UNEXPECTED', `${H}/DuplicateElimination`, 'CPA does not allow DuplicateElimination'));
    const ack = message.ackRequested;
    if (!ack) {
      if (dc.ackRequested === 'always') errors.push(err('Inconsistent', 'EBMS_ACK_REQUESTED_MISSING', '//Header/AckRequested', 'CPA requires AckRequested'));
    } else {
      if (dc.ackRequested === 'never') errors.push(err('Inconsistent', 'EBMS_ACK_REQUESTED_UNEXPECTED', '//Header/AckRequested', 'CPA does not allow AckRequested'));
      if (ack.version !== '2.0') errors.push(err('Inconsistent', 'EBMS_ACK_REQUESTED_VERSION', '//Header/AckRequested/@version', `AckRequested version must be 2.0, got ${ack.version ?? '(none)'}`));
      if (ack.actor === NEXT_MSH) errors.push(err('NotSupported', 'EBMS_ACK_REQUESTED_NEXT_MSH', '//Header/AckRequested/@actor', 'AckRequested for nextMSH is not supported (toPartyMSH only)'));
      else if (ack.actor !== undefined && ack.actor !== TO_PARTY_MSH) errors.push(err('Inconsistent', 'EBMS_ACK_REQUESTED_ACTOR', '//Header/AckRequested/@actor', `unknown actor ${ack.actor}`));
      const wantSigned = dc.ackSignatureRequested === 'always' ? 'true' : dc.ackSignatureRequested === 'never' ? 'false' : undefined;
      if (wantSigned !== undefined && (ack.signed ?? 'false') !== wantSigned) errors.push(err('Inconsistent', 'EBMS_ACK_REQUESTED_SIGNED', '//Header/AckRequested/@signed', `AckRequested signed must be ${wantSigned} per CPA`));
    }
    const sync = message.syncReply;
    if (dc.syncReplyMode === 'mshSignalsOnly' && !sync) errors.push(err('Inconsistent', 'EBMS_SYNC_REPLY_MISSING', '//Header/SyncReply', 'CPA syncReplyMode mshSignalsOnly requires SyncReply'));
    if (dc.syncReplyMode === 'none' && sync) errors.push(err('Inconsistent', 'EBMS_SYNC_REPLY_UNEXPECTED', '//Header/SyncReply', 'CPA syncReplyMode none does not allow SyncReply'));
    if (sync && sync.version !== '2.0') errors.push(err('Inconsistent', 'EBMS_SYNC_REPLY_VERSION', '//Header/SyncReply[@version]', 'SyncReply version must be 2.0'));
    if (sync && sync.actor !== SOAP_ACTOR_NEXT) errors.push(err('Inconsistent', 'EBMS_SYNC_REPLY_ACTOR', '//Header/SyncReply[@actor]', `SyncReply actor must be ${SOAP_ACTOR_NEXT}`));
    const traits = profileTraits(cpa.profile);
    if (traits.encrypted) errors.push(err('NotSupported', 'EBMS_ENCRYPTION_NOT_SUPPORTED', '//Body', `profile ${cpa.profile} (XML encryption, osb-*-e) is not supported by govsim yet; use osb-rm, osb-rm-s, osb-be or osb-be-s`));
  }
  if (message.messageOrder) errors.push(err('NotSupported', 'EBMS_MESSAGE_ORDER', '//Header/MessageOrder', 'MessageOrder is not supported'));

  const man = message.manifest;
  if (man) {
    if (man.version !== '2.0') errors.push(err('Inconsistent', 'EBMS_MANIFEST_VERSION', '//Body/Manifest/@version', 'Manifest version must be 2.0'));
    for (const r of man.references) {
      if (!/^cid:/i.test(r.href)) errors.push(err('MimeProblem', 'EBMS_REFERENCE_NOT_CID', `//Body/Manifest/Reference[@href=${r.href}]`, 'references must be cid: (no external references)'));
      else if (!ctx.resolveContentId || !ctx.resolveContentId(r.href)) errors.push(err('MimeProblem', 'EBMS_REFERENCE_UNRESOLVED', r.href, `no MIME part for ${r.href}`));
    }
  }
  if (errors.length) return out(sender);
  return { kind: 'accepted', message, cpa, sender: sender!, receiver: receiver! };
}

/** The HTTP-level rule: SOAPAction must be exactly "ebXML" (quotes included). Checked before parsing. */
export function checkSoapAction(soapAction: string | undefined): EnvelopeFault | undefined {
  if (soapAction === '"ebXML"') return undefined;
  return { code: 'EBMS_SOAPACTION', faultCode: 'Client', faultString: `SOAPAction must be "ebXML", got ${soapAction === undefined ? '(none)' : JSON.stringify(soapAction)}`, emptyBody: false };
}

/** SOAPAction check, envelope parse and rule validation in the order the error table implies. */
export function receiveEnvelope(xml: string | Uint8Array, soapAction: string | undefined, ctx: InboundContext): InboundVerdict {
  const bad = checkSoapAction(soapAction);
  if (bad) return { kind: 'soapFault', fault: bad };
  const parsed = parseEnvelope(xml);
  if ('fault' in parsed) return { kind: 'soapFault', fault: parsed.fault };
  return validateInbound(parsed.message, ctx);
}
