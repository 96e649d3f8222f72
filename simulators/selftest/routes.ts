import { fileURLToPath } from 'node:url';
import type { Route } from '../kernel/http/index.ts';
import { getSchema, parseXml, XmlError } from '../kernel/xml/index.ts';
import { checkIdentityShape, echoPayload, MAX_ECHO_BYTES } from './domain.ts';

const ECHO_XSD = fileURLToPath(new URL('../../schemas/selftest/echo.xsd', import.meta.url));

const problem = (status: number, code: string, detail: string) => ({
  type: `urn:govsim:kernel:problem:${code}`, title: code, status, code, detail,
});

export interface SelftestOptions {
  /** Defects for the harness's own negative controls (see SimulatorContext.defects). */
  defects: readonly string[];
  counters: { requests: number };
}

export function selftestRoutes(o: SelftestOptions): Route[] {
  const defect = (d: string) => o.defects.includes(d);
  return [
    {
      method: 'GET', path: '/identity', name: 'identity echo',
      handle(ctx) {
        o.counters.requests++;
        if (!ctx.identity) {
          ctx.sendJson(401, problem(401, 'NO_CLIENT_CERTIFICATE', 'this endpoint needs a client certificate'), { 'content-type': 'application/problem+json' });
          return;
        }
        const check = defect('accept-any-certificate') ? { ok: true } : checkIdentityShape(ctx.identity, ctx.query.require);
        ctx.verdicts.push({ check: 'IDENTITY_SHAPE', ok: check.ok, message: 'message' in check ? check.message : undefined });
        if (!check.ok && 'code' in check) {
          ctx.sendJson(403, problem(403, check.code!, check.message!), { 'content-type': 'application/problem+json' });
          return;
        }
        ctx.summary = `identity ${ctx.identity.oin ?? (ctx.identity.cvr ? `CVR:${ctx.identity.cvr}-FID:${ctx.identity.fid}` : ctx.identity.customer ?? ctx.identity.commonName)}`;
        ctx.sendJson(200, { identity: ctx.identity });
      },
    },
    {
      method: 'POST', path: '/xml', name: 'XML guard and schema check',
      async handle(ctx) {
        o.counters.requests++;
        const body = await ctx.readBody(1024 * 1024);
        if (defect('skip-xml-guard')) {
          ctx.sendJson(200, { valid: true });
          return;
        }
        try {
          const doc = parseXml(body, { label: 'request body' });
          const result = getSchema(ECHO_XSD).validate(doc);
          ctx.verdicts.push({ check: 'XSD', ok: result.valid, message: result.errors.map((e) => `line ${e.line}: ${e.message}`).join('; ') || undefined });
          if (!result.valid) {
            ctx.sendJson(422, { ...problem(422, 'XSD_INVALID', result.errors[0]?.message ?? 'invalid'), errors: result.errors }, { 'content-type': 'application/problem+json' });
            return;
          }
          ctx.sendJson(200, { valid: true, root: doc.root.name, organisation: doc.root.child('organisation', 'urn:govsim:selftest:echo:1')?.text() });
        } catch (err) {
          if (!(err instanceof XmlError)) throw err;
          ctx.verdicts.push({ check: 'XML_SAFE', ok: false, message: err.message });
          ctx.sendJson(400, problem(400, err.code, err.message), { 'content-type': 'application/problem+json' });
        }
      },
    },
    {
      method: 'GET', path: '/echo', name: 'payload of N bytes',
      handle(ctx) {
        o.counters.requests++;
        const bytes = Number(ctx.query.bytes ?? 1024);
        if (!Number.isInteger(bytes) || bytes < 0 || bytes > MAX_ECHO_BYTES) {
          ctx.sendJson(400, problem(400, 'BAD_BYTES', `bytes must be an integer from 0 to ${MAX_ECHO_BYTES}`), { 'content-type': 'application/problem+json' });
          return;
        }
        ctx.send(200, echoPayload(bytes), { 'content-type': 'text/plain' });
      },
    },
    {
      method: 'POST', path: '/echo', name: 'echo request',
      async handle(ctx) {
        o.counters.requests++;
        const body = await ctx.readBody();
        if (defect('leak-secret')) ctx.summary = `echo for ${String(ctx.req.headers.authorization ?? '').split(' ')[1]}`;
        ctx.send(200, body, { 'content-type': String(ctx.req.headers['content-type'] ?? 'application/octet-stream') });
      },
    },
  ];
}
