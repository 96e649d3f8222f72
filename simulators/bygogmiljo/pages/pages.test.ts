/**
 * Acceptance: the operator page registers a certificate and a service agreement in
 * Chromium, and the effect is visible on the next SOAP call; the citizen page submits an
 * application that then shows up in HentBeskeder.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { collectConsoleErrors, launchChromium } from '../../kernel/browser/chromium.ts';
import { xml } from '../../kernel/xml/index.ts';
import { TEST_AUTHORITIES, TEST_INTEGRATOR } from '../domain/index.ts';
import { BomClient, NS, TransaktionFaultError } from '../reference/bom-client.ts';
import { startBom, type BomTestkit, type TestCert } from '../testing/testkit.ts';

const NORDBY = TEST_AUTHORITIES.nordby.cvr;
let kit: BomTestkit;
let browser: Browser;
let page: Page;
let errors: string[];
const dialogs: string[] = [];

beforeAll(async () => {
  kit = await startBom();
  browser = await launchChromium();
  page = await browser.newPage();
  errors = collectConsoleErrors(page);
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await kit?.close();
});

const client = (cert: TestCert) => new BomClient(kit.connection([{ myndighedCvr: NORDBY, cert }]), NORDBY, { certFile: cert.certFile, keyFile: cert.keyFile, caFile: kit.caFile });
async function listing(cert: TestCert): Promise<string> {
  try {
    const r = await client(cert).call('SagsbehandlingV5', 'LaesAnsoegningOversigt', xml`<LaesAnsoegningOversigt xmlns="${NS}"><fromDate>2000-01-01T00:00:00Z</fromDate><toDate>2100-01-01T00:00:00Z</toDate><myndighedCvr>${NORDBY}</myndighedCvr></LaesAnsoegningOversigt>`);
    return `ok ${r.child('LaesAnsoegningOversigtResult', NS)!.children('string', NS).length}`;
  } catch (e) {
    if (e instanceof TransaktionFaultError) return e.code;
    throw e;
  }
}

describe('operator page in headless Chromium', () => {
  it('is accessible: landmarks, one h1, a label for every control', async () => {
    await page.goto(`${kit.sim.urls().operator}`);
    for (const role of ['banner', 'main', 'contentinfo'] as const) expect(await page.getByRole(role).count(), role).toBe(1);
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    for (const name of ['Funktionscertifikater', 'Serviceaftaler', 'Myndigheder']) expect(await page.getByRole('heading', { name, exact: true }).count(), name).toBe(1);
    const unnamed = await page.evaluate(() => Array.from(document.querySelectorAll('input, select, textarea, button')).filter((e) => {
      const el = e as HTMLInputElement;
      return !(el.labels && el.labels.length > 0) && !el.getAttribute('aria-label') && !(el.tagName === 'BUTTON' && el.textContent?.trim());
    }).map((e) => e.outerHTML));
    expect(unnamed).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('da');
  });

  it('registers a function certificate, and the next SOAP call with it is accepted', async () => {
    const cert = await kit.foces(NORDBY, '3001', 'Nordby sagssystem (funktionscertifikat)');
    expect(await listing(cert)).toBe('BOM_CERTIFIKAT_IKKE_REGISTRERET');
    await page.goto(`${kit.sim.urls().operator}`);
    await page.getByLabel('Myndighed', { exact: true }).first().selectOption(NORDBY);
    // The operator pastes the subject as the certificate shows it (openssl style, other order).
    const openssl = cert.issued.subject.split(',').reverse().join(', ').replace(/=/g, ' = ');
    await page.getByLabel('Certifikatets emne (subject)').fill(openssl);
    await page.getByRole('button', { name: 'Registrér certifikat' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain(`Certifikat registreret for CVR ${NORDBY}`);
    expect(await page.locator('#registrations').textContent()).toContain(`CVR:${NORDBY}-FID:3001`);
    expect(await listing(cert)).toBe('ok 3');
    expect(errors).toEqual([]);
  });

  it('creates and revokes a service agreement, each visible on the next SOAP call', async () => {
    const integrator = await kit.foces(TEST_INTEGRATOR.cvr, '7101', 'Fiktiv Sagssystem (funktionscertifikat)');
    expect(await listing(integrator)).toBe('BOM_CERTIFIKAT_IKKE_REGISTRERET');
    await page.goto(`${kit.sim.urls().operator}`);
    await page.getByLabel('Systemintegratorens CVR (fra dens FOCES-certifikat)').fill(TEST_INTEGRATOR.cvr);
    await page.getByLabel('Systemintegratorens navn').fill(TEST_INTEGRATOR.name);
    await page.locator('#ag-myn').selectOption(NORDBY);
    await page.getByRole('checkbox', { name: 'Byggeri (byg)' }).check();
    await page.getByRole('button', { name: 'Opret serviceaftale' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Serviceaftale oprettet');
    expect(await listing(integrator)).toBe('ok 2');
    await page.getByRole('button', { name: `Ophæv aftale ${TEST_INTEGRATOR.cvr} til ${NORDBY}` }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('er ophævet');
    expect(await listing(integrator)).toBe('BOM_SERVICEAFTALE_OPHOERT');
    expect(errors).toEqual([]);
  });

  it('shows refused input as an alert and escapes what it echoes', async () => {
    await page.goto(`${kit.sim.urls().operator}`);
    await page.getByLabel('Systemintegratorens CVR (fra dens FOCES-certifikat)').fill('12345678');
    await page.getByRole('checkbox', { name: 'Miljø (miljoe)' }).check();
    await page.getByRole('button', { name: 'Opret serviceaftale' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('BOM_CVR_UGYLDIG');
    await page.goto(`${kit.sim.urls().operator}`);
    await page.getByLabel('Certifikatets emne (subject)').fill('CN=<img src=x onerror=alert(1)>, serialNumber=CVR:99990007-FID:666');
    await page.getByRole('button', { name: 'Registrér certifikat' }).click();
    await expect.poll(() => page.locator('#registrations').textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(await page.locator('#registrations img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.goto(`${kit.sim.urls().operator}`);
    await page.getByLabel('Certifikatets emne (subject)').fill('-----BEGIN PRIVATE KEY-----\nMIIE');
    await page.getByRole('button', { name: 'Registrér certifikat' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('BOM_PRIVAT_NOEGLE_AFVIST');
    // The refused form posts answer 400 on purpose; Chromium logs those, nothing else.
    expect(errors.every((e) => /status of 400 .*\/operator\/(certifikater|serviceaftaler)/.test(e)), errors.join('\n')).toBe(true);
    errors.length = 0;
  });
});

describe('citizen page in headless Chromium', () => {
  it('submits an application that then appears in HentBeskeder and LaesAnsoegning', async () => {
    const cert = await kit.foces(NORDBY, '3002', 'Nordby poll (funktionscertifikat)');
    kit.sim.bom.registerCertificate(NORDBY, cert.issued.subject);
    await page.goto(`${kit.sim.urls().citizen}`);
    expect(await page.getByRole('main').count()).toBe(1);
    await page.getByLabel('Kommune').selectOption(NORDBY);
    await page.getByLabel('Hvad søger du om?').selectOption('byg/carport');
    await page.getByLabel('Dit navn').fill('Frida Fiktiv');
    await page.getByLabel('Vejnavn').fill('Skærmvej');
    await page.getByLabel('Husnummer').fill('3');
    await page.getByLabel('Beskrivelse af projektet').fill('Carport på 30 m²');
    await page.getByRole('button', { name: 'Indsend ansøgning' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/BOM-nummer \d{4}-\d{6}/);
    const bomNummer = /(\d{4}-\d{6})/.exec((await page.getByRole('status').textContent())!)![1];
    const app = [...kit.sim.bom.state.applications.values()].find((a) => a.bomNummer === bomNummer)!;
    const r = await client(cert).call('BeskedfordelerV2', 'HentBeskeder', xml`<HentBeskeder xmlns="${NS}"><request><MyndighedCvr>${NORDBY}</MyndighedCvr></request></HentBeskeder>`);
    const ids = r.child('HentBeskederResult', NS)!.child('Beskeder', NS)!.children('AnsoegningIndsendtBesked', NS).map((b) => b.child('AnsoegningId', NS)!.text());
    expect(ids).toContain(app.ansoegningId);
    const read = await client(cert).call('SagsbehandlingV5', 'LaesAnsoegning', xml`<LaesAnsoegning xmlns="${NS}"><ansoegningId>${app.ansoegningId}</ansoegningId><myndighedCvr>${NORDBY}</myndighedCvr></LaesAnsoegning>`);
    expect(read.child('LaesAnsoegningResult', NS)!.child('BOMSag', NS)!.child('TilknyttetAnsoegerListe', NS)!.text()).toContain('Frida Fiktiv');
    expect(errors).toEqual([]);
  });
});

function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('cross-site requests to the pages (no login: loopback only)', () => {
  const form = new URLSearchParams({ cvr: NORDBY, subject: 'CN=Forged, serialNumber=CVR:99990007-FID:999' }).toString();

  it('refuses a forged cross-site form post and a rebinding host, records them, and changes nothing', async () => {
    const url = `${kit.sim.urls().portal}/operator/certifikater`;
    const before = kit.sim.bom.state.registry.registrations.length;
    const forged = await post(url, form, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(forged.status).toBe(403);
    expect(forged.body).toContain('BOM_PORTAL_FREMMED_OPRINDELSE');
    const rebound = await post(url, form, { host: 'evil.example:8075', origin: 'http://evil.example:8075' });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('BOM_PORTAL_VAERT_AFVIST');
    expect(kit.sim.bom.state.registry.registrations.length).toBe(before);
    const refused = kit.recorder.query().filter((r) => r.kind === 'exchange' && r.verdicts?.some((v) => v.check.startsWith('BOM_PORTAL_') && !v.ok));
    expect(refused).toHaveLength(2);
  });

  it('accepts the same post from a script without browser headers (negative control for the guard)', async () => {
    const res = await post(`${kit.sim.urls().portal}/operator/certifikater`, form, {});
    expect(res.status).toBe(303);
    expect(kit.sim.bom.state.registry.registrations.some((r) => r.subject.includes('Forged'))).toBe(true);
  });
});
