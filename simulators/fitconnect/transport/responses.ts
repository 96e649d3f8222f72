/** Renders domain problems and kernel errors as RFC 7807 problem+json with FIT-Connect type URIs. */
import type { ExchangeContext, KernelHttpError, RenderedError } from '../../kernel/http/index.ts';
import { PROBLEM_CONTENT_TYPE, problem, type FitConnectProblem } from '../domain/problems.ts';

export function sendProblem(ctx: ExchangeContext, p: FitConnectProblem, headers: Record<string, string> = {}): void {
  ctx.verdicts.push({ check: p.code, ok: false, message: p.detail ?? p.title });
  ctx.send(p.status, JSON.stringify({ ...p.toJSON(), instance: ctx.url.href }), { 'content-type': PROBLEM_CONTENT_TYPE, ...headers });
}

/** Kernel errors (bad JSON, body too large, unknown route) in the platform's problem format. */
export function renderFitConnectError(err: KernelHttpError, ctx: ExchangeContext): RenderedError {
  const base = err.status >= 500
    ? { type: 'about:blank', title: 'Internal Server Error', status: err.status, detail: 'The simulator could not handle the request; see the evidence log.' }
    : err.code === 'ROUTE_NOT_FOUND' || err.code === 'METHOD_NOT_ALLOWED'
      ? { type: 'about:blank', title: err.code === 'ROUTE_NOT_FOUND' ? 'Not Found' : 'Method Not Allowed', status: err.status, detail: err.message }
      : { ...problem('FC_REQUEST_INVALID', err.message).toJSON(), status: err.status };
  return {
    status: err.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE },
    body: JSON.stringify({ ...base, instance: ctx.url.href, code: err.code }),
  };
}

export function header(ctx: ExchangeContext, name: string): string | undefined {
  const v = ctx.req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Media type without parameters, lower case. */
export function mediaType(ctx: ExchangeContext): string {
  return (header(ctx, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
}
