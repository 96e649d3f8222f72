/**
 * The identifiers the platforms read from a certificate subject's serialNumber
 * (2.5.4.5): validation for issuing, and exact parsing for identity extraction.
 */
import { isIP } from 'node:net';
import { PkiError } from './errors.ts';

/** OIN (Organisatie-identificatienummer) or HRN: exactly 20 digits. */
export const OIN_PATTERN = /^\d{20}$/;
/** Danish CVR number: 8 digits, never starting with 0. */
export const CVR_PATTERN = /^[1-9]\d{7}$/;
/** FOCES function identifier (FID): a decimal number. */
export const FID_PATTERN = /^\d{1,20}$/;
/** MRDS customer number (Kundennummer/Mandant) as govsim models it. */
export const CUSTOMER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/;

const FOCES_SERIAL = /^CVR:(\d+)-FID:(\d+)$/;
const MRDS_SERIAL = /^KDNR:(.+)$/;

export function validateOin(oin: unknown): string {
  if (typeof oin !== 'string' || !OIN_PATTERN.test(oin)) {
    throw new PkiError('PKI_BAD_OIN', `OIN must be 20 digits (got ${describe(oin)})`);
  }
  return oin;
}

export function validateCvr(cvr: unknown): string {
  if (typeof cvr !== 'string' || !CVR_PATTERN.test(cvr)) {
    throw new PkiError('PKI_BAD_CVR', `CVR must be 8 digits, not starting with 0 (got ${describe(cvr)})`);
  }
  return cvr;
}

export function validateFid(fid: unknown): string {
  if (typeof fid !== 'string' || !FID_PATTERN.test(fid)) {
    throw new PkiError('PKI_BAD_FID', `FID must be 1 to 20 digits (got ${describe(fid)})`);
  }
  return fid;
}

export function validateCustomer(customer: unknown): string {
  if (typeof customer !== 'string' || !CUSTOMER_PATTERN.test(customer)) {
    throw new PkiError('PKI_BAD_CUSTOMER', `customer number must be 1 to 32 letters, digits or '-' (got ${describe(customer)})`);
  }
  return customer;
}

export function validateEmail(email: unknown): string {
  if (typeof email !== 'string' || !/^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(email)) {
    throw new PkiError('PKI_BAD_EMAIL', `email must be a plain ASCII address (got ${describe(email)})`);
  }
  return email;
}

export function validateDnsName(name: unknown): string {
  const label = /^(\*|[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)$/;
  if (typeof name !== 'string' || name.length > 253 || name.split('.').some((l, i) => !label.test(l) || (l === '*' && i > 0))) {
    throw new PkiError('PKI_BAD_DNS_NAME', `not a DNS name: ${describe(name)}`);
  }
  return name;
}

export function validateIp(ip: unknown): string {
  if (typeof ip !== 'string' || isIP(ip) === 0) throw new PkiError('PKI_BAD_IP', `not an IP address: ${describe(ip)}`);
  return ip;
}

export const focesSerial = (cvr: string, fid: string): string => `CVR:${cvr}-FID:${fid}`;
export const mrdsSerial = (customer: string): string => `KDNR:${customer}`;

export interface ParsedSerial {
  oin?: string;
  cvr?: string;
  fid?: string;
  customer?: string;
}

/**
 * Reads the identifiers a subject serialNumber carries. Only well-formed values yield an
 * identifier: a 19-digit "OIN" or `CVR:123-FID:` yields nothing, so callers can tell.
 */
export function parseSubjectSerial(serial: string | undefined): ParsedSerial {
  if (serial === undefined) return {};
  if (OIN_PATTERN.test(serial)) return { oin: serial };
  const foces = FOCES_SERIAL.exec(serial);
  if (foces && CVR_PATTERN.test(foces[1]) && FID_PATTERN.test(foces[2])) return { cvr: foces[1], fid: foces[2] };
  const mrds = MRDS_SERIAL.exec(serial);
  if (mrds && CUSTOMER_PATTERN.test(mrds[1])) return { customer: mrds[1] };
  return {};
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return typeof v;
}
