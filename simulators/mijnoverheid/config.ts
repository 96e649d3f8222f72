/**
 * Settings of the simulated MijnOverheid Lopende Zaken preproduction. The ebMS service and
 * action names, the Profielservice contract and the foutbericht codes are MODELLED (not in
 * public material) and therefore configuration with documented defaults.
 */
import { DEFAULT_SERVICE_SETTINGS } from './domain/index.ts';

export interface MijnOverheidSettings {
  partyName: string;
  /** OIN of the simulated MijnOverheid (StUF ontvanger/organisatie, CPA PartyId). */
  oin: string;
  serviceId: string;
  serviceType: string;
  consumerRole: string;
  providerRole: string;
  consumerSends: string[];
  providerSends: string[];
  /** Action of the foutbericht MijnOverheid sends back. */
  foutberichtAction: string;
  /** Hostnames/IPs in the simulator's PKIoverheid certificate (the CPA's endpoint must match). */
  hosts: string[];
}

export const DEFAULT_SETTINGS: MijnOverheidSettings = {
  partyName: DEFAULT_SERVICE_SETTINGS.partyName,
  oin: DEFAULT_SERVICE_SETTINGS.oin,
  serviceId: DEFAULT_SERVICE_SETTINGS.serviceId,
  serviceType: DEFAULT_SERVICE_SETTINGS.serviceType,
  consumerRole: DEFAULT_SERVICE_SETTINGS.consumerRole,
  providerRole: DEFAULT_SERVICE_SETTINGS.providerRole,
  consumerSends: [...DEFAULT_SERVICE_SETTINGS.consumerSends],
  providerSends: [...DEFAULT_SERVICE_SETTINGS.providerSends],
  foutberichtAction: 'foutbericht',
  hosts: ['localhost', '127.0.0.1'],
};

/** Paths on the simulator's mTLS server. */
export const PATHS = {
  ebms: '/ebms',
  profielservice: '/profielservice',
  cpaRegister: '/cpa-register',
} as const;

/** Request caps: the SOAP part is always buffered, payload parts are streamed. */
export const LIMITS = {
  maxBodyBytes: 16 * 1024 * 1024,
  maxSoapBytes: 2 * 1024 * 1024,
  maxPayloadBytes: 4 * 1024 * 1024,
  maxParts: 16,
} as const;
