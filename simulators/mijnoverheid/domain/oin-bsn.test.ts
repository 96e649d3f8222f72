import { describe, expect, it } from 'vitest';
import { validateOin, parsePartyIdOin, describeOin, testOin, oinOfPartyId, DEFAULT_MIJNOVERHEID_OIN } from './oin.ts';
import { elfproef, validateBsn, normaliseBsn } from './bsn.ts';
import { SEEDED_TEST_PERSONS } from './test-persons.ts';

describe('OIN', () => {
  it('accepts 20-digit OINs with a known prefix', () => {
    expect(validateOin('00000001999999990000')).toEqual([]);
    expect(validateOin(DEFAULT_MIJNOVERHEID_OIN)).toEqual([]);
    expect(describeOin('00000099123456789000')).toMatchObject({ isTest: true, register: 'test OIN' });
    expect(describeOin('00000001999999990000')?.isTest).toBe(false);
  });
  it('rejects wrong length, non-digits and unknown prefixes', () => {
    expect(validateOin('0000000100222064700')[0].code).toBe('OIN_FORMAT');
    expect(validateOin('000000019999999900001')[0].code).toBe('OIN_FORMAT');
    expect(validateOin('0000000100222064700A')[0].code).toBe('OIN_FORMAT');
    expect(validateOin('00000042002220647000')[0].code).toBe('OIN_UNKNOWN_PREFIX');
  });
  it('parses PartyIds with non-production suffixes', () => {
    for (const s of ['_T', '_A', '_O', '_OTA']) {
      expect(parsePartyIdOin(`00000099123456789000${s}`).value).toEqual({ raw: `00000099123456789000${s}`, oin: '00000099123456789000', suffix: s });
    }
    expect(parsePartyIdOin('00000099123456789000').value?.suffix).toBeUndefined();
    expect(parsePartyIdOin('00000099123456789000_X').issues[0].code).toBe('OIN_BAD_SUFFIX');
    expect(parsePartyIdOin('00000099123456789000_T', { allowSuffix: false }).issues[0].code).toBe('OIN_SUFFIX_NOT_ALLOWED');
    expect(oinOfPartyId('123')).toBeUndefined();
  });
  it('builds test OINs with the 00000099 prefix', () => {
    expect(testOin(42)).toBe('00000099000000042000');
    expect(validateOin(testOin(123456789))).toEqual([]);
    expect(() => testOin(1234567890)).toThrow(RangeError);
  });
});

describe('BSN 11-proef', () => {
  it('accepts every seeded test BSN and the synthetic format-test numbers', () => {
    for (const p of SEEDED_TEST_PERSONS) expect(validateBsn(p.bsn), p.bsn).toEqual([]);
    expect(elfproef('123456782')).toBe(true);
    expect(elfproef('111222333')).toBe(true);
  });
  it('rejects numbers failing the 11-proef (every single-digit change of a valid BSN)', () => {
    const valid = '999993847';
    for (let i = 0; i < 9; i++) {
      const d = (Number(valid[i]) + 1) % 10;
      const changed = valid.slice(0, i) + d + valid.slice(i + 1);
      expect(validateBsn(changed)[0]?.code, changed).toBe('BSN_ELFPROEF');
    }
  });
  it('pads 8-digit BSNs, keeps leading zeros, rejects 000000000 and bad formats', () => {
    expect(normaliseBsn('00009921')).toBe('000009921');
    expect(validateBsn('00009921')).toEqual([]);
    expect(validateBsn('000000000')[0].code).toBe('BSN_ZERO');
    expect(validateBsn('12345')[0].code).toBe('BSN_FORMAT');
    expect(validateBsn('12345678a')[0].code).toBe('BSN_FORMAT');
  });
});
