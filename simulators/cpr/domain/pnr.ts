/**
 * CPR numbers (personnummer, DDMMYY-SSSS): format, century from the 7th digit, the
 * modulus-11 check (no longer guaranteed, so validation is lenient) and govsim's
 * fictitious numbers: valid dates, correct century and sex digit, but a FAILING
 * modulus-11 check on birth dates that are not on CPR's list of dates without check
 * digit. That is a mock-only convention, not an official CPR test range.
 */

const WEIGHTS = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];

export function normalizePnr(input: string): string | undefined {
  const s = input.trim().replace(/^(\d{6})-(\d{4})$/, '$1$2');
  return /^\d{10}$/.test(s) ? s : undefined;
}

export function passesModulus11(pnr: string): boolean {
  return [...pnr].reduce((sum, d, i) => sum + Number(d) * WEIGHTS[i], 0) % 11 === 0;
}

/** The birth year, from YY and the 7th digit (first serial digit). */
export function centuryYear(yy: number, seventh: number): number {
  if (seventh <= 3) return 1900 + yy;
  if (seventh === 4 || seventh === 9) return yy <= 36 ? 2000 + yy : 1900 + yy;
  return yy <= 57 ? 2000 + yy : 1800 + yy;
}

export interface PnrInfo {
  pnr: string;
  /** ISO date. */
  birthDate: string;
  sex: 'K' | 'M';
  modulus11: boolean;
}

/** Reads a CPR number; undefined when it is not 10 digits or names no real date. Modulus 11 is reported, not required. */
export function parsePnr(input: string): PnrInfo | undefined {
  const pnr = normalizePnr(input);
  if (!pnr) return undefined;
  const dd = Number(pnr.slice(0, 2));
  const mm = Number(pnr.slice(2, 4));
  const year = centuryYear(Number(pnr.slice(4, 6)), Number(pnr[6]));
  const iso = `${year}-${pnr.slice(2, 4)}-${pnr.slice(0, 2)}`;
  if (!isRealDate(year, mm, dd)) return undefined;
  return { pnr, birthDate: iso, sex: Number(pnr[9]) % 2 === 1 ? 'M' : 'K', modulus11: passesModulus11(pnr) };
}

export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** First serial digit range that gives `year` (prefers 0-3 for the 1900s, 4 for 2000-2036, 5 for 2037-2057). */
function seventhDigitFor(year: number): number {
  if (year >= 1900 && year <= 1999) return 0;
  if (year >= 2000 && year <= 2036) return 4;
  if (year >= 2037 && year <= 2057) return 5;
  if (year >= 1858 && year <= 1899) return 5;
  throw new RangeError(`no CPR century digit for ${year}`);
}

/**
 * The `index`-th fictitious CPR number for a birth date (ISO) and sex: the serial runs
 * upwards from a start that depends on the index, skipping every number that passes
 * modulus 11. Refuses 1 January (CPR issues numbers without check digit on such dates).
 */
export function fictitiousPnr(birthDate: string, sex: 'K' | 'M', index = 0): string {
  const [y, m, d] = birthDate.split('-').map(Number);
  if (!isRealDate(y, m, d)) throw new RangeError(`${birthDate} is not a date`);
  if (m === 1 && d === 1) throw new RangeError('1 January is avoided: CPR issues numbers without check digit on such dates');
  const prefix = `${String(d).padStart(2, '0')}${String(m).padStart(2, '0')}${String(y % 100).padStart(2, '0')}`;
  const seventh = seventhDigitFor(y);
  let found = 0;
  for (let serial = 0; serial < 1000; serial++) {
    const last = serial % 10;
    if ((last % 2 === 1) !== (sex === 'M')) continue;
    const pnr = `${prefix}${seventh}${String(serial).padStart(3, '0')}`;
    if (passesModulus11(pnr)) continue;
    if (found++ === index) return pnr;
  }
  throw new RangeError(`no fictitious CPR number #${index} for ${birthDate}`);
}
