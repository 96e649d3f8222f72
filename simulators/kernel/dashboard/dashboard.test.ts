import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { collectConsoleErrors, launchChromium } from '../browser/chromium.ts';
import { startTestAdmin, TEST_TOKEN, type TestAdmin } from '../admin/testkit.ts';
import { DASHBOARD_FILE, buildPage } from './page.ts';

const XSS = '<img src=x onerror=alert(1)>';
const OIN = '00000099000000000042';

let t: TestAdmin;
let browser: Browser;
let page: Page;
let errors: string[];
const dialogs: string[] = [];
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'govsim-dashboard-'));
  t = await startTestAdmin();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  errors = collectConsoleErrors(page);
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
});

afterAll(async () => {
  await browser?.close();
  await t?.server.close();
  if (!process.env.GOVSIM_KEEP_SCREENSHOTS) rmSync(dir, { recursive: true, force: true });
  else console.log(`dashboard screenshot kept in ${dir}`);
});

const row = (seq: number) => page.locator(`#exchanges tr[data-seq="${seq}"]`);

describe('dashboard in headless Chromium', () => {
  it('loads with version, run id, simulators and live connection, and drops the token from the URL', async () => {
    await page.goto(t.server.dashboardUrl());
    await expect.poll(() => page.textContent('#conn'), { timeout: 5000 }).toBe('Live');
    expect(await page.textContent('#version')).toBe('9.9.9-test');
    expect(await page.textContent('#run-id')).toBe('run-test-0001');
    expect(await page.getByRole('heading', { name: 'fitconnect' }).count()).toBe(1);
    const link = page.getByRole('link', { name: 'http://127.0.0.1:9/submission-api' });
    expect(await link.getAttribute('href')).toBe('http://127.0.0.1:9/submission-api');
    expect(page.url()).not.toContain(TEST_TOKEN);
    expect(errors).toEqual([]);
  });

  it('is navigable: landmarks, headings and a name for every control', async () => {
    for (const role of ['banner', 'main', 'contentinfo'] as const) expect(await page.getByRole(role).count(), role).toBe(1);
    for (const name of ['Exchanges', 'Simulators', 'Fault rules', 'Record details']) {
      expect(await page.getByRole('heading', { name, exact: true }).count(), name).toBe(1);
    }
    const unnamed = await page.evaluate(() => Array.from(document.querySelectorAll('input, select, button, textarea'))
      .filter((e) => {
        const el = e as HTMLInputElement;
        return !(el.labels && el.labels.length > 0) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && !(el.tagName === 'BUTTON' && el.textContent?.trim());
      }).map((e) => e.outerHTML));
    expect(unnamed).toEqual([]);
    expect(await page.getByLabel('Failures only').count()).toBe(1);
    expect(await page.getByLabel('Platform').count()).toBe(1);
  });

  it('shows a record written after load within a few seconds', async () => {
    const rec = t.recorder.record({
      kind: 'exchange', platform: 'fitconnect',
      identity: { authorized: true, subjectDN: 'CN=Sender', issuerDN: 'CN=govsim Test CA', oin: OIN, fingerprint256: 'B'.repeat(64), certSerial: '02', validFrom: '2025-01-01', validTo: '2026-01-01' },
      request: { method: 'POST', url: '/submissions?x=1' }, response: { status: 201 },
      verdicts: [{ check: 'TLS_CLIENT_CERT', ok: true }],
    });
    await row(rec.seq).waitFor({ state: 'visible', timeout: 5000 });
    const cells = await row(rec.seq).locator('td').allTextContents();
    expect(cells.slice(2)).toEqual(['fitconnect', 'exchange', 'POST /submissions?x=1', '201', `OIN ${OIN}`, '✓ TLS_CLIENT_CERT']);
  });

  it('hides ok records when "Failures only" is checked', async () => {
    const ok = t.recorder.record({ kind: 'exchange', platform: 'cpr', request: { method: 'GET', url: '/ok' }, response: { status: 200 }, verdicts: [{ check: 'CPR_FORMAT', ok: true }] });
    const bad = t.recorder.record({ kind: 'exchange', platform: 'cpr', request: { method: 'GET', url: '/bad' }, response: { status: 200 }, verdicts: [{ check: 'CPR_FORMAT', ok: false, message: 'field 3 too long' }] });
    await row(bad.seq).waitFor({ state: 'visible', timeout: 5000 });
    await page.getByLabel('Failures only').check();
    expect(await row(ok.seq).isHidden()).toBe(true);
    expect(await row(bad.seq).isVisible()).toBe(true);
    expect(await row(bad.seq).locator('.badge.fail').textContent()).toBe('✗ CPR_FORMAT');
    await page.getByLabel('Failures only').uncheck();
    expect(await row(ok.seq).isVisible()).toBe(true);
    await page.getByLabel('Platform').selectOption('fitconnect');
    expect(await row(ok.seq).isHidden()).toBe(true);
    await page.getByLabel('Platform').selectOption('');
  });

  it('renders attacker-controlled text as text', async () => {
    const rec = t.recorder.record({ kind: 'note', platform: 'fitconnect', summary: XSS, data: { html: `<script>alert(2)</script>${XSS}` } });
    await row(rec.seq).waitFor({ state: 'visible', timeout: 5000 });
    expect(await row(rec.seq).locator('td').nth(4).textContent()).toBe(XSS);
    await row(rec.seq).click();
    expect(await page.textContent('#detail')).toBe(JSON.stringify(rec, null, 2));
    expect(await page.textContent('#detail-heading')).toBe(`Record details: #${rec.seq}`);
    await page.waitForTimeout(300);
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('lists fault rules and follows changes made through the API', async () => {
    expect(await page.isVisible('#faults-empty')).toBe(true);
    const res = await t.call('/admin/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ platform: 'cpr', path: '/person*', action: { type: 'status', status: 503 } }) });
    expect(res.status).toBe(201);
    const faultRow = page.locator('#faults tr');
    await faultRow.first().waitFor({ state: 'visible', timeout: 5000 });
    expect(await faultRow.locator('td').allTextContents()).toEqual(['fault-1', 'cpr any method /person*', 'status 503', '0']);
  });

  it('keeps readable contrast for text and badges', async () => {
    const ratios = await page.evaluate(() => {
      const rgb = (s: string) => (s.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
      const lum = (c: number[]) => {
        const [r, g, b] = c.map((v) => { const x = v / 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const bgOf = (e: Element | null): string => {
        for (let n = e; n; n = n.parentElement) {
          const bg = getComputedStyle(n).backgroundColor;
          if (bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') return bg;
        }
        return 'rgb(255, 255, 255)';
      };
      return ['h1', '#conn', '.badge.ok', '.badge.fail', '.muted', 'thead th', 'a', 'td'].map((sel) => {
        const e = document.querySelector(sel)!;
        const a = lum(rgb(getComputedStyle(e).color));
        const b = lum(rgb(bgOf(e)));
        return [sel, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)] as const;
      });
    });
    for (const [sel, ratio] of ratios) expect(ratio, sel).toBeGreaterThanOrEqual(4.5);
  });

  it('takes a screenshot and ends without console errors', async () => {
    const file = join(dir, 'dashboard.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(readFileSync(file).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(statSync(file).size).toBeGreaterThan(5000);
    expect(errors).toEqual([]);
  });

  it('asks for the token again when it is rejected', async () => {
    const other = await browser.newPage();
    await other.goto(`${t.url}/#token=wrong-token`);
    await other.getByRole('alert').filter({ hasText: 'rejected' }).waitFor({ timeout: 5000 });
    expect(await other.getByRole('textbox', { name: 'Admin token' }).isVisible()).toBe(true);
    await other.close();
  });
});

describe('the XSS check can fail (negative control)', () => {
  it('catches a dashboard that inserts record text as HTML', async () => {
    const source = readFileSync(DASHBOARD_FILE, 'utf8');
    for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(']) expect(source).not.toContain(sink);
    const broken = source.replace("e.append(c instanceof Node ? c : String(c));", "{ if (c instanceof Node) e.append(c); else e.insertAdjacentHTML('beforeend', String(c)); }");
    expect(broken).not.toBe(source);
    const other = await browser.newPage();
    const seen: string[] = [];
    other.on('dialog', (d) => { seen.push(d.message()); void d.dismiss(); });
    // Served without the CSP too, to show the dialog check itself works.
    await other.route(`${t.url}/`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: buildPage(broken).html }));
    await other.goto(`${t.url}/#token=${TEST_TOKEN}`);
    await expect.poll(() => other.textContent('#conn'), { timeout: 5000 }).toBe('Live');
    const rec = t.recorder.record({ kind: 'note', platform: 'fitconnect', summary: XSS });
    await other.locator(`#exchanges tr[data-seq="${rec.seq}"]`).waitFor({ timeout: 5000 });
    await expect.poll(() => seen.length, { timeout: 3000 }).toBeGreaterThan(0);
    expect(await other.locator('main img').count()).toBeGreaterThan(0);
    await other.close();
  });
});
