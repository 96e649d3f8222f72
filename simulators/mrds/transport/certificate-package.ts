/**
 * The ZIP the order portal mails: the client-SSL certificate in several formats. Names
 * and layout are modelled (the real package's file list is not public). The passphrase
 * protects the PKCS#12 and the PEM key and is never written anywhere else.
 */
import { createPrivateKey } from 'node:crypto';
import type { IssuedCertificate } from '../../kernel/pki/index.ts';
import { writeZip } from './zip.ts';

export const PACKAGE_FILES = {
  p12: 'applikationskopplung.p12',
  certPem: 'applikationskopplung.crt.pem',
  keyPem: 'applikationskopplung.key.pem',
  der: 'applikationskopplung.crt',
  chain: 'ca-kette.pem',
  readme: 'LIESMICH.txt',
} as const;

export async function certificatePackage(cert: IssuedCertificate, passphrase: string, mandant: { ags: string; name: string }, at: Date): Promise<Buffer> {
  const p12 = await cert.toPkcs12(passphrase, `Applikationskopplung ${mandant.ags}`);
  const encryptedKey = createPrivateKey(cert.keyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase });
  const readme = [
    `Client-SSL-Zertifikat für die Applikationskopplung – Mandant ${mandant.ags} (${mandant.name})`,
    '',
    `${PACKAGE_FILES.p12}     PKCS#12 (Zertifikat, privater Schlüssel, CA-Kette), geschützt mit Ihrer Passphrase`,
    `${PACKAGE_FILES.certPem}  Zertifikat (PEM)`,
    `${PACKAGE_FILES.keyPem}  privater Schlüssel (PEM, PKCS#8, mit Ihrer Passphrase verschlüsselt)`,
    `${PACKAGE_FILES.der}      Zertifikat (DER/CRT)`,
    `${PACKAGE_FILES.chain}          CA-Kette (PEM)`,
    '',
    'Die Kundennummer erhalten Sie gesondert per E-Mail von der AG MiN.',
    'Bei Verlust der Passphrase muss ein neues Zertifikat bestellt werden.',
    '(govsim-Simulation: Testzertifikat, kein echtes Zertifikat von IT.Niedersachsen.)',
    '',
  ].join('\r\n');
  return writeZip([
    { name: PACKAGE_FILES.p12, data: p12 },
    { name: PACKAGE_FILES.certPem, data: Buffer.from(cert.certPem) },
    { name: PACKAGE_FILES.keyPem, data: Buffer.from(encryptedKey) },
    { name: PACKAGE_FILES.der, data: cert.certDer },
    { name: PACKAGE_FILES.chain, data: Buffer.from(cert.chainPem) },
    { name: PACKAGE_FILES.readme, data: Buffer.from(readme, 'utf8') },
  ], at);
}
