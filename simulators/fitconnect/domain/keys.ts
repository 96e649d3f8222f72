/**
 * RSA key material for FIT-Connect: RSA-4096 encryption keys (RSA-OAEP-256, key_ops wrapKey)
 * and PS512 signing keys (key_ops verify), published as JWKs shaped like the Submission API's
 * `JWK` schema (kty, key_ops, alg, x5c, kid, n, e).
 */
import { generateKeyPair as nodeGenerateKeyPair, X509Certificate, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const generateRsa = promisify(nodeGenerateKeyPair);

export const MIN_RSA_BITS = 4096;
export type KeyPurpose = 'encryption' | 'signing';

export interface RsaKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A key the platform or a destination holds, with its published id and certificate chain. */
export interface FitConnectKey extends RsaKeyPair {
  kid: string;
  purpose: KeyPurpose;
  /** Base64 (not url) DER certificates, leaf first; empty when none was supplied. */
  x5c: string[];
}

/** Public JWK as published by the Submission API (`JWK` schema). */
export interface PublicJwk {
  kty: 'RSA';
  key_ops: ['wrapKey'] | ['verify'];
  alg: 'RSA-OAEP-256' | 'PS512';
  kid: string;
  n: string;
  e: string;
  x5c?: string[];
}

/** Generates an RSA-4096 key pair (about 1–3 s of CPU; generate once and reuse in tests). */
export async function generateRsaKeyPair(bits = MIN_RSA_BITS): Promise<RsaKeyPair> {
  const { privateKey, publicKey } = await generateRsa('rsa', { modulusLength: bits, publicExponent: 0x10001 });
  return { privateKey, publicKey };
}

export function rsaBits(key: KeyObject): number {
  return key.asymmetricKeyDetails?.modulusLength ?? 0;
}

export function publicJwk(key: FitConnectKey): PublicJwk {
  const jwk = key.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const out: PublicJwk = key.purpose === 'encryption'
    ? { kty: 'RSA', key_ops: ['wrapKey'], alg: 'RSA-OAEP-256', kid: key.kid, n: jwk.n, e: jwk.e }
    : { kty: 'RSA', key_ops: ['verify'], alg: 'PS512', kid: key.kid, n: jwk.n, e: jwk.e };
  if (key.x5c.length > 0) out.x5c = [...key.x5c];
  return out;
}

export type KeyCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks a key pair before it is used by the platform or a destination: RSA, at least
 * 4096 bits, exponent AQAB, private and public halves match, and an x5c leaf (if given)
 * certifies this public key.
 */
export function checkKeyPair(pair: RsaKeyPair, x5c: readonly string[] = []): KeyCheck {
  if (pair.publicKey.asymmetricKeyType !== 'rsa' || pair.privateKey.asymmetricKeyType !== 'rsa') {
    return { ok: false, reason: 'key must be an RSA key' };
  }
  const bits = rsaBits(pair.publicKey);
  if (bits < MIN_RSA_BITS) return { ok: false, reason: `RSA key has ${bits} bits; FIT-Connect requires at least ${MIN_RSA_BITS}` };
  const pub = pair.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const fromPriv = pair.privateKey.export({ format: 'jwk' }) as { n: string };
  if (pub.e !== 'AQAB') return { ok: false, reason: 'RSA public exponent must be 65537 (AQAB)' };
  if (fromPriv.n !== pub.n) return { ok: false, reason: 'private and public key do not belong together' };
  if (x5c.length > 0) {
    let leaf: X509Certificate;
    try {
      leaf = new X509Certificate(Buffer.from(x5c[0], 'base64'));
    } catch {
      return { ok: false, reason: 'x5c[0] is not a base64 DER certificate' };
    }
    const leafJwk = leaf.publicKey.export({ format: 'jwk' }) as { n?: string };
    if (leafJwk.n !== pub.n) return { ok: false, reason: 'x5c[0] certifies a different public key' };
  }
  return { ok: true };
}

/** Supplies an x5c chain for a new key (the kernel PKI in production wiring; tests use a self-signed cert). */
export type CertificateChainIssuer = (publicKey: KeyObject, info: { kid: string; purpose: KeyPurpose; subject: string }) => Promise<string[]>;
