/**
 * Report v1 bundles built from the golden run (no Chromium: json, html and junit outputs, the
 * mijnoverheid template and a SUT declaration) — building, signing and offline verification,
 * including every way a bundle can be tampered with.
 */
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../canonical-json.ts';
import type { ReportDocumentV1 } from '../model/v1/types.ts';
import { validateReportDocument } from '../schema.ts';
import { signBytes } from '../signing/signer.ts';
import { chainedSigner, selfSignedSigner, type TestSigner } from '../testing/certs.ts';
import { removeTempDirs, stageRunDir, tempDir } from '../testing/run-dir.ts';
import { buildReportV1 } from './build-v1.ts';
import { serializeManifest, type Manifest } from './manifest.ts';
import { verifyReport } from './verify.ts';

const NOW = new Date('2026-11-23T18:10:00.000Z');
const DECLARATION = { declarationVersion: 1, organisation: 'Gemeente Voorbeeld', identifiers: { oin: '00000099123456780000' }, notApplicable: {} };
let signer: TestSigner;
let otherRoot: TestSigner;

afterAll(removeTempDirs);

beforeAll(async () => {
  signer = await chainedSigner('Ed25519', NOW);
  otherRoot = await chainedSigner('Ed25519', NOW, 'someone else');
});

async function build(runDir: string, outDir: string, s: TestSigner = signer, now = NOW): Promise<Awaited<ReturnType<typeof buildReportV1>>> {
  const sut = join(runDir, '..', 'sut-declaration.json');
  if (!existsSync(sut)) writeFileSync(sut, JSON.stringify(DECLARATION, null, 2));
  return buildReportV1({ runDirs: [runDir], outDir, signer: s, now, formats: ['html', 'junit'], sutDeclarationFile: sut });
}

async function freshBundle(extra?: (runDir: string) => void): Promise<{ runDir: string; dir: string }> {
  const { runDir } = stageRunDir();
  writeFileSync(join(runDir, 'cucumber.html'), '<!DOCTYPE html><html><body><h1>Cucumber</h1></body></html>\n');
  extra?.(runDir);
  const dir = join(runDir, 'report');
  await build(runDir, dir);
  return { runDir, dir };
}

const readJson = <T>(p: string): T => JSON.parse(readFileSync(p, 'utf8')) as T;

/** Rewrites the manifest over the bundle's current files and signs it with `s` (for consistency tests). */
function resign(dir: string, s: TestSigner): void {
  const manifest = readJson<Manifest>(join(dir, 'manifest.json'));
  manifest.files = manifest.files.map((f) => {
    const content = readFileSync(join(dir, f.path));
    return { ...f, sha256: sha256Hex(content), bytes: content.length };
  });
  const bytes = serializeManifest(manifest);
  writeFileSync(join(dir, 'manifest.json'), bytes);
  writeFileSync(join(dir, 'manifest.sig'), signBytes(createPrivateKey(s.keyPem), bytes).toString('base64') + '\n');
}

const BUNDLE_FILES = [
  'cucumber.html', 'evidence.jsonl', 'junit.xml', 'manifest.json', 'manifest.sig', 'messages.ndjson',
  'report.html', 'report.json', 'report.junit.xml', 'run.json', 'signer.pem', 'sut.json', 'template.mijnoverheid.json',
];

describe('buildReportV1 (bundle contents and signing)', () => {
  it('writes the bundle, a schema-valid report.json and a manifest over every other file', async () => {
    const { dir } = await freshBundle();
    expect(readdirSync(dir).sort()).toEqual(BUNDLE_FILES);
    const doc = readJson<ReportDocumentV1>(join(dir, 'report.json'));
    expect(validateReportDocument(doc)).toEqual([]);
    expect(doc.reportVersion).toBe('1');
    const manifest = readJson<Manifest>(join(dir, 'manifest.json'));
    expect(manifest.files.map((f) => f.path).sort()).toEqual(BUNDLE_FILES.filter((f) => !['manifest.json', 'manifest.sig', 'signer.pem'].includes(f)));
    for (const f of manifest.files) {
      const content = readFileSync(join(dir, f.path));
      expect(f).toEqual({ path: f.path, sha256: sha256Hex(content), bytes: content.length });
    }
    expect(manifest.createdAt).toBe(NOW.toISOString());
    expect(manifest.signer.certificateSha256).toBe(doc.signer.certificateSha256);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain(doc.signer.certificateSha256.toUpperCase().match(/.{2}/g)!.join(':'));
    expect(readFileSync(join(dir, 'evidence.jsonl'))).toEqual(readFileSync(join(dir, '..', 'evidence.jsonl')));
    expect(readFileSync(join(dir, 'signer.pem'), 'utf8').match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
  });

  it('schema negative control: a report with a bad verdict, without signer or of another version is rejected', async () => {
    const { dir } = await freshBundle();
    const doc = readJson<ReportDocumentV1>(join(dir, 'report.json'));
    expect(validateReportDocument({ ...doc, platforms: [{ ...doc.platforms[0], items: [{ ...doc.platforms[0].items[0], verdict: 'green' }] }] })).not.toEqual([]);
    const { signer: _s, ...unsigned } = doc;
    expect(validateReportDocument(unsigned)).not.toEqual([]);
    expect(validateReportDocument({ ...doc, reportVersion: '0' })).not.toEqual([]);
  });

  it('signs with RSA-PSS and ECDSA keys as well', async () => {
    for (const type of ['RSA', 'EC'] as const) {
      const s = await selfSignedSigner(type, NOW);
      const { runDir } = stageRunDir();
      const summary = await build(runDir, join(runDir, 'report'), s);
      expect(summary.signer.signatureAlgorithm).toBe(type === 'RSA' ? 'RSA-PSS-SHA256' : 'ECDSA-SHA256');
      const result = await verifyReport(summary.dir, { trustedRootPem: s.rootPem });
      expect(result.problems).toEqual([]);
    }
  });

  it('refuses a signer key that does not belong to the certificate', async () => {
    const { runDir } = stageRunDir();
    const other = await selfSignedSigner('Ed25519', NOW);
    await expect(build(runDir, join(runDir, 'report'), { ...signer, keyPem: other.keyPem })).rejects.toThrow(/REPORT_SIGNER_INVALID/);
  });

  it('refuses to write anything when an output would carry a private key', async () => {
    const { runDir } = stageRunDir();
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const leak = { seq: 9, runId: '7d0c2b8e-5f0a-4c61-9a51-3c2f1d6e0a01', time: '2026-11-23T18:08:50.900Z', kind: 'note', platform: 'kernel', summary: pem };
    appendFileSync(join(runDir, 'evidence.jsonl'), JSON.stringify(leak) + '\n');
    const outDir = join(runDir, 'report');
    await expect(build(runDir, outDir)).rejects.toThrow(/REPORT_PRIVATE_KEY_IN_OUTPUT.*evidence\.jsonl/);
    expect(existsSync(outDir)).toBe(false);
  });

  it('accepts the recorder\'s redacted key placeholder', async () => {
    const { runDir } = stageRunDir();
    const redacted = { seq: 9, runId: '7d0c2b8e-5f0a-4c61-9a51-3c2f1d6e0a01', time: '2026-11-23T18:08:50.900Z', kind: 'note', platform: 'kernel', summary: '-----BEGIN PRIVATE KEY-----[REDACTED]-----END PRIVATE KEY-----' };
    appendFileSync(join(runDir, 'evidence.jsonl'), JSON.stringify(redacted) + '\n');
    await expect(build(runDir, join(runDir, 'report'))).resolves.toBeDefined();
  });

  it('keeps secrets out of every output file (redaction grep)', async () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJlc2lnbmF0dXJl';
    const passphrase = 'Geheim-Wachtwoord-4711';
    const { dir } = await freshBundle((runDir) => {
      const messages = readFileSync(join(runDir, 'messages.ndjson'), 'utf8')
        .replace('expected error code LZ_UNKNOWN_BSN in the ebMS error', `expected error code LZ_UNKNOWN_BSN; request had Authorization: Bearer ${token} and passphrase=${passphrase}`);
      writeFileSync(join(runDir, 'messages.ndjson'), messages);
      appendFileSync(join(runDir, 'junit.xml'), `<!-- Authorization: Bearer ${token} -->\n`);
      appendFileSync(join(runDir, 'cucumber.html'), `<!-- Authorization: Bearer ${token} -->\n`);
      const run = readJson<Record<string, unknown>>(join(runDir, 'run.json'));
      writeFileSync(join(runDir, 'run.json'), JSON.stringify({ ...run, config: { ...(run.config as object), pkcs12: { passphrase } } }));
    });
    const keyBody = signer.keyPem.split('\n').filter((l) => l && !l.startsWith('-----')).join('');
    for (const f of readdirSync(dir)) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----(?!\[REDACTED\])/);
      expect(text, f).not.toContain(keyBody.slice(0, 40));
      expect(text, f).not.toContain(token);
      expect(text, f).not.toContain(passphrase);
      expect(text, f).not.toMatch(/Bearer\s+(?!\[REDACTED\])[A-Za-z0-9._~+/=-]{8,}/);
    }
    const doc = readJson<ReportDocumentV1>(join(dir, 'report.json'));
    expect(doc.redactedAtBuild).toEqual(['cucumber.html', 'junit.xml', 'messages.ndjson', 'run.json']);
    expect((await verifyReport(dir)).problems).toEqual([]);
  });

  it('replaces a previous bundle but refuses a directory with foreign files', async () => {
    const { runDir, dir } = await freshBundle();
    await build(runDir, dir, signer, new Date(NOW.getTime() + 1000));
    expect((await verifyReport(dir)).ok).toBe(true);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    await expect(build(runDir, dir)).rejects.toThrow(/REPORT_OUT_DIR_NOT_EMPTY/);
  });
});

describe('verifyReport on a v1 bundle', () => {
  it('accepts an untouched bundle, with and without the trusted root', async () => {
    const { dir } = await freshBundle();
    const plain = await verifyReport(dir);
    expect(plain).toMatchObject({ ok: true, problems: [], notes: [] });
    expect(plain.signer?.subject).toContain('govsim test report signer');
    expect(plain.signer?.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect((await verifyReport(dir, { trustedRootPem: signer.rootPem })).problems).toEqual([]);
  });

  it('rejects a signer that does not chain to the given root', async () => {
    const { dir } = await freshBundle();
    const result = await verifyReport(dir, { trustedRootPem: otherRoot.rootPem });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ file: 'signer.pem', code: 'UNTRUSTED_SIGNER' })]);
  });

  it('detects a one-byte change in the middle of any file of the bundle', async () => {
    const { dir } = await freshBundle();
    const files = readdirSync(dir).sort();
    expect(files).toEqual(BUNDLE_FILES);
    for (const f of files) {
      const p = join(dir, f);
      const original = readFileSync(p);
      const changed = Buffer.from(original);
      changed[Math.floor(changed.length / 2)] ^= 0x01;
      writeFileSync(p, changed);
      const result = await verifyReport(dir, { trustedRootPem: signer.rootPem });
      writeFileSync(p, original);
      expect(result.ok, f).toBe(false);
      expect(result.problems.map((x) => x.file), f).toContain(f);
    }
    expect((await verifyReport(dir, { trustedRootPem: signer.rootPem })).ok).toBe(true);
  });

  it('detects a certificate chain swapped in signer.pem behind a valid signer certificate', async () => {
    const { dir } = await freshBundle();
    writeFileSync(join(dir, 'signer.pem'), `${signer.certPem.trim()}\n${otherRoot.chainPem!.trim()}\n`);
    const result = await verifyReport(dir);
    expect(result.problems).toEqual([expect.objectContaining({ file: 'signer.pem', code: 'HASH_MISMATCH' })]);
  });

  it('detects an added file and each removed file', async () => {
    const { dir } = await freshBundle();
    writeFileSync(join(dir, 'extra.txt'), 'added later');
    expect((await verifyReport(dir)).problems).toEqual([expect.objectContaining({ file: 'extra.txt', code: 'EXTRA_FILE' })]);
    rmSync(join(dir, 'extra.txt'));
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      const original = readFileSync(p);
      rmSync(p);
      const result = await verifyReport(dir);
      writeFileSync(p, original);
      expect(result.problems, f).toContainEqual(expect.objectContaining({ file: f, code: 'MISSING_FILE' }));
    }
    expect((await verifyReport(dir)).ok).toBe(true);
  });

  it('rejects a forged signature and a bundle re-signed by someone else', async () => {
    const { dir } = await freshBundle();
    const manifestBytes = readFileSync(join(dir, 'manifest.json'));
    const forger = await selfSignedSigner('Ed25519', NOW, 'forger');
    writeFileSync(join(dir, 'manifest.sig'), signBytes(createPrivateKey(forger.keyPem), manifestBytes).toString('base64') + '\n');
    const forged = await verifyReport(dir);
    expect(forged.problems).toContainEqual(expect.objectContaining({ file: 'manifest.sig', code: 'BAD_SIGNATURE' }));

    // Re-signing everything with the forger's own certificate is self-consistent; only
    // report.json (which names the real signer), the trusted root or the published fingerprint expose it.
    const manifest = readJson<Manifest>(join(dir, 'manifest.json'));
    const cert = new X509Certificate(forger.certPem);
    const forgedPem = Buffer.from(cert.toString());
    const resigned: Manifest = {
      ...manifest,
      signer: {
        ...manifest.signer,
        certificateSha256: sha256Hex(cert.raw),
        publicKeySha256: sha256Hex(cert.publicKey.export({ type: 'spki', format: 'der' })),
        chainSha256: sha256Hex(forgedPem),
      },
    };
    const bytes = serializeManifest(resigned);
    writeFileSync(join(dir, 'manifest.json'), bytes);
    writeFileSync(join(dir, 'manifest.sig'), signBytes(createPrivateKey(forger.keyPem), bytes).toString('base64') + '\n');
    writeFileSync(join(dir, 'signer.pem'), forgedPem);
    const selfConsistent = await verifyReport(dir);
    expect(selfConsistent.signer?.certificateSha256).toBe(sha256Hex(cert.raw));
    expect(selfConsistent.problems).toEqual([expect.objectContaining({ file: 'report.json', code: 'EVIDENCE_MISMATCH' })]);
    const trusted = await verifyReport(dir, { trustedRootPem: signer.rootPem });
    expect(trusted.problems).toContainEqual(expect.objectContaining({ file: 'signer.pem', code: 'UNTRUSTED_SIGNER' }));
  });

  it('rejects a correctly signed report whose verdicts disagree with the evidence', async () => {
    const { dir } = await freshBundle();
    const doc = readJson<ReportDocumentV1>(join(dir, 'report.json'));
    const item = doc.platforms[0].items.find((i) => i.checklistId === 'LZ-MSG-02')!;
    item.verdict = 'passed';
    item.results[0].verdict = 'passed';
    writeFileSync(join(dir, 'report.json'), JSON.stringify(doc, null, 2) + '\n');
    resign(dir, signer);
    const result = await verifyReport(dir, { trustedRootPem: signer.rootPem });
    expect(result.problems.every((p) => p.code === 'EVIDENCE_MISMATCH' && p.file === 'report.json'), JSON.stringify(result.problems)).toBe(true);
    expect(result.problems.map((p) => p.message)).toContain('item mijnoverheid/LZ-MSG-02: report.json says passed, the evidence says failed');
  });

  it('rejects a correctly signed bundle whose evidence lost a record after the report was built', async () => {
    const { dir } = await freshBundle();
    const lines = readFileSync(join(dir, 'evidence.jsonl'), 'utf8').split('\n').filter((l) => !l.includes('"seq":6,'));
    writeFileSync(join(dir, 'evidence.jsonl'), lines.join('\n'));
    resign(dir, signer);
    const result = await verifyReport(dir);
    expect(result.ok).toBe(false);
    expect(result.problems.every((p) => p.code === 'EVIDENCE_MISMATCH'), JSON.stringify(result.problems)).toBe(true);
    expect(result.problems.map((p) => `${p.file}: ${p.message}`)).toContain('report.json: item mijnoverheid/LZ-MSG-02: results, evidence links or reason differ from the evidence');
    expect(result.problems.map((p) => p.file)).toContain('report.html');
  });

  it('rejects a correctly signed report.json that does not conform to report-v1', async () => {
    const { dir } = await freshBundle();
    const { warnings: _w, ...doc } = readJson<ReportDocumentV1>(join(dir, 'report.json'));
    writeFileSync(join(dir, 'report.json'), JSON.stringify(doc, null, 2) + '\n');
    resign(dir, signer);
    const result = await verifyReport(dir);
    expect(result.problems).toEqual([expect.objectContaining({ file: 'report.json', code: 'EVIDENCE_MISMATCH', message: expect.stringMatching(/does not conform to report-v1/) })]);
  });

  it('refuses a correctly signed bundle of another report format (e.g. v0) or without report.json', async () => {
    const { dir } = await freshBundle();
    const doc = readJson<ReportDocumentV1>(join(dir, 'report.json'));
    writeFileSync(join(dir, 'report.json'), JSON.stringify({ ...doc, reportVersion: '0' }, null, 2) + '\n');
    resign(dir, signer);
    const v0 = await verifyReport(dir, { trustedRootPem: signer.rootPem });
    expect(v0.ok).toBe(false);
    expect(v0.problems).toEqual([{ file: 'report.json', code: 'MALFORMED_MANIFEST', message: 'unsupported report format: report.json has reportVersion "0"; only report v1 bundles can be verified' }]);

    const manifest = readJson<Manifest>(join(dir, 'manifest.json'));
    manifest.files = manifest.files.filter((f) => f.path !== 'report.json');
    writeFileSync(join(dir, 'manifest.json'), serializeManifest(manifest));
    rmSync(join(dir, 'report.json'));
    resign(dir, signer);
    const none = await verifyReport(dir);
    expect(none.problems).toEqual([{ file: 'manifest.json', code: 'MALFORMED_MANIFEST', message: 'report.json is not listed' }]);
  });
});
