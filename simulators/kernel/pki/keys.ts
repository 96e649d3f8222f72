/** Key generation and PEM import/export over WebCrypto, for the algorithms the test PKI offers. */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { PkiError } from './errors.ts';

export type KeyAlgorithm = 'rsa2048' | 'rsa4096' | 'ec-p256' | 'ed25519';
export const KEY_ALGORITHMS: readonly KeyAlgorithm[] = ['rsa2048', 'rsa4096', 'ec-p256', 'ed25519'];
/** CAs sign CRLs and certificates that OpenSSL must verify in every TLS stack; keep them RSA or P-256. */
export const CA_KEY_ALGORITHMS: readonly KeyAlgorithm[] = ['rsa2048', 'rsa4096', 'ec-p256'];

export function assertKeyAlgorithm(value: unknown, allowed: readonly KeyAlgorithm[] = KEY_ALGORITHMS): KeyAlgorithm {
  if (typeof value !== 'string' || !allowed.includes(value as KeyAlgorithm)) {
    throw new PkiError('PKI_BAD_KEY_ALGORITHM', `key algorithm must be one of ${allowed.join(', ')} (got ${String(value)})`);
  }
  return value as KeyAlgorithm;
}

const RSA_EXPONENT = new Uint8Array([1, 0, 1]);

function importParams(alg: KeyAlgorithm): RsaHashedImportParams | EcKeyImportParams | Algorithm {
  switch (alg) {
    case 'rsa2048':
    case 'rsa4096':
      return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    case 'ec-p256':
      return { name: 'ECDSA', namedCurve: 'P-256' };
    case 'ed25519':
      return { name: 'Ed25519' };
  }
}

export async function generateKeys(alg: KeyAlgorithm): Promise<CryptoKeyPair> {
  const params =
    alg === 'rsa2048' || alg === 'rsa4096'
      ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: alg === 'rsa2048' ? 2048 : 4096, publicExponent: RSA_EXPONENT, hash: 'SHA-256' }
      : importParams(alg);
  return (await crypto.subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair;
}

/** The algorithm a key of this type signs certificates and CRLs with. */
export function signingAlgorithm(key: CryptoKey): Algorithm & { hash?: string } {
  switch (key.algorithm.name) {
    case 'RSASSA-PKCS1-v1_5':
      return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    case 'ECDSA':
      return { name: 'ECDSA', hash: 'SHA-256' };
    case 'Ed25519':
      return { name: 'Ed25519' };
    default:
      throw new PkiError('PKI_BAD_KEY_ALGORITHM', `cannot sign with a ${key.algorithm.name} key`);
  }
}

export async function exportKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await crypto.subtle.exportKey('pkcs8', key));
  return toPem('PRIVATE KEY', der);
}

export function toPem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** Which KeyAlgorithm a PKCS#8 PEM holds (RSA sizes other than 2048/4096 are reported as the closest). */
export function keyAlgorithmOfPem(pem: string): KeyAlgorithm {
  const k = createPrivateKey(pem);
  switch (k.asymmetricKeyType) {
    case 'rsa':
      return (k.asymmetricKeyDetails?.modulusLength ?? 2048) > 2048 ? 'rsa4096' : 'rsa2048';
    case 'ec':
      if (k.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ec-p256';
      break;
    case 'ed25519':
      return 'ed25519';
  }
  throw new PkiError('PKI_BAD_KEY_ALGORITHM', `unsupported key type ${k.asymmetricKeyType}`);
}

export async function importKeyPem(pem: string): Promise<CryptoKey> {
  const alg = keyAlgorithmOfPem(pem);
  const der = createPrivateKey(pem).export({ format: 'der', type: 'pkcs8' });
  return crypto.subtle.importKey('pkcs8', der, importParams(alg), true, ['sign']);
}

/** The key pair of a PKCS#8 PEM private key (the public half derived from it). */
export async function importKeyPairPem(pem: string): Promise<CryptoKeyPair> {
  const alg = keyAlgorithmOfPem(pem);
  const privateKey = await importKeyPem(pem);
  const spki = createPublicKey(createPrivateKey(pem)).export({ format: 'der', type: 'spki' });
  const publicKey = await crypto.subtle.importKey('spki', spki, importParams(alg), true, ['verify']);
  return { privateKey, publicKey };
}
