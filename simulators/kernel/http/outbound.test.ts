import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import net from 'node:net';
import { Readable } from 'node:stream';
import { Recorder } from '../evidence/index.ts';
import { FaultStore } from '../faults/rules.ts';
import { createEphemeralPki, type IssuedCertificate, type Pki } from '../pki/index.ts';
import { createKernelServer, type KernelServer, type KernelServerOptions } from './server.ts';
import { sendRequest } from './outbound.ts';
import { OutboundError } from './errors.ts';

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
const servers: KernelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

let pki: Pki;
let serverCert: IssuedCertificate;
let clientCert: IssuedCertificate;
beforeAll(async () => {
  pki = await createEphemeralPki({ keyAlgorithm: 'ec-p256' });
  serverCert = await pki.serverCertificate();
  clientCert = await pki.issue({ profile: 'pkioverheid', oin: '00000099000000000001', commonName: 'Simulator ebMS', organization: 'Logius testomgeving', purpose: 'client', keyAlgorithm: 'ec-p256' });
}, 60_000);

async function sut(extra: Partial<KernelServerOptions> = {}): Promise<{ url: string; faults: FaultStore }> {
  const faults = new FaultStore();
  const s = createKernelServer({
    platform: 'sut', recorder: new Recorder(), faults,
    routes: [{
      method: 'POST', path: '/ebms', handle: async (ctx) => {
        const body = await ctx.readBody();
        ctx.sendJson(200, { received: body.length, sha: sha(body), oin: ctx.identity?.oin ?? null });
      },
    }],
    ...extra,
  });
  servers.push(s);
  return { url: await s.listen(), faults };
}

async function expectOutboundError(p: Promise<unknown>): Promise<OutboundError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(OutboundError);
    return err as OutboundError;
  }
  throw new Error('expected the call to fail');
}

describe('sendRequest', () => {
  it('calls the SUT and records an outbound exchange', async () => {
    const { url } = await sut();
    const recorder = new Recorder();
    const body = '<eb:Acknowledgment>ack</eb:Acknowledgment>';
    const res = await sendRequest({ url: `${url}/ebms`, body, headers: { 'content-type': 'text/xml', authorization: 'Bearer s3cr3t-token-value' }, recorder, platform: 'mijnoverheid', summary: 'ebMS ack' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ received: body.length, sha: sha(body), oin: null });
    const [rec] = recorder.query({ kind: 'exchange' });
    expect(rec.seq).toBe(res.evidenceSeq);
    expect(rec).toMatchObject({
      direction: 'outbound', platform: 'mijnoverheid', summary: 'ebMS ack', verdicts: [],
      request: { method: 'POST', url: `${url}/ebms`, bodyBytes: body.length, bodySha256: sha(body), body },
      response: { status: 200, bodySha256: sha(res.body), bodyBytes: res.body.length },
    });
    expect(JSON.stringify(rec)).not.toContain('s3cr3t-token-value');
  });

  it('streams a Readable body and hashes it for evidence', async () => {
    const { url } = await sut();
    const recorder = new Recorder();
    const parts = Array.from({ length: 20 }, (_, i) => Buffer.alloc(10_000, i));
    const whole = Buffer.concat(parts);
    const res = await sendRequest({ url: `${url}/ebms`, method: 'POST', body: Readable.from(parts), recorder, platform: 'p', captureBodyBytes: 1000 });
    expect(JSON.parse(res.body.toString())).toMatchObject({ received: whole.length, sha: sha(whole) });
    const [rec] = recorder.query({ kind: 'exchange' });
    expect(rec.request).toMatchObject({ bodyBytes: whole.length, bodySha256: sha(whole), bodyTruncated: true, bodyEncoding: 'base64' });
  });

  it('uses a client certificate over mTLS and returns the server identity', async () => {
    const { url } = await sut({ tls: { cert: serverCert.certPem, key: serverCert.keyPem, ca: pki.trustedCaPem(), crl: pki.crls(), requestCert: true } });
    const recorder = new Recorder();
    const res = await sendRequest({
      url: `${url}/ebms`, body: 'x', recorder, platform: 'mijnoverheid',
      tls: { cert: clientCert.certPem, key: clientCert.keyPem, ca: pki.trustedCaPem() },
    });
    expect(JSON.parse(res.body.toString()).oin).toBe('00000099000000000001');
    expect(res.identity).toMatchObject({ authorized: true, fingerprint256: serverCert.fingerprint256 });
    expect(recorder.query({ kind: 'exchange' })[0].identity?.fingerprint256).toBe(serverCert.fingerprint256);
  });

  it('reports an untrusted server certificate as a TLS OutboundError and records it', async () => {
    const { url } = await sut({ tls: { cert: serverCert.certPem, key: serverCert.keyPem } });
    const recorder = new Recorder();
    const err = await expectOutboundError(sendRequest({ url: `${url}/ebms`, body: 'x', recorder, platform: 'p', tls: { ca: pki.foreignCaPem() } }));
    expect(err.category).toBe('tls');
    expect(err.code).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/);
    const [rec] = recorder.query({ kind: 'exchange' });
    expect(rec.response).toBeUndefined();
    expect(rec.verdicts?.[0]).toMatchObject({ check: 'OUTBOUND_DELIVERY', ok: false });
    expect(rec.data).toEqual({ error: { code: err.code, category: 'tls' } });
  });

  it('reports ECONNREFUSED', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const recorder = new Recorder();
    const err = await expectOutboundError(sendRequest({ url: `http://127.0.0.1:${port}/cb`, recorder, platform: 'p' }));
    expect(err).toMatchObject({ code: 'ECONNREFUSED', category: 'connect' });
    expect(recorder.query({ kind: 'exchange' })).toHaveLength(1);
  });

  it('times out, and never reports less than the deadline', async () => {
    const { url, faults } = await sut();
    faults.add({ action: { type: 'latency', ms: 600 } });
    const recorder = new Recorder();
    const t0 = performance.now();
    const err = await expectOutboundError(sendRequest({ url: `${url}/ebms`, body: 'x', timeoutMs: 150, recorder, platform: 'p' }));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(145);
    expect(err).toMatchObject({ code: 'TIMEOUT', category: 'timeout' });
    expect(recorder.query({ kind: 'exchange' })[0].data).toEqual({ error: { code: 'TIMEOUT', category: 'timeout' } });
  });

  it('detects a response cut off by the server', async () => {
    const { url, faults } = await sut();
    faults.add({ action: { type: 'truncate', bytes: 5 } });
    const recorder = new Recorder();
    const err = await expectOutboundError(sendRequest({ url: `${url}/ebms`, body: 'x', recorder, platform: 'p' }));
    expect(err.code).toBe('RESPONSE_INCOMPLETE');
    const [rec] = recorder.query({ kind: 'exchange' });
    expect(rec.response).toMatchObject({ status: 200, bodyBytes: 5, bodyTruncated: true });
  });

  it('rejects a response above maxResponseBytes, and a bad URL', async () => {
    const { url } = await sut();
    const recorder = new Recorder();
    expect((await expectOutboundError(sendRequest({ url: `${url}/ebms`, body: 'x', recorder, platform: 'p', maxResponseBytes: 10 }))).code).toBe('RESPONSE_TOO_LARGE');
    expect((await expectOutboundError(sendRequest({ url: 'ftp://example.invalid/', recorder, platform: 'p' }))).code).toBe('INVALID_URL');
    expect(recorder.query({ kind: 'exchange' })).toHaveLength(2);
  });
});
