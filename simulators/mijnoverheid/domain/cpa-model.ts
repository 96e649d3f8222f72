/** Typed model of a Digikoppeling CPA (ebXML CPPA 2.0), as built by the CPA Register step and read by the MSH. */
import type { EbmsProfile } from './profiles.ts';

export const CPPA_NS = 'http://www.oasis-open.org/committees/ebxml-cppa/schema/cpp-cpa-2_0.xsd';
export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
export const XLINK_NS = 'http://www.w3.org/1999/xlink';
export const OSB_OIN_TYPE = 'urn:osb:oin';
export const OSB_SERVICES_TYPE = 'urn:osb:services';
export const TO_PARTY_MSH_ACTOR = 'urn:oasis:names:tc:ebxml-msg:actor:toPartyMSH';

export type SyncReplyMode = 'none' | 'mshSignalsOnly';
export type PerMessageChoice = 'always' | 'never' | 'perMessage';

export interface CpaAction {
  /** ThisPartyActionBinding/@action: the eb:Action value. */
  action: string;
  bindingId: string;
  packageId: string;
  channelId: string;
}

export interface CpaCollaborationRole {
  role: string;
  service: string;
  serviceType?: string;
  canSend: CpaAction[];
  canReceive: CpaAction[];
}

export interface CpaDeliveryChannel {
  channelId: string;
  transportId: string;
  docExchangeId: string;
  syncReplyMode: SyncReplyMode;
  ackRequested: PerMessageChoice;
  ackSignatureRequested: PerMessageChoice;
  duplicateElimination: PerMessageChoice;
  actor?: string;
}

export interface CpaDocExchange {
  docExchangeId: string;
  /** Present for reliable profiles. */
  reliableMessaging?: { retries: number; retryInterval: string; messageOrderSemantics: 'Guaranteed' | 'NotGuaranteed' };
  persistDuration?: string;
  /** Present for signed profiles. */
  nonRepudiation?: { hashFunction: string; signatureAlgorithm: string; signingCertificateId: string };
  /** Present for encrypted profiles. */
  digitalEnvelope?: { encryptionAlgorithm: string; encryptionCertificateId: string };
}

export interface CpaTransport {
  transportId: string;
  /** TransportReceiver/Endpoint/@uri: where this party receives messages. */
  endpoint: string;
  clientCertificateId: string;
  serverCertificateId: string;
}

export interface CpaCertificate {
  certId: string;
  /** Base64 DER (ds:X509Certificate content). */
  derBase64: string;
}

export interface CpaParty {
  partyName: string;
  partyId: string;
  partyIdType: string;
  partyRef?: string;
  collaborationRoles: CpaCollaborationRole[];
  certificates: CpaCertificate[];
  deliveryChannel: CpaDeliveryChannel;
  docExchange: CpaDocExchange;
  transport: CpaTransport;
}

export interface Cpa {
  cpaId: string;
  version: string;
  status: 'agreed' | 'signed' | 'proposed';
  /** ISO 8601 instants. */
  start: string;
  end: string;
  /** Derived from the channel characteristics (not an element of the CPA itself). */
  profile: EbmsProfile;
  parties: [CpaParty, CpaParty];
}

/** The party whose PartyId (with or without non-production suffix) equals `partyId`. */
export function findParty(cpa: Cpa, partyId: string, type?: string): CpaParty | undefined {
  return cpa.parties.find((p) => p.partyId === partyId && (type === undefined || p.partyIdType === type));
}

export function otherParty(cpa: Cpa, party: CpaParty): CpaParty {
  return cpa.parties[0] === party ? cpa.parties[1] : cpa.parties[0];
}
