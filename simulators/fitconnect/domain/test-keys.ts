/**
 * Test-only fixture: RSA-4096 key pairs with self-signed certificates, generated once per
 * machine and cached in os.tmpdir() (RSA-4096 generation costs 1–3 s each on 2 cores).
 * Never used by the domain at run time.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createPrivateKey, createPublicKey, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateRsaKeyPair, type RsaKeyPair } from './keys.ts';

export interface TestKey extends RsaKeyPair {
  /** Self-signed certificate for the key, base64 DER, as an x5c chain of one. */
  x5c: string[];
}

const CACHE_DIR = join(tmpdir(), 'govsim-fitconnect-test-keys-v1');

async function selfSigned(pair: RsaKeyPair, cn: string): Promise<string> {
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const priv = await webcrypto.subtle.importKey('pkcs8', pair.privateKey.export({ format: 'der', type: 'pkcs8' }), alg, false, ['sign']);
  const pub = await webcrypto.subtle.importKey('spki', pair.publicKey.export({ format: 'der', type: 'spki' }), alg, true, ['verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${cn}, O=govsim test (fictitious)`,
    notBefore: new Date('2024-01-01T00:00:00Z'),
    notAfter: new Date('2044-01-01T00:00:00Z'),
    signingAlgorithm: alg,
    keys: { privateKey: priv, publicKey: pub },
  });
  return Buffer.from(cert.rawData).toString('base64');
}

/** Loads (or generates and caches) test key number `index`. */
export async function testKey(index: number): Promise<TestKey> {
  const file = join(CACHE_DIR, `key-${index}.json`);
  if (existsSync(file)) {
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { pem: string; cert: string };
      const privateKey = createPrivateKey(saved.pem);
      return { privateKey, publicKey: createPublicKey(privateKey), x5c: [saved.cert] };
    } catch {
      // fall through and regenerate a damaged cache entry
    }
  }
  const pair = await generateRsaKeyPair();
  const cert = await selfSigned(pair, `govsim-fitconnect-test-key-${index}`);
  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ pem: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }), cert }), { mode: 0o600 });
  renameSync(tmp, file);
  return { ...pair, x5c: [cert] };
}

/** Test keys 0..n-1, generated sequentially (bounded CPU on 2 cores). */
export async function testKeys(n: number): Promise<TestKey[]> {
  const out: TestKey[] = [];
  for (let i = 0; i < n; i++) out.push(await testKey(i));
  return out;
}
