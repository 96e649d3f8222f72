/** Typed model of an ebMS 2.0 SOAP 1.1 message as the MSH sees it. */
export const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const EB_NS = 'http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd';
export const XLINK_NS = 'http://www.w3.org/1999/xlink';
export const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';
export const MSH_SERVICE = 'urn:oasis:names:tc:ebxml-msg:service';
export const ERRORS_CODE_CONTEXT = 'urn:oasis:names:tc:ebxml-msg:service:errors';
export const TO_PARTY_MSH = 'urn:oasis:names:tc:ebxml-msg:actor:toPartyMSH';
export const NEXT_MSH = 'urn:oasis:names:tc:ebxml-msg:actor:nextMSH';
export const SOAP_ACTOR_NEXT = 'http://schemas.xmlsoap.org/soap/actor/next';

export const MSH_ACTIONS = ['Ping', 'Pong', 'StatusRequest', 'StatusResponse', 'Acknowledgment', 'MessageError'] as const;
export type MshAction = (typeof MSH_ACTIONS)[number];

export type EbmsErrorCode =
  | 'ValueNotRecognized' | 'NotSupported' | 'Inconsistent' | 'OtherXml' | 'DeliveryFailure'
  | 'TimeToLiveExpired' | 'SecurityFailure' | 'MimeProblem' | 'Unknown';

export interface EbmsError {
  errorCode: EbmsErrorCode;
  severity: 'Error' | 'Warning';
  location?: string;
  description?: string;
  /** govsim's own stable rule code (e.g. EBMS_ACK_REQUESTED_MISSING), for tests and evidence. */
  rule: string;
}

export interface EbmsParty {
  partyIds: { value: string; type?: string }[];
  role?: string;
}

export interface EbmsMessage {
  header: {
    version?: string;
    from: EbmsParty;
    to: EbmsParty;
    cpaId: string;
    conversationId: string;
    service: { value: string; type?: string };
    action: string;
    messageData: { messageId: string; timestamp: string; refToMessageId?: string; timeToLive?: string };
    duplicateElimination: boolean;
  };
  ackRequested?: { version?: string; signed?: string; actor?: string };
  syncReply?: { version?: string; actor?: string };
  messageOrder?: { sequenceNumber?: string };
  acknowledgment?: { refToMessageId: string; timestamp?: string; fromPartyId?: string };
  errorList?: { highestSeverity?: string; errors: { errorCode: string; severity?: string; location?: string; codeContext?: string; description?: string }[] };
  statusRequest?: { refToMessageId: string };
  statusResponse?: { refToMessageId: string; messageStatus: string; timestamp?: string };
  manifest?: { version?: string; references: { href: string; id?: string }[] };
  /** A ds:Signature in the SOAP header (verification is a separate step). */
  hasSignature: boolean;
}

export function isMshService(m: Pick<EbmsMessage, 'header'>): boolean {
  return m.header.service.value === MSH_SERVICE;
}
