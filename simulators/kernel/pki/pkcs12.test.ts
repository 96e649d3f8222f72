import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPkcs12, createEphemeralPki, inspectCertificate, readPkcs12, type IssuedCertificate, type Pki } from './index.ts';
import { bmpPassword, pkcs12Kdf } from './pkcs12-crypto.ts';

let pki: Pki;
let cert: IssuedCertificate;
let p12: Buffer;
const tmp = mkdtempSync(join(tmpdir(), 'govsim-p12-'));
const PASS = 'test-passphrase-ä';

beforeAll(async () => {
  pki = await createEphemeralPki({ keyAlgorithm: 'ec-p256' });
  cert = await pki.issue({ profile: 'mrds-client', organization: 'Testfirma GmbH', customer: '4711', keyAlgorithm: 'rsa2048' });
  p12 = await cert.toPkcs12(PASS, 'testfirma');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('PKCS#12 writer', () => {
  it('opens with openssl pkcs12 -info (PBES2/AES-256-CBC/SHA-256 MAC), including a non-ASCII passphrase', () => {
    const file = join(tmp, 'a.p12');
    writeFileSync(file, p12);
    // openssl prints the -info details on stderr; exit status 0 means the MAC and both bags decrypted
    const r = spawnSync('openssl', ['pkcs12', '-in', file, '-info', '-noout', '-passin', `pass:${PASS}`], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('MAC: sha256');
    expect(r.stderr).toMatch(/PBES2, PBKDF2, AES-256-CBC/);
    expect(r.stderr).toContain('Shrouded Keybag');
  });

  it('opens with Node tls.createSecureContext and rejects a wrong passphrase', () => {
    expect(() => tls.createSecureContext({ pfx: p12, passphrase: PASS })).not.toThrow();
    expect(() => tls.createSecureContext({ pfx: p12, passphrase: 'wrong' })).toThrow();
  });

  it('authenticates a real TLS client (pfx) whose identity the server reads', async () => {
    const server = await pki.serverCertificate();
    const s = tls.createServer({ key: server.keyPem, cert: server.certPem, ca: pki.trustedCaPem(), crl: pki.crls(), requestCert: true, rejectUnauthorized: true });
    const seen = new Promise<string>((resolve) => s.on('secureConnection', (sock) => {
      resolve(sock.getPeerX509Certificate()!.fingerprint256.replace(/:/g, ''));
      sock.end();
    }));
    s.listen(0, '127.0.0.1');
    await once(s, 'listening');
    const socket = tls.connect({ host: '127.0.0.1', port: (s.address() as AddressInfo).port, servername: 'localhost', ca: pki.trustedCaPem(), pfx: p12, passphrase: PASS });
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    expect(await seen).toBe(cert.fingerprint256);
    socket.destroy();
    await new Promise((r) => s.close(r));
  });

  it('a single flipped MAC byte is caught by openssl and by readPkcs12 (negative control)', () => {
    const bad = Buffer.from(p12);
    bad[bad.length - 30] ^= 0x01; // inside the MAC digest at the end of the PFX
    const file = join(tmp, 'bad.p12');
    writeFileSync(file, bad);
    expect(() => execFileSync('openssl', ['pkcs12', '-in', file, '-info', '-noout', '-passin', `pass:${PASS}`], { stdio: 'pipe' })).toThrow();
    expect(() => readPkcs12(bad, PASS)).toThrow(expect.objectContaining({ code: 'PKI_P12_MAC_MISMATCH' }));
  });

  it('requires a non-empty passphrase', () => {
    expect(() => buildPkcs12({ certDer: cert.certDer, keyPkcs8: cert.keyPem, passphrase: '' })).toThrow(expect.objectContaining({ code: 'PKI_BAD_PASSPHRASE' }));
  });
});

describe('PKCS#12 reader', () => {
  it('round-trips: key, leaf (by localKeyId), chain and friendlyName', () => {
    const r = readPkcs12(p12, PASS);
    expect(r.certificates).toHaveLength(3);
    expect(r.leafIndex).toBe(0);
    expect(r.certificates[0].equals(cert.certDer)).toBe(true);
    expect(r.friendlyName).toBe('testfirma');
    expect(r.keyPkcs8!.length).toBeGreaterThan(1000);
    expect(() => readPkcs12(p12, 'wrong')).toThrow(expect.objectContaining({ code: 'PKI_P12_MAC_MISMATCH' }));
  });

  it('reads a PKCS#12 written by openssl 3 (independent check of the appendix B KDF)', () => {
    writeFileSync(join(tmp, 'k.pem'), cert.keyPem);
    writeFileSync(join(tmp, 'c.pem'), cert.certPem);
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', join(tmp, 'k.pem'), '-in', join(tmp, 'c.pem'), '-out', join(tmp, 'o.p12'), '-passout', 'pass:from-openssl', '-name', 'ossl'], { stdio: 'pipe' });
    const r = readPkcs12(readFileSync(join(tmp, 'o.p12')), 'from-openssl');
    expect(r.certificates[0].equals(cert.certDer)).toBe(true);
    expect(r.friendlyName).toBe('ossl');
    expect(inspectCertificate(readFileSync(join(tmp, 'o.p12')), 'from-openssl').identifiers).toEqual({ customer: '4711' });
  });

  it('refuses legacy PBE/SHA-1 files with PKI_P12_UNSUPPORTED', () => {
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', join(tmp, 'k.pem'), '-in', join(tmp, 'c.pem'), '-out', join(tmp, 'l.p12'), '-passout', 'pass:x1234',
      '-certpbe', 'PBE-SHA1-3DES', '-keypbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'], { stdio: 'pipe' });
    expect(() => readPkcs12(readFileSync(join(tmp, 'l.p12')), 'x1234')).toThrow(expect.objectContaining({ code: 'PKI_P12_UNSUPPORTED' }));
  });

  it('inspectCertificate asks for a passphrase for PKCS#12', () => {
    expect(() => inspectCertificate(p12)).toThrow(expect.objectContaining({ code: 'PKI_P12_PASSPHRASE_REQUIRED' }));
    const i = inspectCertificate(p12, PASS);
    expect(i).toMatchObject({ format: 'pkcs12', shape: 'mrds-client', hasPrivateKey: true, otherCertificates: 2, keyAlgorithm: 'RSA', keySize: 2048 });
    expect(new X509Certificate(cert.certPem).serialNumber.toUpperCase()).toBe(i.serialHex);
  });
});

describe('RFC 7292 appendix B KDF', () => {
  it('differs per id, salt, password and iteration count', () => {
    const pw = bmpPassword('pw');
    const salt = Buffer.alloc(8, 1);
    const base = pkcs12Kdf(pw, salt, 3, 2, 32);
    expect(base).toHaveLength(32);
    expect(pkcs12Kdf(pw, salt, 1, 2, 32).equals(base)).toBe(false);
    expect(pkcs12Kdf(pw, Buffer.alloc(8, 2), 3, 2, 32).equals(base)).toBe(false);
    expect(pkcs12Kdf(bmpPassword('pX'), salt, 3, 2, 32).equals(base)).toBe(false);
    expect(pkcs12Kdf(pw, salt, 3, 3, 32).equals(base)).toBe(false);
    // longer output continues the same stream
    expect(pkcs12Kdf(pw, salt, 3, 2, 80).subarray(0, 32).equals(base)).toBe(true);
  });
});
