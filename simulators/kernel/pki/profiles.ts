/**
 * Pure translation of an IssueRequest into a certificate plan: subject, extensions,
 * validity window and issuer. No keys, no I/O, so every rule here is unit-testable.
 */
import { PkiError } from './errors.ts';
import {
  focesSerial, mrdsSerial, validateCustomer, validateCvr, validateDnsName, validateEmail, validateFid, validateIp, validateOin,
} from './identifiers.ts';
import { assertKeyAlgorithm, type KeyAlgorithm } from './keys.ts';
import { PROFILES, VARIANTS, type CertificatePurpose, type CertificateVariant, type IssueRequest } from './types.ts';

export const OID = {
  C: '2.5.4.6',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
  SERIAL_NUMBER: '2.5.4.5',
  EMAIL: '1.2.840.113549.1.9.1',
  EKU_SERVER_AUTH: '1.3.6.1.5.5.7.3.1',
  EKU_CLIENT_AUTH: '1.3.6.1.5.5.7.3.2',
  /** id-kp-documentSigning (RFC 9336): what a report manifest signature is. */
  EKU_DOCUMENT_SIGNING: '1.3.6.1.5.5.7.3.36',
} as const;

/** One RDN: attribute OID → value. `printable` forces PrintableString (C and serialNumber must be). */
export interface PlannedAttribute {
  oid: string;
  value: string;
  printable?: boolean;
}

export interface CertificatePlan {
  /** RDNs in encoding order (C first, CN last). */
  subject: PlannedAttribute[];
  keyAlgorithm: KeyAlgorithm;
  extendedKeyUsages: string[];
  /** digitalSignature always; keyEncipherment for RSA TLS keys; nonRepudiation for signers. */
  keyUsage: { keyEncipherment: boolean; nonRepudiation: boolean };
  dnsNames: string[];
  ipAddresses: string[];
  emails: string[];
  notBefore: Date;
  notAfter: Date;
  issuer: 'trusted' | 'foreign';
  /** Revoke right after issuing (variant `revoked`). */
  revoke: boolean;
}

const DAY = 86_400_000;
/** Valid certificates start slightly in the past so small clock skew between peers does not matter. */
const BACKDATE_MS = 5 * 60_000;
export const DEFAULT_VALIDITY_DAYS = 365;
export const DEFAULT_SERVER_HOSTS = ['localhost'];
export const DEFAULT_SERVER_IPS = ['127.0.0.1', '::1'];
const TEST_ORG = 'govsim test PKI';

function requireText(value: string | undefined, field: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 64) {
    throw new PkiError('PKI_BAD_REQUEST', `${field} is required (1 to 64 characters)`);
  }
  return value;
}

function optionalText(value: string | undefined, field: string): string | undefined {
  return value === undefined ? undefined : requireText(value, field);
}

export function validityWindow(variant: CertificateVariant, now: Date, days: number): { notBefore: Date; notAfter: Date } {
  const t = now.getTime();
  switch (variant) {
    case 'expired':
      return { notBefore: new Date(t - DAY - days * DAY), notAfter: new Date(t - DAY) };
    case 'not-yet-valid':
      return { notBefore: new Date(t + DAY), notAfter: new Date(t + DAY + days * DAY) };
    default:
      return { notBefore: new Date(t - BACKDATE_MS), notAfter: new Date(t + days * DAY) };
  }
}

function ekus(purpose: CertificatePurpose): string[] {
  if (purpose === 'both') return [OID.EKU_CLIENT_AUTH, OID.EKU_SERVER_AUTH];
  return [purpose === 'server' ? OID.EKU_SERVER_AUTH : OID.EKU_CLIENT_AUTH];
}

/** Builds the plan for `request`; throws PkiError with a stable code on any invalid field. */
export function planCertificate(request: IssueRequest, now: Date, defaultKey: KeyAlgorithm): CertificatePlan {
  if (!request || !PROFILES.includes(request.profile)) {
    throw new PkiError('PKI_BAD_PROFILE', `profile must be one of ${PROFILES.join(', ')}`);
  }
  const variant = request.variant ?? 'valid';
  if (!VARIANTS.includes(variant)) throw new PkiError('PKI_BAD_VARIANT', `variant must be one of ${VARIANTS.join(', ')}`);
  const wrong = variant === 'wrong-identifier';
  const days = request.validityDays ?? DEFAULT_VALIDITY_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    throw new PkiError('PKI_BAD_VALIDITY', 'validityDays must be a whole number from 1 to 3650');
  }
  const purpose = request.purpose ?? (request.profile === 'server' ? 'server' : 'client');
  if (!['client', 'server', 'both'].includes(purpose)) throw new PkiError('PKI_BAD_REQUEST', 'purpose must be client, server or both');

  const keyAlgorithm = assertKeyAlgorithm(request.keyAlgorithm ?? (request.profile === 'report-signer' ? 'ed25519' : defaultKey));
  const dnsNames = (request.dnsNames ?? []).map(validateDnsName);
  const ipAddresses = (request.ipAddresses ?? []).map(validateIp);
  const emails = request.email === undefined ? [] : [validateEmail(request.email)];
  const ou = optionalText(request.organizationalUnit, 'organizationalUnit');
  const subject: PlannedAttribute[] = [];
  let extendedKeyUsages = ekus(purpose);
  let nonRepudiation = false;

  switch (request.profile) {
    case 'pkioverheid': {
      const org = requireText(request.organization, 'organization');
      const serial = wrong ? (request.oin ?? '00000099000000000001').replace(/\D/g, '').padEnd(20, '0').slice(0, 19) : validateOin(request.oin);
      subject.push({ oid: OID.C, value: 'NL', printable: true }, { oid: OID.O, value: org });
      if (ou) subject.push({ oid: OID.OU, value: ou });
      subject.push({ oid: OID.SERIAL_NUMBER, value: serial, printable: true }, { oid: OID.CN, value: requireText(request.commonName ?? org, 'commonName') });
      break;
    }
    case 'foces': {
      const org = requireText(request.organization, 'organization');
      let cvr: string;
      let serial: string;
      if (wrong) {
        cvr = (request.cvr ?? '123').slice(0, 3);
        serial = `CVR:${cvr}-FID:`;
      } else {
        cvr = validateCvr(request.cvr);
        serial = focesSerial(cvr, validateFid(request.fid));
      }
      subject.push({ oid: OID.C, value: 'DK', printable: true }, { oid: OID.O, value: `${org} // CVR:${cvr}` });
      if (ou) subject.push({ oid: OID.OU, value: ou });
      subject.push({ oid: OID.SERIAL_NUMBER, value: serial, printable: true }, { oid: OID.CN, value: requireText(request.commonName ?? org, 'commonName') });
      break;
    }
    case 'mrds-client': {
      const org = requireText(request.organization, 'organization');
      const serial = wrong ? 'KDNR:' : mrdsSerial(validateCustomer(request.customer));
      subject.push({ oid: OID.C, value: 'DE', printable: true }, { oid: OID.O, value: org });
      if (ou) subject.push({ oid: OID.OU, value: ou });
      subject.push({ oid: OID.SERIAL_NUMBER, value: serial, printable: true }, { oid: OID.CN, value: requireText(request.commonName ?? org, 'commonName') });
      if (request.email !== undefined) subject.push({ oid: OID.EMAIL, value: emails[0] });
      break;
    }
    case 'server': {
      if (wrong) {
        // A server certificate's identifier is its host name: issue one for a host nobody asked for.
        dnsNames.splice(0, dnsNames.length, 'wrong-host.invalid');
        ipAddresses.splice(0, ipAddresses.length);
      } else {
        if (request.dnsNames === undefined) dnsNames.push(...DEFAULT_SERVER_HOSTS);
        if (request.ipAddresses === undefined) ipAddresses.push(...DEFAULT_SERVER_IPS);
      }
      subject.push({ oid: OID.O, value: requireText(request.organization ?? TEST_ORG, 'organization') });
      if (ou) subject.push({ oid: OID.OU, value: ou });
      subject.push({ oid: OID.CN, value: requireText(request.commonName ?? dnsNames[0] ?? ipAddresses[0] ?? 'localhost', 'commonName') });
      break;
    }
    case 'report-signer': {
      if (wrong) throw new PkiError('PKI_BAD_VARIANT', 'a report signer has no identifier to get wrong; use foreign-ca, expired or revoked');
      subject.push({ oid: OID.O, value: requireText(request.organization ?? TEST_ORG, 'organization') });
      if (ou) subject.push({ oid: OID.OU, value: ou });
      subject.push({ oid: OID.CN, value: requireText(request.commonName ?? 'govsim report signer', 'commonName') });
      extendedKeyUsages = [OID.EKU_DOCUMENT_SIGNING];
      nonRepudiation = true;
      break;
    }
  }

  return {
    subject,
    keyAlgorithm,
    extendedKeyUsages,
    keyUsage: { keyEncipherment: keyAlgorithm.startsWith('rsa') && request.profile !== 'report-signer', nonRepudiation },
    dnsNames,
    ipAddresses,
    emails,
    ...validityWindow(variant, now, days),
    issuer: variant === 'foreign-ca' ? 'foreign' : 'trusted',
    revoke: variant === 'revoked',
  };
}
