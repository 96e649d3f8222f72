import { createHash, createPrivateKey, createPublicKey, sign, verify, constants, X509Certificate, type KeyObject } from 'node:crypto';
import { ReportError } from '../errors.ts';
import type { SignatureAlgorithm, SignerInfo } from '../model/types.ts';
import { oneLineDn, parseCertificates } from './pem.ts';

/** The report signer as handed to the builder (PEM text; the key never reaches the bundle). */
export interface SignerPem {
  keyPem: string;
  certPem: string;
  /** Intermediates (and optionally the root) above the signer certificate. */
  chainPem?: string;
}

export function signatureAlgorithmFor(key: KeyObject): SignatureAlgorithm | undefined {
  switch (key.asymmetricKeyType) {
    case 'ed25519': return 'Ed25519';
    case 'rsa':
    case 'rsa-pss': return 'RSA-PSS-SHA256';
    case 'ec': return 'ECDSA-SHA256';
    default: return undefined;
  }
}

export function describeCertificate(cert: X509Certificate, algorithm: SignatureAlgorithm): SignerInfo {
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  return {
    certificateSha256: createHash('sha256').update(cert.raw).digest('hex'),
    publicKeySha256: createHash('sha256').update(spki).digest('hex'),
    subject: oneLineDn(cert.subject),
    issuer: oneLineDn(cert.issuer),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    signatureAlgorithm: algorithm,
  };
}

/** Colon-separated upper-case form certifiers compare with the published fingerprint. */
export function formatFingerprint(hex: string): string {
  return hex.toUpperCase().match(/.{2}/g)?.join(':') ?? '';
}

export interface LoadedSigner {
  key: KeyObject;
  cert: X509Certificate;
  info: SignerInfo;
  /** signer.pem content: the signer certificate first, then the chain. */
  chainPem: string;
}

/** Checks that the key is usable and belongs to the certificate. */
export function loadSigner(pem: SignerPem): LoadedSigner {
  let key: KeyObject;
  let cert: X509Certificate;
  try {
    key = createPrivateKey(pem.keyPem);
  } catch (err) {
    throw new ReportError('REPORT_SIGNER_INVALID', `signer key cannot be read: ${(err as Error).message}`);
  }
  const certs = (() => {
    try { return parseCertificates(pem.certPem); } catch (err) {
      throw new ReportError('REPORT_SIGNER_INVALID', `signer certificate cannot be read: ${(err as Error).message}`);
    }
  })();
  if (certs.length === 0) throw new ReportError('REPORT_SIGNER_INVALID', 'signer certificate PEM holds no CERTIFICATE block');
  cert = certs[0];
  const algorithm = signatureAlgorithmFor(key);
  if (!algorithm) throw new ReportError('REPORT_SIGNER_INVALID', `unsupported signer key type ${key.asymmetricKeyType}`);
  const keySpki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  if (!keySpki.equals(cert.publicKey.export({ type: 'spki', format: 'der' }))) {
    throw new ReportError('REPORT_SIGNER_INVALID', 'signer key does not belong to the signer certificate');
  }
  const extra = [...certs.slice(1), ...(pem.chainPem ? parseCertificates(pem.chainPem) : [])]
    .filter((c) => c.fingerprint256 !== cert.fingerprint256);
  const unique = extra.filter((c, i) => extra.findIndex((d) => d.fingerprint256 === c.fingerprint256) === i);
  const chainPem = [cert, ...unique].map((c) => c.toString().trim()).join('\n') + '\n';
  return { key, cert, info: describeCertificate(cert, algorithm), chainPem };
}

/** Signs the exact bytes of manifest.json with the algorithm the key type implies. */
export function signBytes(key: KeyObject, data: Uint8Array): Buffer {
  switch (signatureAlgorithmFor(key)) {
    case 'Ed25519': return sign(null, data, key);
    case 'RSA-PSS-SHA256':
      return sign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    case 'ECDSA-SHA256': return sign('sha256', data, { key, dsaEncoding: 'der' });
    default: throw new ReportError('REPORT_SIGNER_INVALID', `unsupported signer key type ${key.asymmetricKeyType}`);
  }
}

export function verifyBytes(publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    switch (signatureAlgorithmFor(publicKey)) {
      case 'Ed25519': return verify(null, data, publicKey, signature);
      case 'RSA-PSS-SHA256':
        return verify('sha256', data, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
      case 'ECDSA-SHA256': return verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, signature);
      default: return false;
    }
  } catch {
    return false;
  }
}
