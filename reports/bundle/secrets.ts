import { ReportError } from '../errors.ts';

/**
 * A PEM private key block that is not the recorder's redaction placeholder
 * (`-----BEGIN PRIVATE KEY-----[REDACTED]-----END PRIVATE KEY-----`).
 */
const LIVE_PRIVATE_KEY = /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----(?!\[REDACTED\]-----END \1-----)/;

export function containsPrivateKey(content: string | Uint8Array): boolean {
  const text = typeof content === 'string' ? content : Buffer.from(content).toString('latin1');
  return LIVE_PRIVATE_KEY.test(text);
}

/** Throws before anything is written when any output would carry a private key. */
export function assertNoPrivateKeys(files: ReadonlyMap<string, string | Uint8Array>): void {
  const offending = [...files].filter(([, content]) => containsPrivateKey(content)).map(([name]) => name);
  if (offending.length > 0) {
    throw new ReportError('REPORT_PRIVATE_KEY_IN_OUTPUT', `refusing to write the bundle: a private key block would be written to ${offending.join(', ')}`);
  }
}
