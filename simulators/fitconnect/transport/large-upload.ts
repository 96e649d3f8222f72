/**
 * Measures one large attachment upload over loopback HTTPS: a real compact JWE for the
 * destination's key, generated and streamed chunk by chunk (never held in memory), sent
 * with Content-Length to a running simulator in this process. Reports the process's RSS
 * growth over a baseline taken after a small warm-up upload. Used by
 * bench/fitconnect-upload.ts (500 MB) and the always-run test (64 MB).
 */
import { createPublicKey, randomUUID } from 'node:crypto';
import { request } from 'node:https';
import type { Pki } from '../../kernel/pki/index.ts';
import { fillerBytes, streamingCompactJwe } from '../reference/streaming-jwe.ts';
import { destinationSeed, json, LEIKA, startTestPlatform, type TestPlatform } from './test-client.ts';

export interface LargeUploadResult {
  attachmentBytes: number;
  encryptedBytes: number;
  status: number;
  seconds: number;
  rssBaselineMb: number;
  rssPeakMb: number;
  rssGrowthMb: number;
  /** Encrypted bytes the simulator recorded for the upload (a 204 means the A256GCM tag over all of them verified). */
  serverEncryptedBytes: number | undefined;
}

const mb = (b: number) => b / (1024 * 1024);

function putStream(p: TestPlatform, path: string, token: string, contentLength: number, body: AsyncIterable<Buffer>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${p.base}${path}`, {
      method: 'PUT', ca: p.ca, agent: false, timeout: 10 * 60_000,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/jose', 'content-length': String(contentLength) },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    // The server may answer early (413) and close: never wait for a drain that cannot come.
    req.on('close', () => reject(new Error('the connection closed before the response was complete')));
    req.on('timeout', () => req.destroy(new Error('upload timed out')));
    void (async () => {
      try {
        for await (const chunk of body) {
          if (req.destroyed) return;
          if (!req.write(chunk)) {
            await new Promise<void>((r) => {
              const done = () => { req.off('drain', done); req.off('close', done); r(); };
              req.once('drain', done);
              req.once('close', done);
            });
          }
        }
        req.end();
      } catch (e) {
        req.destroy(e as Error);
      }
    })();
  });
}

/** Largest plaintext whose compact JWE (as streamingCompactJwe builds it) fits into `encryptedBytes`. */
export function plaintextFitting(encryptedBytes: number, kid: string, cty: string): number {
  const header = Buffer.from(JSON.stringify({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid, cty }), 'utf8').toString('base64url').length;
  // header . 4096-bit wrapped key (683) . iv (16) . ciphertext . tag (22)
  const fixed = header + 1 + 683 + 1 + 16 + 1 + 1 + 22;
  return Math.floor(((encryptedBytes - fixed) * 3) / 4);
}

export async function measureLargeUpload(pki: Pki, attachmentBytes: number, o: { sampleMs?: number } = {}): Promise<LargeUploadResult> {
  const p = await startTestPlatform(pki, { name: 'large-upload' });
  try {
    const seeded = await p.seed({ clients: [{ type: 'sender', name: 'Onlinedienst (fiktiv)' }], destinations: [destinationSeed({ authority: { mode: 'manual' } })] });
    const c = seeded.clients[0];
    const d = seeded.destinations[0];
    const token = await p.token(c.clientId, c.clientSecret);
    const jwk = json(await p.call(`/v1/destinations/${d.destinationId}/keys/${d.encryptionKid}`)) as { n: string; e: string };
    const publicKey = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
    const warm = randomUUID();
    const big = randomUUID();
    const r = await p.call('/v1/submissions', {
      method: 'POST', token, headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ destinationId: d.destinationId, announcedAttachments: [warm, big], serviceType: { name: 'Anmeldung (fiktiv)', identifier: LEIKA } }),
    });
    if (r.status !== 201) throw new Error(`announce failed: ${r.status} ${r.text}`);
    const { submissionId } = json(r) as { submissionId: string };
    const upload = async (id: string, bytes: number) => {
      const jwe = streamingCompactJwe({ plaintext: fillerBytes(bytes), plaintextBytes: bytes, publicKey, kid: d.encryptionKid, cty: 'application/octet-stream' });
      const status = await putStream(p, `/v1/submissions/${submissionId}/attachments/${id}`, token, jwe.contentLength, jwe.body);
      return { status, encryptedBytes: jwe.contentLength, sha512: jwe.plaintextSha512() };
    };
    const warmUp = await upload(warm, 4 * 1024 * 1024);
    if (warmUp.status !== 204) throw new Error(`warm-up upload answered ${warmUp.status}`);
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((res) => setTimeout(res, 200));
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, o.sampleMs ?? 50);
    const started = process.hrtime.bigint();
    let result;
    try {
      result = await upload(big, attachmentBytes);
    } finally {
      clearInterval(timer);
    }
    peak = Math.max(peak, process.memoryUsage.rss());
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const recorded = p.recorder.query({}).filter((x) => x.kind === 'exchange' && (x.data as { attachmentId?: string } | undefined)?.attachmentId === big).at(-1);
    return {
      attachmentBytes, encryptedBytes: result.encryptedBytes, status: result.status, seconds,
      rssBaselineMb: mb(baseline), rssPeakMb: mb(peak), rssGrowthMb: mb(peak - baseline),
      serverEncryptedBytes: (recorded?.data as { encryptedBytes?: number } | undefined)?.encryptedBytes,
    };
  } finally {
    await p.stop();
  }
}
