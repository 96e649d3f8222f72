/** Test-only: fictitious self-signed certificates with an OIN in subject serialNumber (EC P-256, fast). */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export interface TestCert { pem: string; derBase64: string }

const cache = new Map<string, Promise<TestCert>>();

export function testCertificate(oin: string, cn: string, notBefore: Date, notAfter: Date): Promise<TestCert> {
  const key = `${oin}|${cn}|${notBefore.toISOString()}|${notAfter.toISOString()}`;
  let p = cache.get(key);
  if (!p) {
    p = (async () => {
      const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
      const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
      const cert = await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: '01',
        name: `CN=${cn}, O=Fictitious Test Org, 2.5.4.5=${oin}`,
        notBefore,
        notAfter,
        signingAlgorithm: alg,
        keys: keys as CryptoKeyPair,
      });
      return { pem: cert.toString('pem'), derBase64: Buffer.from(cert.rawData).toString('base64') };
    })();
    cache.set(key, p);
  }
  return p;
}
