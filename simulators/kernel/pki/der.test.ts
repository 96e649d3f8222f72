import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TAG, bmpString, integer, oid, parseDer, readInteger, readOid, readString, seq, setOf, octets } from './der.ts';
import { certificateNames, formatName } from './names.ts';

describe('DER writer/reader', () => {
  it('encodes OIDs and reads them back', () => {
    for (const o of ['1.2.840.113549.1.12.10.1.2', '2.5.4.5', '2.16.840.1.101.3.4.1.42', '0.9.2342.19200300.100.1.25', '2.999.1']) {
      expect(readOid(parseDer(oid(o)))).toBe(o);
    }
    expect(oid('1.2.840.113549').toString('hex')).toBe('06062a864886f70d');
  });

  it('encodes integers minimally and positive', () => {
    expect(integer(0).toString('hex')).toBe('020100');
    expect(integer(127).toString('hex')).toBe('02017f');
    expect(integer(128).toString('hex')).toBe('02020080');
    expect(integer(2048).toString('hex')).toBe('02020800');
    expect(integer(Buffer.from([0, 0, 0xff])).toString('hex')).toBe('020200ff');
    expect(readInteger(parseDer(integer(65537)))).toBe(65537);
  });

  it('uses long-form lengths and sorts SET OF', () => {
    const big = octets(Buffer.alloc(300));
    expect(big.subarray(0, 4).toString('hex')).toBe('0482012c');
    expect(parseDer(big).content).toHaveLength(300);
    expect(setOf(integer(2), integer(1)).toString('hex')).toBe('3106020101020102');
  });

  it('reads BER indefinite lengths and constructed OCTET STRINGs', () => {
    const ber = Buffer.from('3080' + '2480' + '040161' + '040162' + '0000' + '0000', 'hex');
    const n = parseDer(ber);
    expect(n.children[0].content.toString()).toBe('ab');
  });

  it('rejects truncated, trailing and over-long input with PKI_BAD_DER', () => {
    expect(() => parseDer(Buffer.from('3005020101', 'hex'))).toThrow(expect.objectContaining({ code: 'PKI_BAD_DER' }));
    expect(() => parseDer(Buffer.from('02010100', 'hex'))).toThrow(expect.objectContaining({ code: 'PKI_BAD_DER' }));
    expect(() => parseDer(Buffer.from('3080'.repeat(40) + '0000'.repeat(40), 'hex'))).toThrow(/too deep/);
  });

  it('decodes BMPString', () => {
    expect(readString(parseDer(bmpString('Zürich')))).toBe('Zürich');
    expect(seq().toString('hex')).toBe('3000');
    expect(TAG.SEQUENCE).toBe(0x30);
  });
});

describe('names', () => {
  it('formats multi-valued RDNs exactly as openssl -nameopt RFC2253 (certificate made by openssl)', () => {
    const pem = execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', '/dev/null', '-days', '1',
      '-multivalue-rdn', '-subj', '/C=NL/O=Gemeente A, B/OU=Unit 1+serialNumber=00000099000000000007/CN=multi \\+ valued',
    ], { stdio: ['pipe', 'pipe', 'pipe'] }).toString();
    const expected = execFileSync('openssl', ['x509', '-noout', '-subject', '-nameopt', 'RFC2253'], { input: pem }).toString().trim().replace(/^subject=/, '');
    const { subject, issuer } = certificateNames(new X509Certificate(pem).raw);
    expect(formatName(subject)).toBe(expected);
    expect(formatName(issuer)).toBe(expected);
    expect(expected).toContain('+');
  });
});
