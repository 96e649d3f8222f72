import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSubjectSerial, validateCvr, validateOin } from './identifiers.ts';
import { planCertificate, validityWindow } from './profiles.ts';

describe('subject serialNumber parsing', () => {
  it('a 20-digit serial is an OIN; any other digit count is not', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{1,30}$/), (s) => {
      expect(parseSubjectSerial(s).oin).toBe(s.length === 20 ? s : undefined);
    }));
  });

  it('reads FOCES and MRDS shapes only when well-formed', () => {
    expect(parseSubjectSerial('CVR:12345674-FID:1')).toEqual({ cvr: '12345674', fid: '1' });
    expect(parseSubjectSerial('CVR:123-FID:')).toEqual({});
    expect(parseSubjectSerial('CVR:12345674-FID:')).toEqual({});
    expect(parseSubjectSerial('CVR:02345674-FID:9')).toEqual({});
    expect(parseSubjectSerial('KDNR:4711')).toEqual({ customer: '4711' });
    expect(parseSubjectSerial('KDNR:')).toEqual({});
    expect(parseSubjectSerial(undefined)).toEqual({});
  });

  it('validators throw stable codes', () => {
    expect(() => validateOin('0000009912345678901')).toThrow(expect.objectContaining({ code: 'PKI_BAD_OIN', message: expect.stringContaining('OIN must be 20 digits') }));
    expect(validateCvr('12345674')).toBe('12345674');
  });
});

describe('certificate plans', () => {
  const now = new Date('2030-06-01T00:00:00Z');
  it('validity windows per variant', () => {
    const valid = validityWindow('valid', now, 10);
    expect(valid.notBefore < now && valid.notAfter > now).toBe(true);
    expect(validityWindow('expired', now, 10).notAfter < now).toBe(true);
    expect(validityWindow('not-yet-valid', now, 10).notBefore > now).toBe(true);
  });

  it('wrong-identifier keeps the profile shape but breaks the identifier', () => {
    const p = planCertificate({ profile: 'pkioverheid', organization: 'O', oin: '00000099123456789012', variant: 'wrong-identifier' }, now, 'ec-p256');
    const serial = p.subject.find((a) => a.oid === '2.5.4.5')!.value;
    expect(serial).toBe('0000009912345678901');
    expect(p.issuer).toBe('trusted');
    expect(planCertificate({ profile: 'server', variant: 'foreign-ca' }, now, 'ec-p256').issuer).toBe('foreign');
    expect(planCertificate({ profile: 'server', variant: 'revoked' }, now, 'ec-p256').revoke).toBe(true);
    expect(planCertificate({ profile: 'report-signer' }, now, 'rsa2048').keyAlgorithm).toBe('ed25519');
  });
});
