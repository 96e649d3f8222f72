/**
 * Names of the report outputs in a bundle (report v1). Kept free of imports so verification
 * (and `pdf/render.ts`) can use them without loading the builder or playwright.
 */
export const REPORT_JSON_FILE = 'report.json';
export const REPORT_HTML_FILE = 'report.html';
export const REPORT_PDF_FILE = 'report.pdf';
