import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import tls from 'node:tls';
import net from 'node:net';
import { Recorder } from '../evidence/index.ts';
import { createEphemeralPki, type IssuedCertificate, type Pki } from '../pki/index.ts';
import type { Identity } from '../types.ts';
import { createKernelServer, type KernelServer, type KernelTlsOptions } from './server.ts';
import { rawRequest, waitForRecord } from './test-helpers.ts';

const OIN = '00000099123456780000';
let pki: Pki;
let server: IssuedCertificate;
const client: Record<string, IssuedCertificate> = {};

beforeAll(async () => {
  pki = await createEphemeralPki({ keyAlgorithm: 'ec-p256' });
  server = await pki.serverCertificate();
  for (const variant of ['valid', 'expired', 'not-yet-valid', 'foreign-ca', 'revoked'] as const) {
    client[variant] = await pki.issue({
      profile: 'pkioverheid', variant, oin: OIN, commonName: `Leverancier ${variant}`, organization: 'Testleverancier BV',
      purpose: 'client', keyAlgorithm: 'ec-p256',
    });
  }
}, 60_000);

const servers: KernelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(tlsExtra: Partial<KernelTlsOptions> = {}): Promise<{ url: string; recorder: Recorder; seen: Array<Identity | undefined>; server: KernelServer }> {
  const recorder = new Recorder();
  const seen: Array<Identity | undefined> = [];
  const s = createKernelServer({
    platform: 'mijnoverheid',
    recorder,
    tls: { cert: server.certPem + server.chainPem, key: server.keyPem, ca: pki.trustedCaPem(), crl: pki.crls(), requestCert: true, ...tlsExtra },
    routes: [{
      method: 'GET', path: '/whoami', handle: (ctx) => {
        seen.push(ctx.identity);
        ctx.sendJson(200, { oin: ctx.identity?.oin, authorized: ctx.identity?.authorized, error: ctx.identity?.authorizationError });
      },
    }],
  });
  servers.push(s);
  return { url: await s.listen(), recorder, seen, server: s };
}

const clientTls = (c?: IssuedCertificate) => ({
  ca: pki.trustedCaPem(),
  ...(c ? { cert: c.certPem, key: c.keyPem } : {}),
});

describe('mTLS client certificates', () => {
  it('gives the handler the identity of a valid client certificate and records it', async () => {
    const { url, recorder, seen } = await start();
    const res = await rawRequest(`${url}/whoami`, { tls: clientTls(client.valid) });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ oin: OIN, authorized: true });
    expect(seen[0]).toMatchObject({ authorized: true, oin: OIN, commonName: 'Leverancier valid', fingerprint256: client.valid.fingerprint256 });
    const ex = await waitForRecord(recorder, (r) => r.kind === 'exchange');
    expect(ex.identity).toMatchObject({ oin: OIN, authorized: true });
    expect(recorder.query({ kind: 'tls-handshake' })).toHaveLength(0);
  });

  it.each([
    ['expired', 'CERT_HAS_EXPIRED'],
    ['not-yet-valid', 'CERT_NOT_YET_VALID'],
    ['foreign-ca', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    ['revoked', 'CERT_REVOKED'],
    ['none', 'NO_CLIENT_CERTIFICATE'],
  ])('refuses a %s client certificate before any HTTP, with reason %s in the evidence', async (variant, reason) => {
    const { url, recorder, seen } = await start();
    const res = await rawRequest(`${url}/whoami`, { tls: clientTls(client[variant]) });
    expect(res.status).toBeUndefined();
    expect(res.error).toMatch(/ECONNRESET|socket hang up|EPIPE/);
    expect(seen).toHaveLength(0);
    const rec = await waitForRecord(recorder, (r) => r.kind === 'tls-handshake');
    expect(rec.data).toMatchObject({ reason, accepted: false, remoteAddress: '127.0.0.1' });
    expect(rec.verdicts).toEqual([expect.objectContaining({ check: 'TLS_CLIENT_CERT', ok: false })]);
    if (variant !== 'none') expect(rec.identity).toMatchObject({ authorized: false, authorizationError: reason, oin: OIN });
    else expect(rec.identity).toBeUndefined();
    expect(recorder.query({ kind: 'exchange' })).toHaveLength(0);
  });

  it('names an untrusted CA, not a missing CRL, when a foreign client sends its whole chain', async () => {
    // OpenSSL itself reports UNABLE_TO_GET_CRL here; the gate turns it into the real reason.
    const { url, recorder } = await start();
    const foreign = client['foreign-ca'];
    const res = await rawRequest(`${url}/whoami`, { tls: { ...clientTls(foreign), cert: foreign.certPem + foreign.chainPem } });
    expect(res.status).toBeUndefined();
    const rec = await waitForRecord(recorder, (r) => r.kind === 'tls-handshake');
    expect(rec.data).toMatchObject({ reason: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', accepted: false });
  });

  it('with acceptUnauthorized the handler sees identity.authorized === false and the reason', async () => {
    const { url, recorder } = await start({ acceptUnauthorized: true });
    const res = await rawRequest(`${url}/whoami`, { tls: clientTls(client.expired) });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ oin: OIN, authorized: false, error: 'CERT_HAS_EXPIRED' });
    const hs = await waitForRecord(recorder, (r) => r.kind === 'tls-handshake');
    expect(hs.data).toMatchObject({ reason: 'CERT_HAS_EXPIRED', accepted: true });
  });

  it('refuses a certificate revoked after start once the CRLs are reloaded with updateTls', async () => {
    const fresh = await pki.issue({ profile: 'pkioverheid', oin: OIN, commonName: 'Later ingetrokken', organization: 'Testleverancier BV', purpose: 'client', keyAlgorithm: 'ec-p256' });
    const { url, recorder, server: s } = await start();
    expect((await rawRequest(`${url}/whoami`, { tls: clientTls(fresh) })).status).toBe(200);
    await pki.revoke(fresh.serialHex, 'keyCompromise');
    s.updateTls({ crl: pki.crls() });
    const res = await rawRequest(`${url}/whoami`, { tls: clientTls(fresh) });
    expect(res.status).toBeUndefined();
    const rec = await waitForRecord(recorder, (r) => r.kind === 'tls-handshake');
    expect(rec.data).toMatchObject({ reason: 'CERT_REVOKED' });
  });

  it('refuses a TLS 1.1 client and records the handshake failure', async () => {
    const { url, recorder } = await start();
    const { port } = new URL(url);
    const err = await new Promise<Error & { code?: string }>((resolve) => {
      const s = tls.connect({
        host: '127.0.0.1', port: Number(port), minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1',
        ciphers: 'DEFAULT@SECLEVEL=0', rejectUnauthorized: false,
      }, () => resolve(Object.assign(new Error('handshake unexpectedly succeeded'), { code: 'CONNECTED' })));
      s.on('error', resolve);
    });
    expect(err.code).not.toBe('CONNECTED');
    const rec = await waitForRecord(recorder, (r) => r.kind === 'tls-handshake');
    expect(rec.verdicts?.[0]).toMatchObject({ check: 'TLS_HANDSHAKE', ok: false });
    expect(String((rec.data as { reason: string }).reason)).toMatch(/PROTOCOL|VERSION/);
  });

  it('records garbage instead of a ClientHello', async () => {
    const { url, recorder } = await start();
    const { port } = new URL(url);
    await new Promise<void>((resolve) => {
      const s = net.connect(Number(port), '127.0.0.1', () => s.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
      s.on('close', () => resolve());
      s.on('error', () => undefined);
      s.resume();
    });
    const rec = await waitForRecord(recorder, (r) => r.kind === 'tls-handshake');
    expect(rec.data).toMatchObject({ reason: expect.stringMatching(/^ERR_SSL_/) });
  });

  it('serves TLS without client certificates when requestCert is off', async () => {
    const { url, seen } = await start({ requestCert: false });
    const res = await rawRequest(`${url}/whoami`, { tls: clientTls() });
    expect(res.status).toBe(200);
    expect(seen).toEqual([undefined]);
  });
});
