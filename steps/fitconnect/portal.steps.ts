/**
 * The self-service portal as the developer uses it, in headless Chromium: log in, create a
 * Sender client, read id and secret. The page is kept as a screenshot artifact with the
 * secret masked; the credentials go to the system under test like a developer would
 * configure them.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AfterAll, Given, Then } from '@cucumber/cucumber';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../simulators/kernel/browser/chromium.ts';
import { PORTAL_ACCOUNT } from '../../simulators/fitconnect/portal/routes.ts';
import type { SeededClient } from '../../simulators/fitconnect/transport/seed.ts';
import { check, checkEqual } from '../support/check.ts';
import type { GovsimWorld } from '../support/world.ts';
import { dataOf, inbound, TOKEN } from './evidence.ts';
import { fitconnect } from './setup.ts';

let browser: Promise<Browser> | undefined;
AfterAll(async () => {
  if (browser) await (await browser).close().catch(() => undefined);
  browser = undefined;
});

Given('the developer creates Sender client {string} on the self-service portal', async function (this: GovsimWorld, name: string) {
  const sim = await fitconnect(this);
  browser ??= launchChromium();
  // The portal's certificate comes from the govsim test PKI, which Chromium does not know.
  const context = await (await browser).newContext({ ignoreHTTPSErrors: true });
  try {
    const page = await context.newPage();
    await page.goto(sim.urls().portal);
    await page.getByLabel('E-Mail').fill(PORTAL_ACCOUNT.username);
    await page.getByLabel('Passwort').fill(PORTAL_ACCOUNT.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByLabel('Client-Typ').selectOption('sender');
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByRole('button', { name: 'Client anlegen' }).click();
    const requestLine = (await page.locator('#token-request').textContent({ timeout: 10_000 }))?.trim() ?? '';
    // The secret is shown once; the artifact must not keep it.
    const png = await page.screenshot({ fullPage: true, mask: [page.locator('#token-request')] });
    const rel = join('artifacts', `${this.scenario.id}-portal-sender-client.png`);
    mkdirSync(join(this.parameters.runDir, 'artifacts'), { recursive: true });
    writeFileSync(join(this.parameters.runDir, rel), png);
    this.run.recorder.record({
      kind: 'artifact', platform: 'fitconnect', environment: this.parameters.environment ?? 'test',
      summary: `self-service portal: Sender client "${name}" created (secret masked)`,
      data: { path: rel, sha256: createHash('sha256').update(png).digest('hex'), mediaType: 'image/png' },
    });
    const form = new URLSearchParams(requestLine);
    const clientId = form.get('client_id') ?? '';
    const clientSecret = form.get('client_secret') ?? '';
    check(/^[0-9a-f-]{36}$/.test(clientId) && clientSecret !== '', `the portal did not show a client id and secret for the new client (shown: ${requestLine.replace(/client_secret=[^&\s]*/, 'client_secret=…')})`);
    const row = (await page.locator('table').first().textContent()) ?? '';
    check(row.includes(clientId) && row.includes('send:region:DE'), `the portal does not list client ${clientId} with a send scope`);
    const client: SeededClient = { clientId, clientSecret, type: 'sender', name, scopes: ['send:region:DE'] };
    this.values.set('fc.sender', client);
    this.values.set('fc.portalClientId', clientId);
  } finally {
    await context.close();
  }
});

Then('the token was issued to the client created on the portal', async function (this: GovsimWorld) {
  const r = await this.waitForEvidence('a token request', (x) => inbound('POST', TOKEN)(x) && x.response?.status === 200);
  checkEqual(dataOf<{ clientId?: string }>(r).clientId, this.values.get('fc.portalClientId'), 'client_id of the token issued');
});
