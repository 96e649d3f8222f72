import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { redact, redactText, type EvidenceRecord } from '../../simulators/kernel/evidence/index.ts';
import { sha256Hex } from '../canonical-json.ts';
import { ReportError } from '../errors.ts';
import { imageKey, renderReportHtmlV1, type EmbeddedImage } from '../html/v1/render.ts';
import { JUNIT_REPORT_FILE, renderJunit } from '../junit/render.ts';
import { buildReportModelV1, runKeys, type RunInputV1 } from '../model/v1/build.ts';
import type { PlatformTemplate } from '../model/v1/template.ts';
import type { SutDeclaration } from '../model/v1/sut-declaration.ts';
import type { SignerInfo, VerdictCounts } from '../model/types.ts';
import type { ReportDocumentV1, ReportFormat, RunFiles } from '../model/v1/types.ts';
import { validatePlatformTemplate, validateReportDocument, validateSutDeclaration } from '../schema.ts';
import { formatFingerprint, loadSigner, signBytes, type SignerPem } from '../signing/signer.ts';
import { REPORT_HTML_FILE, REPORT_JSON_FILE, REPORT_PDF_FILE } from './files.ts';
import { CUCUMBER_HTML_FILE, EVIDENCE_FILE, JUNIT_FILE, MESSAGES_FILE, RUN_FILE, modelInputsFromTexts } from './inputs.ts';
import { CONTROL_FILES, MANIFEST_FILE, SIGNATURE_FILE, SIGNER_FILE, parseManifest, serializeManifest, type Manifest } from './manifest.ts';
import { redactJsonText, redactMessages } from './redact.ts';
import { assertNoPrivateKeys } from './secrets.ts';

export const SUT_DECLARATION_FILE = 'sut.json';
export const ALL_FORMATS: readonly ReportFormat[] = ['json', 'html', 'pdf', 'junit'];
const DEFAULT_TEMPLATES_DIR = new URL('../../features/', import.meta.url).pathname;
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const IMAGE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg']);

export interface BuildReportV1Options {
  /** One or more run folders (e.g. FIT-Connect `test` and `refz`); each needs messages.ndjson. */
  runDirs: string[];
  /** Bundle directory to (re)create; it may only hold a previous bundle's files. */
  outDir: string;
  signer: SignerPem;
  now?: Date;
  /** Outputs besides report.json (always written); default all. */
  formats?: readonly ReportFormat[];
  /** Folder holding `<platform>/report.json` templates; default the project's features/. */
  templatesDir?: string;
  /** Vendor's SUT declaration (JSON file, schema sut-declaration-v1). */
  sutDeclarationFile?: string;
  /** Reuse a running Chromium for the PDF. */
  browser?: Browser;
}

/** What `buildReportV1` wrote (the CLI prints it). */
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

interface LoadedRun {
  dir: string;
  environment: string;
  texts: { messages: string; run?: string };
  copies: Map<string, Buffer>;
  redacted: string[];
}

/** Builds, validates, renders, signs and writes a report bundle (report v1). */
export async function buildReportV1(o: BuildReportV1Options): Promise<ReportSummary> {
  if (o.runDirs.length === 0) throw new ReportError('REPORT_RUN_DIR_MISSING', 'no run directory given');
  const runDirs = o.runDirs.map((d) => resolve(d));
  const outDir = resolve(o.outDir);
  if (new Set(runDirs).size !== runDirs.length) throw new ReportError('REPORT_INPUT_MALFORMED', 'the same run directory is given twice');
  for (const d of runDirs) {
    if (!existsSync(d) || !statSync(d).isDirectory()) throw new ReportError('REPORT_RUN_DIR_MISSING', `run directory ${d} does not exist`);
    if (outDir === d) throw new ReportError('REPORT_OUT_DIR_NOT_EMPTY', 'the bundle directory must not be a run directory');
    if (!existsSync(join(d, MESSAGES_FILE))) throw new ReportError('REPORT_INPUT_MISSING', `${join(d, MESSAGES_FILE)} is missing (run Cucumber with --format message:${MESSAGES_FILE})`);
  }
  const formats = new Set<ReportFormat>(['json', ...(o.formats ?? ALL_FORMATS)]);
  const signer = loadSigner(o.signer);
  const now = o.now ?? new Date();

  const loaded = runDirs.map(loadRun);
  const keys = runKeys(loaded.map((l) => l.environment));
  const files = new Map<string, Buffer>();
  const redactedAtBuild: string[] = [];
  const runInputs: RunInputV1[] = loaded.map((l, i) => {
    const prefix = loaded.length > 1 ? `${keys[i]}.` : '';
    const names: RunFiles = { messages: prefix + MESSAGES_FILE };
    const map: Record<string, keyof RunFiles> = { [MESSAGES_FILE]: 'messages', [EVIDENCE_FILE]: 'evidence', [RUN_FILE]: 'run', [JUNIT_FILE]: 'junit', [CUCUMBER_HTML_FILE]: 'cucumberHtml' };
    for (const [name, content] of l.copies) {
      names[map[name]] = prefix + name;
      files.set(prefix + name, content);
    }
    for (const r of l.redacted) redactedAtBuild.push(prefix + r);
    return {
      key: keys[i],
      files: names,
      inputs: modelInputsFromTexts({ messages: l.texts.messages, evidenceFile: l.copies.has(EVIDENCE_FILE) ? join(l.dir, EVIDENCE_FILE) : undefined, run: l.texts.run }),
    };
  });

  const templates = loadTemplates(o.templatesDir ?? DEFAULT_TEMPLATES_DIR, runInputs);
  let declaration: SutDeclaration | undefined;
  if (o.sutDeclarationFile !== undefined) {
    const d = readDeclaration(o.sutDeclarationFile);
    declaration = d.value;
    files.set(SUT_DECLARATION_FILE, d.bytes);
    if (d.redacted) redactedAtBuild.push(SUT_DECLARATION_FILE);
  }
  const model = buildReportModelV1({ runs: runInputs, templates: new Map([...templates].map(([p, t]) => [p, { file: t.file, template: t.template }])), declaration });
  for (const p of model.platforms) {
    const t = templates.get(p.platform);
    if (t) files.set(t.file, t.bytes);
  }
  const doc: ReportDocumentV1 = {
    reportVersion: '1',
    generatedAt: now.toISOString(),
    signer: signer.info,
    outputs: {
      ...(formats.has('html') ? { html: REPORT_HTML_FILE } : {}),
      ...(formats.has('pdf') ? { pdf: REPORT_PDF_FILE } : {}),
      ...(formats.has('junit') ? { junit: JUNIT_REPORT_FILE } : {}),
    },
    ...(declaration ? { sutDeclarationFile: SUT_DECLARATION_FILE } : {}),
    ...model,
    redactedAtBuild: redactedAtBuild.sort(),
  };
  const schemaErrors = validateReportDocument(doc);
  if (schemaErrors.length > 0) throw new ReportError('REPORT_SCHEMA_INVALID', `report.json does not conform to report-v1: ${schemaErrors.slice(0, 5).join('; ')}`);
  files.set(REPORT_JSON_FILE, Buffer.from(JSON.stringify(doc, null, 2) + '\n', 'utf8'));

  const records = new Map(runInputs.map((r) => [r.key, r.inputs.evidence?.records ?? []]));
  if (formats.has('html') || formats.has('pdf')) {
    const html = renderReportHtmlV1({ doc, records, images: loadImages(loaded, keys, records) });
    if (formats.has('html')) files.set(REPORT_HTML_FILE, Buffer.from(html, 'utf8'));
    if (formats.has('pdf')) {
      const header = `${doc.platforms.map((p) => p.title).join(' · ') || 'govsim conformance report'} — ${doc.runs.map((r) => r.info.runId ?? r.key).join(', ')}`;
      const { renderPdf } = await import('../pdf/render.ts');
      files.set(REPORT_PDF_FILE, await renderPdf(html, { browser: o.browser, headerText: header }));
    }
  }
  if (formats.has('junit')) files.set(JUNIT_REPORT_FILE, Buffer.from(renderJunit(doc), 'utf8'));

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

function loadRun(dir: string): LoadedRun {
  const read = (name: string): Buffer | undefined => (existsSync(join(dir, name)) ? readFileSync(join(dir, name)) : undefined);
  const copies = new Map<string, Buffer>();
  const redacted: string[] = [];
  // Cucumber output is not redacted at write time (step messages can quote headers); scrub it here.
  const messages = redactMessages(read(MESSAGES_FILE)!.toString('utf8'));
  if (messages.changed) redacted.push(MESSAGES_FILE);
  copies.set(MESSAGES_FILE, Buffer.from(messages.text, 'utf8'));
  const evidence = read(EVIDENCE_FILE);
  if (evidence) copies.set(EVIDENCE_FILE, evidence);
  let runText: string | undefined;
  let environment = 'default';
  const run = read(RUN_FILE);
  if (run) {
    const r = redactJsonText(run.toString('utf8'), RUN_FILE);
    if (r.changed) redacted.push(RUN_FILE);
    runText = r.text;
    copies.set(RUN_FILE, Buffer.from(r.text, 'utf8'));
    const env = (JSON.parse(r.text) as { environment?: unknown }).environment;
    if (typeof env === 'string' && env !== '') environment = env;
  }
  for (const name of [JUNIT_FILE, CUCUMBER_HTML_FILE]) {
    const raw = read(name);
    if (!raw) continue;
    const text = raw.toString('utf8');
    const scrubbed = redactText(text);
    if (scrubbed !== text) redacted.push(name);
    copies.set(name, scrubbed !== text ? Buffer.from(scrubbed, 'utf8') : raw);
  }
  return { dir, environment, texts: { messages: messages.text, run: runText }, copies, redacted };
}

export function templateFileName(platform: string): string {
  return `template.${platform}.json`;
}

/** Templates of the platforms the runs name or ran, validated; a broken template stops the build. */
function loadTemplates(dir: string, runs: readonly RunInputV1[]): Map<string, { file: string; bytes: Buffer; template: PlatformTemplate }> {
  const platforms = new Set<string>();
  for (const r of runs) {
    const run = r.inputs.run as { platforms?: unknown } | undefined;
    if (Array.isArray(run?.platforms)) for (const p of run.platforms) if (typeof p === 'string') platforms.add(p);
    for (const e of r.inputs.envelopes) for (const t of e.pickle?.tags ?? []) {
      const m = /^@platform:([a-z0-9][a-z0-9_-]*)$/i.exec(t.name);
      if (m) platforms.add(m[1].toLowerCase());
    }
    for (const e of r.inputs.envelopes) {
      const m = e.pickle ? /(?:^|\/)features\/([^/]+)\//.exec(e.pickle.uri) : null;
      if (m) platforms.add(m[1].toLowerCase());
    }
  }
  const out = new Map<string, { file: string; bytes: Buffer; template: PlatformTemplate }>();
  for (const p of [...platforms].sort()) {
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(p)) continue;
    const path = join(dir, p, 'report.json');
    if (!existsSync(path)) continue;
    const bytes = readFileSync(path);
    out.set(p, { file: templateFileName(p), bytes, template: parseTemplate(bytes, path, p) });
  }
  return out;
}

/** Parses and validates a template; `where` names it in errors. */
export function parseTemplate(bytes: Uint8Array, where: string, platform: string): PlatformTemplate {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    throw new ReportError('REPORT_TEMPLATE_INVALID', `${where}: ${(err as Error).message}`);
  }
  const errors = validatePlatformTemplate(value);
  if (errors.length > 0) throw new ReportError('REPORT_TEMPLATE_INVALID', `${where}: ${errors.slice(0, 5).join('; ')}`);
  const t = value as PlatformTemplate;
  if (t.platform !== platform) throw new ReportError('REPORT_TEMPLATE_INVALID', `${where}: "platform" is ${t.platform}, expected ${platform}`);
  const listed = t.sections.flatMap((s) => s.items);
  const dup = listed.filter((id, i) => listed.indexOf(id) !== i);
  if (dup.length > 0) throw new ReportError('REPORT_TEMPLATE_INVALID', `${where}: checklist id(s) ${[...new Set(dup)].join(', ')} appear in more than one section`);
  return t;
}

/** Parses a SUT declaration, redacting any secret-shaped field (the bytes go into the bundle). */
export function parseDeclaration(bytes: Uint8Array, where: string): { value: SutDeclaration; bytes: Buffer; redacted: boolean } {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    throw new ReportError('REPORT_INPUT_MALFORMED', `${where}: ${(err as Error).message}`);
  }
  const scrubbed = redact(value);
  const changed = JSON.stringify(scrubbed) !== JSON.stringify(value);
  const errors = validateSutDeclaration(scrubbed);
  if (errors.length > 0) throw new ReportError('REPORT_INPUT_MALFORMED', `${where} is not a SUT declaration: ${errors.slice(0, 5).join('; ')}`);
  return { value: scrubbed as SutDeclaration, bytes: changed ? Buffer.from(JSON.stringify(scrubbed, null, 2) + '\n', 'utf8') : Buffer.from(bytes), redacted: changed };
}

function readDeclaration(path: string): { value: SutDeclaration; bytes: Buffer; redacted: boolean } {
  if (!existsSync(path)) throw new ReportError('REPORT_INPUT_MISSING', `SUT declaration ${path} does not exist`);
  return parseDeclaration(readFileSync(path), path);
}

/** Screenshots of `artifact` records whose file exists under the run folder and matches the recorded SHA-256. */
function loadImages(loaded: readonly LoadedRun[], keys: readonly string[], records: ReadonlyMap<string, readonly EvidenceRecord[]>): Map<string, EmbeddedImage> {
  const out = new Map<string, EmbeddedImage>();
  loaded.forEach((l, i) => {
    for (const r of records.get(keys[i]) ?? []) {
      if (r.kind !== 'artifact') continue;
      const d = r.data as { path?: unknown; sha256?: unknown; mediaType?: unknown } | undefined;
      if (!d || typeof d.path !== 'string' || typeof d.sha256 !== 'string' || typeof d.mediaType !== 'string' || !IMAGE_TYPES.has(d.mediaType)) continue;
      const path = resolve(l.dir, d.path);
      if (!path.startsWith(l.dir + '/') || !existsSync(path) || statSync(path).size > MAX_IMAGE_BYTES) continue;
      const bytes = readFileSync(path);
      if (createHash('sha256').update(bytes).digest('hex') !== d.sha256.toLowerCase()) continue;
      out.set(imageKey(keys[i], r.seq), { mediaType: d.mediaType, base64: bytes.toString('base64') });
    }
  });
  return out;
}

/** Creates the bundle directory, removing a previous bundle's files (as its manifest lists them); refuses foreign files. */
function prepareOutDir(outDir: string): void {
  if (existsSync(outDir)) {
    const entries = readdirSync(outDir);
    let previous = new Set<string>(CONTROL_FILES);
    if (entries.includes(MANIFEST_FILE)) {
      const m = parseManifest(readFileSync(join(outDir, MANIFEST_FILE))).manifest;
      if (m) previous = new Set([...previous, ...m.files.map((f) => f.path)]);
    }
    const foreign = entries.filter((e) => !previous.has(e));
    if (foreign.length > 0) {
      throw new ReportError('REPORT_OUT_DIR_NOT_EMPTY', `${outDir} holds files that are not part of a report bundle: ${foreign.slice(0, 5).join(', ')}`);
    }
    for (const e of entries) rmSync(join(outDir, e), { force: true });
  }
  mkdirSync(outDir, { recursive: true });
}
