/**
 * The reference Fachverfahren (the authority's client application): installs the
 * certificate ZIP and the Kundennummer the way a vendor's instructions would, and
 * queries the mirror with XMeld over SOAP. Its only inputs are what an integrator gets:
 * the mail's ZIP, the passphrase, the Kundennummer, the endpoint and the server CA.
 */
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { readPkcs12 } from '../../kernel/pki/index.ts';
import { readZip } from '../transport/zip.ts';
import { buildSuchanfrage, type Absender, type Suchauftrag } from './xmeld-request.ts';
import { callApplicationByte, envelope, readAnswer } from './soap-call.ts';

export interface InstallParams {
  configDir: string;
  /** The ZIP from the certificate mail … */
  zipFile?: string;
  /** … or a PKCS#12 file directly (e.g. a certificate from elsewhere). */
  p12File?: string;
  passphrase: string;
  kundennummer: string;
  endpoint: string;
  caFile: string;
  behoerdenname: string;
  autorKennung: string;
  sicherheitsbehoerde?: boolean;
  parameterEncoding?: 'base64' | 'xml';
}

interface Config extends Absender {
  endpoint: string;
  caFile: string;
  p12File: string;
  passphrase: string;
  parameterEncoding: 'base64' | 'xml';
}

const CONFIG = 'fachverfahren.json';

export function install(p: InstallParams): { installed: true; subject: string; fingerprint256: string; files: string[] } {
  mkdirSync(p.configDir, { recursive: true });
  let p12: Buffer;
  let files: string[] = [];
  if (p.zipFile) {
    const entries = readZip(readFileSync(p.zipFile));
    files = entries.map((e) => e.name);
    const entry = entries.find((e) => e.name.endsWith('.p12') || e.name.endsWith('.pfx'));
    if (!entry) throw new Error(`the certificate ZIP holds no PKCS#12 file (has: ${files.join(', ')})`);
    p12 = entry.data;
  } else if (p.p12File) {
    p12 = readFileSync(p.p12File);
  } else {
    throw new Error('install needs zipFile or p12File');
  }
  // Opening the PKCS#12 with the passphrase is the installation test of every Fachverfahren.
  createSecureContext({ pfx: p12, passphrase: p.passphrase });
  const contents = readPkcs12(p12, p.passphrase);
  const leaf = new X509Certificate(contents.certificates[contents.leafIndex ?? 0]);
  const p12File = join(p.configDir, 'client.p12');
  writeFileSync(p12File, p12, { mode: 0o600 });
  const config: Config = {
    endpoint: p.endpoint, caFile: p.caFile, p12File, passphrase: p.passphrase, parameterEncoding: p.parameterEncoding ?? 'base64',
    kundennummer: p.kundennummer, behoerdenname: p.behoerdenname, autorKennung: p.autorKennung, sicherheitsbehoerde: p.sicherheitsbehoerde ?? false,
  };
  writeFileSync(join(p.configDir, CONFIG), JSON.stringify(config, null, 2), { mode: 0o600 });
  return { installed: true, subject: leaf.subject.replace(/\n/g, ', '), fingerprint256: leaf.fingerprint256.replace(/:/g, ''), files };
}

export type QueryVariant = 'wrong-kundennummer' | 'plain-xml' | 'missing-nachrichtenkopf-fields' | 'missing-aktenzeichen' | 'unescaped-free-text' | undefined;

export async function query(p: { configDir: string; suche: Suchauftrag }, variant?: string) {
  const c = JSON.parse(readFileSync(join(p.configDir, CONFIG), 'utf8')) as Config;
  const absender: Absender = { ...c, kundennummer: variant === 'wrong-kundennummer' ? `${c.kundennummer}9` : c.kundennummer };
  const xmeld = buildSuchanfrage(p.suche, absender, {
    omitHeaderFields: variant === 'missing-nachrichtenkopf-fields',
    omitAktenzeichen: variant === 'missing-aktenzeichen',
    unescapedFreeText: variant === 'unescaped-free-text',
  });
  const encoding = variant === 'plain-xml' ? 'xml' : c.parameterEncoding;
  const r = await callApplicationByte({ endpoint: c.endpoint, p12File: c.p12File, passphrase: c.passphrase, caFile: c.caFile, body: envelope(xmeld, encoding) });
  if (!r.answerXml) return { status: r.status, fault: r.fault, error: r.error };
  const a = readAnswer(r.answerXml);
  return { status: r.status, ...a, personen: a.personen.slice(0, 50), geliefert: a.personen.length };
}
