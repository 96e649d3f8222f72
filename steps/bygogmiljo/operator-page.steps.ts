/**
 * The operator's side of the suite, done on the simulated operator page in headless Chromium
 * the way KOMBIT's operator registers what a municipality sends in. Each page action leaves a
 * screenshot as artifact evidence.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AfterAll, Given, When } from '@cucumber/cucumber';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../simulators/kernel/browser/chromium.ts';
import { check } from '../support/check.ts';
import type { GovsimWorld } from '../support/world.ts';
import { PLATFORM, bom, certFor, configureSut, cvrOf, integratorCert, issueFoces } from './bom-world.ts';

let browser: Promise<Browser> | undefined;
AfterAll(async () => {
  if (browser) await (await browser).close().catch(() => undefined);
  browser = undefined;
});

/** Opens the operator page, runs `act`, then records a screenshot of the result as evidence. */
async function onOperatorPage(world: GovsimWorld, label: string, summary: string, act: (page: Page) => Promise<void>): Promise<string> {
  const sim = await bom(world);
  browser ??= launchChromium();
  const context = await (await browser).newContext();
  try {
    const page = await context.newPage();
    await page.goto(sim.urls().operator);
    await act(page);
    const status = page.getByRole('status').or(page.getByRole('alert'));
    await status.first().waitFor({ timeout: 5_000 });
    const shown = (await status.first().textContent())?.trim() ?? '';
    const png = await page.screenshot({ fullPage: true });
    const rel = join('artifacts', `${world.scenario.id}-operator-${label}.png`);
    mkdirSync(join(world.parameters.runDir, 'artifacts'), { recursive: true });
    writeFileSync(join(world.parameters.runDir, rel), png);
    world.run.recorder.record({
      kind: 'artifact', platform: PLATFORM, summary: `operator page: ${summary}`,
      data: { path: rel, sha256: createHash('sha256').update(png).digest('hex'), mediaType: 'image/png' },
    });
    check(await page.getByRole('alert').count() === 0, `the operator page refused: ${shown}`);
    return shown;
  } finally {
    await context.close();
  }
}

Given('{string} has a new function certificate for its case system that is not yet registered in Byg og Miljø', async function (this: GovsimWorld, name: string) {
  const cvr = await cvrOf(this, name);
  const fid = String(20_000_000 + Number(cvr.slice(-4)));
  configureSut(this, cvr, await issueFoces(this, `kommune-${cvr}`, cvr, fid, `${name} ESDH (funktionscertifikat)`, name));
});

When('the operator registers the certificate subject of {string} on the operator page', async function (this: GovsimWorld, name: string) {
  const cvr = await cvrOf(this, name);
  const cert = certFor(this, `kommune-${cvr}`);
  // The municipality sends the subject the way its certificate viewer shows it: openssl style, reversed order.
  const written = cert.subject.split(/,(?=[A-Za-z.0-9]+=)/).reverse().join(', ').replace(/=/g, ' = ');
  const shown = await onOperatorPage(this, 'certifikat', `function certificate registered for CVR ${cvr}`, async (page) => {
    await page.locator('#cert-cvr').selectOption(cvr);
    await page.getByLabel('Certifikatets emne (subject)').fill(written);
    await page.getByRole('button', { name: 'Registrér certifikat' }).click();
  });
  check(shown.includes(`CVR ${cvr}`), `the operator page did not confirm the registration for CVR ${cvr} (it showed "${shown}")`);
});

Given('the operator creates a service agreement for the integrator with {string} covering case area {string} on the operator page', async function (this: GovsimWorld, name: string, area: string) {
  const cvr = await cvrOf(this, name);
  const cert = await integratorCert(this);
  const sim = await bom(this);
  const label = sim.bom.state.konfiguration.SagOmraader.find((o) => o.Kode === area)?.VisningNavn;
  check(label, `case area "${area}" is not in the configuration`);
  await onOperatorPage(this, 'serviceaftale', `service agreement ${cert.cvr} → ${cvr} (${area})`, async (page) => {
    await page.getByLabel('Systemintegratorens CVR (fra dens FOCES-certifikat)').fill(cert.cvr);
    await page.getByLabel('Systemintegratorens navn').fill('Fiktiv Sagssystem ApS');
    await page.locator('#ag-myn').selectOption(cvr);
    await page.getByRole('checkbox', { name: `${label} (${area})` }).check();
    await page.getByRole('button', { name: 'Opret serviceaftale' }).click();
  });
  const a = sim.bom.state.registry.agreements.filter((x) => x.integratorCvr === cert.cvr && x.authorityCvr === cvr && !x.revokedAt).at(-1);
  check(a && a.sagOmraader.join() === area, `the operator page did not create the service agreement ${cert.cvr} → ${cvr} for area "${area}"`);
  this.values.set('bom.agreement', a.id);
});

When('the operator revokes the service agreement on the operator page', async function (this: GovsimWorld) {
  const sim = await bom(this);
  const id = String(this.values.get('bom.agreement'));
  const a = sim.bom.state.registry.agreements.find((x) => x.id === id);
  check(a, 'no service agreement was created in this scenario');
  await onOperatorPage(this, 'ophaevelse', `service agreement ${a.integratorCvr} → ${a.authorityCvr} revoked`, async (page) => {
    await page.getByRole('button', { name: `Ophæv aftale ${a.integratorCvr} til ${a.authorityCvr}` }).click();
  });
  check(a.revokedAt, `the operator page did not revoke the service agreement ${a.integratorCvr} → ${a.authorityCvr}`);
});
