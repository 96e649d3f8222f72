/** Writes an issued certificate as the files integrators' tools expect. */
import { join } from 'node:path';
import { PkiError } from './errors.ts';
import { writeFileAtomic } from './files.ts';
import type { IssuedCertificate } from './types.ts';

export interface WrittenBundle {
  certPem: string;
  keyPem: string;
  chainPem: string;
  der: string;
  p12?: string;
}

/**
 * Writes `<base>.crt.pem`, `<base>.key.pem` (0600), `<base>.chain.pem`, `<base>.der` and,
 * when a passphrase is given, `<base>.p12`. Returns the paths written.
 */
export async function writeCertificateBundle(
  dir: string, baseName: string, cert: IssuedCertificate, passphrase?: string,
): Promise<WrittenBundle> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(baseName)) {
    throw new PkiError('PKI_BAD_REQUEST', `bundle name must be letters, digits, '.', '_' or '-' (got ${JSON.stringify(baseName)})`);
  }
  const p = (ext: string) => join(dir, `${baseName}.${ext}`);
  const out: WrittenBundle = { certPem: p('crt.pem'), keyPem: p('key.pem'), chainPem: p('chain.pem'), der: p('der') };
  const p12 = passphrase === undefined ? undefined : await cert.toPkcs12(passphrase, baseName);
  writeFileAtomic(out.certPem, cert.certPem);
  writeFileAtomic(out.keyPem, cert.keyPem, true);
  writeFileAtomic(out.chainPem, cert.chainPem);
  writeFileAtomic(out.der, cert.certDer);
  if (p12) {
    out.p12 = p('p12');
    writeFileAtomic(out.p12, p12, true);
  }
  return out;
}
