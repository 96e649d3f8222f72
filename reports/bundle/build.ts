import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { redact, redactText, type EvidenceRecord } from '../../simulators/kernel/evidence/index.ts';
import { sha256Hex } from '../canonical-json.ts';
import { ReportError } from '../errors.ts';
import { renderReportHtml } from '../html/render.ts';
import { buildReportModel } from '../model/build-model.ts';
import { parseEnvelopes } from '../model/envelopes.ts';
import type { ReportDocument, SignerInfo, VerdictCounts } from '../model/types.ts';
import { validateReportDocument } from '../schema.ts';
import { formatFingerprint, loadSigner, signBytes, type SignerPem } from '../signing/signer.ts';
import {
  CUCUMBER_HTML_FILE, EVIDENCE_FILE, JUNIT_FILE, MESSAGES_FILE, RUN_FILE, modelInputsFromTexts,
} from './inputs.ts';
import { MANIFEST_FILE, SIGNATURE_FILE, SIGNER_FILE, serializeManifest, type Manifest } from './manifest.ts';
import { assertNoPrivateKeys } from './secrets.ts';

export const REPORT_JSON_FILE = 'report.json';
export const REPORT_HTML_FILE = 'report.html';

const BUNDLE_FILES: ReadonlySet<string> = new Set([
  REPORT_JSON_FILE, REPORT_HTML_FILE, EVIDENCE_FILE, MESSAGES_FILE, JUNIT_FILE, CUCUMBER_HTML_FILE, RUN_FILE,
  MANIFEST_FILE, SIGNATURE_FILE, SIGNER_FILE,
]);

export interface BuildReportOptions {
  /** Run directory with messages.ndjson and, when present, evidence.jsonl, run.json, junit.xml, cucumber.html. */
  runDir: string;
  /** Bundle directory to (re)create; must not hold files other than a previous bundle's. */
  outDir: string;
  signer: SignerPem;
  now?: Date;
}

export interface ReportSummary {
  dir: string;
  /** Every file of the bundle, sorted. */
  files: string[];
  signer: SignerInfo & { fingerprint: string };
  checklist: VerdictCounts;
  scenarios: VerdictCounts;
  platforms: Array<{ platform: string; counts: VerdictCounts }>;
  failedItems: Array<{ platform: string; checklistId: string; reason?: string }>;
  warnings: string[];
}

/** Report v0 (legacy): kept so v0 bundles stay verifiable and testable; `govsim report` writes v1. */
export async function buildReportV0(options: BuildReportOptions): Promise<ReportSummary> {
  const runDir = resolve(options.runDir);
  const outDir = resolve(options.outDir);
  if (!existsSync(runDir) || !statSync(runDir).isDirectory()) {
    throw new ReportError('REPORT_RUN_DIR_MISSING', `run directory ${runDir} does not exist`);
  }
  if (outDir === runDir) throw new ReportError('REPORT_OUT_DIR_NOT_EMPTY', 'the bundle directory must not be the run directory');
  const messagesPath = join(runDir, MESSAGES_FILE);
  if (!existsSync(messagesPath)) throw new ReportError('REPORT_INPUT_MISSING', `${messagesPath} is missing (run Cucumber with --format message:${MESSAGES_FILE})`);
  const signer = loadSigner(options.signer);
  const now = options.now ?? new Date();

  const files = new Map<string, Buffer>();
  const redactedAtBuild: string[] = [];
  const readOpt = (name: string): Buffer | undefined => (existsSync(join(runDir, name)) ? readFileSync(join(runDir, name)) : undefined);

  // Cucumber output is not redacted at write time (step messages can quote headers); scrub it here.
  const messages = redactMessages(readFileSync(messagesPath, 'utf8'));
  if (messages.changed) redactedAtBuild.push(MESSAGES_FILE);
  files.set(MESSAGES_FILE, Buffer.from(messages.text, 'utf8'));
  const evidence = readOpt(EVIDENCE_FILE);
  if (evidence) files.set(EVIDENCE_FILE, evidence);
  let runText: string | undefined;
  const run = readOpt(RUN_FILE);
  if (run) {
    const r = redactJsonText(run.toString('utf8'), RUN_FILE);
    if (r.changed) redactedAtBuild.push(RUN_FILE);
    runText = r.text;
    files.set(RUN_FILE, Buffer.from(r.text, 'utf8'));
  }
  for (const name of [JUNIT_FILE, CUCUMBER_HTML_FILE]) {
    const raw = readOpt(name);
    if (!raw) continue;
    const text = raw.toString('utf8');
    const scrubbed = redactText(text);
    if (scrubbed !== text) redactedAtBuild.push(name);
    files.set(name, scrubbed !== text ? Buffer.from(scrubbed, 'utf8') : raw);
  }

  const inputs = modelInputsFromTexts({
    messages: messages.text,
    evidenceFile: evidence ? join(runDir, EVIDENCE_FILE) : undefined,
    run: runText,
  });
  const model = buildReportModel(inputs);
  const doc: ReportDocument = {
    reportVersion: '0',
    generatedAt: now.toISOString(),
    signer: signer.info,
    ...model,
    redactedAtBuild: redactedAtBuild.sort(),
  };
  const schemaErrors = validateReportDocument(doc);
  if (schemaErrors.length > 0) {
    throw new ReportError('REPORT_SCHEMA_INVALID', `report.json does not conform to report-v0: ${schemaErrors.slice(0, 5).join('; ')}`);
  }
  const records: EvidenceRecord[] = inputs.evidence?.records ?? [];
  files.set(REPORT_JSON_FILE, Buffer.from(JSON.stringify(doc, null, 2) + '\n', 'utf8'));
  files.set(REPORT_HTML_FILE, Buffer.from(renderReportHtml(doc, records), 'utf8'));

  const signerPem = Buffer.from(signer.chainPem, 'utf8');
  const manifest: Manifest = {
    manifestVersion: 1,
    algorithm: 'SHA-256',
    files: [...files].map(([path, content]) => ({ path, sha256: sha256Hex(content), bytes: content.length })),
    createdAt: now.toISOString(),
    signer: {
      certificateSha256: signer.info.certificateSha256,
      publicKeySha256: signer.info.publicKeySha256,
      subject: signer.info.subject,
      signatureAlgorithm: signer.info.signatureAlgorithm,
      chainSha256: sha256Hex(signerPem),
    },
  };
  const manifestBytes = serializeManifest(manifest);
  const signature = Buffer.from(signBytes(signer.key, manifestBytes).toString('base64') + '\n', 'utf8');
  const all = new Map<string, Buffer>([...files, [MANIFEST_FILE, manifestBytes], [SIGNATURE_FILE, signature], [SIGNER_FILE, signerPem]]);
  assertNoPrivateKeys(all);

  prepareOutDir(outDir);
  for (const [name, content] of all) writeFileSync(join(outDir, name), content);

  return {
    dir: outDir,
    files: [...all.keys()].sort(),
    signer: { ...signer.info, fingerprint: formatFingerprint(signer.info.certificateSha256) },
    checklist: doc.summary.checklist,
    scenarios: doc.summary.scenarios,
    platforms: doc.platforms.map((p) => ({ platform: p.platform, counts: p.counts })),
    failedItems: doc.platforms.flatMap((p) => p.items.filter((i) => i.verdict === 'failed').map((i) => ({ platform: p.platform, checklistId: i.checklistId, reason: i.reason }))),
    warnings: doc.warnings,
  };
}

/** Redacts each envelope as the recorder would; returns the original bytes when nothing changed. */
export function redactMessages(text: string): { text: string; changed: boolean } {
  const { envelopes, errors } = parseEnvelopes(text);
  if (errors.length > 0) throw new ReportError('REPORT_INPUT_MALFORMED', `${MESSAGES_FILE}: ${errors.slice(0, 3).join('; ')}`);
  let changed = false;
  const lines = envelopes.map((e) => {
    const before = JSON.stringify(e);
    const after = JSON.stringify(redact(e));
    if (after !== before) changed = true;
    return after;
  });
  return changed ? { text: lines.join('\n') + '\n', changed } : { text, changed };
}

export function redactJsonText(text: string, name: string): { text: string; changed: boolean } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ReportError('REPORT_INPUT_MALFORMED', `${name}: ${(err as Error).message}`);
  }
  const scrubbed = redact(value);
  if (JSON.stringify(scrubbed) === JSON.stringify(value)) return { text, changed: false };
  return { text: JSON.stringify(scrubbed, null, 2) + '\n', changed: true };
}

/** Creates the bundle directory, removing a previous bundle's files; refuses foreign files. */
function prepareOutDir(outDir: string): void {
  if (existsSync(outDir)) {
    const entries = readdirSync(outDir);
    const foreign = entries.filter((e) => !BUNDLE_FILES.has(e));
    if (foreign.length > 0) {
      throw new ReportError('REPORT_OUT_DIR_NOT_EMPTY', `${outDir} holds files that are not part of a report bundle: ${foreign.slice(0, 5).join(', ')}`);
    }
    for (const e of entries) rmSync(join(outDir, e), { force: true });
  }
  mkdirSync(outDir, { recursive: true });
}
