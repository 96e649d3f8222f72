/** The CPA Register web form in headless Chromium: upload a Consumerspecificatie, get the CPA, download it. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { collectConsoleErrors, launchChromium } from '../../kernel/browser/chromium.ts';
import { readCpa } from '../domain/index.ts';
import { startKit, type Kit } from '../testkit.ts';

let browser: Browser;
let kit: Kit;
beforeAll(async () => {
  [browser, kit] = await Promise.all([launchChromium(), startKit({ register: false })]);
}, 60_000);
afterAll(async () => {
  await Promise.allSettled([browser?.close(), kit?.close()]);
});

describe('CPA Register web form (Chromium)', () => {
  it('Consumerspecificatie upload → CPA with the chosen profile, loaded into the simulator and downloadable', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    await page.goto(`${kit.sim.urls().portal}/cpa-register`);
    await page.getByLabel('Consumerspecificatie (XML-bestand)').setInputFiles({ name: 'consumer.xml', mimeType: 'application/xml', buffer: Buffer.from(kit.adapter.consumerSpec()) });
    await page.getByLabel('Digikoppeling-profiel').selectOption('osb-rm-s');
    await page.getByLabel('Retries').fill('3');
    await page.getByRole('button', { name: 'CPA maken' }).click();
    await expect(page.getByRole('heading', { name: 'CPA aangemaakt' }).count()).resolves.toBe(1);
    const cpaId = (await page.locator('#cpa-id').textContent())!.trim();
    expect(await page.locator('#cpa-profile').textContent()).toBe('osb-rm-s');
    expect(kit.sim.mijnoverheid.state.findCpa(cpaId)?.profile).toBe('osb-rm-s');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CPA downloaden (XML)' }).click()]);
    expect(download.suggestedFilename()).toBe(`${cpaId}.xml`);
    const cpa = readCpa(readFileSync((await download.path())!, 'utf8')).cpa!;
    expect(cpa).toMatchObject({ cpaId, profile: 'osb-rm-s' });
    expect(cpa.parties[0].docExchange.reliableMessaging?.retries).toBe(3);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lists every problem of a bad Consumerspecificatie and loads nothing', async () => {
    const page = await browser.newPage();
    const before = kit.sim.mijnoverheid.state.cpas.size;
    await page.goto(`${kit.sim.urls().portal}/cpa-register`);
    const bad = kit.adapter.consumerSpec().replace(/https:\/\/127\.0\.0\.1:\d+/, 'http://127.0.0.1:1').replace(/<parameter name="ServerCert">.*<\/parameter>/, '<parameter name="ServerCert">geen certificaat</parameter>');
    await page.getByLabel('Consumerspecificatie (XML-bestand)').setInputFiles({ name: 'consumer.xml', mimeType: 'application/xml', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: 'CPA maken' }).click();
    const text = await page.getByRole('alert').textContent();
    expect(text).toContain('SPEC_ENDPOINT_NOT_HTTPS');
    expect(text).toContain('SPEC_CERT_NOT_PEM_OR_KEYINFO');
    // A good specification with a bad reliability setting is refused as well; the form keeps the values.
    await page.getByLabel('Consumerspecificatie (XML-bestand)').setInputFiles({ name: 'consumer.xml', mimeType: 'application/xml', buffer: Buffer.from(kit.adapter.consumerSpec()) });
    await page.getByLabel('RetryInterval').fill('drie uur');
    await page.getByRole('button', { name: 'CPA maken' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('CPA_BAD_DURATION');
    expect(await page.getByLabel('RetryInterval').inputValue()).toBe('drie uur');
    expect(kit.sim.mijnoverheid.state.cpas.size).toBe(before);
    await page.close();
  });
});
