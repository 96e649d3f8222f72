/**
 * The self-service portal in headless Chromium: log in, create a Sender client, use its
 * credentials for a token; rotate and delete; register a destination. The secret shown
 * once on the page must not reach the evidence.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectConsoleErrors, launchChromium } from '../../kernel/browser/chromium.ts';
import { createRecorder, type Recorder } from '../../kernel/evidence/index.ts';
import { FaultStore } from '../../kernel/faults/rules.ts';
import { createEphemeralPki, type Pki } from '../../kernel/pki/index.ts';
import { systemClock, type Simulator } from '../../kernel/types.ts';
import { createFitConnectSimulator } from '../index.ts';
import { httpsCall } from '../reference/http.ts';
import { PORTAL_ACCOUNT } from './routes.ts';

let browser: Browser;
let sim: Simulator;
let pki: Pki;
let recorder: Recorder;
let evidenceFile: string;

beforeAll(async () => {
  pki = await createEphemeralPki();
  evidenceFile = join(mkdtempSync(join(tmpdir(), 'govsim-fc-portal-')), 'evidence.jsonl');
  recorder = createRecorder({ file: evidenceFile, runId: 'fc-portal' });
  sim = createFitConnectSimulator({ recorder, faults: new FaultStore(), pki, clock: systemClock, host: '127.0.0.1', environment: 'refz' });
  await Promise.all([sim.start(), launchChromium().then((b) => { browser = b; })]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sim?.stop();
  recorder?.close();
});

const tokenRequest = (body: string) => httpsCall(sim.urls().token, { method: 'POST', ca: pki.trustedCaPem(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

describe('FIT-Connect self-service portal', () => {
  it('creates a Sender client whose credentials get a token; rotating and deleting take effect', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    await page.goto(sim.urls().portal);
    await page.getByLabel('E-Mail').fill(PORTAL_ACCOUNT.username);
    await page.getByLabel('Passwort').fill('wrong');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    expect(await page.getByRole('alert').textContent()).toMatch(/falsch/);

    await page.goto(sim.urls().portal);
    await page.getByLabel('E-Mail').fill(PORTAL_ACCOUNT.username);
    await page.getByLabel('Passwort').fill(PORTAL_ACCOUNT.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByLabel('Client-Typ').selectOption('sender');
    await page.getByLabel('Name', { exact: true }).fill('Onlinedienst <Musterstadt> (fiktiv)');
    await page.getByRole('button', { name: 'Client anlegen' }).click();
    const line = (await page.locator('#token-request').textContent())!;
    expect(line).toMatch(/^grant_type=client_credentials&client_id=[0-9a-f-]{36}&client_secret=\S+$/);
    expect(await page.locator('table').first().textContent()).toContain('send:region:DE');
    expect(await page.content()).toContain('Onlinedienst &lt;Musterstadt&gt; (fiktiv)');
    const shot = await page.screenshot({ fullPage: true });
    expect(shot.subarray(1, 4).toString('ascii')).toBe('PNG');

    const ok = await tokenRequest(line);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toMatchObject({ token_type: 'Bearer', expires_in: 1800 });

    const clientId = /client_id=([0-9a-f-]{36})/.exec(line)![1];
    await page.getByRole('button', { name: /Secret rotieren/ }).click();
    const rotated = (await page.locator('#token-request').textContent())!;
    expect(rotated).not.toBe(line);
    expect((await tokenRequest(line)).status).toBe(401);
    expect((await tokenRequest(rotated)).status).toBe(200);
    await page.getByRole('button', { name: /Löschen/ }).click();
    expect(await page.getByRole('status').textContent()).toContain(clientId);
    expect((await tokenRequest(rotated)).status).toBe(401);
    expect(errors).toEqual([]);

    // The secrets were on the pages but never in the evidence.
    recorder.close();
    const evidence = readFileSync(evidenceFile, 'utf8');
    for (const l of [line, rotated]) expect(evidence).not.toContain(/client_secret=(\S+)/.exec(l)![1]);
    await context.close();
  }, 60_000);

  it('registers a destination with a PKI-certified key and refuses a form without the CSRF token', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(sim.urls().portal);
    await page.getByLabel('E-Mail').fill(PORTAL_ACCOUNT.username);
    await page.getByLabel('Passwort').fill(PORTAL_ACCOUNT.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByLabel(/Leistungsschlüssel/).fill('99123456760610');
    await page.getByLabel(/Region/).fill('DE09162');
    await page.getByLabel('Fachschema-URI').fill('https://schema.fitko.de/fim/s00000121_1.0.0.schema.json');
    await page.getByRole('button', { name: 'Zustellpunkt anlegen' }).click();
    const id = (await page.locator('#destination-id').textContent())!;
    const key = (sim.admin.state() as { destinations: { destinationId: string; encryptionKid: string }[] }).destinations.find((x) => x.destinationId === id);
    expect(key).toBeDefined();
    const jwk = JSON.parse((await httpsCall(`${sim.urls().submissionApi}/v1/destinations/${id}/keys/${key!.encryptionKid}`, { ca: pki.trustedCaPem() })).text) as { x5c: string[]; key_ops: string[] };
    expect(jwk.key_ops).toEqual(['wrapKey']);
    expect(jwk.x5c.length).toBe(3);
    const cookies = await context.cookies();
    const forged = await page.request.post(`${sim.urls().portal}/clients`, { form: { type: 'sender', name: 'x' }, headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
    expect(forged.status()).toBe(403);
    await context.close();
  }, 60_000);
});
