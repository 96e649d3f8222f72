/**
 * Certificate authorities of the test PKI: creating roots and issuing CAs, and signing
 * end-entity certificates from a CertificatePlan.
 */
import { x509 } from './x509.ts';
import { exportKeyPem, generateKeys, importKeyPem, signingAlgorithm, type KeyAlgorithm } from './keys.ts';
import { OID, type CertificatePlan, type PlannedAttribute } from './profiles.ts';

/** A CA's certificate with its private key. */
export interface Authority {
  cert: x509.X509Certificate;
  certPem: string;
  key: CryptoKey;
  keyPem: string;
}

const DAY = 86_400_000;
const CA_BACKDATE_MS = 60 * 60_000;
export const ROOT_VALIDITY_DAYS = 3650;
export const ISSUING_VALIDITY_DAYS = 1825;

/** Subject names of the four CAs; every one says TEST so nobody mistakes them for a real CA. */
export const CA_NAMES = {
  root: caName('govsim test PKI', 'TEST ONLY - NOT A REAL CA', 'govsim Test Root CA'),
  issuing: caName('govsim test PKI', 'TEST ONLY - NOT A REAL CA', 'govsim Test Issuing CA'),
  foreignRoot: caName('govsim foreign test PKI', 'TEST ONLY - NOT A REAL CA - negative tests', 'govsim Foreign Test Root CA'),
  foreignIssuing: caName('govsim foreign test PKI', 'TEST ONLY - NOT A REAL CA - negative tests', 'govsim Foreign Test Issuing CA'),
};

function caName(o: string, ou: string, cn: string): PlannedAttribute[] {
  return [{ oid: OID.C, value: 'NL', printable: true }, { oid: OID.O, value: o }, { oid: OID.OU, value: ou }, { oid: OID.CN, value: cn }];
}

/**
 * A Name built from explicit string types. The library's string parser would treat a value
 * starting with '#' as hex and strip quotes and backslashes, so text never goes through it.
 */
export function toName(attrs: PlannedAttribute[]): x509.Name {
  return new x509.Name(
    attrs.map((a) => {
      let value: x509.JsonAttributeObject;
      if (a.oid === OID.EMAIL) value = { ia5String: a.value };
      else if (a.printable || x509.Name.isPrintableString(a.value)) value = { printableString: a.value };
      else value = { utf8String: a.value };
      return { [a.oid]: [value] };
    }),
  );
}

/** A positive serial of 16 random bytes; first byte 0x10..0x7f so no tool prints it with a sign byte or leading zero. */
export function newSerial(random: (n: number) => Buffer): string {
  const b = Buffer.from(random(16));
  b[0] = 0x10 + (b[0] % 0x70);
  return b.toString('hex').toUpperCase();
}

async function keyIdOf(cert: x509.X509Certificate): Promise<string> {
  const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension);
  if (ski) return ski.keyId;
  return (await x509.SubjectKeyIdentifierExtension.create(cert.publicKey)).keyId;
}

async function authority(cert: x509.X509Certificate, key: CryptoKey): Promise<Authority> {
  return { cert, certPem: cert.toString('pem'), key, keyPem: await exportKeyPem(key) };
}

export async function loadAuthority(certPem: string, keyPem: string): Promise<Authority> {
  return { cert: new x509.X509Certificate(certPem), certPem, key: await importKeyPem(keyPem), keyPem };
}

export async function createRootCa(name: PlannedAttribute[], alg: KeyAlgorithm, now: Date, random: (n: number) => Buffer): Promise<Authority> {
  const keys = await generateKeys(alg);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: toName(name),
    keys,
    serialNumber: newSerial(random),
    notBefore: new Date(now.getTime() - CA_BACKDATE_MS),
    notAfter: new Date(now.getTime() + ROOT_VALIDITY_DAYS * DAY),
    signingAlgorithm: signingAlgorithm(keys.privateKey),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return authority(cert, keys.privateKey);
}

export async function createIssuingCa(
  name: PlannedAttribute[], parent: Authority, alg: KeyAlgorithm, now: Date, random: (n: number) => Buffer,
): Promise<Authority> {
  const keys = await generateKeys(alg);
  const cert = await x509.X509CertificateGenerator.create({
    subject: toName(name),
    issuer: parent.cert.subjectName,
    publicKey: keys.publicKey,
    signingKey: parent.key,
    serialNumber: newSerial(random),
    notBefore: new Date(now.getTime() - CA_BACKDATE_MS),
    notAfter: new Date(Math.min(now.getTime() + ISSUING_VALIDITY_DAYS * DAY, parent.cert.notAfter.getTime())),
    signingAlgorithm: signingAlgorithm(parent.key),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      new x509.AuthorityKeyIdentifierExtension(await keyIdOf(parent.cert)),
    ],
  });
  return authority(cert, keys.privateKey);
}

/** Signs an end-entity certificate for `plan` with `ca`. Returns the certificate and its new private key (PKCS#8 PEM). */
export async function signLeaf(
  plan: CertificatePlan, ca: Authority, random: (n: number) => Buffer, existing?: CryptoKeyPair,
): Promise<{ cert: x509.X509Certificate; keyPem: string }> {
  const keys = existing ?? await generateKeys(plan.keyAlgorithm);
  let usage = x509.KeyUsageFlags.digitalSignature;
  if (plan.keyUsage.keyEncipherment) usage |= x509.KeyUsageFlags.keyEncipherment;
  if (plan.keyUsage.nonRepudiation) usage |= x509.KeyUsageFlags.nonRepudiation;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(usage, true),
    new x509.ExtendedKeyUsageExtension(plan.extendedKeyUsages, false),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    new x509.AuthorityKeyIdentifierExtension(await keyIdOf(ca.cert)),
  ];
  const san: x509.JsonGeneralNames = [
    ...plan.dnsNames.map((value) => ({ type: 'dns' as const, value })),
    ...plan.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
    ...plan.emails.map((value) => ({ type: 'email' as const, value })),
  ];
  if (san.length) extensions.push(new x509.SubjectAlternativeNameExtension(san, false));
  const cert = await x509.X509CertificateGenerator.create({
    subject: toName(plan.subject),
    issuer: ca.cert.subjectName,
    publicKey: keys.publicKey,
    signingKey: ca.key,
    serialNumber: newSerial(random),
    notBefore: plan.notBefore,
    notAfter: plan.notAfter,
    signingAlgorithm: signingAlgorithm(ca.key),
    extensions,
  });
  return { cert, keyPem: await exportKeyPem(keys.privateKey) };
}
