/**
 * Client certificates against the real servers of every mTLS platform (not only the kernel's
 * test server): expired, not yet valid, foreign CA, revoked (CRL), missing, and TLS 1.1 are
 * each refused before any HTTP and recorded with their reason, and the platform keeps serving
 * a valid client afterwards. Catches a platform that wires its TLS options without the CRLs
 * or the trusted CAs. The kernel's own cases: simulators/kernel/http/mtls.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tls from 'node:tls';
import { createRecorder, type Recorder } from './kernel/evidence/index.ts';
import { FaultStore } from './kernel/faults/rules.ts';
import { rawRequest } from './kernel/http/test-helpers.ts';
import { createEphemeralPki, type IssuedCertificate, type Pki } from './kernel/pki/index.ts';
import { systemClock, type Simulator } from './kernel/types.ts';
import { loadSimulatorFactory } from './registry.ts';

/** The platforms whose main server asks for a client certificate, and the URL key of that server. */
const MTLS = [['mijnoverheid', 'https'], ['mrds', 'https'], ['bygogmiljo', 'https'], ['cpr', 'sbs'], ['kernel', 'https']] as const;
const CASES = [
  ['expired', 'CERT_HAS_EXPIRED'],
  ['not-yet-valid', 'CERT_NOT_YET_VALID'],
  ['foreign-ca', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  ['revoked', 'CERT_REVOKED'],
  ['none', 'NO_CLIENT_CERTIFICATE'],
] as const;

let pki: Pki;
const certs: Record<string, IssuedCertificate> = {};
const running: Array<{ platform: string; sim: Simulator; recorder: Recorder; url: string }> = [];

beforeAll(async () => {
  pki = await createEphemeralPki({ keyAlgorithm: 'ec-p256' });
  for (const variant of ['valid', 'expired', 'not-yet-valid', 'foreign-ca', 'revoked'] as const) {
    certs[variant] = await pki.issue({ profile: 'pkioverheid', variant, oin: '00000099000000077000', commonName: `Hostile ${variant}`, organization: 'Fuzz BV (fictief)', purpose: 'client', keyAlgorithm: 'ec-p256' });
  }
  for (const [platform, key] of MTLS) {
    const recorder = createRecorder({ keepInMemory: 10_000 });
    const sim = (await loadSimulatorFactory(platform))({ recorder, faults: new FaultStore(), pki, clock: systemClock, host: '127.0.0.1' });
    await sim.start();
    const url = sim.urls()[key];
    if (!url?.startsWith('https://')) throw new Error(`${platform} has no https URL under "${key}": ${JSON.stringify(sim.urls())}`);
    running.push({ platform, sim, recorder, url: new URL(url).origin });
  }
}, 120_000);
afterAll(async () => { await Promise.all(running.map((r) => r.sim.stop())); });

const tlsOf = (c?: IssuedCertificate) => ({ ca: pki.trustedCaPem(), ...(c ? { cert: c.certPem, key: c.keyPem } : {}) });

async function handshakeRecord(recorder: Recorder, since: number, reason: RegExp | string): Promise<Record<string, unknown>> {
  const until = Date.now() + 5000;
  for (;;) {
    const hit = recorder.query({ kind: 'tls-handshake' }).find((r) => r.seq > since && (typeof reason === 'string' ? (r.data as { reason?: string }).reason === reason : reason.test(String((r.data as { reason?: string }).reason))));
    if (hit) return hit as unknown as Record<string, unknown>;
    if (Date.now() > until) throw new Error(`no tls-handshake record with reason ${String(reason)}; got ${JSON.stringify(recorder.query({ kind: 'tls-handshake' }).filter((r) => r.seq > since).map((r) => r.data))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const lastSeq = (recorder: Recorder) => recorder.query().at(-1)?.seq ?? 0;

describe('client certificates at every mTLS platform', () => {
  for (const [platform] of MTLS) {
    describe(platform, () => {
      const target = () => running.find((r) => r.platform === platform)!;

      it.each(CASES)('refuses a %s certificate before HTTP with reason %s, then still serves a valid client', async (variant, reason) => {
        const { recorder, url } = target();
        const since = lastSeq(recorder);
        const res = await rawRequest(`${url}/`, { tls: tlsOf(variant === 'none' ? undefined : certs[variant]) });
        expect(res.status).toBeUndefined();
        const rec = await handshakeRecord(recorder, since, reason);
        expect(rec.platform).toBe(platform);
        expect((rec.verdicts as Array<{ ok: boolean }>)[0]).toMatchObject({ ok: false });
        expect(recorder.query({ kind: 'exchange' }).filter((r) => r.seq > since)).toHaveLength(0);
        const ok = await rawRequest(`${url}/`, { tls: tlsOf(certs.valid) });
        expect(ok.status).toBeGreaterThanOrEqual(200);
      });

      it('refuses TLS 1.1 and records the failed handshake', async () => {
        const { recorder, url } = target();
        const since = lastSeq(recorder);
        const { port } = new URL(url);
        const err = await new Promise<Error & { code?: string }>((resolve) => {
          const s = tls.connect({ host: '127.0.0.1', port: Number(port), minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0', rejectUnauthorized: false, ...tlsOf(certs.valid) },
            () => resolve(Object.assign(new Error('TLS 1.1 handshake succeeded'), { code: 'CONNECTED' })));
          s.on('error', resolve);
        });
        expect(err.code).not.toBe('CONNECTED');
        await handshakeRecord(recorder, since, /PROTOCOL|VERSION/);
      });
    });
  }
});
