/**
 * The caseworker at the kommune desk, driven in headless Chromium the way a tester does it
 * by hand: log on for the kommune, find the receipt among the waiting events, approve or
 * reject with a reason. Screenshots before and after the decision become artifact evidence.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AfterAll } from '@cucumber/cucumber';
import type { Browser, Page } from 'playwright-core';
import { collectConsoleErrors, launchChromium } from '../../simulators/kernel/browser/chromium.ts';
import { check } from '../support/check.ts';
import type { GovsimWorld } from '../support/world.ts';
import { cpr } from './support.ts';

let browser: Promise<Browser> | undefined;
AfterAll(async () => {
  if (browser) await (await browser).close().catch(() => undefined);
  browser = undefined;
});

async function screenshot(world: GovsimWorld, page: Page, name: string, summary: string): Promise<void> {
  const png = await page.screenshot({ fullPage: true });
  const rel = join('artifacts', `${world.scenario.id}-kommune-desk-${name}.png`);
  mkdirSync(join(world.parameters.runDir, 'artifacts'), { recursive: true });
  writeFileSync(join(world.parameters.runDir, rel), png);
  world.run.recorder.record({
    kind: 'artifact', platform: 'cpr', summary,
    data: { path: rel, sha256: createHash('sha256').update(png).digest('hex'), mediaType: 'image/png' },
  });
}

export async function deskDecision(world: GovsimWorld, kode: string, kvit: string, verb: 'godkend' | 'afvis', reason?: string): Promise<void> {
  const sim = await cpr(world);
  browser ??= launchChromium();
  const context = await (await browser).newContext();
  try {
    const page = await context.newPage();
    const consoleErrors = collectConsoleErrors(page);
    await page.goto(sim.urls().desk);
    await page.getByLabel('Kommune').selectOption(kode);
    await page.getByLabel('Sagsbehandler (initialer)').fill('KBH');
    await page.getByLabel('Kodeord').fill(sim.cpr.settings.deskKodeord);
    await page.getByRole('button', { name: 'Log på' }).click();
    await page.waitForURL(/\/kommune$/, { timeout: 10_000 });
    const article = page.locator(`article[data-kvittering="${kvit}"]`);
    const listed = await article.count();
    await screenshot(world, page, 'waiting', `kommune desk ${kode}: waiting events before the decision on ${kvit}`);
    check(listed === 1, `the kommune desk of kommune ${kode} does not list receipt ${kvit} among the waiting events`);
    if (verb === 'afvis') await article.getByLabel('Begrundelse for afvisning').fill(reason ?? '');
    await article.getByRole('button', { name: verb === 'godkend' ? 'Godkend' : 'Afvis' }).click();
    const outcome = page.locator('[role=status], [role=alert]').first();
    await outcome.waitFor({ timeout: 10_000 });
    const role = await outcome.getAttribute('role');
    const text = (await outcome.textContent())?.trim() ?? '';
    await screenshot(world, page, verb === 'godkend' ? 'approved' : 'rejected', `kommune desk ${kode}: after ${verb === 'godkend' ? 'approving' : 'rejecting'} ${kvit}`);
    check(role === 'status', `the kommune desk did not accept the decision on ${kvit}: ${text}`);
    check(text.includes(kvit), `the kommune desk confirmed "${text}", not the decision on ${kvit}`);
    check(consoleErrors.length === 0, `the kommune desk logged errors in the browser: ${consoleErrors.join('; ')}`);
  } finally {
    await context.close();
  }
}
