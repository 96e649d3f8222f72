/**
 * Signing with the report key. The report signer is Ed25519 (pure EdDSA, no separate
 * digest): node:crypto `sign(null, …)` / `verify(null, …)` on Node 20.
 */
import { X509Certificate, createPrivateKey, sign, verify } from 'node:crypto';
import type { IssuedCertificate } from './types.ts';

/** Signature over `data` with the signer's private key (Ed25519 or, if issued so, ECDSA/RSA with SHA-256). */
export function signWithReportKey(signer: Pick<IssuedCertificate, 'keyPem'>, data: Buffer | string): Buffer {
  const key = createPrivateKey(signer.keyPem);
  return sign(key.asymmetricKeyType === 'ed25519' ? null : 'sha256', typeof data === 'string' ? Buffer.from(data) : data, key);
}

/** True when `signature` over `data` verifies against the public key in `certPem`. */
export function verifyReportSignature(certPem: string, data: Buffer | string, signature: Buffer): boolean {
  const pub = new X509Certificate(certPem).publicKey;
  try {
    return verify(pub.asymmetricKeyType === 'ed25519' ? null : 'sha256', typeof data === 'string' ? Buffer.from(data) : data, pub, signature);
  } catch {
    return false;
  }
}
