import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { sha256Hex } from '../canonical-json.ts';
import type { SignerInfo } from '../model/types.ts';
import type { ReportDocumentV1 } from '../model/v1/types.ts';
import { validateReportDocument } from '../schema.ts';
import { verifyChainToRoot } from '../signing/chain.ts';
import { parseCertificates } from '../signing/pem.ts';
import { describeCertificate, formatFingerprint, signatureAlgorithmFor, verifyBytes } from '../signing/signer.ts';
import { REPORT_JSON_FILE } from './files.ts';
import { checkV1 } from './verify-v1.ts';
import { CONTROL_FILES, MANIFEST_FILE, SIGNATURE_FILE, SIGNER_FILE, parseManifest, type Manifest } from './manifest.ts';

export type VerifyProblemCode =
  | 'MISSING_FILE'
  | 'EXTRA_FILE'
  | 'HASH_MISMATCH'
  | 'BAD_SIGNATURE'
  | 'UNTRUSTED_SIGNER'
  | 'MALFORMED_MANIFEST'
  | 'EVIDENCE_MISMATCH';

export interface VerifyProblem {
  file: string;
  code: VerifyProblemCode;
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  problems: VerifyProblem[];
  /** The certificate in signer.pem, when it could be read. */
  signer?: SignerInfo & { fingerprint: string };
  /** Checks that could not be made (e.g. pdftotext missing); not failures. */
  notes: string[];
}

export interface VerifyOptions {
  /** PEM of the root the signer chain must lead to (the harness's published report root). */
  trustedRootPem?: string;
}

/**
 * Verifies a report bundle (report v1) offline: signature over manifest.json with the
 * certificate in signer.pem, the signer chain (to `trustedRootPem` when given), every listed
 * file's size and SHA-256, no unlisted files, and that report.json and the rendered outputs
 * agree with the model rebuilt from the bundle's run files. A bundle of any other report
 * format is refused (MALFORMED_MANIFEST "unsupported report format").
 */
export async function verifyReport(dir: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const problems: VerifyProblem[] = [];
  const notes: string[] = [];
  const add = (file: string, code: VerifyProblemCode, message: string): void => { problems.push({ file, code, message }); };
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    add('.', 'MISSING_FILE', `${dir} is not a directory`);
    return { ok: false, problems, notes };
  }
  const read = (name: string): Buffer | undefined => {
    const p = join(dir, name);
    if (existsSync(p) && statSync(p).isFile()) return readFileSync(p);
    add(name, 'MISSING_FILE', `${name} is missing`);
    return undefined;
  };
  const manifestBytes = read(MANIFEST_FILE);
  const sigBytes = read(SIGNATURE_FILE);
  const signerBytes = read(SIGNER_FILE);

  let manifest: Manifest | undefined;
  if (manifestBytes) {
    const parsed = parseManifest(manifestBytes);
    manifest = parsed.manifest;
    for (const p of parsed.problems) add(MANIFEST_FILE, 'MALFORMED_MANIFEST', p);
  }

  // Signer certificate and signature.
  let chain: X509Certificate[] = [];
  let signer: VerifyResult['signer'];
  if (signerBytes) {
    try {
      chain = parseCertificates(signerBytes.toString('utf8'));
    } catch (err) {
      add(SIGNER_FILE, 'BAD_SIGNATURE', `signer.pem cannot be parsed: ${(err as Error).message}`);
    }
    if (chain.length === 0 && !problems.some((p) => p.file === SIGNER_FILE)) add(SIGNER_FILE, 'BAD_SIGNATURE', 'signer.pem holds no certificate');
    const leaf = chain[0];
    const algorithm = leaf ? signatureAlgorithmFor(leaf.publicKey) : undefined;
    if (leaf && !algorithm) add(SIGNER_FILE, 'BAD_SIGNATURE', `unsupported signer key type ${leaf.publicKey.asymmetricKeyType}`);
    if (leaf && algorithm) {
      const info = describeCertificate(leaf, algorithm);
      signer = { ...info, fingerprint: formatFingerprint(info.certificateSha256) };
    }
    if (manifest) {
      if (sha256Hex(signerBytes) !== manifest.signer.chainSha256) add(SIGNER_FILE, 'HASH_MISMATCH', 'signer.pem is not the certificate chain the manifest names (chainSha256 differs)');
      if (signer && signer.certificateSha256 !== manifest.signer.certificateSha256) {
        add(SIGNER_FILE, 'BAD_SIGNATURE', `manifest names signer certificate ${manifest.signer.certificateSha256}, signer.pem holds ${signer.certificateSha256}`);
      }
      if (signer && signer.publicKeySha256 !== manifest.signer.publicKeySha256) add(SIGNER_FILE, 'BAD_SIGNATURE', 'manifest names another signer public key');
      if (signer && signer.signatureAlgorithm !== manifest.signer.signatureAlgorithm) {
        add(MANIFEST_FILE, 'MALFORMED_MANIFEST', `manifest says ${manifest.signer.signatureAlgorithm}, the signer key implies ${signer.signatureAlgorithm}`);
      }
    }
  }
  if (sigBytes && manifestBytes && chain[0]) {
    const signature = decodeBase64Strict(sigBytes.toString('utf8'));
    if (!signature) add(SIGNATURE_FILE, 'BAD_SIGNATURE', 'manifest.sig is not base64');
    else if (!verifyBytes(chain[0].publicKey, manifestBytes, signature)) {
      // Either file may have been altered; the signature cannot tell which, so both are named.
      const msg = 'the signature in manifest.sig does not verify over manifest.json with the certificate in signer.pem (one of them was altered, or signed with another key)';
      add(MANIFEST_FILE, 'BAD_SIGNATURE', msg);
      add(SIGNATURE_FILE, 'BAD_SIGNATURE', msg);
    }
  }
  if (options.trustedRootPem !== undefined && chain.length > 0) {
    let root: X509Certificate | undefined;
    try {
      root = parseCertificates(options.trustedRootPem)[0];
    } catch { /* reported below */ }
    if (!root) add(SIGNER_FILE, 'UNTRUSTED_SIGNER', 'the trusted root PEM holds no readable certificate');
    else {
      const at = manifest ? new Date(manifest.createdAt) : new Date();
      const why = verifyChainToRoot(chain, root, at);
      if (why) add(SIGNER_FILE, 'UNTRUSTED_SIGNER', why);
    }
  }

  // Every byte of every listed file; nothing unlisted.
  if (manifest) {
    const listed = new Set(manifest.files.map((f) => f.path));
    for (const f of manifest.files) {
      const p = join(dir, f.path);
      if (!existsSync(p) || !statSync(p).isFile()) {
        add(f.path, 'MISSING_FILE', `${f.path} is listed in the manifest but missing`);
        continue;
      }
      const content = readFileSync(p);
      if (content.length !== f.bytes) add(f.path, 'HASH_MISMATCH', `${f.path} has ${content.length} bytes, the manifest says ${f.bytes}`);
      else if (sha256Hex(content) !== f.sha256) add(f.path, 'HASH_MISMATCH', `${f.path} SHA-256 differs from the manifest`);
    }
    for (const f of listFiles(dir)) {
      if (!listed.has(f) && !CONTROL_FILES.includes(f)) add(f, 'EXTRA_FILE', `${f} is not listed in the manifest`);
    }
    checkReportAgainstEvidence(dir, signer, add, manifest, notes);
  }
  return { ok: problems.length === 0, problems, signer, notes };
}

function decodeBase64Strict(text: string): Buffer | undefined {
  const t = text.trim();
  if (t === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(t) || t.length % 4 !== 0) return undefined;
  const buf = Buffer.from(t, 'base64');
  return buf.toString('base64') === t ? buf : undefined;
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out.sort();
}

/** Checks that the bundle is a report v1 bundle, then compares its outputs with the evidence (verify-v1.ts). */
function checkReportAgainstEvidence(
  dir: string,
  signer: VerifyResult['signer'],
  add: (file: string, code: VerifyProblemCode, message: string) => void,
  manifest: Manifest,
  notes: string[],
): void {
  const reportPath = join(dir, REPORT_JSON_FILE);
  if (!existsSync(reportPath)) return; // MISSING_FILE already reported
  let doc: ReportDocumentV1;
  try {
    doc = JSON.parse(readFileSync(reportPath, 'utf8')) as ReportDocumentV1;
  } catch (err) {
    add(REPORT_JSON_FILE, 'EVIDENCE_MISMATCH', `report.json is not JSON: ${(err as Error).message}`);
    return;
  }
  const version = doc !== null && typeof doc === 'object' ? (doc as { reportVersion?: unknown }).reportVersion : undefined;
  if (version !== '1') {
    add(REPORT_JSON_FILE, 'MALFORMED_MANIFEST', `unsupported report format: report.json has reportVersion ${JSON.stringify(version ?? null)}; only report v1 bundles can be verified`);
    return;
  }
  const schemaErrors = validateReportDocument(doc);
  if (schemaErrors.length > 0) {
    add(REPORT_JSON_FILE, 'EVIDENCE_MISMATCH', `report.json does not conform to report-v1: ${schemaErrors.slice(0, 3).join('; ')}`);
    return;
  }
  if (signer && doc.signer.certificateSha256 !== signer.certificateSha256) {
    add(REPORT_JSON_FILE, 'EVIDENCE_MISMATCH', `report.json names signer ${doc.signer.certificateSha256}, the bundle is signed by ${signer.certificateSha256}`);
  }
  checkV1(dir, doc, manifest, add, notes);
}
