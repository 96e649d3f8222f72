/** The preproduction citizen portal, checked in headless Chromium the way the tester checks it by hand. */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AfterAll, Then } from '@cucumber/cucumber';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../simulators/kernel/browser/chromium.ts';
import type { GovsimWorld } from '../support/world.ts';
import { check } from '../support/check.ts';
import { mijnOverheid } from './evidence.ts';

let browser: Promise<Browser> | undefined;
AfterAll(async () => {
  if (browser) await (await browser).close().catch(() => undefined);
  browser = undefined;
});

Then('citizen {string} sees zaak {string} with status {string} in the MijnOverheid portal', async function (this: GovsimWorld, bsn: string, id: string, status: string) {
  const sim = await mijnOverheid(this);
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
    const rel = join('artifacts', `${this.scenario.id}-portal-${id}.png`);
    mkdirSync(join(this.parameters.runDir, 'artifacts'), { recursive: true });
    writeFileSync(join(this.parameters.runDir, rel), png);
    this.run.recorder.record({
      kind: 'artifact', platform: 'mijnoverheid', summary: `citizen portal for ${bsn}: Lopende zaken (zaak ${id})`,
      data: { path: rel, sha256: createHash('sha256').update(png).digest('hex'), mediaType: 'image/png' },
    });
    check(shown === 1, `the portal of citizen ${bsn} does not show zaak ${id}`);
    const current = (await section.locator('.huidige-status').textContent())?.trim();
    check(current === status, `the portal shows zaak ${id} with status "${current}", expected "${status}"`);
  } finally {
    await context.close();
  }
});
