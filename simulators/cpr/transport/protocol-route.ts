/**
 * The self-service protocol over HTTPS: one POST per request record, the answer record in
 * the response body (ISO-8859-1), HTTP 200 whenever CPR answered (the FEJLKODE says how).
 * Bodies are not captured raw (they carry the kendeord); the evidence holds the decoded
 * fields and the records with kendeord and token masked.
 */
import type { ExchangeContext, KernelHttpError, RenderedError, Route } from '../../kernel/http/index.ts';
import { CprProtocol, encodeRecord, errorInfo, RECORDS, RESPONSE_HEADER } from '../domain/index.ts';

export const RECORD_CONTENT_TYPE = 'text/plain; charset=ISO-8859-1';

export function protocolRoute(o: { path: string; protocol: () => CprProtocol; maxRecordBytes: number }): Route {
  return {
    method: 'POST', path: o.path, name: 'CPR self-service protocol',
    async handle(ctx) {
      const raw = await ctx.readBody(o.maxRecordBytes);
      const { response, trace } = o.protocol().handle(raw, { cvr: ctx.identity?.cvr });
      ctx.summary = `CPR ${trace.transkode} ${trace.personkode ?? ''} → ${trace.fejlkode} ${trace.fejlkey}`.replace(/ +/g, ' ');
      ctx.data = { cpr: trace };
      ctx.verdicts.push({
        check: `CPR_${trace.transkode === '????' ? 'RECORD' : trace.transkode}`, ok: trace.fejlkode === '00',
        message: trace.fejlkode === '00' ? undefined : `FEJLKODE ${trace.fejlkode} ${errorInfo(trace.fejlkey as never)?.text ?? ''}: ${trace.records.map((r) => r.fields.FEJLTEKST).filter(Boolean).join('; ')}`,
      });
      ctx.send(200, response, { 'content-type': RECORD_CONTENT_TYPE });
    },
  };
}

/** Kernel errors (oversized body, unknown path, …) answered as a protocol record with FEJLKODE 09. */
export function renderProtocolError(err: KernelHttpError, ctx: ExchangeContext): RenderedError {
  const info = errorInfo('CPR_SERIOUS');
  const text = err.status >= 500 ? 'Intern fejl i simulatoren - se evidensloggen' : `${err.code}: ${err.message}`.slice(0, 80);
  const body = encodeRecord(RESPONSE_HEADER, { TRANSKODE: '????', VERSION: '01', TOKEN: '', ANTAL: 1, RESERVERET: '', FEJLKODE: info.code })
    + encodeRecord(RECORDS['900'], { RECORDTYPE: '900', FEJLKODE: info.code, FELTNAVN: '', FEJLTEKST: text.replace(/[^\x20-\x7E\xA0-\xFF]/g, '?') });
  ctx?.verdicts.push({ check: 'CPR_TRANSPORT', ok: false, message: `${err.code}: ${err.message}` });
  return { status: err.status, headers: { ...err.headers, 'content-type': RECORD_CONTENT_TYPE }, body: Buffer.from(body, 'latin1') };
}
