/**
 * Report v1 from real kernel runs, as a certifier receives it: one reference run, one run of
 * a broken kernel (`--defect ignore-faults`) and one that leaks a secret into the evidence.
 * One Chromium for the whole file (PDF rendering and the HTML checks).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { collectConsoleErrors, launchChromium } from '../simulators/kernel/browser/chromium.ts';
import { parseXml } from '../simulators/kernel/xml/index.ts';
import { command as reportCommand } from '../cli/commands/report.ts';
import { govsimRun } from '../cli/testing/govsim-run.ts';
import { sha256Hex } from './canonical-json.ts';
import { buildReportV1 } from './bundle/build-v1.ts';
import { serializeManifest, type Manifest } from './bundle/manifest.ts';
import { verifyReport } from './bundle/verify.ts';
import type { ReportDocumentV1 } from './model/v1/types.ts';
import { renderPdf } from './pdf/render.ts';
import { pageCount, pdfText, verdictRows } from './pdf/text.ts';
import { loadSigner, signBytes } from './signing/signer.ts';
import { chainedSigner, type TestSigner } from './testing/certs.ts';
import { removeTempDirs, tempDir } from './testing/run-dir.ts';

const FLT = ['KERNEL-FLT-01', 'KERNEL-FLT-02', 'KERNEL-FLT-03', 'KERNEL-FLT-04', 'KERNEL-FLT-05', 'KERNEL-FLT-06'];
const TAGS = [...FLT, 'KERNEL-ID-01', 'KERNEL-TLS-02', 'KERNEL-EVD-02'].map((t) => `@${t}`).join(' or ');

let browser: Browser;
let signer: TestSigner;
let good = '';
let broken = '';
let leaky = '';

const readDoc = (dir: string): ReportDocumentV1 => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ReportDocumentV1;

async function bundleOf(runDir: string): Promise<string> {
  const out = join(tempDir('govsim-bundle-'), 'report');
  await buildReportV1({ runDirs: [runDir], outDir: out, signer, browser });
  return out;
}

beforeAll(async () => {
  browser = await launchChromium();
  signer = await chainedSigner('Ed25519');
  const ref = govsimRun(['--platform', 'kernel', '--tags', TAGS]);
  expect(ref.run.counts, ref.output.slice(-2000)).toMatchObject({ passed: 9, failed: 0 });
  const bad = govsimRun(['--platform', 'kernel', '--tags', TAGS, '--defect', 'ignore-faults']);
  expect(bad.run.counts.failed).toBe(6);
  const leak = govsimRun(['--platform', 'kernel', '--tags', '@KERNEL-EVD-02', '--defect', 'leak-secret']);
  expect(leak.run.counts.failed).toBe(1);
  good = await bundleOf(ref.runDir);
  broken = await bundleOf(bad.runDir);
  leaky = await bundleOf(leak.runDir);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  removeTempDirs();
});

describe('a failed run (one broken kernel) shows exactly the failed items with their evidence', () => {
  it('report.json fails exactly the fault-injection items', () => {
    const doc = readDoc(broken);
    const kernel = doc.platforms.find((p) => p.platform === 'kernel')!;
    expect(kernel.items.filter((i) => i.verdict === 'failed').map((i) => i.checklistId)).toEqual(FLT);
    expect(kernel.items.filter((i) => i.verdict === 'passed').map((i) => i.checklistId).sort()).toEqual(['KERNEL-EVD-02', 'KERNEL-ID-01', 'KERNEL-TLS-02']);
    for (const id of FLT) expect(kernel.items.find((i) => i.checklistId === id)!.results[0].evidence.length).toBeGreaterThan(0);
    expect(kernel.score).toMatchObject({ passed: 3, applicable: 19, complete: false });
    expect(kernel.title).toBe('govsim kernel self-test report');
  });

  it('report.html marks exactly those items failed, with their evidence open', () => {
    const html = readFileSync(join(broken, 'report.html'), 'utf8');
    const failed = [...html.matchAll(/<article class="item" id="item-kernel-([^"]+)" data-verdict="failed"/g)].map((m) => m[1]);
    expect(failed).toEqual(FLT);
    for (const id of FLT) {
      const article = new RegExp(`<article class="item" id="item-kernel-${id}"[\\s\\S]*?</article>`).exec(html)![0];
      expect(article).toMatch(/<details class="evidence" open><summary>Evidence: [1-9]\d* record/);
      expect(article).toContain('<div class="record"');
    }
    expect(html).not.toMatch(/<details class="evidence" open>[\s\S]*?<\/details>[\s\S]*data-verdict="passed"[\s\S]*<details class="evidence" open>/);
  });

  it('JUnit: one testsuite per platform, a testcase per item and environment, failures exactly the failed items', () => {
    const doc = parseXml(readFileSync(join(broken, 'report.junit.xml')));
    const suites = doc.root.children('testsuite');
    expect(doc.root.name).toBe('testsuites');
    expect(suites.map((s) => s.attr('name'))).toEqual(['kernel']);
    const cases = suites[0].children('testcase');
    expect(cases).toHaveLength(19);
    expect(cases.filter((c) => c.child('failure')).map((c) => c.attr('name'))).toEqual(FLT.map((id) => `${id} [default]`));
    expect(cases.filter((c) => c.child('skipped'))).toHaveLength(10);
    expect(suites[0].attr('failures')).toBe('6');
    expect(() => parseXml(readFileSync(join(broken, 'report.junit.xml'), 'utf8').replace('</testsuites>', ''))).toThrow(/XML_MALFORMED|well-formed/);
  });

  it('report diff lists the items that changed, and exits 1 on a regression', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { out.push(a.join(' ')); });
    try {
      expect(await reportCommand.run(['diff', good, broken, '--json'])).toBe(1);
      const diff = JSON.parse(out.join('\n')) as { changed: Array<{ checklistId: string; before: string; after: string; regression: boolean }>; unchanged: number };
      expect(diff.changed.map((c) => `${c.checklistId}:${c.before}->${c.after}`)).toEqual(FLT.map((id) => `${id}:passed->failed`));
      expect(diff.changed.every((c) => c.regression)).toBe(true);
      expect(diff.unchanged).toBe(13);
      out.length = 0;
      expect(await reportCommand.run(['diff', broken, good])).toBe(0);
      expect(out.join('\n')).toContain('kernel/KERNEL-FLT-01 [default]: failed -> passed');
      out.length = 0;
      expect(await reportCommand.run(['diff', good, good])).toBe(0);
      expect(out.join('\n')).toContain('No checklist item changed');
    } finally {
      spy.mockRestore();
    }
  });
});

describe('report.html in Chromium', () => {
  it('renders without console errors; the failed-only filter shows exactly the failed items', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    await page.goto(`file://${join(broken, 'report.html')}`);
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('main, nav, header, footer').count()).toBe(4);
    expect(await page.locator('#filters').isVisible()).toBe(true);
    expect(await page.locator('article.item:visible').count()).toBe(19);
    await page.getByLabel('Show failed items only').check();
    expect(await page.locator('article.item:visible').count()).toBe(6);
    expect(await page.locator('table.checklist tbody tr:visible').count()).toBe(6);
    expect(await page.locator('#filter-status').textContent()).toBe('Showing 6 failed of 19 items.');
    await page.getByLabel('Show failed items only').uncheck();
    expect(await page.locator('article.item:visible').count()).toBe(19);
    await page.goto(`file://${join(broken, 'report.html')}#item-kernel-KERNEL-FLT-03`);
    expect(await page.locator('article.item:target').getAttribute('id')).toBe('item-kernel-KERNEL-FLT-03');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('degrades without JavaScript: no filter control, every item shown, failed items listed in the summary', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`file://${join(broken, 'report.html')}`);
    expect(await page.locator('#filters').isVisible()).toBe(false);
    expect(await page.locator('article.item:visible').count()).toBe(19);
    expect(await page.locator('ul.failed-list li a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(FLT.map((id) => `#item-kernel-${id}`));
    await context.close();
  });

  it('is self-contained: nothing loads from outside the file', async () => {
    const html = readFileSync(join(good, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<link\b|<iframe\b|src="(?!data:)|@import|url\((?!data:)/i);
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${join(good, 'report.html')}`);
    expect(requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:'))).toEqual([]);
    await context.close();
  });
});

describe('report.pdf', () => {
  it('renders to PNG pages, has page numbers, contents and a sign-off page, and lists every verdict', () => {
    const pdf = readFileSync(join(broken, 'report.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    const pages = pageCount(text);
    expect(pages).toBeGreaterThan(3);
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text).toContain('Contents');
    expect(text.split('\f').at(-2) ?? '').toMatch(/Sign-off[\s\S]*Name[\s\S]*Signature/);
    const rows = verdictRows(text, [...FLT, 'KERNEL-ID-01', 'KERNEL-XML-01']);
    for (const id of FLT) expect(rows.get(`${id} default`)).toEqual(['failed']);
    expect(rows.get('KERNEL-ID-01 default')).toEqual(['passed']);
    expect(rows.get('KERNEL-XML-01 default')).toEqual(['not-run']);
    const out = tempDir('govsim-png-');
    const res = spawnSync('pdftoppm', ['-png', '-r', '20', '-f', '1', '-l', '3', join(broken, 'report.pdf'), join(out, 'page')], { encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    const pngs = readdirSync(out).filter((f) => f.endsWith('.png'));
    expect(pngs).toHaveLength(3);
    for (const f of pngs) expect(readFileSync(join(out, f)).subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('verify-report on a v1 bundle', () => {
  it('passes on the fresh bundles', async () => {
    for (const dir of [good, broken]) {
      const r = await verifyReport(dir, { trustedRootPem: signer.rootPem });
      expect(r.problems).toEqual([]);
      expect(r.notes).toEqual([]);
    }
  });

  it('fails on a single-byte change in any file, naming the file', async () => {
    for (const file of readdirSync(good)) {
      const path = join(good, file);
      const original = readFileSync(path);
      const changed = Buffer.from(original);
      const at = Math.floor(changed.length / 2);
      changed[at] ^= 0x01;
      writeFileSync(path, changed);
      try {
        const r = await verifyReport(good);
        expect(r.ok, `${file} changed but verification passed`).toBe(false);
        expect(r.problems.map((p) => p.file)).toContain(file);
      } finally {
        writeFileSync(path, original);
      }
    }
    expect((await verifyReport(good)).ok).toBe(true);
  });

  /** Tampers with one output and re-signs the manifest with the real key: only the evidence check can tell. */
  async function tamperAndResign(dir: string, file: string, change: (content: Buffer) => Buffer | Promise<Buffer>): Promise<string[]> {
    const copy = join(tempDir('govsim-tamper-'), 'report');
    spawnSync('cp', ['-r', dir, copy]);
    writeFileSync(join(copy, file), await change(readFileSync(join(copy, file))));
    const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')) as Manifest;
    manifest.files = manifest.files.map((f) => {
      const c = readFileSync(join(copy, f.path));
      return { ...f, sha256: sha256Hex(c), bytes: c.length };
    });
    const bytes = serializeManifest(manifest);
    writeFileSync(join(copy, 'manifest.json'), bytes);
    writeFileSync(join(copy, 'manifest.sig'), signBytes(loadSigner(signer).key, bytes).toString('base64') + '\n');
    const r = await verifyReport(copy);
    expect(r.problems.every((p) => p.code === 'EVIDENCE_MISMATCH'), JSON.stringify(r.problems)).toBe(true);
    return r.problems.map((p) => `${p.file}: ${p.message}`);
  }

  it('names the file and item when a re-signed output disagrees with the evidence', async () => {
    const flip = (s: string) => s.replace('id="item-kernel-KERNEL-FLT-02" data-verdict="failed"', 'id="item-kernel-KERNEL-FLT-02" data-verdict="passed"');
    const html = await tamperAndResign(broken, 'report.html', (b) => Buffer.from(flip(b.toString('utf8'))));
    expect(html).toEqual(['report.html: report.html: item kernel-KERNEL-FLT-02 does not show what the evidence says']);

    const json = await tamperAndResign(broken, 'report.json', (b) => {
      const d = JSON.parse(b.toString('utf8')) as ReportDocumentV1;
      d.platforms[0].items.find((i) => i.checklistId === 'KERNEL-FLT-04')!.verdict = 'passed';
      return Buffer.from(JSON.stringify(d, null, 2) + '\n');
    });
    expect(json[0]).toBe('report.json: item kernel/KERNEL-FLT-04: report.json says passed, the evidence says failed');

    const junit = await tamperAndResign(broken, 'report.junit.xml', (b) => Buffer.from(b.toString('utf8').replace(/(<testcase name="KERNEL-FLT-05 \[default\]"[^>]*)>\s*<failure[\s\S]*?<\/failure>\s*<\/testcase>/, '$1/>')));
    expect(junit).toEqual(['report.junit.xml: report.junit.xml: testcase kernel/KERNEL-FLT-05 [default] does not match the evidence']);

    const pdf = await tamperAndResign(broken, 'report.pdf', async () => {
      const tampered = readFileSync(join(broken, 'report.html'), 'utf8').replace(
        /(<a href="#item-kernel-KERNEL-FLT-06">KERNEL-FLT-06<\/a><\/th><td>default<\/td><td>)<span class="verdict v-failed">failed<\/span>/,
        '$1<span class="verdict v-passed">passed</span>');
      return renderPdf(tampered, { browser, headerText: 'tampered' });
    });
    expect(pdf).toEqual(['report.pdf: report.pdf: item kernel/KERNEL-FLT-06 [default] printed as passed, the evidence says failed']);
  });
});

describe('redaction: no secret in any output of a real run', () => {
  const SECRET_PATTERNS: Array<[string, RegExp]> = [
    ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----(?!\[REDACTED\])/],
    ['bearer token', /\b(?:Bearer|Basic)\s+(?!\[REDACTED\])[A-Za-z0-9._~+/=-]{8,}/],
    ['password', /"(?:password|passphrase|passwort|kennwort)"\s*:\s*"(?!\[REDACTED\])[^"]+"|\b(?:password|passphrase)=(?!\[REDACTED\])[^&\s"']+/i],
    ['client secret', /"client_?secret"\s*:\s*"(?!\[REDACTED\])[^"]+"|client_secret=(?!\[REDACTED\])[^&\s"']+/i],
    // The exact shape of the token and password @KERNEL-EVD-02 sends (fresh random values per run).
    ['the suite\'s test token', /\btok-[0-9a-f]{24}\b/],
    ['the suite\'s test password', /\bpw-[0-9a-f]{12}\b/],
  ];
  /** Every file of the bundle as text; the PDF also as its extracted text. */
  function outputs(dir: string): Array<[string, string]> {
    return readdirSync(dir).flatMap((f): Array<[string, string]> => {
      const raw = readFileSync(join(dir, f));
      return f.endsWith('.pdf') ? [[f, raw.toString('latin1')], [`${f} (text)`, pdfText(raw)]] : [[f, raw.toString('utf8')]];
    });
  }
  const leaks = (dir: string): string[] => outputs(dir).flatMap(([f, text]) => SECRET_PATTERNS.filter(([, re]) => re.test(text)).map(([what]) => `${what} in ${f}`));

  it('finds none in the bundles of the reference and the broken run', () => {
    expect(leaks(good)).toEqual([]);
    expect(leaks(broken)).toEqual([]);
  });

  it('negative control: finds the bearer token a leaking kernel wrote into the evidence', () => {
    expect(leaks(leaky)).toContain("the suite's test token in evidence.jsonl");
  });
});
