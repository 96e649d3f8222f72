/** Stable error codes of the report builder; the CLI prints `code: message`. */
export type ReportErrorCode =
  | 'REPORT_RUN_DIR_MISSING'
  | 'REPORT_INPUT_MISSING'
  | 'REPORT_INPUT_MALFORMED'
  | 'REPORT_PRIVATE_KEY_IN_OUTPUT'
  | 'REPORT_SCHEMA_INVALID'
  | 'REPORT_SIGNER_INVALID'
  | 'REPORT_OUT_DIR_NOT_EMPTY'
  | 'REPORT_TEMPLATE_INVALID'
  | 'REPORT_PDF_FAILED';

export class ReportError extends Error {
  constructor(readonly code: ReportErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'ReportError';
  }
}
