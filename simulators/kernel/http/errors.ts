/** Errors of the HTTP kernel, as values with stable codes that platforms render in their own format. */

export type KernelHttpErrorCode =
  | 'BAD_REQUEST'            // unparseable request target or malformed input the kernel itself rejects
  | 'INVALID_JSON'           // ctx.json() on a body that is not JSON
  | 'BODY_TOO_LARGE'         // request body above maxBodyBytes (or the handler's own limit)
  | 'BODY_ALREADY_CONSUMED'  // bodyStream() called twice (a handler bug)
  | 'REQUEST_ABORTED'        // the client went away while the body was being read
  | 'ROUTE_NOT_FOUND'        // no route for the path
  | 'METHOD_NOT_ALLOWED'     // a route has the path but not the method
  | 'HANDLER_FAILED'         // the handler threw
  | 'HANDLER_NO_RESPONSE';   // the handler finished without answering

export const KERNEL_ERROR_STATUS: Record<KernelHttpErrorCode, number> = {
  BAD_REQUEST: 400,
  INVALID_JSON: 400,
  BODY_TOO_LARGE: 413,
  BODY_ALREADY_CONSUMED: 500,
  REQUEST_ABORTED: 400,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  HANDLER_FAILED: 500,
  HANDLER_NO_RESPONSE: 500,
};

export class KernelHttpError extends Error {
  readonly status: number;
  /** Extra response headers the error implies (e.g. `allow` for 405). */
  readonly headers: Record<string, string>;

  constructor(
    readonly code: KernelHttpErrorCode,
    message: string,
    options: { cause?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'KernelHttpError';
    this.status = KERNEL_ERROR_STATUS[code];
    this.headers = options.headers ?? {};
  }
}

export function isKernelHttpError(err: unknown): err is KernelHttpError {
  return err instanceof KernelHttpError;
}

/** Wraps anything a handler threw; kernel errors pass through unchanged. */
export function toKernelHttpError(err: unknown): KernelHttpError {
  if (err instanceof KernelHttpError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new KernelHttpError('HANDLER_FAILED', `handler failed: ${message}`, { cause: err });
}

export type OutboundErrorCode =
  | 'INVALID_URL'
  | 'TIMEOUT'
  | 'RESPONSE_TOO_LARGE'
  | 'CONNECTION_FAILED'
  | 'TLS_FAILED'
  | 'BODY_STREAM_FAILED'
  | string; // the Node/OpenSSL code when one is known (ECONNREFUSED, CERT_HAS_EXPIRED, …)

/** A call to the SUT that produced no HTTP response. `code` is the precise cause. */
export class OutboundError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    message: string,
    readonly category: 'url' | 'connect' | 'tls' | 'timeout' | 'protocol' | 'too-large' | 'body',
    options: { cause?: unknown } = {},
  ) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'OutboundError';
  }
}
