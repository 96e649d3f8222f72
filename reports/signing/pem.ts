import { X509Certificate } from 'node:crypto';

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The CERTIFICATE blocks of a PEM bundle, in order. */
export function splitCertificates(pem: string): string[] {
  return pem.match(CERT_BLOCK) ?? [];
}

export function parseCertificates(pem: string): X509Certificate[] {
  return splitCertificates(pem).map((block) => new X509Certificate(block));
}

/** Node prints DNs one attribute per line; reports use one line. */
export function oneLineDn(dn: string): string {
  return dn.split('\n').filter((p) => p !== '').join(', ');
}
