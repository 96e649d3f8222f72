export type MimeErrorCode =
  | 'MIME_BAD_CONTENT_TYPE'
  | 'MIME_NOT_MULTIPART_RELATED'
  | 'MIME_NO_BOUNDARY'
  | 'MIME_BAD_BOUNDARY'
  | 'MIME_NO_PARTS'
  | 'MIME_TRUNCATED'
  | 'MIME_TOO_LARGE'
  | 'MIME_TOO_MANY_PARTS'
  | 'MIME_HEADER_TOO_LARGE'
  | 'MIME_BAD_HEADER'
  | 'MIME_MISSING_START'
  | 'MIME_DUPLICATE_CONTENT_ID'
  | 'MIME_UNSUPPORTED_ENCODING'
  | 'MIME_BOUNDARY_IN_BODY';

/** A MIME packaging problem; the ebMS layer renders it as errorCode MimeProblem. */
export class MimeError extends Error {
  constructor(readonly code: MimeErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'MimeError';
  }
}
