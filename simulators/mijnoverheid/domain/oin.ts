/**
 * OIN (Organisatie-identificatienummer) rules: 20 characters, 8-digit prefix naming the
 * source register, and for Digikoppeling PartyIds an optional non-production suffix.
 */
import { issue, type Issue } from './issue.ts';

/** Prefix → register the main number comes from (OIN-stelsel). */
export const OIN_PREFIXES: Readonly<Record<string, string>> = {
  '00000001': 'RSIN (Handelsregister)',
  '00000002': 'Fi-nummer (Belastingdienst)',
  '00000003': 'KVK-nummer',
  '00000004': 'SubOIN',
  '00000005': 'reserved',
  '00000006': 'OIN issued by Logius',
  '00000007': 'BRIN',
  '00000008': 'foreign organisation',
  '00000009': 'UZI-nummer',
  '00000010': 'TRR-BD-nummer',
  '00000099': 'test OIN',
};

export const TEST_OIN_PREFIX = '00000099';
/** Receiver organisation of Lopende Zaken as seen in municipal implementations; configurable. */
export const DEFAULT_MIJNOVERHEID_OIN = '00000004003214345001';
/** Suffixes allowed after the OIN in a non-production PartyId. */
export const NON_PRODUCTION_SUFFIXES = ['_T', '_A', '_O', '_OTA'] as const;
export type NonProductionSuffix = (typeof NON_PRODUCTION_SUFFIXES)[number];

export interface OinInfo {
  oin: string;
  prefix: string;
  register: string;
  isTest: boolean;
}

/** Validates a bare 20-digit OIN; returns an issue list (empty when valid). */
export function validateOin(value: string, location = 'OIN'): Issue[] {
  if (!/^\d{20}$/.test(value)) {
    return [issue('OIN_FORMAT', `OIN must be exactly 20 digits, got ${JSON.stringify(value)}`, location)];
  }
  const prefix = value.slice(0, 8);
  if (!(prefix in OIN_PREFIXES)) {
    return [issue('OIN_UNKNOWN_PREFIX', `OIN prefix ${prefix} is not a known OIN register prefix`, location)];
  }
  return [];
}

export function isValidOin(value: string): boolean {
  return validateOin(value).length === 0;
}

export function describeOin(oin: string): OinInfo | undefined {
  if (!isValidOin(oin)) return undefined;
  const prefix = oin.slice(0, 8);
  return { oin, prefix, register: OIN_PREFIXES[prefix], isTest: prefix === TEST_OIN_PREFIX };
}

export interface PartyIdValue {
  /** The whole PartyId text as sent. */
  raw: string;
  oin: string;
  suffix?: NonProductionSuffix;
}

/**
 * Parses a Digikoppeling PartyId (`urn:osb:oin` type): an OIN with an optional `_T`/`_A`/`_O`/`_OTA`
 * suffix. `allowSuffix` is false in production-shaped configurations.
 */
export function parsePartyIdOin(raw: string, opts: { allowSuffix?: boolean } = {}, location = 'PartyId'): { value?: PartyIdValue; issues: Issue[] } {
  const allowSuffix = opts.allowSuffix ?? true;
  const m = /^(.*?)(_[A-Z]+)?$/.exec(raw) as RegExpExecArray;
  const oin = m[1];
  const suffix = m[2];
  if (suffix !== undefined) {
    if (!(NON_PRODUCTION_SUFFIXES as readonly string[]).includes(suffix)) {
      return { issues: [issue('OIN_BAD_SUFFIX', `PartyId suffix ${suffix} is not one of ${NON_PRODUCTION_SUFFIXES.join(', ')}`, location)] };
    }
    if (!allowSuffix) {
      return { issues: [issue('OIN_SUFFIX_NOT_ALLOWED', `PartyId suffix ${suffix} is only allowed outside production`, location)] };
    }
  }
  const issues = validateOin(oin, location);
  if (issues.length) return { issues };
  return { value: suffix ? { raw, oin, suffix: suffix as NonProductionSuffix } : { raw, oin }, issues: [] };
}

/** The OIN part of a PartyId (suffix stripped), or undefined when it is not OIN-shaped. */
export function oinOfPartyId(raw: string): string | undefined {
  return parsePartyIdOin(raw).value?.oin;
}

/**
 * Builds a fictitious test OIN from a 9-digit main number: `00000099` + 9 digits + `000`.
 * Deterministic, so seeded identities are stable across runs.
 */
export function testOin(mainNumber: number | string): string {
  const main = String(mainNumber).padStart(9, '0');
  if (!/^\d{9}$/.test(main)) throw new RangeError(`test OIN main number must have at most 9 digits: ${mainNumber}`);
  return `${TEST_OIN_PREFIX}${main}000`;
}
