/** The preproduction citizen portal, checked in headless Chromium the way the tester checks it by hand. */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AfterAll, Then } from '@cucumber/cucumber';
import type { Browser, Locator } from 'playwright-core';
import { launchChromium } from '../../simulators/kernel/browser/chromium.ts';
import type { GovsimWorld } from '../support/world.ts';
import { check, checkEqual } from '../support/check.ts';
import { mijnOverheid } from './evidence.ts';

let browser: Promise<Browser> | undefined;
AfterAll(async () => {
  if (browser) await (await browser).close().catch(() => undefined);
  browser = undefined;
});

/** Logs in as the citizen, screenshots "Lopende zaken" into the evidence, and hands the zaak's section to `inspect`. */
async function inPortal(world: GovsimWorld, bsn: string, id: string, inspect: (section: Locator) => Promise<void>): Promise<void> {
  const sim = await mijnOverheid(world);
  const person = sim.mijnoverheid.state.persons.get(bsn);
  check(person, `${bsn} is not a test citizen`);
  browser ??= launchChromium();
  const context = await (await browser).newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${sim.urls().portal}/inloggen`);
    await page.getByLabel('DigiD-gebruikersnaam').fill(person.digid.username);
    await page.getByLabel('Wachtwoord').fill(person.digid.password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL(/\/lopende-zaken$/);
    const section = page.locator(`section[data-zaak="${id}"]`);
    const shown = await section.count();
    const png = await page.screenshot({ fullPage: true });
    const rel = join('artifacts', `${world.scenario.id}-portal-${id}-${Date.now()}.png`);
    mkdirSync(join(world.parameters.runDir, 'artifacts'), { recursive: true });
    writeFileSync(join(world.parameters.runDir, rel), png);
    world.run.recorder.record({
      kind: 'artifact', platform: 'mijnoverheid', summary: `citizen portal for ${bsn}: Lopende zaken (zaak ${id})`,
      data: { path: rel, sha256: createHash('sha256').update(png).digest('hex'), mediaType: 'image/png' },
    });
    check(shown === 1, `the portal of citizen ${bsn} does not show zaak ${id}`);
    await inspect(section);
  } finally {
    await context.close();
  }
}

Then('citizen {string} sees zaak {string} with status {string} in the MijnOverheid portal', async function (this: GovsimWorld, bsn: string, id: string, status: string) {
  await inPortal(this, bsn, id, async (section) => {
    const current = (await section.locator('.huidige-status').textContent())?.trim();
    check(current === status, `the portal shows zaak ${id} with status "${current}", expected "${status}"`);
  });
});

Then('citizen {string} sees the status history {string} of zaak {string} in the MijnOverheid portal', async function (this: GovsimWorld, bsn: string, history: string, id: string) {
  await inPortal(this, bsn, id, async (section) => {
    const shown = (await section.locator('ol.statussen .status-omschrijving').allTextContents()).map((t) => t.trim()).join(' > ');
    checkEqual(shown, history, `status history of zaak ${id} in the portal`);
  });
});

Then('citizen {string} sees the link {string} for zaak {string} in the MijnOverheid portal', async function (this: GovsimWorld, bsn: string, url: string, id: string) {
  await inPortal(this, bsn, id, async (section) => {
    const link = section.getByRole('link', { name: 'Bekijk deze zaak bij de organisatie' });
    check(await link.count() === 1, `the portal shows no link for zaak ${id}`);
    checkEqual(await link.getAttribute('href'), url, `link of zaak ${id} in the portal`);
  });
});
