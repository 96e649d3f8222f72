/**
 * The reference zaaksysteem: writes StUF-ZKN 0310 zakLk01 berichten for its zaken and keeps the
 * delivery state a case worker would see (sent, confirmed, refused with a foutbericht).
 */
import { randomUUID } from 'node:crypto';

export interface ZaakInput {
  identificatie: string;
  bsn: string;
  omschrijving: string;
  startdatum: string;
  toelichting?: string;
  einddatum?: string;
  einddatumGepland?: string;
  resultaat?: string;
  verwijzing?: string;
  status: { code: string; omschrijving: string; datumStatusGezet: string; volgnummer?: string };
  zaaktype?: { code: string; omschrijving?: string };
}

export interface Afzender { oin: string; afzenderId: string; mijnOverheidOin: string }

export type DeliveryState = 'verzonden' | 'bevestigd' | 'foutbericht' | 'niet-afgeleverd';

export interface ZaakRecord {
  identificatie: string;
  messageIds: string[];
  state: DeliveryState;
  foutcode?: string;
  foutomschrijving?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function stufTijdstip(d: Date): string {
  return d.toISOString().replace(/[-:T.Z]/g, '').slice(0, 17);
}

/** A zakLk01 kennisgeving with the full zaak (mutatiesoort T), as municipal implementations send it. */
export function zakLk01(z: ZaakInput, a: Afzender, now: Date, opts: { bsnAsNumber?: boolean } = {}): string {
  const bsn = opts.bsnAsNumber ? String(Number(z.bsn)) : z.bsn;
  const opt = (tag: string, v: string | undefined) => (v === undefined ? '' : `<${tag}>${esc(v)}</${tag}>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<zakLk01 xmlns="http://www.egem.nl/StUF/sector/zkn/0310" xmlns:StUF="http://www.egem.nl/StUF/StUF0301" xmlns:BG="http://www.egem.nl/StUF/sector/bg/0310" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<stuurgegevens><StUF:berichtcode>Lk01</StUF:berichtcode>
<StUF:zender><StUF:organisatie>${esc(a.oin)}</StUF:organisatie><StUF:applicatie>${esc(a.afzenderId)}</StUF:applicatie></StUF:zender>
<StUF:ontvanger><StUF:organisatie>${esc(a.mijnOverheidOin)}</StUF:organisatie><StUF:applicatie>MijnOverheid</StUF:applicatie><StUF:administratie>Lopende zaken</StUF:administratie></StUF:ontvanger>
<StUF:referentienummer>${randomUUID()}</StUF:referentienummer><StUF:tijdstipBericht>${stufTijdstip(now)}</StUF:tijdstipBericht><StUF:entiteittype>ZAK</StUF:entiteittype></stuurgegevens>
<parameters><StUF:mutatiesoort>T</StUF:mutatiesoort><StUF:indicatorOvername>V</StUF:indicatorOvername></parameters>
<object StUF:entiteittype="ZAK" StUF:verwerkingssoort="T" StUF:sleutelVerzendend="${esc(z.identificatie)}">
<identificatie>${esc(z.identificatie)}</identificatie>${opt('omschrijving', z.omschrijving)}${opt('toelichting', z.toelichting)}
${z.resultaat !== undefined ? `<resultaat><omschrijving>${esc(z.resultaat)}</omschrijving></resultaat>` : ''}
<startdatum>${esc(z.startdatum)}</startdatum>
${z.einddatum !== undefined ? `<einddatum>${esc(z.einddatum)}</einddatum>` : '<einddatum xsi:nil="true" StUF:noValue="geenWaarde"/>'}${opt('einddatumGepland', z.einddatumGepland)}
${z.verwijzing !== undefined ? `<StUF:extraElementen><StUF:extraElement naam="verwijzing">${esc(z.verwijzing)}</StUF:extraElement></StUF:extraElementen>` : ''}
<isVan xsi:nil="true" StUF:noValue="waardeOnbekend" StUF:entiteittype="ZAKZKT"/>
<heeftAlsInitiator StUF:entiteittype="ZAKBTRINI" StUF:verwerkingssoort="T"><gerelateerde><natuurlijkPersoon StUF:entiteittype="NPS" StUF:verwerkingssoort="I"><BG:inp.bsn>${esc(bsn)}</BG:inp.bsn><BG:authentiek StUF:metagegeven="true">J</BG:authentiek></natuurlijkPersoon></gerelateerde><omschrijving>Initiator</omschrijving></heeftAlsInitiator>
<heeft StUF:entiteittype="ZAKSTT"><gerelateerde StUF:entiteittype="STT">${opt('zkt.code', z.zaaktype?.code ?? 'ZT')}${opt('zkt.omschrijving', z.zaaktype?.omschrijving)}${opt('volgnummer', z.status.volgnummer ?? '1')}${opt('code', z.status.code)}<omschrijving>${esc(z.status.omschrijving)}</omschrijving></gerelateerde><datumStatusGezet>${esc(z.status.datumStatusGezet)}</datumStatusGezet></heeft>
</object>
</zakLk01>
`;
}

const isoDate = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
const isoDateTime = (d: string) => { const t = d.padEnd(14, '0'); return `${isoDate(t)}T${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}`; };

/** The same zaak as an MO-bericht (the second format; govsim's modelled schema, urn:govsim:mijnoverheid:mo-bericht:1). */
export function moBericht(z: ZaakInput, a: Afzender, now: Date): string {
  const opt = (tag: string, v: string | undefined) => (v === undefined ? '' : `<mo:${tag}>${esc(v)}</mo:${tag}>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<mo:zaakbericht xmlns:mo="urn:govsim:mijnoverheid:mo-bericht:1">
<mo:afzender><mo:oin>${esc(a.oin)}</mo:oin><mo:afzenderId>${esc(a.afzenderId)}</mo:afzenderId></mo:afzender>
<mo:ontvanger><mo:oin>${esc(a.mijnOverheidOin)}</mo:oin></mo:ontvanger>
<mo:berichtId>${randomUUID()}</mo:berichtId><mo:tijdstip>${now.toISOString()}</mo:tijdstip>
<mo:zaak><mo:identificatie>${esc(z.identificatie)}</mo:identificatie>${opt('omschrijving', z.omschrijving)}${opt('toelichting', z.toelichting)}
<mo:bsn>${esc(z.bsn)}</mo:bsn><mo:startdatum>${isoDate(z.startdatum)}</mo:startdatum>${opt('einddatumGepland', z.einddatumGepland && isoDate(z.einddatumGepland))}${opt('einddatum', z.einddatum && isoDate(z.einddatum))}${opt('resultaat', z.resultaat)}${opt('verwijzing', z.verwijzing)}
<mo:status>${opt('code', z.status.code)}<mo:omschrijving>${esc(z.status.omschrijving)}</mo:omschrijving><mo:datumStatusGezet>${isoDateTime(z.status.datumStatusGezet)}</mo:datumStatusGezet></mo:status></mo:zaak>
</mo:zaakbericht>
`;
}

/** Delivery bookkeeping per zaak. */
export class Zaaksysteem {
  private zaken = new Map<string, ZaakRecord>();
  private byMessage = new Map<string, string>();

  sent(identificatie: string, messageId: string): void {
    const z = this.zaken.get(identificatie) ?? { identificatie, messageIds: [], state: 'verzonden' as DeliveryState };
    z.messageIds.push(messageId);
    z.state = 'verzonden';
    delete z.foutcode;
    delete z.foutomschrijving;
    this.zaken.set(identificatie, z);
    this.byMessage.set(messageId, identificatie);
  }

  confirmed(messageId: string): void {
    const z = this.record(messageId);
    if (z && z.state === 'verzonden') z.state = 'bevestigd';
  }

  notDelivered(messageId: string): void {
    const z = this.record(messageId);
    if (z) z.state = 'niet-afgeleverd';
  }

  /** A foutbericht about one of our messages: the zaak is marked refused with MijnOverheid's code. */
  foutbericht(refToMessageId: string, code: string, omschrijving: string): boolean {
    const z = this.record(refToMessageId);
    if (!z) return false;
    z.state = 'foutbericht';
    z.foutcode = code;
    z.foutomschrijving = omschrijving;
    return true;
  }

  get(identificatie: string): ZaakRecord | undefined {
    const z = this.zaken.get(identificatie);
    return z ? { ...z, messageIds: [...z.messageIds] } : undefined;
  }

  private record(messageId: string): ZaakRecord | undefined {
    const id = this.byMessage.get(messageId);
    return id === undefined ? undefined : this.zaken.get(id);
  }
}
