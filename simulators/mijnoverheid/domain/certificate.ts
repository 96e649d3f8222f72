/** Certificates as they appear in a Consumerspecificatie or CPA: PEM or ds:KeyInfo/X509Data base64 DER. */
import { X509Certificate } from 'node:crypto';
import { issue, type Issue } from './issue.ts';

export interface CertificateInfo {
  /** Base64 DER without line breaks: the form a CPA's ds:X509Certificate carries. */
  derBase64: string;
  pem: string;
  subject: string;
  issuer: string;
  /** Subject serialNumber when it is a 20-digit OIN/HRN. */
  oin?: string;
  validFrom: Date;
  validTo: Date;
  fingerprint256: string;
  /** Public key algorithm ('rsa', 'ec', …) and, for EC, the named curve: they fix the XMLDSIG SignatureMethod. */
  keyType?: string;
  namedCurve?: string;
}

const PEM_RE = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/;

/** Reads one certificate from PEM text or bare base64 DER (as inside ds:X509Certificate). */
export function readCertificate(text: string, location: string): { cert?: CertificateInfo; issues: Issue[] } {
  const pem = PEM_RE.exec(text);
  const b64 = (pem ? pem[1] : text).replace(/\s+/g, '');
  if (!b64) return { issues: [issue('CERT_MISSING', 'no certificate data', location)] };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) {
    return { issues: [issue('CERT_NOT_PEM_OR_KEYINFO', 'certificate is neither PEM nor base64 DER inside ds:KeyInfo/ds:X509Data/ds:X509Certificate', location)] };
  }
  try {
    // Reading the public key can fail on a certificate whose outer DER parses (found by fuzzing).
    return { cert: infoOf(new X509Certificate(Buffer.from(b64, 'base64'))), issues: [] };
  } catch (e) {
    return { issues: [issue('CERT_UNPARSEABLE', `certificate cannot be parsed: ${(e as Error).message}`, location)] };
  }
}

function infoOf(x: X509Certificate): CertificateInfo {
  const der = x.raw.toString('base64');
  const serial = /(?:^|\n)serialNumber=(\d{20})(?:\n|$)/.exec(x.subject)?.[1];
  const info: CertificateInfo = {
    derBase64: der,
    pem: `-----BEGIN CERTIFICATE-----\n${der.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`,
    subject: x.subject,
    issuer: x.issuer,
    validFrom: new Date(x.validFrom),
    validTo: new Date(x.validTo),
    fingerprint256: x.fingerprint256.replace(/:/g, ''),
  };
  if (serial) info.oin = serial;
  const keyType = x.publicKey.asymmetricKeyType;
  if (keyType) info.keyType = keyType;
  const curve = x.publicKey.asymmetricKeyDetails?.namedCurve;
  if (curve) info.namedCurve = curve;
  return info;
}
