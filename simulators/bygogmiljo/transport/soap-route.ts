/** One HTTPS route per service: POST = SOAP 1.2 call, GET ?wsdl = WSDL, GET = a short help text. */
import type { ExchangeContext, Route } from '../../kernel/http/index.ts';
import type { XmlElement } from '../../kernel/xml/index.ts';
import { isBomFault, type BomState } from '../domain/index.ts';
import { callerOf } from './caller.ts';
import { BOM_NS, faultAction, replyAction, servicePath, type ServiceName } from './contract.ts';
import { OPERATIONS } from './operations.ts';
import { parseSoapRequest, SOAP_HEADERS, soapEnvelope, transaktionFault, type SoapRequest } from './soap.ts';
import { renderWsdl } from './wsdl.ts';

export interface SoapRouteDeps {
  state(): BomState;
  baseUrl(): string;
  /** Largest SOAP request read. */
  maxRequestBytes: number;
}

export function soapRoutes(service: ServiceName, deps: SoapRouteDeps): Route[] {
  const path = servicePath(service);
  return [
    {
      method: 'GET', path, name: `${service} WSDL`,
      handle(ctx) {
        if (ctx.url.searchParams.has('wsdl') || ctx.url.searchParams.has('singleWsdl')) {
          ctx.summary = `BOM ${service} WSDL`;
          ctx.send(200, renderWsdl(service, deps.baseUrl()), { 'content-type': 'text/xml; charset=utf-8' });
          return;
        }
        ctx.send(200, `Byg og Miljø ${service} (govsim simulation, modelled contract). WSDL: ${deps.baseUrl()}${path}?wsdl\n`, { 'content-type': 'text/plain; charset=utf-8' });
      },
    },
    { method: 'POST', path, name: `${service} SOAP`, handle: (ctx) => handleSoap(service, deps, ctx) },
  ];
}

async function handleSoap(service: ServiceName, deps: SoapRouteDeps, ctx: ExchangeContext): Promise<void> {
  const body = await ctx.readBody(deps.maxRequestBytes);
  let req: SoapRequest | undefined;
  const data: Record<string, unknown> = { service };
  ctx.data = { bom: data };
  try {
    req = parseSoapRequest(service, body, ctx.req.headers['content-type']);
    data.operation = req.operation;
    const cvr = requestCvr(req.payload);
    if (cvr) data.myndighedCvr = cvr;
    const handler = OPERATIONS[req.operation];
    const result = handler(req.payload, { state: deps.state(), caller: callerOf(ctx.identity), baseUrl: deps.baseUrl() });
    Object.assign(data, result.data, { ok: true });
    ctx.verdicts.push({ check: 'BOM_AUTHORISATION', ok: true, message: result.data.via ? `authorised via ${String(result.data.via)}` : undefined });
    ctx.summary = `BOM ${service}.${req.operation}${result.data.myndighedCvr ? ` for CVR ${String(result.data.myndighedCvr)}` : ''} → ok`;
    const addressing = req.addressing ? { action: replyAction(service, req.operation), relatesTo: req.messageId } : undefined;
    ctx.send(200, soapEnvelope(result.body, addressing), SOAP_HEADERS);
  } catch (err) {
    if (!isBomFault(err)) throw err;
    Object.assign(data, { ok: false, fault: err.code, faultMessage: err.message });
    ctx.verdicts.push({ check: err.code, ok: false, message: err.message });
    ctx.summary = `BOM ${service}.${req?.operation ?? data.operation ?? '?'} → TransaktionFault ${err.code}`;
    const addressing = req?.addressing ? { action: faultAction(service, req.operation), relatesTo: req.messageId } : undefined;
    ctx.send(500, soapEnvelope(transaktionFault(err.code, err.message), addressing), SOAP_HEADERS);
  }
}

/** The authority a request acts for (myndighedCvr on the wrapper or on its one structured parameter), for the evidence. */
function requestCvr(payload: XmlElement): string | undefined {
  for (const scope of [payload, ...payload.children(undefined, BOM_NS)]) {
    const e = scope.child('myndighedCvr', BOM_NS) ?? scope.child('MyndighedCvr', BOM_NS);
    if (e) return e.text().trim();
  }
  return undefined;
}
