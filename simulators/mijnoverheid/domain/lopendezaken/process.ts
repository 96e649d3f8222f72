/**
 * Lopende Zaken processing of one zaakbericht: every rule that makes MijnOverheid answer with a
 * foutbericht, then the zaak history update (new zaak, status appended, closure).
 */
import { validateBsn } from '../bsn.ts';
import { oinOfPartyId } from '../oin.ts';
import type { TestPersonRegistry } from '../test-persons.ts';
import type { XmlElement } from '../xml.ts';
import { AfzenderRegister } from './afzenders.ts';
import { foutbericht, type Foutbericht } from './foutbericht.ts';
import { ZaakStore, type Zaak } from './zaak-store.ts';
import { readZakLk01, type ZakLk01 } from './zaklk01.ts';
import { readMoBericht } from './mo-bericht.ts';
import type { Issue } from '../issue.ts';

export interface ZaakberichtContext {
  /** The simulated MijnOverheid OIN (StUF ontvanger/organisatie must equal it). */
  mijnOverheidOin: string;
  /** ebMS From PartyId of the message that carried the zaakbericht (suffix allowed). */
  fromPartyId: string;
  /** OIN from the TLS client certificate. */
  certificateOin: string | undefined;
  afzenders: AfzenderRegister;
  persons: TestPersonRegistry;
  store: ZaakStore;
  now: Date;
}

export type ZaakberichtResult =
  | { ok: true; event: 'aangemaakt' | 'bijgewerkt' | 'gesloten' | 'ongewijzigd'; zaak: Zaak; bericht: ZakLk01 }
  | { ok: false; foutbericht: Foutbericht };

function validDate(yyyymmdd: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export function processZakLk01(xml: string | Uint8Array | XmlElement, ctx: ZaakberichtContext): ZaakberichtResult {
  return processRead(readZakLk01(xml), ctx);
}

/** The MO-bericht (MODELLED second format): same rules, same zaak history as zakLk01. */
export function processMoBericht(xml: string | Uint8Array, ctx: ZaakberichtContext): ZaakberichtResult {
  return processRead(readMoBericht(xml), ctx);
}

function processRead(read: { bericht?: ZakLk01; issues: Issue[] }, ctx: ZaakberichtContext): ZaakberichtResult {
  if (!read.bericht) {
    const code = read.issues[0].code as 'LZ_XML_INVALID' | 'LZ_NOT_ZAKLK01' | 'LZ_NOT_MO_BERICHT' | 'LZ_XSD_INVALID';
    return { ok: false, foutbericht: foutbericht(code, 'Het zaakbericht voldoet niet aan het berichtformaat', read.issues) };
  }
  const b = read.bericht;
  const ref = { crossRefnummer: b.referentienummer, zaakIdentificatie: b.zaak.identificatie };
  const fail = (code: Parameters<typeof foutbericht>[0], text: string): ZaakberichtResult => ({ ok: false, foutbericht: foutbericht(code, text, [], ref) });

  if (b.mutatiesoort !== 'T') return fail('LZ_MUTATIESOORT_UNSUPPORTED', `mutatiesoort ${b.mutatiesoort} wordt niet ondersteund; Lopende Zaken verwacht T met het volledige object`);
  if (b.ontvanger.organisatie !== ctx.mijnOverheidOin) return fail('LZ_RECEIVER_UNKNOWN', `ontvanger/organisatie ${b.ontvanger.organisatie} is niet MijnOverheid (${ctx.mijnOverheidOin})`);
  const fromOin = oinOfPartyId(ctx.fromPartyId);
  if (b.zender.organisatie !== fromOin) return fail('LZ_SENDER_MISMATCH', `zender/organisatie ${b.zender.organisatie} is niet de ebMS-afzender ${fromOin ?? ctx.fromPartyId}`);
  if (b.zender.organisatie !== ctx.certificateOin) return fail('LZ_SENDER_MISMATCH', `zender/organisatie ${b.zender.organisatie} is niet het OIN uit het certificaat (${ctx.certificateOin ?? 'geen'})`);
  if (!ctx.afzenders.isKnown(b.zender.organisatie, b.zender.applicatie)) return fail('LZ_AFZENDER_UNKNOWN', `afzenderID ${b.zender.applicatie} is niet bekend voor ${b.zender.organisatie}`);

  const z = b.zaak;
  for (const [name, v] of [['startdatum', z.startdatum], ['einddatum', z.einddatum], ['einddatumGepland', z.einddatumGepland], ['ingangsdatumObject', z.status?.ingangsdatum]] as const) {
    if (v !== undefined && !validDate(v)) return fail('LZ_DATE_INVALID', `${name} ${v} is geen bestaande datum`);
  }
  if (z.status && !validDate(z.status.datumStatusGezet.slice(0, 8))) return fail('LZ_DATE_INVALID', `datumStatusGezet ${z.status.datumStatusGezet} is geen bestaande datum`);
  if (z.einddatum !== undefined && z.einddatum < z.startdatum) return fail('LZ_DATE_INVALID', `einddatum ${z.einddatum} ligt voor startdatum ${z.startdatum}`);

  if (z.initiatorBsns.length !== 1) return fail('LZ_INITIATOR_COUNT', `een zaakbericht heeft precies één natuurlijk persoon als initiator, gevonden: ${z.initiatorBsns.length}`);
  const bsn = z.initiatorBsns[0];
  const bsnIssues = validateBsn(bsn);
  if (bsnIssues.length) return fail('LZ_BSN_INVALID', `BSN ${bsn} is ongeldig (${bsnIssues[0].code})`);
  const account = ctx.persons.account(bsn);
  if (!account?.registeredAt || !account.zaakPostbusActive) return fail('LZ_BSN_NO_ACCOUNT', `BSN ${bsn} heeft geen actieve MijnOverheid-postbus voor zaakberichten`);

  const existing = ctx.store.get(b.zender.organisatie, z.identificatie);
  if (existing && existing.bsn !== bsn) return fail('LZ_BSN_CHANGED', `zaak ${z.identificatie} hoort bij een andere BSN`);

  const now = ctx.now.toISOString();
  const zaak: Zaak = existing ?? { senderOin: b.zender.organisatie, identificatie: z.identificatie, bsn, startdatum: z.startdatum, statussen: [], berichten: 0, gesloten: false, aangemaaktOp: now, bijgewerktOp: now };
  const wasClosed = zaak.gesloten;
  const before = JSON.stringify(zaak);
  // Each zakLk01 carries the full object (mutatiesoort T): the latest values win.
  zaak.startdatum = z.startdatum;
  for (const k of ['omschrijving', 'toelichting', 'einddatum', 'einddatumGepland', 'resultaat', 'verwijzing'] as const) {
    if (z[k] !== undefined) zaak[k] = z[k];
    else delete zaak[k];
  }
  if (z.status) {
    const last = zaak.statussen[zaak.statussen.length - 1];
    const same = last && last.datumStatusGezet === z.status.datumStatusGezet && last.code === z.status.code && last.omschrijving === z.status.omschrijving;
    if (!same) zaak.statussen.push({ ...z.status, ontvangenOp: now, referentienummer: b.referentienummer });
  }
  const changed = JSON.stringify(zaak) !== before;
  zaak.gesloten = zaak.einddatum !== undefined && zaak.resultaat !== undefined;
  zaak.berichten += 1;
  zaak.bijgewerktOp = now;
  ctx.store.put(zaak);
  const event = !existing ? 'aangemaakt' : zaak.gesloten && !wasClosed ? 'gesloten' : changed ? 'bijgewerkt' : 'ongewijzigd';
  return { ok: true, event, zaak: ctx.store.get(zaak.senderOin, zaak.identificatie)!, bericht: b };
}
