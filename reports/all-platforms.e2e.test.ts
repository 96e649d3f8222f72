/**
 * Issue 9 acceptance for every landed platform: a report built from reference-mode runs of
 * each platform suite opens in Chromium without console errors, its PDF renders to PNG
 * pages, its JUnit parses with one testsuite per platform, and it verifies offline. A run
 * with a broken client shows exactly the failed items. Runs are kept narrow (two checklist
 * items per platform) so the file stays fast; the full suites run in `govsim test`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableSuites, suiteEnvironments } from '../cli/api/run-suites.ts';
import { govsimRun, PROJECT_ROOT } from '../cli/testing/govsim-run.ts';
import { collectConsoleErrors, launchChromium } from '../simulators/kernel/browser/chromium.ts';
import { parseXml } from '../simulators/kernel/xml/index.ts';
import { buildReportV1 } from './bundle/build-v1.ts';
import { verifyReport } from './bundle/verify.ts';
import type { ReportDocumentV1 } from './model/v1/types.ts';
import { pdfText } from './pdf/text.ts';
import { chainedSigner, type TestSigner } from './testing/certs.ts';

const PLATFORMS = availableSuites().filter((p) => p !== 'kernel' && existsSync(join(PROJECT_ROOT, 'features', p, 'report.json')));
let browser: Browser;
let signer: TestSigner;
let bundle = '';
const brokenPlatform = 'cpr';
let brokenBundle = '';
let brokenFailedIds: string[] = [];

function firstItems(platform: string, n: number): string[] {
  const template = JSON.parse(readFileSync(join(PROJECT_ROOT, 'features', platform, 'report.json'), 'utf8')) as { sections: Array<{ items: string[] }> };
  return template.sections.flatMap((s) => s.items).slice(0, n);
}

const readDoc = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ReportDocumentV1;

beforeAll(async () => {
  browser = await launchChromium();
  signer = await chainedSigner('Ed25519');
  const runDirs: string[] = [];
  for (const platform of PLATFORMS) {
    const env = suiteEnvironments(platform)?.[0];
    const tags = firstItems(platform, 2).map((id) => `@${id}`).join(' or ');
    const { run, runDir, output } = govsimRun(['--platform', platform, '--tags', tags, ...(env ? ['--env', env] : [])]);
    expect(run.counts.failed, `${platform}: ${output.slice(-1500)}`).toBe(0);
    expect(run.counts.passed, platform).toBeGreaterThan(0);
    runDirs.push(runDir);
  }
  bundle = join(mkdtempSync(join(tmpdir(), 'govsim-all-')), 'report');
  await buildReportV1({ runDirs, outDir: bundle, signer, browser });

  const variants = (await import('../simulators/references.ts')).loadReferenceClient;
  const variant = Object.keys((await variants(brokenPlatform)).variants)[0];
  const broken = govsimRun(['--platform', brokenPlatform, '--variant', variant]);
  brokenFailedIds = [...new Set(broken.run.scenarios.filter((s) => s.status === 'FAILED').flatMap((s) => s.tags)
    .filter((t) => /^@[A-Z][A-Z0-9]*(-[A-Z0-9.]+)+$/.test(t)).map((t) => t.slice(1)))].sort();
  expect(brokenFailedIds.length, `variant ${variant} failed nothing`).toBeGreaterThan(0);
  brokenBundle = join(mkdtempSync(join(tmpdir(), 'govsim-broken-')), 'report');
  await buildReportV1({ runDirs: [broken.runDir], outDir: brokenBundle, signer, browser });
}, 600_000);

afterAll(async () => {
  await browser?.close();
});

describe('reports for every landed platform', () => {
  it('lists every platform with its checklist items passed', () => {
    const text = readFileSync(join(bundle, 'report.json'), 'utf8');
    for (const p of PLATFORMS) for (const id of firstItems(p, 1)) expect(text, `${p} ${id}`).toContain(id);
    expect(PLATFORMS.length).toBeGreaterThanOrEqual(5);
  });

  it('opens in Chromium with no console errors', async () => {
    const page = await browser.newPage();
    const errors = collectConsoleErrors(page);
    await page.goto(`file://${join(bundle, 'report.html')}`);
    await page.waitForLoadState('load');
    for (const p of PLATFORMS) await expect(page.locator('main').textContent()).resolves.toContain(firstItems(p, 1)[0]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders its PDF to PNG pages and the PDF text names every platform item', () => {
    const out = mkdtempSync(join(tmpdir(), 'govsim-png-'));
    const res = spawnSync('pdftoppm', ['-png', '-r', '20', '-f', '1', '-l', '2', join(bundle, 'report.pdf'), join(out, 'page')], { encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    expect(readdirSync(out).filter((f) => f.endsWith('.png')).length).toBe(2);
    const text = pdfText(readFileSync(join(bundle, 'report.pdf')));
    for (const p of PLATFORMS) expect(text).toContain(firstItems(p, 1)[0]);
  });

  it('JUnit parses with one testsuite per platform', () => {
    const doc = parseXml(readFileSync(join(bundle, 'report.junit.xml')));
    const suites = doc.root.children('testsuite').map((s) => s.attr('name') ?? '');
    for (const p of PLATFORMS) expect(suites.some((n) => n.includes(p)), `${p} in ${suites.join(', ')}`).toBe(true);
  });

  it('verifies offline', async () => {
    const result = await verifyReport(bundle);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it(`a run with a broken ${brokenPlatform} client shows exactly the failed items`, () => {
    const doc = readDoc(brokenBundle);
    const failed = doc.platforms.flatMap((p) => p.items).filter((i) => i.verdict === 'failed');
    expect(failed.map((i) => i.checklistId).sort()).toEqual(brokenFailedIds);
    for (const item of failed) expect(item.results.some((r) => r.evidence.length > 0), `${item.checklistId} has no evidence`).toBe(true);
  });
});
