/** Danish CVR numbers: 8 digits, first not 0, weighted sum (2,7,6,5,4,3,2,1) divisible by 11. */
import { BomFault } from './errors.ts';

const WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1];

export function isValidCvr(cvr: string): boolean {
  if (!/^[1-9]\d{7}$/.test(cvr)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(cvr[i]) * WEIGHTS[i];
  return sum % 11 === 0;
}

export function requireCvr(cvr: string | undefined, what = 'CVR'): string {
  const v = (cvr ?? '').trim();
  if (!isValidCvr(v)) throw new BomFault('BOM_CVR_UGYLDIG', `${what} "${v}" is not a valid CVR number (8 digits, modulus 11)`);
  return v;
}
