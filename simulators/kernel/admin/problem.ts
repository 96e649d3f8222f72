/**
 * Admin API errors as values with stable codes, rendered as RFC 7807
 * `application/problem+json` by the server.
 */

export const ADMIN_PROBLEMS = {
  ADMIN_BAD_REQUEST: { status: 400, title: 'Bad request' },
  ADMIN_BAD_JSON: { status: 400, title: 'Request body is not valid JSON' },
  ADMIN_INVALID_FAULT_RULE: { status: 400, title: 'Invalid fault rule' },
  ADMIN_UNAUTHORIZED: { status: 401, title: 'Missing or wrong admin token' },
  ADMIN_NOT_FOUND: { status: 404, title: 'Not found' },
  ADMIN_UNKNOWN_PLATFORM: { status: 404, title: 'Unknown platform' },
  ADMIN_METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  ADMIN_BODY_TOO_LARGE: { status: 413, title: 'Request body too large' },
  ADMIN_UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  ADMIN_SEED_REJECTED: { status: 422, title: 'Seed data rejected by the simulator' },
  ADMIN_SIMULATOR_ERROR: { status: 500, title: 'Simulator failed' },
  ADMIN_INTERNAL: { status: 500, title: 'Internal error' },
} as const;

export type AdminProblemCode = keyof typeof ADMIN_PROBLEMS;

/** An admin API failure; `extra` members are added to the problem document. */
export class AdminError extends Error {
  readonly status: number;
  constructor(
    readonly code: AdminProblemCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AdminError';
    this.status = ADMIN_PROBLEMS[code].status;
  }
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: AdminProblemCode;
  instance?: string;
  [extension: string]: unknown;
}

export function problemType(code: AdminProblemCode): string {
  return `urn:govsim:problem:${code}`;
}

/** `instance` is the request path without its query, so a `?token=` never lands in a problem. */
export function toProblem(err: AdminError, instance?: string): ProblemDocument {
  return {
    ...err.extra,
    type: problemType(err.code),
    title: ADMIN_PROBLEMS[err.code].title,
    status: err.status,
    detail: err.message,
    code: err.code,
    ...(instance !== undefined ? { instance } : {}),
  };
}
