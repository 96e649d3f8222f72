/**
 * The XMeld web service (Applikationskopplung): SOAP 1.1 over HTTPS with the client
 * certificate AG MiN registered. Every check leaves a verdict in the exchange evidence;
 * every refusal is a SOAP fault with a stable code.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { ExchangeContext, Route } from '../../kernel/http/index.ts';
import type { Clock } from '../../kernel/types.ts';
import { getSchema, parseXml, XmlError } from '../../kernel/xml/index.ts';
import {
  answerXml, buildAuskunft, checkAbrufendeStelle, checkNachrichtenkopf, fault, messageType, readSuchanfrage, type Mandant, type MrdsFault,
} from '../domain/index.ts';
import { PATHS, type MrdsSettings } from '../config.ts';
import type { MrdsState } from '../state.ts';
import { readCallApplicationByte, soapFault, soapResponse, TEXT_XML } from './soap.ts';
import { wsdl } from './wsdl.ts';

export const XMELD_XSD = fileURLToPath(new URL('../../../schemas/mrds/xmeld-datenabruf-subset.xsd', import.meta.url));

/** Deliberate simulator defects for the suite's own negative controls. */
export const MRDS_DEFECTS = {
  'accept-unregistered-certificate': 'answers queries from certificates AG MiN never registered',
  'no-result-cap': 'returns every hit instead of capping the list at 1,000',
  'disclose-blocked': 'delivers the data of persons with an Auskunftssperre to ordinary authorities',
  'ignore-kundennummer': 'answers queries whatever Kundennummer they carry',
} as const;

export interface XmeldServiceDeps {
  state(): MrdsState;
  settings: MrdsSettings;
  clock: Clock;
  defects: readonly string[];
  /** Base URL of the HTTPS server, for the WSDL's soap:address. */
  endpoint(): string;
}

const TRACE_LIMIT = 50;

export function xmeldRoutes(d: XmeldServiceDeps): Route[] {
  const serveWsdl = (ctx: ExchangeContext) => ctx.send(200, wsdl(d.endpoint(), d.settings.parameterEncoding), { 'content-type': TEXT_XML });
  return [
    { method: 'GET', path: PATHS.wsdl, name: 'XMeld web service WSDL', handle: serveWsdl },
    {
      method: 'GET', path: PATHS.xmeld, name: 'XMeld web service WSDL (?wsdl)',
      handle(ctx) {
        if (ctx.url.searchParams.has('wsdl') || ctx.url.searchParams.has('WSDL')) serveWsdl(ctx);
        else refuse(ctx, fault('MRDS_SOAP_INVALID', 'use POST with a SOAP 1.1 envelope, or GET ?wsdl'), {});
      },
    },
    { method: 'POST', path: PATHS.xmeld, name: 'XMeld callApplicationByte', handle: (ctx) => handleQuery(d, ctx) },
  ];
}

function refuse(ctx: ExchangeContext, f: MrdsFault, data: Record<string, unknown>): void {
  ctx.verdicts.push({ check: f.code, ok: false, message: f.message });
  ctx.data = { mrds: { ...data, fault: { code: f.code, message: f.message } } };
  ctx.summary = `XMeld query refused: ${f.code}`;
  ctx.send(500, soapFault(f), { 'content-type': TEXT_XML });
}

async function handleQuery(d: XmeldServiceDeps, ctx: ExchangeContext): Promise<void> {
  const state = d.state();
  const trace: Record<string, unknown> = { encoding: d.settings.parameterEncoding };
  const ok = (check: string, message?: string) => ctx.verdicts.push({ check, ok: true, message });

  // 1. The certificate must be the one AG MiN registered for a Mandant.
  const id = ctx.identity;
  if (!id) return refuse(ctx, fault('MRDS_CLIENT_CERTIFICATE_MISSING', 'the web service needs the client-SSL certificate of the Applikationskopplung'), trace);
  let mandant: Mandant | undefined = state.mandanten.byFingerprint(id.fingerprint256);
  if (!mandant && d.defects.includes('accept-unregistered-certificate') && id.customer) mandant = state.mandanten.get(id.customer);
  if (!mandant) {
    return refuse(ctx, fault('MRDS_CERT_NOT_REGISTERED', `the client certificate (SHA-256 ${id.fingerprint256.slice(0, 16)}…, ${id.subjectDN}) is not registered for any Mandant`), trace);
  }
  trace.mandant = mandant.ags;
  if (mandant.kopplung.status === 'revoked') return refuse(ctx, fault('MRDS_KOPPLUNG_REVOKED', `the Applikationskopplung of Mandant ${mandant.ags} is revoked`), trace);
  ok('MRDS_CLIENT_CERT_REGISTERED', `certificate registered for Mandant ${mandant.ags}`);

  // 2. SOAP 1.1 request with the XMeld message in xmlParameter.
  const contentType = String(ctx.req.headers['content-type'] ?? '');
  if (!/^text\/xml\b/i.test(contentType)) return refuse(ctx, fault('MRDS_SOAP_INVALID', `SOAP 1.1 requests use Content-Type text/xml, got "${contentType || '(none)'}"`), trace);
  if (ctx.req.headers.soapaction === undefined) return refuse(ctx, fault('MRDS_SOAP_INVALID', 'the SOAPAction header is missing (SOAP 1.1 requires it; this service uses "")'), trace);
  const call = readCallApplicationByte(await ctx.readBody(), d.settings.parameterEncoding);
  if ('fault' in call) return refuse(ctx, call.fault, trace);
  ok('MRDS_SOAP', `callApplicationByte with ${call.encoding} xmlParameter`);

  // 3. The XMeld message: well-formed, supported, header, caller data.
  let root;
  try {
    root = parseXml(call.xmeld, { label: 'XMeld request' }).root;
  } catch (err) {
    if (!(err instanceof XmlError)) throw err;
    return refuse(ctx, fault('MRDS_XMELD_MALFORMED', `the XMeld request is not well-formed or not safe XML: ${err.message}`), trace);
  }
  const typ = messageType(root);
  if ('fault' in typ) return refuse(ctx, typ.fault, trace);
  trace.nachrichtentyp = typ.typ;
  const kopf = checkNachrichtenkopf(root, typ.typ, d.clock.now());
  if ('fault' in kopf) return refuse(ctx, kopf.fault, trace);
  trace.nachrichtenUUID = kopf.kopf.nachrichtenUUID;
  ok('MRDS_XMELD_HEADER', `nachrichtenkopf.g2g ${kopf.kopf.nachrichtenUUID} from ${kopf.kopf.autor.kennung}`);
  const stelle = checkAbrufendeStelle(root);
  if ('fault' in stelle) return refuse(ctx, stelle.fault, trace);
  Object.assign(trace, { aktenzeichen: stelle.stelle.aktenzeichen, anlassDesAbrufs: stelle.stelle.anlassDesAbrufs, kundennummer: stelle.stelle.kennung });
  ok('MRDS_CALLER_DATA', `aktenzeichen ${stelle.stelle.aktenzeichen}`);

  // 4. The Kundennummer must be the one AG MiN assigned to the certificate's Mandant.
  if (stelle.stelle.kennung !== mandant.kopplung.kundennummer && !d.defects.includes('ignore-kundennummer')) {
    return refuse(ctx, fault('MRDS_KUNDENNUMMER_MISMATCH', `Kundennummer "${stelle.stelle.kennung}" in datenAbrufendeStelle/kennung does not belong to the certificate's Mandant ${mandant.ags}`), trace);
  }
  ok('MRDS_KUNDENNUMMER', `Kundennummer ${stelle.stelle.kennung}`);
  if (stelle.stelle.sicherheitsbehoerde && !mandant.sicherheitsbehoerde) {
    return refuse(ctx, fault('MRDS_NOT_SECURITY_AUTHORITY', `Mandant ${mandant.ags} is not registered as a security authority`), trace);
  }

  // 5. Schema (modelled XSD subset), then the search criteria.
  const xsd = getSchema(XMELD_XSD).validate(root);
  if (!xsd.valid) {
    return refuse(ctx, fault('MRDS_XMELD_INVALID', xsd.errors.slice(0, 5).map((e) => `line ${e.line}${e.path ? ` ${e.path}` : ''}: ${e.message}`).join('; ')), trace);
  }
  ok('MRDS_XMELD_SCHEMA', 'valid against the XMeld datenabruf subset');
  const anfrage = readSuchanfrage(root, typ.typ, kopf.kopf, stelle.stelle);
  if ('fault' in anfrage) return refuse(ctx, anfrage.fault, trace);

  // 6. Search and answer.
  const cap = d.defects.includes('no-result-cap') ? Number.MAX_SAFE_INTEGER : d.settings.resultCap;
  const result = state.register.search(anfrage.anfrage, cap);
  const auskunft = buildAuskunft(anfrage.anfrage, result, {
    sicherheitsbehoerde: mandant.sicherheitsbehoerde && stelle.stelle.sicherheitsbehoerde,
    discloseBlocked: d.defects.includes('disclose-blocked'),
  });
  const answer = answerXml(anfrage.anfrage, auskunft, {
    nachrichtenUUID: randomUUID(), erstellungszeitpunkt: d.clock.now().toISOString().replace(/\.\d{3}Z$/, '+00:00'), autor: d.settings.mirror,
  });
  ctx.data = {
    mrds: {
      ...trace,
      ergebnis: auskunft.ergebnis, anzahlTreffer: auskunft.anzahlTreffer, geliefert: auskunft.personen.length,
      elemente: auskunft.elemente, hinweise: auskunft.hinweise.map((h) => h.code),
      gesperrt: auskunft.personen.filter((p) => p.gesperrt).map((p) => p.id),
      treffer: auskunft.personen.slice(0, TRACE_LIMIT).map(({ id: pid, gesperrt, person }) => gesperrt ? { id: pid, gesperrt } : { id: pid, familienname: person.familienname, vornamen: person.vornamen.join(' '), status: person.status }),
    },
  };
  ctx.summary = `XMeld ${typ.typ} from Mandant ${mandant.ags}: ${auskunft.anzahlTreffer} hit(s), ${auskunft.personen.length} delivered`;
  ctx.send(200, soapResponse(answer, call.encoding), { 'content-type': TEXT_XML });
}
