/** The IssuedCertificate value: PEMs plus the derived facts callers need. */
import { X509Certificate } from 'node:crypto';
import { buildPkcs12 } from './pkcs12.ts';
import { x509 } from './x509.ts';
import { certificateNames, formatName } from './names.ts';
import type { IssuedCertificate } from './types.ts';

/** Splits a PEM bundle into its CERTIFICATE blocks. */
export function splitPemCertificates(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)?.map((b) => `${b}\n`) ?? [];
}

export function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

export const fingerprintOf = (cert: X509Certificate): string => cert.fingerprint256.replace(/:/g, '');

export function makeIssued(certPem: string, keyPem: string, chainPems: string[]): IssuedCertificate {
  const cert = new X509Certificate(certPem);
  const certDer = cert.raw;
  const parsed = new x509.X509Certificate(certDer);
  const chainPem = chainPems.join('');
  return {
    certPem,
    keyPem,
    chainPem,
    certDer,
    serialHex: cert.serialNumber.toUpperCase(),
    fingerprint256: fingerprintOf(cert),
    subject: formatName(certificateNames(certDer).subject),
    notBefore: parsed.notBefore,
    notAfter: parsed.notAfter,
    toPkcs12: async (passphrase: string, friendlyName?: string) =>
      buildPkcs12({ certDer, keyPkcs8: keyPem, caDers: chainPems.map(pemToDer), passphrase, friendlyName }),
  };
}
