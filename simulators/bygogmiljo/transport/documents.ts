/**
 * Document download (GET) and upload (PUT) on the case's document URIs, authorised by the
 * security-token cookies from GetSecurityToken plus the client certificate.
 */
import type { ExchangeContext, Route } from '../../kernel/http/index.ts';
import { xml } from '../../kernel/xml/index.ts';
import { isBomFault, type BomFaultCode, type BomState } from '../domain/index.ts';
import { callerOf } from './caller.ts';
import { BOM_NS, DOCUMENT_PATH_PREFIX } from './contract.ts';

const STATUS: Partial<Record<BomFaultCode, number>> = {
  BOM_TOKEN_MANGLER: 401, BOM_TOKEN_UGYLDIG: 401, BOM_TOKEN_UDLOEBET: 401,
  BOM_DOKUMENT_UKENDT: 404, BOM_SAG_UKENDT: 404, BOM_DOKUMENT_FINDES: 409, BOM_DOKUMENT_FOR_STOR: 413, BOM_ANMODNING_UGYLDIG: 400,
};

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

export function documentRoutes(deps: { state(): BomState; maxDocumentBytes: number }): Route[] {
  const path = `${DOCUMENT_PATH_PREFIX}:sagId/:dokumentId`;
  const run = async (ctx: ExchangeContext, op: 'DokumentHent' | 'DokumentUpload', fn: (cookies: Record<string, string>, data: Record<string, unknown>) => Promise<void>) => {
    const data: Record<string, unknown> = { operation: op, sagId: ctx.params.sagId, dokumentId: ctx.params.dokumentId, tokenPresent: false };
    ctx.data = { bom: data };
    const cookies = parseCookies(ctx.req.headers.cookie);
    data.tokenPresent = Object.keys(cookies).some((k) => k.startsWith('FedAuth'));
    try {
      await fn(cookies, data);
      data.ok = true;
      ctx.verdicts.push({ check: 'BOM_SECURITY_TOKEN', ok: true });
    } catch (err) {
      if (!isBomFault(err)) throw err;
      Object.assign(data, { ok: false, fault: err.code, faultMessage: err.message });
      ctx.verdicts.push({ check: err.code, ok: false, message: err.message });
      ctx.summary = `BOM ${op} ${ctx.params.dokumentId} → ${err.code}`;
      if (!ctx.responded) {
        const body = `<?xml version="1.0" encoding="utf-8"?>\n${xml`<TransaktionFault xmlns="${BOM_NS}"><ErrorMessage>${err.message}</ErrorMessage><ErrorCode>${err.code}</ErrorCode></TransaktionFault>`}`;
        ctx.send(STATUS[err.code] ?? 403, body, { 'content-type': 'application/xml; charset=utf-8' });
      }
    }
  };
  return [
    {
      method: 'GET', path, name: 'BOM document download',
      handle: (ctx) => run(ctx, 'DokumentHent', async (cookies, data) => {
        const doc = deps.state().downloadDocument(callerOf(ctx.identity), cookies, ctx.params.sagId, ctx.params.dokumentId);
        Object.assign(data, { sha256: doc.sha256, size: doc.size, kilde: doc.kilde });
        ctx.summary = `BOM DokumentHent ${doc.filnavn} (${doc.size} bytes) → ok`;
        ctx.send(200, doc.content, { 'content-type': doc.mimeType, 'content-disposition': `attachment; filename="${doc.filnavn.replace(/[^\w.-]/g, '_')}"` });
      }),
    },
    {
      method: 'PUT', path, name: 'BOM document upload',
      handle: (ctx) => run(ctx, 'DokumentUpload', async (cookies, data) => {
        const caller = callerOf(ctx.identity);
        // Authorise before reading a large body: an unauthorised upload is refused unread.
        deps.state().checkDocumentAccess(caller, cookies, ctx.params.sagId);
        const content = await ctx.readBody(deps.maxDocumentBytes + 1);
        const mime = String(ctx.req.headers['content-type'] ?? 'application/octet-stream').split(';')[0].trim();
        const r = deps.state().uploadDocument(caller, cookies, ctx.params.sagId, ctx.params.dokumentId, content, mime);
        Object.assign(data, { sha256: r.document.sha256, size: r.document.size, replaced: r.replaced });
        ctx.summary = `BOM DokumentUpload ${r.document.dokumentId} (${r.document.size} bytes) → ${r.replaced ? 'replaced' : 'created'}`;
        ctx.send(r.replaced ? 200 : 201, '', {});
      }),
    },
  ];
}
