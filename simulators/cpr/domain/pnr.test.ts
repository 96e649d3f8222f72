import { describe, expect, it } from 'vitest';
import { centuryYear, fictitiousPnr, parsePnr, passesModulus11 } from './pnr.ts';
import { seedPersons, unknownPnr } from './register.ts';
import { KOMMUNER, POSTNUMRE, VEJE } from './geography.ts';
import { isProtected } from './register.ts';

describe('CPR numbers', () => {
  it('reads the century from the 7th digit', () => {
    expect(centuryYear(85, 0)).toBe(1985);
    expect(centuryYear(5, 4)).toBe(2005);
    expect(centuryYear(37, 4)).toBe(1937);
    expect(centuryYear(57, 5)).toBe(2057);
    expect(centuryYear(58, 8)).toBe(1858);
  });

  it('is lenient about modulus 11 but strict about dates', () => {
    expect(parsePnr('140385-0000')?.birthDate).toBe('1985-03-14');
    expect(parsePnr('3102851234')).toBeUndefined();
    expect(parsePnr('12345')).toBeUndefined();
  });

  it('makes fictitious numbers that fail modulus 11, match sex and century, and avoid 1 January', () => {
    const p = fictitiousPnr('2005-10-21', 'M');
    expect(passesModulus11(p)).toBe(false);
    expect(parsePnr(p)).toMatchObject({ birthDate: '2005-10-21', sex: 'M', modulus11: false });
    expect(() => fictitiousPnr('1980-01-01', 'K')).toThrow(/1 January/);
  });

  it('seeds the same register on every start, all numbers fictitious', () => {
    const a = seedPersons();
    const b = seedPersons();
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const p of a.values()) {
      const info = parsePnr(p.pnr)!;
      expect(info.modulus11).toBe(false);
      expect(info.sex).toBe(p.koen);
      expect(info.birthDate.replace(/-/g, '')).toBe(p.foedselsdato);
      expect(KOMMUNER[p.adresse.kommunekode]).toBeDefined();
      expect(VEJE.some((v) => v.kommunekode === p.adresse.kommunekode && v.vejkode === p.adresse.vejkode && v.postnumre.includes(p.adresse.postnr))).toBe(true);
    }
    expect(a.has(unknownPnr())).toBe(false);
    const statuses = new Set([...a.values()].map((p) => p.status));
    for (const s of ['01', '70', '80', '90']) expect(statuses.has(s)).toBe(true);
    expect([...a.values()].some((p) => isProtected(p, '20250310'))).toBe(true);
    for (const v of VEJE) for (const pn of v.postnumre) expect(POSTNUMRE[pn]).toBeDefined();
    expect(Object.keys(KOMMUNER)).toHaveLength(99);
  });
});
