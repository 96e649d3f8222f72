/** Test-only certificates for the report signer: self-signed leaves and a root → CA → signer chain. */
import { webcrypto } from 'node:crypto';
// The kernel's loader sets up the Reflect polyfill @peculiar/x509 needs.
import { x509 } from '../../simulators/kernel/pki/x509.ts';

export type TestKeyType = 'Ed25519' | 'RSA' | 'EC';

export interface TestSigner {
  keyPem: string;
  certPem: string;
  chainPem?: string;
  rootPem: string;
}

const DAY = 86_400_000;

function algorithms(type: TestKeyType): { gen: EcKeyGenParams | RsaHashedKeyGenParams | Algorithm; sign: Algorithm | EcdsaParams | RsaPssParams } {
  switch (type) {
    case 'Ed25519': return { gen: { name: 'Ed25519' }, sign: { name: 'Ed25519' } };
    case 'EC': return { gen: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams };
    case 'RSA': return {
      gen: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      sign: { name: 'RSASSA-PKCS1-v1_5' },
    };
  }
}

async function keyPair(type: TestKeyType): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(algorithms(type).gen as EcKeyGenParams, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function pkcs8Pem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

function window(now: Date): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(now.getTime() - DAY), notAfter: new Date(now.getTime() + 365 * DAY) };
}

async function caCert(name: string, keys: CryptoKeyPair, issuer: { name: string; key: CryptoKey } | undefined, type: TestKeyType, now: Date): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.create({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex').replace(/^[89a-f]/, '1'),
    subject: name,
    issuer: issuer?.name ?? name,
    ...window(now),
    signingKey: issuer?.key ?? keys.privateKey,
    publicKey: keys.publicKey,
    signingAlgorithm: algorithms(type).sign,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
}

/** A self-signed signer certificate (its own root). */
export async function selfSignedSigner(type: TestKeyType = 'Ed25519', now = new Date(), cn = 'govsim test report signer'): Promise<TestSigner> {
  const keys = await keyPair(type);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${cn}, O=govsim test`,
    ...window(now),
    keys,
    signingAlgorithm: algorithms(type).sign,
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  const pem = cert.toString('pem');
  return { keyPem: await pkcs8Pem(keys.privateKey), certPem: pem, rootPem: pem };
}

/** Root CA → issuing CA → signer (all of `type`); chainPem holds the issuing CA then the root. */
export async function chainedSigner(type: TestKeyType = 'Ed25519', now = new Date(), label = 'govsim test'): Promise<TestSigner> {
  const rootKeys = await keyPair(type);
  const caKeys = await keyPair(type);
  const leafKeys = await keyPair(type);
  const rootName = `CN=${label} report root, O=govsim test`;
  const caName = `CN=${label} report CA, O=govsim test`;
  const root = await caCert(rootName, rootKeys, undefined, type, now);
  const ca = await caCert(caName, caKeys, { name: rootName, key: rootKeys.privateKey }, type, now);
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '0a',
    subject: `CN=${label} report signer, O=govsim test`,
    issuer: caName,
    ...window(now),
    signingKey: caKeys.privateKey,
    publicKey: leafKeys.publicKey,
    signingAlgorithm: algorithms(type).sign,
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  return {
    keyPem: await pkcs8Pem(leafKeys.privateKey),
    certPem: leaf.toString('pem'),
    chainPem: `${ca.toString('pem')}\n${root.toString('pem')}\n`,
    rootPem: root.toString('pem'),
  };
}
