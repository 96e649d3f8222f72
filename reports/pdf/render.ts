import type { Browser } from 'playwright-core';
import { launchChromium } from '../../simulators/kernel/browser/chromium.ts';
import { esc } from '../html/escape.ts';

export { REPORT_PDF_FILE } from '../bundle/files.ts';

export interface RenderPdfOptions {
  /** Reuse a running browser (tests); otherwise one is launched and closed. */
  browser?: Browser;
  /** Header text on every page (the report title and run). */
  headerText: string;
}

/**
 * Prints report.html to PDF with Chromium: A4, print stylesheet (contents page, one
 * platform per chapter, sign-off pages), header with the title, footer "Page n of N".
 * JavaScript is disabled so the filter can never hide items in the PDF.
 */
export async function renderPdf(html: string, options: RenderPdfOptions): Promise<Buffer> {
  const browser = options.browser ?? await launchChromium();
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      const small = 'font-family: system-ui, sans-serif; font-size: 8px; color: #444; width: 100%; padding: 0 12mm;';
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: `<div style="${small}">${esc(options.headerText)}</div>`,
        footerTemplate: `<div style="${small} text-align: right;">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
        margin: { top: '18mm', bottom: '16mm', left: '12mm', right: '12mm' },
        outline: true,
        tagged: true,
      });
    } finally {
      await context.close();
    }
  } finally {
    if (!options.browser) await browser.close();
  }
}
