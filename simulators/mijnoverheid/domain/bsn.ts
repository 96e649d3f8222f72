/** BSN (burgerservicenummer) rules: 9 digits passing the 11-proef (elfproef). */
import { issue, type Issue } from './issue.ts';

const WEIGHTS = [9, 8, 7, 6, 5, 4, 3, 2, -1];

/** True when the 9 digits pass the BSN 11-proef: Σ wᵢ·dᵢ ≡ 0 (mod 11), last weight −1. */
export function elfproef(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += WEIGHTS[i] * (digits.charCodeAt(i) - 48);
  return sum % 11 === 0;
}

/** Normalises a BSN: an 8-digit number is left-padded with 0. Text only, so leading zeros survive. */
export function normaliseBsn(value: string): string {
  const t = value.trim();
  return /^\d{8}$/.test(t) ? `0${t}` : t;
}

export function validateBsn(value: string, location = 'BSN'): Issue[] {
  const bsn = normaliseBsn(value);
  if (!/^\d{9}$/.test(bsn)) return [issue('BSN_FORMAT', `BSN must be 9 digits (or 8, left-padded), got ${JSON.stringify(value)}`, location)];
  if (bsn === '000000000') return [issue('BSN_ZERO', 'BSN 000000000 is not a valid BSN', location)];
  if (!elfproef(bsn)) return [issue('BSN_ELFPROEF', `BSN ${bsn} fails the 11-proef`, location)];
  return [];
}

export function isValidBsn(value: string): boolean {
  return validateBsn(value).length === 0;
}
