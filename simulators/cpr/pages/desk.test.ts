/**
 * The kommune desk in headless Chromium, end to end with the protocol: the reference
 * self-service server saves a move over mTLS, the caseworker approves or rejects it on
 * the page, and the protocol's KVIT and a later INIT show the decision.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectConsoleErrors, launchChromium } from '../../kernel/browser/chromium.ts';
import { createRecorder, type Recorder } from '../../kernel/evidence/index.ts';
import { FaultStore } from '../../kernel/faults/rules.ts';
import { createEphemeralPki, type Pki } from '../../kernel/pki/index.ts';
import { systemClock } from '../../kernel/types.ts';
import { createCprSimulator, type CprSimulator } from '../index.ts';
import { danishDay } from '../domain/index.ts';
import { queryReceipt, reportEvent, showPerson, type ReportParams } from '../reference/index.ts';
import { escapeHtml, kommunePage } from './desk-html.ts';

let browser: Browser;
let sim: CprSimulator;
let pki: Pki;
let recorder: Recorder;
let dir: string;

beforeAll(async () => {
  pki = await createEphemeralPki({ keyAlgorithm: 'ec-p256' });
  dir = mkdtempSync(join(tmpdir(), 'govsim-cpr-desk-'));
  recorder = createRecorder({ file: join(dir, 'evidence.jsonl'), runId: 'cpr-desk' });
  sim = createCprSimulator({ recorder, faults: new FaultStore(), pki, clock: systemClock, host: '127.0.0.1' });
  await Promise.all([sim.start(), launchChromium().then((b) => { browser = b; })]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sim?.stop();
  recorder?.close();
});

async function provider(name: string): Promise<ReportParams> {
  const cert = await pki.issue({ profile: 'foces', cvr: sim.cpr.settings.providerCvr, fid: '70000002', commonName: 'desk test', organization: 'Testudbyder ApS (fiktiv)', purpose: 'client', keyAlgorithm: 'ec-p256' });
  const files = { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'c.pem'), keyFile: join(dir, 'k.pem'), kendeordFile: join(dir, 'kendeord.txt') };
  writeFileSync(files.caFile, pki.trustedCaPem().join('\n'));
  writeFileSync(files.certFile, cert.certPem + cert.chainPem);
  writeFileSync(files.keyFile, cert.keyPem);
  writeFileSync(files.kendeordFile, sim.cpr.settings.kendeord);
  const today = danishDay(new Date());
  return {
    url: sim.urls().protocol, ...files, personkode: sim.cpr.settings.personkode, stateFile: join(dir, `${name}-state.json`),
    haendelseskode: 'FLYT', pnr: '', kommunekode: '0101', haendelsesdato: today,
    data: { TILFLYTNINGSDATO: today, KOMMUNEKODE: '0101', VEJKODE: '5032', HUSNR: '10', ETAGE: '2', SIDEDOER: 'th', POSTNR: '2200' },
  };
}

async function openKommune(page: Page, kode: string): Promise<void> {
  await page.goto(sim.urls().desk);
  await page.getByLabel('Kommune').selectOption(kode);
  await page.getByLabel('Sagsbehandler (initialer)').fill('KBH');
  await page.getByLabel('Kodeord').fill(sim.cpr.settings.deskKodeord);
  await page.getByRole('button', { name: 'Log på' }).click();
  await page.waitForURL(/\/kommune$/);
}

/** Logs a caseworker on over plain HTTP; returns the session cookie. */
async function logonCookie(kode: string, kodeord = sim.cpr.settings.deskKodeord): Promise<{ status: number; cookie: string }> {
  const res = await fetch(`${sim.urls().desk}/logon`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ kode, sagsbehandler: 'KBH', kodeord }).toString(),
  });
  await res.text();
  return { status: res.status, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] };
}

describe('kommune desk', () => {
  it('approves a waiting move in Chromium; KVIT answers G and CPR then registers the new address', async () => {
    sim.admin.reset();
    const p = await provider('approve');
    const anna = sim.cpr.person('anna');
    const saved = await reportEvent({ ...p, pnr: anna.pnr });
    expect(saved.ok, JSON.stringify(saved)).toBe(true);
    const nr = saved.kvittering!.KVITTERINGSNR;

    const page = await browser.newPage();
    const errors = collectConsoleErrors(page);
    await openKommune(page, '0101');
    expect(await page.getByRole('main').count()).toBe(1);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('København Kommune (0101)');
    const article = page.locator(`article[data-kvittering="${nr}"]`);
    await expect(article.getByRole('heading', { level: 3 }).textContent()).resolves.toContain('Flytning inden for Danmark');
    await expect(article.locator('table').textContent()).resolves.toContain('Nørrebrogade 10, 2. th, 2200 København N');
    await article.getByRole('button', { name: 'Godkend' }).click();
    await page.waitForURL(/besked=godkendt/);
    await expect(page.getByRole('status').textContent()).resolves.toContain(`${nr} er godkendt`);
    expect(await page.locator(`article[data-kvittering="${nr}"]`).count()).toBe(0);
    await expect(page.locator(`tr[data-kvittering="${nr}"]`).textContent()).resolves.toContain('Godkendt');
    await page.screenshot({ path: join(dir, 'desk-approved.png') });
    expect(errors).toEqual([]);
    await page.close();

    const status = await queryReceipt({ ...p, kvitteringsnr: nr });
    expect(status).toMatchObject({ ok: true, status: 'G' });
    const now = await showPerson({ ...p, pnr: anna.pnr });
    expect(now.stamoplysninger).toMatchObject({ VEJNAVN: 'Nørrebrogade', HUSNR: '10', POSTDISTRIKT: 'København N' });
  });

  it('rejects with a reason in Chromium; KVIT answers A with the reason and the register is unchanged', async () => {
    sim.admin.reset();
    const p = await provider('reject');
    const anna = sim.cpr.person('anna');
    const saved = await reportEvent({ ...p, pnr: anna.pnr });
    const nr = saved.kvittering!.KVITTERINGSNR;

    const page = await browser.newPage();
    const errors = collectConsoleErrors(page);
    await openKommune(page, '0101');
    const article = page.locator(`article[data-kvittering="${nr}"]`);
    await article.getByRole('button', { name: 'Afvis' }).click();
    expect(page.url()).not.toMatch(/besked=afvist/);
    await article.getByLabel('Begrundelse for afvisning').fill('Adressen er ikke godkendt til beboelse');
    await article.getByRole('button', { name: 'Afvis' }).click();
    await page.waitForURL(/besked=afvist/);
    await expect(page.locator(`tr[data-kvittering="${nr}"]`).textContent()).resolves.toContain('Adressen er ikke godkendt til beboelse');
    expect(errors).toEqual([]);
    await page.close();

    expect(await queryReceipt({ ...p, kvitteringsnr: nr })).toMatchObject({ ok: true, status: 'A', begrundelse: 'Adressen er ikke godkendt til beboelse' });
    expect(sim.cpr.person('anna').adresse.vejkode).toBe('8154');
  });

  it('refuses a decision for another kommune, a missing reason, a second decision and a caseworker without session', async () => {
    sim.admin.reset();
    const p = await provider('refuse');
    const saved = await reportEvent({ ...p, pnr: sim.cpr.person('anna').pnr });
    const nr = saved.kvittering!.KVITTERINGSNR;
    const post = (cookie: string, verb: string, form: Record<string, string>) => fetch(`${sim.urls().desk}/kommune/${nr}/${verb}`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams(form).toString(),
    });
    const aarhus = await logonCookie('0751');
    const kbh = await logonCookie('0101');
    expect([aarhus.status, kbh.status]).toEqual([303, 303]);
    expect((await post(aarhus.cookie, 'godkend', {})).status).toBe(403);
    expect((await post('', 'godkend', {})).status).toBe(401);
    expect((await post('cprdesk=forged', 'godkend', {})).status).toBe(401);
    expect((await post(kbh.cookie, 'afvis', { begrundelse: ' ' })).status).toBe(400);
    expect((await post(kbh.cookie, 'godkend', {})).status).toBe(303);
    const again = await post(kbh.cookie, 'afvis', { begrundelse: 'for sent' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('role="alert"');
    expect((await fetch(`${sim.urls().desk}/kommune`)).status).toBe(401);
  });

  it('logs caseworkers on with the test kodeord, binds them to their kommune and ends idle sessions on the injected clock', async () => {
    sim.admin.reset();
    expect((await logonCookie('0101', 'Forkert#1')).status).toBe(401);
    expect((await logonCookie('9999')).status).toBe(401);
    const { cookie } = await logonCookie('0147');
    const list = await fetch(`${sim.urls().desk}/kommune?kode=0101`, { headers: { cookie } });
    await expect(list.text()).resolves.toContain('Frederiksberg Kommune (0147)');
    sim.cpr.clock.advance((sim.cpr.settings.deskIdleMinutes + 1) * 60_000);
    expect((await fetch(`${sim.urls().desk}/kommune`, { headers: { cookie } })).status).toBe(401);
    recorder.flush();
    const evidence = readFileSync(join(dir, 'evidence.jsonl'), 'utf8');
    expect(evidence).toContain('DESK_WRONG_KODEORD');
    expect(evidence).not.toContain(sim.cpr.settings.deskKodeord);
    expect(evidence).not.toContain(encodeURIComponent(sim.cpr.settings.deskKodeord));
    expect(evidence).toContain('kodeord=[REDACTED]');
    expect(evidence).not.toContain(cookie.split('=')[1]);
  });

  it('escapes every value it shows', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const html = kommunePage({
      kode: '0101', caseworker: 'KBH', decided: [],
      pending: [{ kvitteringsnr: 'K1', eventId: 'H1', personkode: 'X', kode: 'NAVN', pnr: '1403850000', kommunekode: '0101', data: {}, translated: [{ felt: 'FORNAVNE', vaerdi: evil, klartekst: evil }], status: 'V', savedAt: new Date(0) }],
      person: () => ({ fornavne: evil, efternavn: '"x"' } as never),
      message: { kind: 'status', text: evil },
    });
    expect(html).not.toContain('<img');
    expect(html).toContain(escapeHtml(evil));
  });
});
