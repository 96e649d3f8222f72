/** Errors raised by the XML kernel. Every error carries a stable code that tests and transports assert on. */

export type XmlErrorCode =
  | 'XML_DTD_FORBIDDEN'
  | 'XML_PI_FORBIDDEN'
  | 'XML_TOO_LARGE'
  | 'XML_TOO_DEEP'
  | 'XML_TOO_MANY_ATTRIBUTES'
  | 'XML_NAME_TOO_LONG'
  | 'XML_MALFORMED'
  | 'XML_BAD_ENCODING'
  | 'XML_INVALID_CHAR'
  | 'XML_PATH_INVALID'
  | 'XML_PATH_UNKNOWN_PREFIX'
  | 'XML_C14N_FAILED'
  | 'XML_INTERNAL'
  | 'XSD_FILE_NOT_FOUND'
  | 'XSD_REMOTE_FORBIDDEN'
  | 'XSD_COMPILE_FAILED'
  | 'XSD_DISPOSED';

export interface XmlErrorDetails {
  /** Source line (1-based) where the problem was found. */
  line?: number;
  /** Source column (1-based, in characters). */
  column?: number;
  /** Element path such as `/soap:Envelope/soap:Body`, when known. */
  path?: string;
  /** Name of the document or file, e.g. the request id or schema file. */
  label?: string;
}

export class XmlError extends Error {
  override readonly name = 'XmlError';
  readonly code: XmlErrorCode;
  readonly line?: number;
  readonly column?: number;
  readonly path?: string;
  readonly label?: string;
  /** The reason alone, without location and code (for reports that lay those out separately). */
  readonly reason: string;

  constructor(code: XmlErrorCode, reason: string, details: XmlErrorDetails = {}) {
    super(formatMessage(code, reason, details));
    this.code = code;
    this.reason = reason;
    this.line = details.line;
    this.column = details.column;
    this.path = details.path;
    this.label = details.label;
  }
}

function formatMessage(code: XmlErrorCode, reason: string, d: XmlErrorDetails): string {
  const where: string[] = [];
  if (d.line !== undefined) where.push(d.column !== undefined ? `line ${d.line}, column ${d.column}` : `line ${d.line}`);
  if (d.path) where.push(`in ${d.path}`);
  const prefix = d.label ? `${d.label}: ` : '';
  const loc = where.length ? ` (${where.join(', ')})` : '';
  return `${prefix}${reason}${loc} [${code}]`;
}

export function isXmlError(e: unknown, code?: XmlErrorCode): e is XmlError {
  return e instanceof XmlError && (code === undefined || e.code === code);
}
