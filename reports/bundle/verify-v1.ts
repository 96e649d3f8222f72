import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EvidenceRecord } from '../../simulators/kernel/evidence/index.ts';
import { parseXml, type XmlElement } from '../../simulators/kernel/xml/index.ts';
import { canonicalJson } from '../canonical-json.ts';
import { imageKey, renderReportHtmlV1, type EmbeddedImage } from '../html/v1/render.ts';
import { renderJunit, testcaseName } from '../junit/render.ts';
import { buildReportModelV1, type RunInputV1 } from '../model/v1/build.ts';
import type { PlatformTemplate } from '../model/v1/template.ts';
import type { SutDeclaration } from '../model/v1/sut-declaration.ts';
import type { ChecklistItemV1, ItemVerdict, ReportDocumentV1, ReportModelV1 } from '../model/v1/types.ts';
import { PdfToolMissingError, pdfText, verdictRows } from '../pdf/text.ts';
import { parseDeclaration, parseTemplate } from './build-v1.ts';
import { REPORT_JSON_FILE } from './files.ts';
import { modelInputsFromTexts } from './inputs.ts';
import { isSafeBundlePath, type Manifest } from './manifest.ts';
import type { VerifyProblemCode } from './verify.ts';

type Add = (file: string, code: VerifyProblemCode, message: string) => void;

const MODEL_SECTIONS: Array<keyof ReportModelV1> = ['period', 'runs', 'summary', 'platforms', 'scenarios', 'sut', 'warnings'];

/**
 * Rebuilds the v1 model from the bundle's run files, templates and SUT declaration, and
 * checks that report.json, report.html, report.junit.xml and report.pdf state the same
 * thing, naming the file and the checklist item that differs.
 */
export function checkV1(dir: string, doc: ReportDocumentV1, manifest: Manifest, add: Add, notes: string[]): void {
  const listed = new Set(manifest.files.map((f) => f.path));
  const referenced = [
    ...doc.runs.flatMap((r) => Object.values(r.files)),
    ...doc.platforms.flatMap((p) => (p.template ? [p.template] : [])),
    ...Object.values(doc.outputs),
    ...(doc.sutDeclarationFile ? [doc.sutDeclarationFile] : []),
  ];
  let missing = false;
  for (const f of referenced) {
    if (!isSafeBundlePath(f) || !listed.has(f)) {
      add(REPORT_JSON_FILE, 'EVIDENCE_MISMATCH', `report.json refers to ${f}, which the manifest does not list`);
      missing = true;
    }
  }
  if (missing) return;
  // A listed file that is gone is already a MISSING_FILE problem; nothing can be compared without it.
  const absent = [...new Set(referenced)].filter((f) => !isFile(join(dir, f)));
  if (absent.length > 0) {
    notes.push(`report.json not compared with the evidence: ${absent.join(', ')} missing`);
    return;
  }
  const read = (f: string): Buffer => readFileSync(join(dir, f));

  let rebuilt: ReportModelV1;
  let records: Map<string, readonly EvidenceRecord[]>;
  try {
    const runs: RunInputV1[] = doc.runs.map((r) => ({
      key: r.key,
      files: r.files,
      inputs: modelInputsFromTexts({
        messages: read(r.files.messages).toString('utf8'),
        evidenceFile: r.files.evidence ? join(dir, r.files.evidence) : undefined,
        run: r.files.run ? read(r.files.run).toString('utf8') : undefined,
      }),
    }));
    const templates = new Map<string, { file: string; template: PlatformTemplate }>();
    for (const p of doc.platforms) if (p.template) templates.set(p.platform, { file: p.template, template: parseTemplate(read(p.template), p.template, p.platform) });
    const declaration: SutDeclaration | undefined = doc.sutDeclarationFile ? parseDeclaration(read(doc.sutDeclarationFile), doc.sutDeclarationFile).value : undefined;
    rebuilt = buildReportModelV1({ runs, templates, declaration });
    records = new Map(runs.map((r) => [r.key, r.inputs.evidence?.records ?? []]));
  } catch (err) {
    add(REPORT_JSON_FILE, 'EVIDENCE_MISMATCH', `the report model cannot be rebuilt from the bundle: ${(err as Error).message}`);
    return;
  }

  // report.json: item by item first, then every other section.
  const itemKey = (p: string, i: ChecklistItemV1): string => `${p}/${i.checklistId}`;
  const claimed = new Map(doc.platforms.flatMap((p) => p.items.map((i) => [itemKey(p.platform, i), i] as const)));
  const actual = new Map(rebuilt.platforms.flatMap((p) => p.items.map((i) => [itemKey(p.platform, i), i] as const)));
  let itemDiffs = 0;
  for (const [k, a] of actual) {
    const c = claimed.get(k);
    if (!c) { add(REPORT_JSON_FILE, 'EVIDENCE_MISMATCH', `item ${k}: in the evidence but not in report.json`); itemDiffs++; continue; }
    if (c.verdict !== a.verdict) { add(REPORT_JSON_FILE, 'EVIDENCE_MISMATCH', `item ${k}: report.json says ${c.verdict}, the evidence says ${a.verdict}`); itemDiffs++; continue; }
    if (canonicalJson(c) !== canonicalJson(a)) { add(REPORT_JSON_FILE, 'EVIDENCE_MISMATCH', `item ${k}: results, evidence links or reason differ from the evidence`); itemDiffs++; }
  }
  for (const k of claimed.keys()) if (!actual.has(k)) { add(REPORT_JSON_FILE, 'EVIDENCE_MISMATCH', `item ${k}: in report.json but not in the evidence`); itemDiffs++; }
  for (const s of MODEL_SECTIONS) {
    if (s === 'platforms' && itemDiffs > 0) continue;
    if (canonicalJson(doc[s]) !== canonicalJson(rebuilt[s])) add(REPORT_JSON_FILE, 'EVIDENCE_MISMATCH', `report.json "${s}" differs from the model rebuilt from the bundle's run files`);
  }

  const expected: ReportDocumentV1 = { ...doc, ...rebuilt };
  if (doc.outputs.html) checkHtml(read(doc.outputs.html).toString('utf8'), doc.outputs.html, expected, records, add);
  if (doc.outputs.junit) checkJunit(read(doc.outputs.junit).toString('utf8'), doc.outputs.junit, expected, add);
  if (doc.outputs.pdf) checkPdf(read(doc.outputs.pdf), doc.outputs.pdf, expected, add, notes);
}

const IMG = /<img data-evidence="([^"]+)" alt="[^"]*" src="data:([a-z/]+);base64,([A-Za-z0-9+/=]*)"/g;
const ARTICLE = /<article class="item" id="([^"]+)"[\s\S]*?<\/article>/g;

function checkHtml(html: string, file: string, doc: ReportDocumentV1, records: Map<string, readonly EvidenceRecord[]>, add: Add): void {
  // Screenshots are embedded in the HTML only; each must match the SHA-256 its evidence record states.
  const images = new Map<string, EmbeddedImage>();
  const bySeq = new Map([...records].flatMap(([run, list]) => list.map((r) => [imageKey(run, r.seq), r] as const)));
  for (const m of html.matchAll(IMG)) {
    const r = bySeq.get(m[1]);
    const sha = (r?.kind === 'artifact' ? (r.data as { sha256?: unknown } | undefined)?.sha256 : undefined);
    if (typeof sha === 'string' && createSha256(Buffer.from(m[3], 'base64')) === sha.toLowerCase()) images.set(m[1], { mediaType: m[2], base64: m[3] });
  }
  const want = renderReportHtmlV1({ doc, records, images });
  if (want === html) return;
  const blocks = (text: string): Map<string, string> => new Map([...text.matchAll(ARTICLE)].map((m) => [m[1], m[0]]));
  const a = blocks(html);
  const e = blocks(want);
  const items = [...new Set([...a.keys(), ...e.keys()])].filter((k) => a.get(k) !== e.get(k));
  if (items.length > 0) {
    for (const k of items) add(file, 'EVIDENCE_MISMATCH', `${file}: item ${k.replace(/^item-/, '')} does not show what the evidence says`);
  } else {
    add(file, 'EVIDENCE_MISMATCH', `${file} differs from the report rendered from the evidence (outside the item sections, near: ${firstDifference(html, want)})`);
  }
}

function isFile(p: string): boolean {
  return existsSync(p) && statSync(p).isFile();
}

function createSha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

function firstDifference(a: string, b: string): string {
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return JSON.stringify(a.slice(Math.max(0, k - 30), k + 30));
}

function checkJunit(xml: string, file: string, doc: ReportDocumentV1, add: Add): void {
  const want = renderJunit(doc);
  if (want === xml) return;
  let cases: XmlElement[] = [];
  try {
    cases = parseXml(xml, { label: file }).root.findAll('testsuite/testcase');
  } catch (err) {
    add(file, 'EVIDENCE_MISMATCH', `${file} is not well-formed JUnit XML: ${(err as Error).message}`);
    return;
  }
  const expectedCases = parseXml(want).root.findAll('testsuite/testcase');
  const key = (c: XmlElement): string => `${c.attr('classname')?.split('.')[0]}/${c.attr('name')}`;
  const actual = new Map(cases.map((c) => [key(c), c.outerXml()]));
  const expected = new Map(expectedCases.map((c) => [key(c), c.outerXml()]));
  const differing = [...new Set([...actual.keys(), ...expected.keys()])].filter((k) => actual.get(k) !== expected.get(k));
  if (differing.length > 0) for (const k of differing) add(file, 'EVIDENCE_MISMATCH', `${file}: testcase ${k} does not match the evidence`);
  else add(file, 'EVIDENCE_MISMATCH', `${file} differs from the JUnit XML rendered from the evidence (suite totals or properties)`);
}

function checkPdf(pdf: Buffer, file: string, doc: ReportDocumentV1, add: Add, notes: string[]): void {
  let text: string;
  try {
    text = pdfText(pdf);
  } catch (err) {
    if (err instanceof PdfToolMissingError) { notes.push(`${file} not compared with the evidence: ${err.message}`); return; }
    add(file, 'EVIDENCE_MISMATCH', `${file} cannot be read: ${(err as Error).message}`);
    return;
  }
  const ids = doc.platforms.flatMap((p) => p.items.map((i) => i.checklistId));
  const rows = verdictRows(text, ids);
  for (const p of doc.platforms) {
    for (const i of p.items) {
      const results: Array<{ environment: string; verdict: ItemVerdict }> = i.results.length ? i.results : [{ environment: '-', verdict: i.verdict }];
      for (const r of results) {
        const want: ItemVerdict = i.verdict === 'not-applicable' ? 'not-applicable' : r.verdict;
        const printed = rows.get(`${i.checklistId} ${r.environment}`) ?? [];
        const name = testcaseName(i.checklistId, r.environment);
        if (printed.length === 0) add(file, 'EVIDENCE_MISMATCH', `${file}: item ${p.platform}/${name} is not listed`);
        else if (printed.some((v) => v !== want)) add(file, 'EVIDENCE_MISMATCH', `${file}: item ${p.platform}/${name} printed as ${[...new Set(printed)].join('/')}, the evidence says ${want}`);
      }
    }
  }
}
