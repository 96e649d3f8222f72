/**
 * The CPA Register step: Consumerspecificatie + simulated MijnOverheid service → CPA model,
 * with the Digikoppeling defaults (CPA Register / Best Practices ch03).
 */
import type { CertificateInfo } from './certificate.ts';
import type { ConsumerSpec } from './consumer-spec-model.ts';
import {
  OSB_OIN_TYPE, OSB_SERVICES_TYPE, TO_PARTY_MSH_ACTOR,
  type Cpa, type CpaAction, type CpaParty, type SyncReplyMode,
} from './cpa-model.ts';
import { DEFAULT_MIJNOVERHEID_OIN } from './oin.ts';
import { profileTraits, type EbmsProfile } from './profiles.ts';
import { parseDurationMs } from './duration.ts';
import { issue, type Issue } from './issue.ts';
import type { Clock } from '../../kernel/types.ts';
import { signatureMethodForKey } from './xmldsig/algorithms.ts';

/** The simulated MijnOverheid side of the CPA. Service and action names are MODELLED (not public): configurable. */
export interface MijnOverheidServiceConfig {
  partyName: string;
  oin: string;
  /** Service-ID handed out by Logius for the CPA (modelled default). */
  serviceId: string;
  serviceType: string;
  endpointUri: string;
  clientCert: CertificateInfo;
  serverCert: CertificateInfo;
  /** Role names per side. */
  consumerRole: string;
  providerRole: string;
  /** Actions the consumer sends to MijnOverheid (zaakberichten). */
  consumerSends: string[];
  /** Actions MijnOverheid sends to the consumer (foutberichten). */
  providerSends: string[];
}

export const DEFAULT_SERVICE_SETTINGS = {
  partyName: 'MijnOverheid Lopende Zaken (govsim)',
  oin: DEFAULT_MIJNOVERHEID_OIN,
  serviceId: 'mijnoverheid:lopendezaken:1.0',
  serviceType: OSB_SERVICES_TYPE,
  consumerRole: 'Zaakleverancier',
  providerRole: 'LopendeZaken',
  consumerSends: ['zakLk01', 'moBericht'],
  providerSends: ['foutbericht'],
} as const;

export interface CpaOptions {
  profile?: EbmsProfile;
  syncReplyMode?: SyncReplyMode;
  retries?: number;
  retryInterval?: string;
  persistDuration?: string;
  /** Explicit CPAId; otherwise `[ServiceID]_[consumer]_[provider]_[id]` with the injected id generator. */
  cpaId?: string;
}

export interface CpaDeps {
  clock: Clock;
  /** Unique id for the CPAId version part (e.g. a UUID). */
  newId: () => string;
}

export const CPA_DEFAULTS = { profile: 'osb-rm', syncReplyMode: 'none', retries: 8, retryInterval: 'PT3H', persistDuration: 'P1D' } as const;

const HASH_SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const ENC_AES128_GCM = 'http://www.w3.org/2009/xmlenc11#aes128-gcm';

/** CPAId without dots or other characters adapters may choke on when used as a file name (BP ch03). */
export function makeCpaId(serviceId: string, consumerPartyId: string, providerPartyId: string, id: string): string {
  return [serviceId, consumerPartyId, providerPartyId, id].map((s) => s.replace(/[^A-Za-z0-9_-]+/g, '-')).join('_');
}

export function createCpa(spec: ConsumerSpec, service: MijnOverheidServiceConfig, options: CpaOptions, deps: CpaDeps): { cpa?: Cpa; issues: Issue[] } {
  const issues: Issue[] = [];
  const profile = options.profile ?? CPA_DEFAULTS.profile;
  const retries = options.retries ?? CPA_DEFAULTS.retries;
  const retryInterval = options.retryInterval ?? CPA_DEFAULTS.retryInterval;
  const persistDuration = options.persistDuration ?? CPA_DEFAULTS.persistDuration;
  const syncReplyMode = options.syncReplyMode ?? CPA_DEFAULTS.syncReplyMode;
  if (!Number.isInteger(retries) || retries < 0 || retries > 100) issues.push(issue('CPA_BAD_RETRIES', `Retries must be an integer 0..100, got ${retries}`, 'retries'));
  if (parseDurationMs(retryInterval) === undefined) issues.push(issue('CPA_BAD_DURATION', `RetryInterval ${retryInterval} is not an xsd:duration`, 'retryInterval'));
  if (parseDurationMs(persistDuration) === undefined) issues.push(issue('CPA_BAD_DURATION', `PersistDuration ${persistDuration} is not an xsd:duration`, 'persistDuration'));
  if (spec.partyId === service.oin) issues.push(issue('CPA_SAME_PARTY', 'consumer PartyId equals the MijnOverheid PartyId', 'PartyId'));

  const certs = [spec.clientCert, spec.serverCert, service.clientCert, service.serverCert];
  const start = new Date(Math.max(...certs.map((c) => c.validFrom.getTime())));
  const end = new Date(Math.min(...certs.map((c) => c.validTo.getTime())));
  if (start >= end) issues.push(issue('CPA_NO_COMMON_VALIDITY', 'the certificates have no common validity period', 'Start/End'));
  else if (end <= deps.clock.now()) issues.push(issue('CPA_CERT_EXPIRED', `the certificates' common validity ended at ${end.toISOString()}`, 'End'));
  if (issues.length) return { issues };

  const traits = profileTraits(profile);
  const cpaId = options.cpaId ?? makeCpaId(service.serviceId, spec.partyId, service.oin, deps.newId());
  const side = (key: 'consumer' | 'provider'): CpaParty => {
    const isConsumer = key === 'consumer';
    const sends = isConsumer ? service.consumerSends : service.providerSends;
    const receives = isConsumer ? service.providerSends : service.consumerSends;
    const channelId = `${key}_defaultChannel`;
    const action = (a: string, dir: 'send' | 'receive'): CpaAction => ({ action: a, bindingId: `${key}_${dir}_${a}`, packageId: 'package_xml', channelId });
    const clientCert = isConsumer ? spec.clientCert : service.clientCert;
    const serverCert = isConsumer ? spec.serverCert : service.serverCert;
    const party: CpaParty = {
      partyName: isConsumer ? spec.partyName : service.partyName,
      partyId: isConsumer ? spec.partyId : service.oin,
      partyIdType: OSB_OIN_TYPE,
      collaborationRoles: [{
        role: isConsumer ? service.consumerRole : service.providerRole,
        service: service.serviceId,
        serviceType: service.serviceType,
        canSend: sends.map((a) => action(a, 'send')),
        canReceive: receives.map((a) => action(a, 'receive')),
      }],
      certificates: [
        { certId: `${key}_clientCert`, derBase64: clientCert.derBase64 },
        { certId: `${key}_serverCert`, derBase64: serverCert.derBase64 },
      ],
      deliveryChannel: {
        channelId,
        transportId: `${key}_transport`,
        docExchangeId: `${key}_docExchange`,
        syncReplyMode,
        ackRequested: traits.reliable ? 'always' : 'never',
        ackSignatureRequested: traits.signed ? 'always' : 'never',
        duplicateElimination: traits.reliable ? 'always' : 'never',
        actor: TO_PARTY_MSH_ACTOR,
      },
      docExchange: { docExchangeId: `${key}_docExchange`, persistDuration },
      transport: {
        transportId: `${key}_transport`,
        endpoint: isConsumer ? spec.endpointUri : service.endpointUri,
        clientCertificateId: `${key}_clientCert`,
        serverCertificateId: `${key}_serverCert`,
      },
    };
    if (isConsumer && spec.partyRef) party.partyRef = spec.partyRef;
    if (traits.reliable) party.docExchange.reliableMessaging = { retries, retryInterval, messageOrderSemantics: 'NotGuaranteed' };
    if (traits.signed) party.docExchange.nonRepudiation = { hashFunction: HASH_SHA256, signatureAlgorithm: signatureMethodForKey(clientCert.keyType, clientCert.namedCurve), signingCertificateId: `${key}_clientCert` };
    if (traits.encrypted) party.docExchange.digitalEnvelope = { encryptionAlgorithm: ENC_AES128_GCM, encryptionCertificateId: `${key}_serverCert` };
    return party;
  };
  return {
    issues: [],
    cpa: { cpaId, version: '1', status: 'agreed', start: start.toISOString(), end: end.toISOString(), profile, parties: [side('consumer'), side('provider')] },
  };
}
