/**
 * Foutbericht (MODELLED, StUF Fo01-style): what MijnOverheid sends back over ebMS when a
 * zaakbericht cannot be processed. The codes are govsim's own; the real LZ error codes are not
 * public (to be confirmed against Logius Lopende Zaken v1.6).
 */
import type { Issue } from '../issue.ts';
import { xmlText as t } from '../xml-text.ts';
import { STUF_NS, type StufSysteem } from './zaklk01.ts';

export type FoutCode =
  | 'LZ_XML_INVALID' | 'LZ_NOT_ZAKLK01' | 'LZ_NOT_MO_BERICHT' | 'LZ_XSD_INVALID'
  | 'LZ_RECEIVER_UNKNOWN' | 'LZ_SENDER_MISMATCH' | 'LZ_AFZENDER_UNKNOWN'
  | 'LZ_BSN_INVALID' | 'LZ_INITIATOR_COUNT' | 'LZ_BSN_NO_ACCOUNT' | 'LZ_BSN_CHANGED'
  | 'LZ_DATE_INVALID' | 'LZ_MUTATIESOORT_UNSUPPORTED';

/** Fault origin as in StUF: the sender's message (client) or MijnOverheid itself (server). */
export const FOUT_PLEK: Record<FoutCode, 'client' | 'server'> = {
  LZ_XML_INVALID: 'client', LZ_NOT_ZAKLK01: 'client', LZ_NOT_MO_BERICHT: 'client', LZ_XSD_INVALID: 'client', LZ_RECEIVER_UNKNOWN: 'client',
  LZ_SENDER_MISMATCH: 'client', LZ_AFZENDER_UNKNOWN: 'client', LZ_BSN_INVALID: 'client', LZ_INITIATOR_COUNT: 'client',
  LZ_BSN_NO_ACCOUNT: 'client', LZ_BSN_CHANGED: 'client', LZ_DATE_INVALID: 'client', LZ_MUTATIESOORT_UNSUPPORTED: 'client',
};

export interface Foutbericht {
  code: FoutCode;
  plek: 'client' | 'server';
  omschrijving: string;
  details: Issue[];
  /** referentienummer of the zaakbericht this answers (StUF crossRefnummer), when it could be read. */
  crossRefnummer?: string;
  zaakIdentificatie?: string;
}

export function foutbericht(code: FoutCode, omschrijving: string, details: Issue[] = [], ref?: { crossRefnummer?: string; zaakIdentificatie?: string }): Foutbericht {
  const f: Foutbericht = { code, plek: FOUT_PLEK[code], omschrijving, details };
  if (ref?.crossRefnummer) f.crossRefnummer = ref.crossRefnummer;
  if (ref?.zaakIdentificatie) f.zaakIdentificatie = ref.zaakIdentificatie;
  return f;
}

/** Renders the foutbericht payload (Fo01-style) for the ebMS message back to the sender. */
export function renderFoutbericht(f: Foutbericht, h: { zender: StufSysteem; ontvanger: StufSysteem; referentienummer: string; tijdstipBericht: string }): string {
  const sys = (tag: string, s: StufSysteem) => `<StUF:${tag}><StUF:organisatie>${t(s.organisatie)}</StUF:organisatie><StUF:applicatie>${t(s.applicatie)}</StUF:applicatie>${s.administratie !== undefined ? `<StUF:administratie>${t(s.administratie)}</StUF:administratie>` : ''}</StUF:${tag}>`;
  const details = f.details.map((d) => `${d.code}: ${d.message}`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<StUF:Fo01Bericht xmlns:StUF="${STUF_NS}">
<StUF:stuurgegevens><StUF:berichtcode>Fo01</StUF:berichtcode>${sys('zender', h.zender)}${sys('ontvanger', h.ontvanger)}<StUF:referentienummer>${t(h.referentienummer)}</StUF:referentienummer><StUF:tijdstipBericht>${t(h.tijdstipBericht)}</StUF:tijdstipBericht>${f.crossRefnummer !== undefined ? `<StUF:crossRefnummer>${t(f.crossRefnummer)}</StUF:crossRefnummer>` : ''}</StUF:stuurgegevens>
<StUF:body><StUF:code>${f.code}</StUF:code><StUF:plek>${f.plek}</StUF:plek><StUF:omschrijving>${t(f.omschrijving)}</StUF:omschrijving>${details ? `<StUF:details>${t(details)}</StUF:details>` : ''}</StUF:body>
</StUF:Fo01Bericht>
`;
}

/** yyyyMMddHHmmssSSS in UTC, the StUF tijdstipBericht form. */
export function stufTijdstip(d: Date): string {
  return d.toISOString().replace(/[-:T.Z]/g, '').slice(0, 17);
}
