/**
 * What a Sender must check before encrypting for a destination key: RSA, RSA-OAEP-256,
 * key_ops exactly wrapKey (or verify for signature keys), 4096 bits, and an x5c chain
 * that leads to the configured trust root and certifies this very key.
 */
import { X509Certificate } from 'node:crypto';

export interface Jwk {
  kty?: string;
  kid?: string;
  alg?: string;
  key_ops?: string[];
  n?: string;
  e?: string;
  x5c?: string[];
}

export type KeyCheck = { ok: true } | { ok: false; reason: string };

export function checkPublicKey(jwk: Jwk, purpose: 'encryption' | 'signing', trustRoots: X509Certificate[], now: Date, defects: { ignoreKeyOps?: boolean } = {}): KeyCheck {
  const alg = purpose === 'encryption' ? 'RSA-OAEP-256' : 'PS512';
  const op = purpose === 'encryption' ? 'wrapKey' : 'verify';
  if (jwk.kty !== 'RSA') return { ok: false, reason: `kty must be RSA, got ${String(jwk.kty)}` };
  if (jwk.alg !== alg) return { ok: false, reason: `alg must be ${alg}, got ${String(jwk.alg)}` };
  if (!defects.ignoreKeyOps && (!Array.isArray(jwk.key_ops) || jwk.key_ops.length !== 1 || jwk.key_ops[0] !== op)) {
    return { ok: false, reason: `key_ops must be ["${op}"], got ${JSON.stringify(jwk.key_ops ?? null)}` };
  }
  if (typeof jwk.n !== 'string' || Buffer.from(jwk.n, 'base64url').length * 8 < 4096) return { ok: false, reason: 'RSA modulus must have at least 4096 bits' };
  if (!Array.isArray(jwk.x5c) || jwk.x5c.length === 0) return { ok: false, reason: 'x5c certificate chain missing' };
  let chain: X509Certificate[];
  try {
    chain = jwk.x5c.map((c) => new X509Certificate(Buffer.from(c, 'base64')));
  } catch {
    return { ok: false, reason: 'x5c contains something that is not a base64 DER certificate' };
  }
  const leafJwk = chain[0].publicKey.export({ format: 'jwk' }) as { n?: string; e?: string };
  if (leafJwk.n !== jwk.n || leafJwk.e !== jwk.e) return { ok: false, reason: 'x5c[0] certifies a different key than the JWK' };
  for (const c of chain) {
    if (now < new Date(c.validFrom) || now > new Date(c.validTo)) return { ok: false, reason: `certificate ${c.subject.replace(/\n/g, ', ')} is not valid now` };
  }
  for (let i = 0; i + 1 < chain.length; i++) {
    if (!chain[i].checkIssued(chain[i + 1]) || !chain[i].verify(chain[i + 1].publicKey)) return { ok: false, reason: `x5c[${i}] is not signed by x5c[${i + 1}]` };
  }
  const last = chain[chain.length - 1];
  const anchored = trustRoots.some((root) => root.fingerprint256 === last.fingerprint256 || (last.checkIssued(root) && last.verify(root.publicKey)));
  if (!anchored) return { ok: false, reason: 'the x5c chain does not lead to the configured trust root' };
  return { ok: true };
}

export function readCertificates(pem: string): X509Certificate[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((p) => new X509Certificate(p));
}
