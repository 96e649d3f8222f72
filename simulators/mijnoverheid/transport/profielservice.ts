/**
 * Profielservice (MODELLED SOAP 1.1 service on the same mTLS server; the real contract is not
 * public): "does this BSN have an active MijnOverheid account and zaak postbus?". Only
 * organisations with a loaded CPA (certificate OIN = a consumer PartyId) may ask.
 */
import type { ExchangeContext } from '../../kernel/http/index.ts';
import { oinOfPartyId, queryProfiel } from '../domain/index.ts';
import { SOAP_NS } from '../domain/ebms/index.ts';
import { parseXml, isXmlError } from '../domain/xml.ts';
import { xmlText } from '../domain/xml-text.ts';
import type { MijnOverheidState } from '../state.ts';
import { TEXT_XML, soapFault } from './soap.ts';

export const PROFIEL_NS = 'urn:govsim:mijnoverheid:profielservice:1';
export const PROFIEL_SOAP_ACTION = `"${PROFIEL_NS}/raadpleegProfiel"`;

export function profielRequestXml(bsn: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="${SOAP_NS}"><soap:Body><pf:ProfielVraag xmlns:pf="${PROFIEL_NS}"><pf:bsn>${xmlText(bsn)}</pf:bsn></pf:ProfielVraag></soap:Body></soap:Envelope>
`;
}

export function profielserviceRoute(current: () => MijnOverheidState, path: string) {
  return {
    method: 'POST', path, name: 'Profielservice',
    async handle(ctx: ExchangeContext) {
      const state = current();
      const data: Record<string, unknown> = { certificateOin: ctx.identity?.oin };
      ctx.data = { profielservice: data };
      const refuse = (status: number, code: string, text: string) => {
        data.fault = code;
        ctx.verdicts.push({ check: code, ok: false, message: text });
        ctx.summary = `Profielservice refused: ${code}`;
        ctx.send(status, soapFault('Client', text, code), { 'content-type': TEXT_XML });
      };
      const action = ctx.req.headers.soapaction;
      if (action !== PROFIEL_SOAP_ACTION) return refuse(500, 'PROFIEL_SOAPACTION', `SOAPAction must be ${PROFIEL_SOAP_ACTION}`);
      const oin = ctx.identity?.oin;
      const allowed = oin !== undefined && [...state.cpas.values()].some((c) => c.cpa.parties.some((p) => oinOfPartyId(p.partyId) === oin && p.collaborationRoles.some((r) => r.canSend.length > 0)));
      if (!allowed) return refuse(500, 'PROFIEL_NOT_AUTHORISED', `certificate OIN ${oin ?? '(none)'} has no Lopende Zaken CPA`);
      let bsn: string;
      try {
        const root = parseXml(await ctx.readBody(64 * 1024), { maxBytes: 64 * 1024, label: 'Profielservice request' }).root;
        const vraag = root.child('Body', SOAP_NS)?.child('ProfielVraag', PROFIEL_NS);
        if (root.name !== 'Envelope' || root.ns !== SOAP_NS || !vraag) return refuse(500, 'PROFIEL_BAD_REQUEST', 'expected a SOAP 1.1 Envelope with pf:ProfielVraag');
        bsn = vraag.child('bsn', PROFIEL_NS)?.text().trim() ?? '';
      } catch (err) {
        if (isXmlError(err)) return refuse(500, 'PROFIEL_XML_INVALID', err.message);
        throw err;
      }
      data.bsn = bsn;
      const r = queryProfiel(state.persons, bsn);
      if (!r.ok) return refuse(500, 'PROFIEL_BSN_INVALID', r.issues[0].message);
      Object.assign(data, { heeftAccount: r.antwoord.heeftAccount, zaakPostbusActief: r.antwoord.zaakPostbusActief });
      ctx.summary = `Profielservice: BSN ${r.antwoord.bsn} account=${r.antwoord.heeftAccount} postbus=${r.antwoord.zaakPostbusActief}`;
      ctx.send(200, `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="${SOAP_NS}"><soap:Body><pf:ProfielAntwoord xmlns:pf="${PROFIEL_NS}"><pf:bsn>${r.antwoord.bsn}</pf:bsn><pf:heeftAccount>${r.antwoord.heeftAccount}</pf:heeftAccount><pf:zaakPostbusActief>${r.antwoord.zaakPostbusActief}</pf:zaakPostbusActief></pf:ProfielAntwoord></soap:Body></soap:Envelope>
`, { 'content-type': TEXT_XML });
    },
  };
}
