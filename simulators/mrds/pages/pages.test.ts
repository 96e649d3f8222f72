import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { collectConsoleErrors, launchChromium } from '../../kernel/browser/chromium.ts';
import { startHarness, waitFor, type Harness } from '../transport/test-setup.ts';
import { ORDER_BUTTON } from './order-form.ts';

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  h = await startHarness({ operatorDelayMs: 50 });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await h?.sim.stop();
});

async function openForm(mandant: string) {
  const page = await browser.newPage();
  const errors = collectConsoleErrors(page);
  await page.goto(`${h.sim.urls().order}?mandant=${mandant}`);
  return { page, errors };
}

describe('order form in Chromium', () => {
  it('is accessible: landmarks, one h1, every input labelled, passphrase rules shown', async () => {
    const { page, errors } = await openForm('03241001');
    expect(await page.locator('main').count()).toBe(1);
    expect(await page.locator('header').count()).toBe(1);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Bestellung der Applikationskopplung');
    for (const label of ['Mandant (Amtlicher Gemeindeschlüssel)', 'E-Mail-Adresse', 'Passphrase', 'Rechnungsempfänger (optional)']) {
      expect(await page.getByLabel(label).count(), label).toBe(1);
    }
    expect(await page.getByRole('checkbox').count()).toBe(1);
    expect(await page.locator('#regeln-passphrase').innerText()).toContain('mindestens 8 Zeichen');
    expect(await page.getByRole('button', { name: ORDER_BUTTON }).isEnabled()).toBe(true);
    expect(await page.locator('details#protokoll').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows every failure in the expandable Protokoll at the end and keeps the button usable', async () => {
    const { page, errors } = await openForm('03241001');
    await page.getByLabel('E-Mail-Adresse').fill('<script>alert(1)</script>@x.example');
    await page.getByLabel('Passphrase').fill('kurz');
    await page.getByRole('button', { name: ORDER_BUTTON }).click();
    await page.waitForSelector('details#protokoll');
    const details = page.locator('details#protokoll');
    expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await details.locator('summary').click();
    const items = await details.locator('li').allInnerTexts();
    expect(items.join('\n')).toMatch(/ORD_EMAIL_MISMATCH[\s\S]*ORD_PASSPHRASE_TOO_SHORT[\s\S]*ORD_CONSENT_MISSING/);
    expect(await page.locator('form ~ details#protokoll').count()).toBe(1);
    expect(await page.getByRole('alert').count()).toBe(1);
    expect(await page.getByLabel('E-Mail-Adresse').getAttribute('aria-describedby')).toBe('fehler-email');
    expect(await page.getByLabel('E-Mail-Adresse').inputValue()).toBe('<script>alert(1)</script>@x.example');
    expect(await page.getByLabel('Passphrase').inputValue()).toBe('');
    expect(await page.getByRole('button', { name: ORDER_BUTTON }).isEnabled()).toBe(true);
    // A refused order is answered 422 (so scripted clients and the evidence see the refusal); Chromium logs that status.
    expect(errors.filter((e) => !/status of 422 .*\/minca\/bestellung/.test(e))).toEqual([]);
    expect(h.sim.mrds.state.orders.orders).toHaveLength(0);
    await page.close();
  });

  it('greys the button out after success; a double click, a resubmission or a reload orders once', async () => {
    const { page, errors } = await openForm('03351006');
    await page.getByLabel('E-Mail-Adresse').fill('it-admin@buergeramt-celle.example');
    await page.getByLabel('Passphrase').fill('Celle-Zertifikat-2025');
    await page.getByRole('checkbox').check();
    const token = await page.locator('input[name=formToken]').inputValue();
    await page.getByRole('button', { name: ORDER_BUTTON }).dblclick();
    await page.waitForSelector('#bestaetigung');
    expect(await page.getByRole('button', { name: ORDER_BUTTON }).isDisabled()).toBe(true);
    expect(await page.getByRole('status').innerText()).toContain('Ihre Bestellung war erfolgreich');
    // The same form sent again (e.g. browser reload after POST) with the same token.
    const again = await fetch(`${h.sim.urls().portal}/minca/bestellung`, {
      method: 'POST',
      body: new URLSearchParams({ formToken: token, mandant: '03351006', email: 'it-admin@buergeramt-celle.example', passphrase: 'Celle-Zertifikat-2025', consent: 'ja' }),
    }).then(async (r) => ({ status: r.status, text: await r.text() }));
    expect(again.status).toBe(200);
    expect(again.text).toContain('keine zweite Bestellung');
    await page.reload();
    expect(h.sim.mrds.state.orders.orders).toHaveLength(1);
    await waitFor('Kundennummer mail', () => h.sim.mrds.mails().find((m) => m.parsed.subject.includes('Kundennummer') && m.to.includes('it-admin@buergeramt-celle.example')));
    expect(h.sim.mrds.mails().filter((m) => m.parsed.attachments.length && m.to.includes('it-admin@buergeramt-celle.example'))).toHaveLength(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the mailbox page lists the mails and offers the ZIP for download', async () => {
    const page = await browser.newPage();
    const errors = collectConsoleErrors(page);
    await page.goto(h.sim.urls().mailbox);
    expect(await page.getByRole('table').count()).toBe(1);
    await page.getByRole('link', { name: /Client-SSL-Zertifikat/ }).first().click();
    const link = page.getByRole('link', { name: /applikationskopplung-03351006\.zip/ });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('applikationskopplung-03351006.zip');
    expect(errors).toEqual([]);
    await page.close();
  });
});
