/** Settings of the CPR simulator: paths, the seeded provider and the rules (all overridable). */
import { DEFAULT_CPR_RULES, type CprRules } from './domain/index.ts';

export const PATHS = {
  /** The self-service protocol endpoint (HTTPS, client certificate required). */
  protocol: '/cpr/sbs/v1',
  /** The kommune desk (plain HTTP on the desk port). */
  desk: '/',
} as const;

export interface CprSettings {
  /** The self-service provider govsim knows from the start (CVR of its FOCES certificate). */
  providerCvr: string;
  personkode: string;
  /** Initial kendeord of the seeded personkode; documented test value, not a secret. */
  kendeord: string;
  /** Test kodeord of every caseworker on the kommune desk; documented test value, not a secret. */
  deskKodeord: string;
  /** Minutes without activity after which a caseworker's desk session ends. */
  deskIdleMinutes: number;
  rules: CprRules;
  /** Largest request record accepted, in bytes. */
  maxRecordBytes: number;
}

/** Fictitious: CVR 99000001 fails the CVR modulus-11 check, so no real company has it. */
export const DEFAULT_SETTINGS: CprSettings = {
  providerCvr: '99000001',
  personkode: 'WSB00001',
  kendeord: 'Start#01',
  deskKodeord: 'Kommune#1',
  deskIdleMinutes: 30,
  rules: DEFAULT_CPR_RULES,
  maxRecordBytes: 4096,
};
