import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { collectConsoleErrors, launchChromium } from '../../kernel/browser/chromium.ts';
import { startKit, zaak, type Kit } from '../testkit.ts';
import { escapeHtml, safeLink, stufDatum } from './format.ts';

let browser: Browser;
let kit: Kit;
beforeAll(async () => {
  [browser, kit] = await Promise.all([launchChromium(), startKit()]);
});
afterAll(async () => {
  await Promise.allSettled([browser?.close(), kit?.close()]);
});

async function login(username: string, password: string) {
  const page = await browser.newPage();
  const errors = collectConsoleErrors(page);
  await page.goto(`${kit.sim.urls().portal}/`);
  await page.getByLabel('DigiD-gebruikersnaam').fill(username);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  return { page, errors };
}

describe('preproduction citizen portal (Chromium)', () => {
  it('the first DigiD login registers the account, after which zaakberichten are accepted and shown', async () => {
    const mo = '00000004003214345001';
    const refused = await kit.adapter.sendZaak(zaak({ identificatie: 'P-1', bsn: '999993653' }), mo);
    expect(refused.acknowledged).toBe(true);
    expect(kit.sim.mijnoverheid.state.zaken.forBsn('999993653')).toEqual([]);

    const person = kit.sim.mijnoverheid.state.persons.get('999993653')!;
    const first = await login(person.digid.username, person.digid.password);
    await first.page.waitForURL(/lopende-zaken$/);
    expect(await first.page.getByRole('status').textContent()).toMatch(/account is geregistreerd/);
    await first.page.close();

    await kit.adapter.sendZaak(zaak({ identificatie: 'P-2', bsn: '999993653', omschrijving: '<script>alert(1)</script> Kapvergunning', verwijzing: 'https://www.proefstad.example.test/zaak/P-2' }), mo);
    await kit.adapter.sendZaak(zaak({ identificatie: 'P-2', bsn: '999993653', omschrijving: '<script>alert(1)</script> Kapvergunning', verwijzing: 'https://www.proefstad.example.test/zaak/P-2', einddatum: '20260610', resultaat: 'Verleend', status: { code: 'S9', omschrijving: 'Afgehandeld', datumStatusGezet: '20260610100000', volgnummer: '2' } }), mo);

    const { page, errors } = await login(person.digid.username, person.digid.password);
    await page.waitForURL(/lopende-zaken$/);
    const section = page.locator('section[data-zaak="P-2"]');
    expect(await section.getByRole('heading', { level: 3 }).textContent()).toBe('<script>alert(1)</script> Kapvergunning');
    expect(await section.locator('.huidige-status').textContent()).toBe('Afgerond');
    expect(await section.locator('.resultaat').textContent()).toBe('Verleend');
    expect(await section.locator('.einddatum').textContent()).toBe('10-06-2026');
    expect(await section.locator('.status-omschrijving').allTextContents()).toEqual(['Ontvangen', 'Afgehandeld']);
    expect(await section.locator('a.verwijzing').getAttribute('href')).toBe('https://www.proefstad.example.test/zaak/P-2');
    expect(await page.locator('main').count()).toBe(1);
    expect(await page.locator('section[data-zaak="P-1"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a wrong password is refused without a session', async () => {
    const { page } = await login('test999993847', 'fout');
    expect(await page.getByRole('alert').textContent()).toMatch(/onbekend/);
    await page.goto(`${kit.sim.urls().portal}/lopende-zaken`);
    expect(page.url()).toMatch(/inloggen$/);
    await page.close();
  });
});

describe('portal formatting', () => {
  it('dates, links and escaping', () => {
    expect(stufDatum('20260601')).toBe('01-06-2026');
    expect(stufDatum('20260601123456')).toBe('01-06-2026 12:34');
    expect(safeLink('javascript:alert(1)')).toBeUndefined();
    expect(safeLink('https://x.example.test/a')).toBe('https://x.example.test/a');
    expect(escapeHtml('<a href="x">&\'')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });
});
