import { execFileSync } from 'node:child_process';
import { X509Certificate, createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../types.ts';
import {
  PkiError, createEphemeralPki, identityFromCertificate, initPki, inspectCertificate, formatInspection, loadPki,
  signWithReportKey, verifyReportSignature, writeCertificateBundle, type Pki,
} from './index.ts';

const OIN = '00000099123456789012';
const CVR = '12345674';
let pki: Pki;
const tmp = mkdtempSync(join(tmpdir(), 'govsim-pki-'));

function openssl(args: string[], input?: string | Buffer): string {
  return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
}
const rfc2253 = (pem: string) => openssl(['x509', '-noout', '-subject', '-nameopt', 'RFC2253'], pem).trim().replace(/^subject=/, '');

beforeAll(async () => {
  pki = await createEphemeralPki({ keyAlgorithm: 'ec-p256' });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('profiles: subjects as OpenSSL reads them', () => {
  it('pkioverheid: C=NL, O, OU (SubOIN), serialNumber=OIN, CN', async () => {
    const c = await pki.issue({ profile: 'pkioverheid', organization: 'Gemeente Testdorp', organizationalUnit: 'Afdeling Test', oin: OIN, commonName: 'testdorp-client' });
    const subject = rfc2253(c.certPem);
    expect(subject).toBe(`CN=testdorp-client,serialNumber=${OIN},OU=Afdeling Test,O=Gemeente Testdorp,C=NL`);
    expect(c.subject).toBe(subject);
    expect(new X509Certificate(c.certPem).keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
  });

  it('pkioverheid purpose both carries clientAuth and serverAuth, with SAN', async () => {
    const c = await pki.issue({ profile: 'pkioverheid', organization: 'Org', oin: OIN, purpose: 'both', dnsNames: ['sut.example.test'] });
    const x = new X509Certificate(c.certPem);
    expect(x.keyUsage.sort()).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(x.subjectAltName).toBe('DNS:sut.example.test');
  });

  it('foces: O carries the CVR, serialNumber CVR:<cvr>-FID:<fid>', async () => {
    const c = await pki.issue({ profile: 'foces', organization: 'Test Kommune', cvr: CVR, fid: '1234567890', commonName: 'Fagsystem' });
    expect(rfc2253(c.certPem)).toBe(`CN=Fagsystem,serialNumber=CVR:${CVR}-FID:1234567890,O=Test Kommune // CVR:${CVR},C=DK`);
  });

  it('mrds-client: C=DE, serialNumber=KDNR:<customer>, optional emailAddress', async () => {
    const c = await pki.issue({ profile: 'mrds-client', organization: 'Testfirma GmbH', customer: '4711', email: 'it@testfirma.example' });
    expect(rfc2253(c.certPem)).toBe('emailAddress=it@testfirma.example,CN=Testfirma GmbH,serialNumber=KDNR:4711,O=Testfirma GmbH,C=DE');
  });

  it('server: SAN localhost, 127.0.0.1 and ::1 with serverAuth; cached', async () => {
    const a = await pki.serverCertificate();
    const x = new X509Certificate(a.certPem);
    expect(x.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(x.checkHost('localhost')).toBe('localhost');
    expect(x.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect((await pki.serverCertificate()).serialHex).toBe(a.serialHex);
    const other = await pki.serverCertificate(['govsim.test', '10.0.0.1']);
    expect(other.serialHex).not.toBe(a.serialHex);
    expect(new X509Certificate(other.certPem).subjectAltName).toBe('DNS:govsim.test, IP Address:10.0.0.1');
  });

  it('report-signer: Ed25519 key signs and verifies; another key does not verify', async () => {
    const s = await pki.reportSigner();
    expect(new X509Certificate(s.certPem).publicKey.asymmetricKeyType).toBe('ed25519');
    expect(openssl(['x509', '-noout', '-text'], s.certPem)).toMatch(/ED25519/);
    const sig = signWithReportKey(s, 'manifest bytes');
    expect(verifyReportSignature(s.certPem, 'manifest bytes', sig)).toBe(true);
    expect(verifyReportSignature(s.certPem, 'manifest bytes!', sig)).toBe(false);
    const other = await pki.issue({ profile: 'report-signer' });
    expect(verifyReportSignature(other.certPem, 'manifest bytes', sig)).toBe(false);
    expect(await pki.reportSigner()).toBe(s);
  });

  it('all issued certificates chain to trustedCaPem in openssl verify', async () => {
    const c = await pki.issue({ profile: 'foces', organization: 'Test ApS', cvr: CVR, fid: '7' });
    const ca = join(tmp, 'trusted.pem');
    writeFileSync(ca, pki.trustedCaPem().join(''));
    expect(openssl(['verify', '-CAfile', ca], c.certPem)).toMatch(/OK/);
  });
});

describe('identifier validation', () => {
  const cases: Array<[object, string]> = [
    [{ profile: 'pkioverheid', organization: 'O', oin: '0000009912345678901' }, 'PKI_BAD_OIN'],
    [{ profile: 'pkioverheid', organization: 'O', oin: '0000009912345678901X' }, 'PKI_BAD_OIN'],
    [{ profile: 'pkioverheid', organization: 'O' }, 'PKI_BAD_OIN'],
    [{ profile: 'foces', organization: 'O', cvr: '1234567', fid: '1' }, 'PKI_BAD_CVR'],
    [{ profile: 'foces', organization: 'O', cvr: '02345678', fid: '1' }, 'PKI_BAD_CVR'],
    [{ profile: 'foces', organization: 'O', cvr: CVR, fid: '12a' }, 'PKI_BAD_FID'],
    [{ profile: 'foces', organization: 'O', cvr: CVR }, 'PKI_BAD_FID'],
    [{ profile: 'mrds-client', organization: 'O', customer: 'a b' }, 'PKI_BAD_CUSTOMER'],
    [{ profile: 'mrds-client', organization: 'O', customer: '1', email: 'nope' }, 'PKI_BAD_EMAIL'],
    [{ profile: 'server', dnsNames: ['bad_host'] }, 'PKI_BAD_DNS_NAME'],
    [{ profile: 'server', ipAddresses: ['300.1.1.1'] }, 'PKI_BAD_IP'],
    [{ profile: 'pkioverheid', oin: OIN }, 'PKI_BAD_REQUEST'],
    [{ profile: 'nope' }, 'PKI_BAD_PROFILE'],
    [{ profile: 'server', variant: 'broken' }, 'PKI_BAD_VARIANT'],
    [{ profile: 'server', validityDays: 0 }, 'PKI_BAD_VALIDITY'],
    [{ profile: 'server', keyAlgorithm: 'dsa' }, 'PKI_BAD_KEY_ALGORITHM'],
    [{ profile: 'report-signer', variant: 'wrong-identifier' }, 'PKI_BAD_VARIANT'],
  ];
  it.each(cases)('%j → %s', async (request, code) => {
    await expect(pki.issue(request as never)).rejects.toMatchObject({ name: 'PkiError', code });
  });
});

describe('variants', () => {
  it('expired / not-yet-valid are relative to the injected clock', async () => {
    const clock = fixedClock('2031-03-01T12:00:00Z');
    const p = await createEphemeralPki({ keyAlgorithm: 'ec-p256', clock });
    const expired = await p.issue({ profile: 'mrds-client', organization: 'O', customer: '1', variant: 'expired', validityDays: 10 });
    expect(expired.notAfter.getTime()).toBeLessThan(clock.now().getTime());
    expect(expired.notAfter.toISOString()).toBe('2031-02-28T12:00:00.000Z');
    const future = await p.issue({ profile: 'mrds-client', organization: 'O', customer: '1', variant: 'not-yet-valid' });
    expect(future.notBefore.getTime()).toBeGreaterThan(clock.now().getTime());
    const valid = await p.issue({ profile: 'mrds-client', organization: 'O', customer: '1' });
    expect(valid.notBefore.getTime()).toBeLessThanOrEqual(clock.now().getTime());
    expect(valid.notAfter.getTime()).toBe(clock.now().getTime() + 365 * 86_400_000);
    expect(inspectCertificate(expired.certPem, undefined, { clock }).validity).toBe('expired');
    expect(formatInspection(inspectCertificate(future.certPem, undefined, { clock }))).toContain('NOT YET VALID');
    expect(inspectCertificate(valid.certPem, undefined, { clock }).validity).toBe('valid');
  });

  it('foreign-ca does not verify against trustedCaPem, but does against foreignCaPem', async () => {
    const c = await pki.issue({ profile: 'pkioverheid', organization: 'O', oin: OIN, variant: 'foreign-ca' });
    const x = new X509Certificate(c.certPem);
    const [issuing] = pki.trustedCaPem().map((p) => new X509Certificate(p));
    expect(x.checkIssued(issuing)).toBe(false);
    expect(x.verify(issuing.publicKey)).toBe(false);
    const foreignIssuing = new X509Certificate(pki.foreignCaPem()[0]);
    expect(x.checkIssued(foreignIssuing)).toBe(true);
    expect(x.verify(foreignIssuing.publicKey)).toBe(true);
    expect(c.chainPem).toBe(pki.foreignCaPem().join(''));
  });

  it('revoked appears in the CRL as openssl reads it; valid ones do not', async () => {
    const revoked = await pki.issue({ profile: 'foces', organization: 'O', cvr: CVR, fid: '1', variant: 'revoked' });
    const valid = await pki.issue({ profile: 'foces', organization: 'O', cvr: CVR, fid: '2' });
    const text = openssl(['crl', '-noout', '-text'], pki.crlPem());
    expect(text).toContain(`Serial Number: ${revoked.serialHex}`);
    expect(text).toContain('Key Compromise');
    expect(text).not.toContain(valid.serialHex);
    expect(pki.revokedSerials()).toContain(revoked.serialHex);
    const ca = join(tmp, 'ca-for-crl.pem');
    writeFileSync(ca, pki.trustedCaPem()[0]);
    expect(openssl(['crl', '-noout', '-CAfile', ca], pki.crlPem()).toString() + 'ok').toBeTruthy();
    // revoke() of the valid one later adds it, idempotently
    await pki.revoke(valid.serialHex.toLowerCase());
    await pki.revoke(valid.serialHex);
    const after = openssl(['crl', '-noout', '-text'], pki.crlPem());
    expect(after.split(`Serial Number: ${valid.serialHex}`).length).toBe(2);
    await expect(pki.revoke('xyz')).rejects.toMatchObject({ code: 'PKI_BAD_SERIAL' });
  });

  it('wrong-identifier puts a malformed identifier in serialNumber without validating', async () => {
    const p = await pki.issue({ profile: 'pkioverheid', organization: 'O', oin: OIN, variant: 'wrong-identifier' });
    expect(rfc2253(p.certPem)).toMatch(/serialNumber=\d{19},/);
    const f = await pki.issue({ profile: 'foces', organization: 'O', variant: 'wrong-identifier' });
    expect(rfc2253(f.certPem)).toContain('serialNumber=CVR:123-FID:,');
    const m = await pki.issue({ profile: 'mrds-client', organization: 'O', variant: 'wrong-identifier' });
    const mid = identityFromCertificate(m.certPem, { authorized: true });
    expect(mid.serialNumber).toBe('KDNR:');
    expect(mid.customer).toBeUndefined();
    const s = await pki.issue({ profile: 'server', variant: 'wrong-identifier' });
    expect(new X509Certificate(s.certPem).checkHost('localhost')).toBeUndefined();
    expect(inspectCertificate(p.certPem).warnings.join()).toContain('19 digits');
  });

  it('CRL signatures verify with the issuing and root CA keys', async () => {
    const [issuingCrl, rootCrl] = pki.crls();
    const [issuing, root] = pki.trustedCaPem();
    writeFileSync(join(tmp, 'i.pem'), issuing);
    writeFileSync(join(tmp, 'r.pem'), root);
    expect(() => openssl(['crl', '-noout', '-CAfile', join(tmp, 'i.pem')], issuingCrl)).not.toThrow();
    expect(() => openssl(['crl', '-noout', '-CAfile', join(tmp, 'r.pem')], rootCrl)).not.toThrow();
    // negative control: the root CRL does not verify with the issuing CA
    expect(() => openssl(['crl', '-noout', '-CAfile', join(tmp, 'i.pem')], rootCrl)).toThrow();
  });
});

describe('identityFromCertificate', () => {
  it('fills oin / cvr+fid / customer and the common fields', async () => {
    const p = await pki.issue({ profile: 'pkioverheid', organization: 'Gemeente Testdorp', organizationalUnit: 'SubOIN 1', oin: OIN, commonName: 'cn' });
    const id = identityFromCertificate(new X509Certificate(p.certPem), { authorized: true });
    expect(id).toMatchObject({
      authorized: true, oin: OIN, serialNumber: OIN, commonName: 'cn', organization: 'Gemeente Testdorp', organizationalUnit: 'SubOIN 1',
      fingerprint256: p.fingerprint256, certSerial: p.serialHex, validFrom: p.notBefore.toISOString(), validTo: p.notAfter.toISOString(),
      issuerDN: 'CN=govsim Test Issuing CA,OU=TEST ONLY - NOT A REAL CA,O=govsim test PKI,C=NL',
    });
    expect(id.cvr).toBeUndefined();
    const f = await pki.issue({ profile: 'foces', organization: 'Test A/S', cvr: CVR, fid: '42' });
    const fid = identityFromCertificate(f.certPem, { authorized: true });
    expect(fid).toMatchObject({ cvr: CVR, fid: '42', organization: `Test A/S // CVR:${CVR}` });
    expect(fid.oin).toBeUndefined();
    const m = await pki.issue({ profile: 'mrds-client', organization: 'Testfirma GmbH', customer: 'K-4711' });
    expect(identityFromCertificate(m.certDer, { authorized: false, authorizationError: 'CERT_HAS_EXPIRED' }))
      .toMatchObject({ customer: 'K-4711', authorized: false, authorizationError: 'CERT_HAS_EXPIRED' });
    expect(p.fingerprint256).toMatch(/^[0-9A-F]{64}$/);
  });

  it('reads non-ASCII and RFC 4514 special characters exactly', async () => {
    const c = await pki.issue({ profile: 'mrds-client', organization: 'Müller, Söhne + Co "Test"', customer: '9', commonName: '#Zürich; <x>' });
    const id = identityFromCertificate(c.certPem, { authorized: true });
    expect(id.organization).toBe('Müller, Söhne + Co "Test"');
    expect(id.commonName).toBe('#Zürich; <x>');
    expect(id.subjectDN).toBe('CN=\\#Zürich\\; \\<x\\>,serialNumber=KDNR:9,O=Müller\\, Söhne \\+ Co \\"Test\\",C=DE');
  });
});

describe('PKCS#12 and bundles', () => {
  it('toPkcs12 opens with openssl pkcs12 -info and holds key, leaf and chain', async () => {
    const c = await pki.issue({ profile: 'pkioverheid', organization: 'O', oin: OIN });
    const file = join(tmp, 'c.p12');
    writeFileSync(file, await c.toPkcs12('geheim wachtwoord', 'my cert'));
    const out = execFileSync('openssl', ['pkcs12', '-in', file, '-info', '-nodes', '-passin', 'pass:geheim wachtwoord'], { stdio: 'pipe' }).toString();
    expect(out).toContain('friendlyName: my cert');
    expect(out.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(3);
    expect(out).toContain('-----BEGIN PRIVATE KEY-----');
    expect(() => execFileSync('openssl', ['pkcs12', '-in', file, '-info', '-noout', '-passin', 'pass:wrong'], { stdio: 'pipe' })).toThrow();
  });

  it('writeCertificateBundle writes the five files, key and p12 as 0600', async () => {
    const c = await pki.issue({ profile: 'foces', organization: 'O', cvr: CVR, fid: '3' });
    const files = await writeCertificateBundle(join(tmp, 'bundle'), 'foces', c, 'pw1234');
    expect(Object.keys(files).sort()).toEqual(['certPem', 'chainPem', 'der', 'keyPem', 'p12']);
    expect(statSync(files.keyPem).mode & 0o777).toBe(0o600);
    expect(statSync(files.p12!).mode & 0o777).toBe(0o600);
    expect(inspectCertificate(execFileSync('cat', [files.der])).fingerprint256).toBe(c.fingerprint256);
    await expect(writeCertificateBundle(tmp, '../evil', c)).rejects.toBeInstanceOf(PkiError);
  });
});

describe('initPki / loadPki on disk', () => {
  it('persists the hierarchy (keys 0600), reloads it, keeps revocations, and --force replaces it', async () => {
    const dir = join(tmp, 'pki');
    const a = await initPki({ dir, keyAlgorithm: 'ec-p256' });
    for (const f of ['root', 'issuing', 'foreign-root', 'foreign-issuing']) {
      expect(statSync(join(dir, 'ca', `${f}.key.pem`)).mode & 0o777).toBe(0o600);
    }
    const c = await a.issue({ profile: 'server', variant: 'revoked' });
    const b = await loadPki(dir);
    expect(b.trustedCaPem()).toEqual(a.trustedCaPem());
    expect(b.revokedSerials()).toEqual([c.serialHex]);
    expect(b.crlPem()).toBe(a.crlPem());
    const again = await initPki({ dir });
    expect(again.trustedCaPem()).toEqual(a.trustedCaPem());
    const signer = await b.reportSigner();
    expect((await (await loadPki(dir)).reportSigner()).fingerprint256).toBe(signer.fingerprint256);
    const forced = await initPki({ dir, force: true, keyAlgorithm: 'ec-p256' });
    expect(forced.trustedCaPem()).not.toEqual(a.trustedCaPem());
    expect(forced.revokedSerials()).toEqual([]);
    expect((await forced.reportSigner()).fingerprint256).not.toBe(signer.fingerprint256);
  });

  it('loadPki re-signs a CRL that is due, and reports a missing PKI with PKI_NOT_INITIALIZED', async () => {
    const dir = join(tmp, 'pki-due');
    const clock = fixedClock('2030-01-01T00:00:00Z');
    const a = await initPki({ dir, keyAlgorithm: 'ec-p256', clock, crlValidityDays: 7 });
    clock.advance(6.5 * 86_400_000);
    const b = await loadPki(dir, { clock, crlValidityDays: 7 });
    expect(b.crlPem()).not.toBe(a.crlPem());
    expect(openssl(['crl', '-noout', '-nextupdate'], b.crlPem())).toContain('Jan 14');
    await expect(loadPki(join(tmp, 'nothing-here'))).rejects.toMatchObject({ code: 'PKI_NOT_INITIALIZED' });
  });

  it('an RSA-2048 hierarchy issues RSA certificates with keyEncipherment', async () => {
    const p = await createEphemeralPki();
    expect(p.keyAlgorithm).toBe('rsa2048');
    const c = await p.issue({ profile: 'server' });
    const i = inspectCertificate(c.certPem);
    expect(i).toMatchObject({ keyAlgorithm: 'RSA', keySize: 2048, shape: 'server' });
    expect(i.keyUsage).toEqual(['digitalSignature', 'keyEncipherment']);
    expect(openssl(['x509', '-noout', '-text'], c.certPem)).toContain('sha256WithRSAEncryption');
  });
});

describe('labelled keys', () => {
  it('reuses the key kept under a label, across loads of a persistent PKI, with fresh certificates', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'govsim-pki-label-')), 'pki');
    const req = { profile: 'server', purpose: 'server', keyAlgorithm: 'ec-p256', keyLabel: 'suite/destination/0' } as const;
    const spki = (pem: string) => createPublicKey(pem).export({ format: 'der', type: 'spki' }).toString('base64');
    const a = await (await initPki({ dir, keyAlgorithm: 'ec-p256' })).issue(req);
    const b = await (await loadPki(dir)).issue(req);
    const other = await (await loadPki(dir)).issue({ ...req, keyLabel: 'suite/destination/1' });
    expect(spki(a.keyPem)).toBe(spki(b.keyPem));
    expect(new X509Certificate(b.certPem).publicKey.export({ format: 'der', type: 'spki' }).toString('base64')).toBe(spki(b.keyPem));
    expect(a.serialHex).not.toBe(b.serialHex);
    expect(spki(other.keyPem)).not.toBe(spki(a.keyPem));
    await expect((await loadPki(dir)).issue({ ...req, keyLabel: '../escape' })).resolves.toBeTruthy();
    await expect((await loadPki(dir)).issue({ ...req, keyLabel: 'bad label!' })).rejects.toThrow(/keyLabel must be/);
  });
});
