/**
 * Always-run variant of bench/fitconnect-upload.ts: a 64 MB attachment, streamed as a real
 * JWE, uploads with bounded RSS growth (the simulator streams to a temp file; a buffering
 * implementation would grow by at least the body size). The streaming JWE source is
 * checked against jose first, so the upload is a JWE any receiver could decrypt.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { compactDecrypt } from 'jose';
import { describe, expect, it } from 'vitest';
import { createEphemeralPki } from '../../kernel/pki/index.ts';
import { base64urlLength, fillerBytes, streamingCompactJwe } from '../reference/streaming-jwe.ts';
import { measureLargeUpload } from './large-upload.ts';

const MB = 1024 * 1024;

describe('streamed attachment upload', () => {
  it('the streaming JWE source yields exactly contentLength bytes that jose decrypts to the plaintext', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    for (const bytes of [0, 1, 2, 3, 100_000, 3 * MB + 1]) {
      const jwe = streamingCompactJwe({ plaintext: fillerBytes(bytes, 64 * 1024 + 1), plaintextBytes: bytes, publicKey: createPublicKey(privateKey), kid: 'kid-12345678', cty: 'application/pdf' });
      const parts: Buffer[] = [];
      for await (const c of jwe.body) parts.push(c);
      const compact = Buffer.concat(parts).toString('ascii');
      expect(compact.length).toBe(jwe.contentLength);
      const { plaintext, protectedHeader } = await compactDecrypt(compact, createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' })));
      expect(Buffer.from(plaintext).equals(Buffer.concat([...fillerBytes(bytes, 64 * 1024 + 1)]))).toBe(true);
      expect(protectedHeader).toMatchObject({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'kid-12345678', cty: 'application/pdf' });
    }
    expect([0, 1, 2, 3, 4].map(base64urlLength)).toEqual([0, 2, 3, 4, 6]);
  });

  it('uploads a 64 MB attachment with RSS growth well below its size', async () => {
    const r = await measureLargeUpload(await createEphemeralPki(), 64 * MB);
    expect(r.status).toBe(204);
    expect(r.serverEncryptedBytes).toBe(r.encryptedBytes);
    expect(r.encryptedBytes).toBeGreaterThan(64 * MB * 4 / 3);
    // A buffering server (or client) would hold >= 85 MB of compact JWE; streaming stays far below.
    expect(r.rssGrowthMb).toBeLessThan(40);
  }, 120_000);
});
