/**
 * `govsim pki inspect`: what a certificate (PEM, DER or PKCS#12) is, in the platforms'
 * terms: which identifier shape it carries, whether it is valid now, what it may do.
 */
import { X509Certificate } from 'node:crypto';
import { systemClock, type Clock } from '../types.ts';
import { PkiError } from './errors.ts';
import { OIN_PATTERN, parseSubjectSerial, type ParsedSerial } from './identifiers.ts';
import { fingerprintOf, pemToDer, splitPemCertificates } from './issued.ts';
import { certificateNames, formatName, nameValues } from './names.ts';
import { looksLikePkcs12, readPkcs12 } from './pkcs12.ts';
import { OID } from './profiles.ts';
import { x509 } from './x509.ts';

export type CertificateShape = 'pkioverheid' | 'foces' | 'mrds-client' | 'server' | 'report-signer' | 'ca' | 'unknown';

export interface CertificateInspection {
  format: 'pem' | 'der' | 'pkcs12';
  subject: string;
  issuer: string;
  selfSigned: boolean;
  shape: CertificateShape;
  /** One line naming the shape and its identifiers, e.g. `PKIoverheid OIN 00000099…`. */
  shapeDescription: string;
  identifiers: ParsedSerial;
  /** Raw subject serialNumber attribute, if any. */
  subjectSerialNumber?: string;
  notBefore: string;
  notAfter: string;
  /** Against the clock given to inspectCertificate. */
  validity: 'valid' | 'expired' | 'not-yet-valid';
  /** `RSA`, `EC` or `Ed25519`. */
  keyAlgorithm: string;
  /** RSA modulus bits or EC curve size. */
  keySize?: number;
  curve?: string;
  isCa: boolean;
  keyUsage: string[];
  extendedKeyUsage: string[];
  subjectAltNames: string[];
  fingerprint256: string;
  serialHex: string;
  /** Further certificates in the file (chain). */
  otherCertificates: number;
  hasPrivateKey: boolean;
  warnings: string[];
}

const EKU_NAMES: Record<string, string> = {
  [OID.EKU_SERVER_AUTH]: 'serverAuth',
  [OID.EKU_CLIENT_AUTH]: 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  [OID.EKU_DOCUMENT_SIGNING]: 'documentSigning',
};

const KEY_USAGE_NAMES: Array<[number, string]> = [
  [x509.KeyUsageFlags.digitalSignature, 'digitalSignature'],
  [x509.KeyUsageFlags.nonRepudiation, 'nonRepudiation'],
  [x509.KeyUsageFlags.keyEncipherment, 'keyEncipherment'],
  [x509.KeyUsageFlags.dataEncipherment, 'dataEncipherment'],
  [x509.KeyUsageFlags.keyAgreement, 'keyAgreement'],
  [x509.KeyUsageFlags.keyCertSign, 'keyCertSign'],
  [x509.KeyUsageFlags.cRLSign, 'cRLSign'],
];

interface Loaded {
  format: CertificateInspection['format'];
  leaf: X509Certificate;
  others: number;
  hasPrivateKey: boolean;
}

function load(input: Buffer | string, passphrase: string | undefined): Loaded {
  const text = typeof input === 'string' ? input : input.subarray(0, 64).toString('latin1');
  if (/^\s*-----BEGIN /.test(text)) {
    const pem = typeof input === 'string' ? input : input.toString('utf8');
    const certs = splitPemCertificates(pem);
    if (certs.length === 0) throw new PkiError('PKI_BAD_INPUT', 'the PEM holds no CERTIFICATE block');
    return { format: 'pem', leaf: new X509Certificate(certs[0]), others: certs.length - 1, hasPrivateKey: /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem) };
  }
  const der = typeof input === 'string' ? pemToDer(input) : input;
  if (looksLikePkcs12(der)) {
    if (!passphrase) throw new PkiError('PKI_P12_PASSPHRASE_REQUIRED', 'this is a PKCS#12 file: a passphrase is needed to open it');
    const p12 = readPkcs12(der, passphrase);
    const certs = p12.certificates.map((c) => new X509Certificate(c));
    const index = p12.leafIndex ?? Math.max(0, certs.findIndex((c) => !c.ca));
    return { format: 'pkcs12', leaf: certs[index], others: certs.length - 1, hasPrivateKey: p12.keyPkcs8 !== undefined };
  }
  try {
    return { format: 'der', leaf: new X509Certificate(der), others: 0, hasPrivateKey: false };
  } catch {
    throw new PkiError('PKI_BAD_INPUT', 'not a PEM or DER certificate, nor a PKCS#12 file');
  }
}

function detectShape(ids: ParsedSerial, serial: string | undefined, isCa: boolean, ekus: string[]): { shape: CertificateShape; description: string } {
  if (ids.oin) return { shape: 'pkioverheid', description: `PKIoverheid-shaped, OIN/HRN ${ids.oin}` };
  if (ids.cvr) return { shape: 'foces', description: `FOCES-shaped, CVR ${ids.cvr} FID ${ids.fid}` };
  if (ids.customer) return { shape: 'mrds-client', description: `MRDS client-SSL, customer (KDNR) ${ids.customer}` };
  if (isCa) return { shape: 'ca', description: 'certificate authority' };
  if (ekus.includes('serverAuth') && serial === undefined) return { shape: 'server', description: 'TLS server certificate' };
  if (ekus.includes('documentSigning')) return { shape: 'report-signer', description: 'report signer (documentSigning)' };
  return { shape: 'unknown', description: serial === undefined ? 'no known identifier shape' : `unrecognised subject serialNumber "${serial}"` };
}

function serialWarnings(serial: string | undefined, ids: ParsedSerial): string[] {
  if (serial === undefined || Object.keys(ids).length) return [];
  if (/^\d+$/.test(serial) && !OIN_PATTERN.test(serial)) return [`serialNumber "${serial}" has ${serial.length} digits; an OIN/HRN has exactly 20`];
  if (serial.startsWith('CVR:')) return [`serialNumber "${serial}" is not CVR:<8 digits>-FID:<digits>`];
  if (serial.startsWith('KDNR:')) return [`serialNumber "${serial}" carries no valid customer number`];
  return [];
}

/** Inspects a certificate given as PEM, DER or PKCS#12 (the latter needs `passphrase`). */
export function inspectCertificate(input: Buffer | string, passphrase?: string, options?: { clock?: Clock }): CertificateInspection {
  const { format, leaf, others, hasPrivateKey } = load(input, passphrase);
  const now = (options?.clock ?? systemClock).now().getTime();
  const { subject, issuer } = certificateNames(leaf.raw);
  const parsed = new x509.X509Certificate(leaf.raw);
  const serial = nameValues(subject, 'serialNumber')[0];
  const ids = parseSubjectSerial(serial);
  const ekus = (leaf.keyUsage ?? []).map((o) => EKU_NAMES[o] ?? o);
  const ku = parsed.getExtension(x509.KeyUsagesExtension);
  const details = leaf.publicKey.asymmetricKeyDetails ?? {};
  const type = leaf.publicKey.asymmetricKeyType;
  const { shape, description } = detectShape(ids, serial, leaf.ca, ekus);
  const validity = now < parsed.notBefore.getTime() ? 'not-yet-valid' : now > parsed.notAfter.getTime() ? 'expired' : 'valid';
  const result: CertificateInspection = {
    format,
    subject: formatName(subject),
    issuer: formatName(issuer),
    selfSigned: leaf.checkIssued(leaf),
    shape,
    shapeDescription: description,
    identifiers: ids,
    notBefore: parsed.notBefore.toISOString(),
    notAfter: parsed.notAfter.toISOString(),
    validity,
    keyAlgorithm: type === 'rsa' ? 'RSA' : type === 'ec' ? 'EC' : type === 'ed25519' ? 'Ed25519' : String(type),
    isCa: leaf.ca,
    keyUsage: ku ? KEY_USAGE_NAMES.filter(([bit]) => (ku.usages & bit) !== 0).map(([, n]) => n) : [],
    extendedKeyUsage: ekus,
    subjectAltNames: leaf.subjectAltName ? leaf.subjectAltName.split(/,\s*/) : [],
    fingerprint256: fingerprintOf(leaf),
    serialHex: leaf.serialNumber.toUpperCase(),
    otherCertificates: others,
    hasPrivateKey,
    warnings: serialWarnings(serial, ids),
  };
  if (serial !== undefined) result.subjectSerialNumber = serial;
  if (type === 'rsa' && details.modulusLength) result.keySize = details.modulusLength;
  if (type === 'ec' && details.namedCurve) {
    result.curve = details.namedCurve === 'prime256v1' ? 'P-256' : details.namedCurve;
    if (result.curve === 'P-256') result.keySize = 256;
  }
  if (type === 'ed25519') result.keySize = 256;
  if (validity !== 'valid') result.warnings.push(validity === 'expired' ? 'certificate has EXPIRED' : 'certificate is NOT YET VALID');
  return result;
}

/** Human-readable text for `govsim pki inspect`. */
export function formatInspection(i: CertificateInspection): string {
  const validity = i.validity === 'valid' ? 'valid' : i.validity === 'expired' ? 'EXPIRED' : 'NOT YET VALID';
  const key = i.keyAlgorithm + (i.curve ? ` ${i.curve}` : i.keySize ? ` ${i.keySize} bit` : '');
  const lines = [
    `Format:        ${i.format}${i.otherCertificates ? ` (+${i.otherCertificates} chain certificate${i.otherCertificates > 1 ? 's' : ''})` : ''}${i.hasPrivateKey ? ', with private key' : ''}`,
    `Subject:       ${i.subject}`,
    `Issuer:        ${i.issuer}${i.selfSigned ? ' (self-signed)' : ''}`,
    `Shape:         ${i.shapeDescription}`,
    `Validity:      ${validity}  ${i.notBefore} .. ${i.notAfter}`,
    `Key:           ${key}`,
    `Key usage:     ${i.keyUsage.join(', ') || '-'}`,
    `Ext key usage: ${i.extendedKeyUsage.join(', ') || '-'}`,
    `SAN:           ${i.subjectAltNames.join(', ') || '-'}`,
    `CA:            ${i.isCa ? 'yes' : 'no'}`,
    `Serial:        ${i.serialHex}`,
    `SHA-256:       ${i.fingerprint256}`,
  ];
  for (const w of i.warnings) lines.push(`WARNING:       ${w}`);
  return lines.join('\n');
}
