/**
 * The scripted browser order: fills in the self-service form in headless Chromium the way
 * an authority's Hauptadministrator does, and reports what the page showed afterwards.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { launchChromium } from '../../kernel/browser/chromium.ts';

export interface OrderParams {
  orderUrl: string;
  mandant: string;
  email: string;
  passphrase: string;
  /** Tick the legal-conformity/IT-security checkbox. */
  consent: boolean;
  rechnungsempfaenger?: string;
  /** Where to save a screenshot of the result page (PNG). */
  screenshotFile?: string;
}

export interface OrderPageResult {
  httpStatus?: number;
  confirmed: boolean;
  confirmation?: string;
  buttonDisabled: boolean;
  protokollShown: boolean;
  protokoll: string[];
  screenshotFile?: string;
}

export async function orderInBrowser(p: OrderParams, o: { skipConsent?: boolean } = {}): Promise<OrderPageResult> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(p.orderUrl);
    await page.getByLabel('Mandant (Amtlicher Gemeindeschlüssel)').fill(p.mandant);
    await page.getByLabel('E-Mail-Adresse').fill(p.email);
    await page.getByLabel('Passphrase').fill(p.passphrase);
    if (p.consent && !o.skipConsent) await page.getByRole('checkbox').check();
    if (p.rechnungsempfaenger) await page.getByLabel('Rechnungsempfänger (optional)').fill(p.rechnungsempfaenger);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Applikationskopplung kostenpflichtig bestellen!' }).click(),
    ]);
    await page.waitForLoadState('domcontentloaded');
    const confirmation = page.locator('#bestaetigung');
    const confirmed = await confirmation.count() > 0;
    const details = page.locator('details#protokoll');
    const protokollShown = await details.count() > 0;
    if (protokollShown) await details.locator('summary').click();
    const result: OrderPageResult = {
      httpStatus: response.status(),
      confirmed,
      confirmation: confirmed ? (await confirmation.innerText()).trim() : undefined,
      buttonDisabled: await page.getByRole('button', { name: 'Applikationskopplung kostenpflichtig bestellen!' }).isDisabled(),
      protokollShown,
      protokoll: protokollShown ? (await details.locator('li').allInnerTexts()).map((s) => s.trim()) : [],
    };
    if (p.screenshotFile) {
      mkdirSync(dirname(p.screenshotFile), { recursive: true });
      await page.screenshot({ path: p.screenshotFile, fullPage: true });
      result.screenshotFile = p.screenshotFile;
    }
    return result;
  } finally {
    await browser.close();
  }
}
