/**
 * Checks every response the simulator sends on a documented path against the official
 * OpenAPI documents and records the outcome as verdict `FC_OPENAPI_RESPONSE` on the
 * exchange: a simulator that drifts from the published API shows up in the evidence of the
 * very run that exercised it, not only in a unit test. JSON bodies are validated in full;
 * streamed bodies (attachment download) by status and media type.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { ExchangeContext, Route } from '../../kernel/http/index.ts';
import type { Verdict } from '../../kernel/evidence/index.ts';
import { ResponseValidator } from './openapi-validator.ts';

export const OPENAPI_CHECK = 'FC_OPENAPI_RESPONSE';

/** `/v1/destinations/:destinationId` → `/v1/destinations/{destinationId}`. */
export const openApiTemplate = (routePath: string): string => routePath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');

function headerValue(headers: OutgoingHttpHeaders | undefined, name: string): string {
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === name) return Array.isArray(v) ? String(v[0]) : String(v ?? '');
  return '';
}

export interface OpenApiChecker {
  /** The verdict for one response, or undefined when no document describes the route. */
  verdict(method: string, routePath: string, status: number, contentType: string, body: Buffer | string | undefined): Verdict | undefined;
  /** Wraps routes so each response they send is checked. */
  wrap(routes: Route[]): Route[];
}

export function createOpenApiChecker(validators: ResponseValidator[] = [new ResponseValidator(), ResponseValidator.routingApi()]): OpenApiChecker {
  const find = (method: string, template: string) => validators.find((v) => v.describes(method, template));

  const verdict: OpenApiChecker['verdict'] = (method, routePath, status, contentType, body) => {
    const template = openApiTemplate(routePath);
    const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
    const v = find(m, template);
    if (!v) return undefined;
    const text = body === undefined ? '' : body.toString();
    const ct = contentType.split(';')[0].trim().toLowerCase();
    let errors: string[];
    if (text === '') errors = v.validateHead(m, template, status, ct);
    else if (ct === 'application/json' || ct === 'application/problem+json') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return { check: OPENAPI_CHECK, ok: false, message: `${m} ${template} → ${status}: the body is not JSON` };
      }
      errors = v.validate(m, template, status, ct, parsed);
    } else errors = v.validate(m, template, status, ct, text);
    return errors.length === 0
      ? { check: OPENAPI_CHECK, ok: true, message: `${m} ${template} → ${status} conforms` }
      : { check: OPENAPI_CHECK, ok: false, message: `${m} ${template} → ${status}: ${errors.slice(0, 5).join('; ')}` };
  };

  const instrument = (ctx: ExchangeContext, routePath: string): { checked: () => boolean } => {
    let checked = false;
    const send = ctx.send.bind(ctx);
    const c = ctx as { send: ExchangeContext['send'] };
    c.send = (status, body, headers) => {
      const ct = headerValue(headers, 'content-type') || (body === undefined || body.length === 0 ? '' : typeof body === 'string' ? 'text/plain' : 'application/octet-stream');
      const v = verdict(ctx.req.method ?? 'GET', routePath, status, ct, body);
      if (v) ctx.verdicts.push(v);
      checked = true;
      send(status, body, headers);
    };
    return { checked: () => checked };
  };

  return {
    verdict,
    wrap: (routes) => routes.map((r) => {
      if (!find(r.method.toUpperCase(), openApiTemplate(r.path))) return r;
      return {
        ...r,
        async handle(ctx) {
          const probe = instrument(ctx, r.path);
          await r.handle(ctx);
          // A handler that streamed its body itself (writeHead + write) is checked by status and media type.
          if (!probe.checked() && ctx.responded) {
            const v = verdict(ctx.req.method ?? 'GET', r.path, ctx.res.statusCode, String(ctx.res.getHeader('content-type') ?? ''), undefined);
            if (v) ctx.verdicts.push(v);
          }
        },
      };
    }),
  };
}
