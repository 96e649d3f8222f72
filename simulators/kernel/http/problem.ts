/** Default rendering of kernel errors: RFC 7807 problem details with a stable `code`. */
import type { OutgoingHttpHeaders } from 'node:http';
import type { KernelHttpError } from './errors.ts';

export interface RenderedError {
  status: number;
  headers?: OutgoingHttpHeaders;
  body: string | Buffer;
}

const TITLES: Record<string, string> = {
  BAD_REQUEST: 'Bad request',
  INVALID_JSON: 'Request body is not valid JSON',
  BODY_TOO_LARGE: 'Request body too large',
  BODY_ALREADY_CONSUMED: 'Internal error',
  REQUEST_ABORTED: 'Request aborted',
  ROUTE_NOT_FOUND: 'Not found',
  METHOD_NOT_ALLOWED: 'Method not allowed',
  HANDLER_FAILED: 'Internal error',
  HANDLER_NO_RESPONSE: 'Internal error',
};

/**
 * Server-side failures keep their detail out of the response (it goes to the evidence
 * instead); client-side ones explain what was wrong with the request.
 */
export function defaultRenderError(err: KernelHttpError): RenderedError {
  const detail = err.status >= 500 ? 'The simulator could not handle the request; see the evidence log.' : err.message;
  const problem = {
    type: `urn:govsim:kernel:${err.code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[err.code] ?? 'Error',
    status: err.status,
    detail,
    code: err.code,
  };
  return {
    status: err.status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify(problem),
  };
}
