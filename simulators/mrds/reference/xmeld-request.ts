/**
 * The reference Fachverfahren's XMeld request builder (1330 Personensuche, 1332 freie
 * Suche), written against the documented message structure (docs/platforms/mrds.md), not
 * against the simulator's code. Variants drop exactly one thing.
 */
import { randomUUID } from 'node:crypto';
import { rawXml, xml } from '../../kernel/xml/index.ts';

export const XMELD_NS = 'http://www.osci.de/xmeld2511a';

export interface Suchauftrag {
  /** '1330' Personensuche (needs gemeindeschluessel) or '1332' freie Suche. */
  nachrichtentyp: '1330' | '1332';
  nachname: string;
  vornamen?: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD */
  geburtsdatum?: string;
  geschlecht?: string;
  gemeindeschluessel?: string;
  postleitzahl?: string;
  wohnort?: string;
  strasse?: string;
  anforderungselemente?: number[];
  aktenzeichen: string;
  anlassDesAbrufs: string;
}

export interface Absender {
  kundennummer: string;
  behoerdenname: string;
  /** DVDV kennung of the caller, e.g. `ags:03241001`. */
  autorKennung: string;
  sicherheitsbehoerde: boolean;
}

export interface BuildOptions {
  omitHeaderFields?: boolean;
  omitAktenzeichen?: boolean;
  /** Broken variant: pastes aktenzeichen and anlassDesAbrufs into the XML without escaping. */
  unescapedFreeText?: boolean;
  now?: Date;
  uuid?: string;
}

function offsetIso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function datum(text: string) {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return xml`<jahrMonatTag>${text}</jahrMonatTag>`;
  if (/^\d{4}-\d{2}$/.test(text)) return xml`<jahrMonat>${text}</jahrMonat>`;
  return xml`<jahr>${text}</jahr>`;
}

export function buildSuchanfrage(a: Suchauftrag, s: Absender, o: BuildOptions = {}): string {
  const root = a.nachrichtentyp === '1330' ? 'datenabruf.personensuche.suchanfrage.1330' : 'datenabruf.freieSuche.suchanfrage.1332';
  const kennung = (k: string, name: string) => xml`<verzeichnisdienst listVersionID="3"><code>DVDV</code></verzeichnisdienst><kennung>${k}</kennung><name>${name}</name>`;
  const identifikation = o.omitHeaderFields
    ? xml`<identifikation.nachricht><nachrichtentyp listVersionID="1"><code>${a.nachrichtentyp}</code></nachrichtentyp></identifikation.nachricht>`
    : xml`<identifikation.nachricht><nachrichtenUUID>${o.uuid ?? randomUUID()}</nachrichtenUUID><nachrichtentyp listVersionID="1"><code>${a.nachrichtentyp}</code></nachrichtentyp><erstellungszeitpunkt>${offsetIso(o.now ?? new Date())}</erstellungszeitpunkt></identifikation.nachricht>`;
  const name = xml`<name><name><nachnameUndVornamen>${a.vornamen ? xml`<vornamen><name>${a.vornamen}</name></vornamen>` : ''}<nachname><name>${a.nachname}</name></nachname></nachnameUndVornamen></name></name>`;
  const geburt = a.geburtsdatum ? xml`<geburtsdatum><geburtsdatum><teilbekanntesDatum>${datum(a.geburtsdatum)}</teilbekanntesDatum></geburtsdatum></geburtsdatum>` : '';
  const geschlecht = a.geschlecht ? xml`<geschlecht listVersionID="1"><code>${a.geschlecht}</code></geschlecht>` : '';
  const ort = a.nachrichtentyp === '1330'
    ? xml`<anschrift><gemeindeschluessel>${a.gemeindeschluessel ?? ''}</gemeindeschluessel>${a.postleitzahl ? xml`<postleitzahl>${a.postleitzahl}</postleitzahl>` : ''}</anschrift>`
    : (a.postleitzahl || a.wohnort || a.strasse)
      ? xml`<wohnung><anschrift><anschrift.inland>${a.postleitzahl ? xml`<postleitzahl>${a.postleitzahl}</postleitzahl>` : ''}${a.strasse ? xml`<strasse>${a.strasse}</strasse>` : ''}${a.wohnort ? xml`<wohnort>${a.wohnort}</wohnort>` : ''}</anschrift.inland></anschrift></wohnung>`
      : '';
  const frei = (t: string) => (o.unescapedFreeText ? rawXml(t) : t);
  const steuerung = xml`<steuerungsinformationen>${(a.anforderungselemente ?? []).map((c) => xml`<anforderungselement><code>${c}</code></anforderungselement>`)}${a.nachrichtentyp === '1332' ? xml`<suchbereich><bundesland listVersionID="1"><code>03</code></bundesland></suchbereich>` : ''}<verzichtAufMitteilung>false</verzichtAufMitteilung></steuerungsinformationen>`;
  return xml`<?xml version="1.0" encoding="UTF-8"?>
<xmeld:${rawName(root)} xmlns:xmeld="${XMELD_NS}" version="25.11a" standard="XMeld" produkt="govsim Referenz-Fachverfahren" produkthersteller="govsim" produktversion="1"><nachrichtenkopf.g2g>${identifikation}<leser>${kennung('ags:03000000', 'Melderegisterdatenspiegel Niedersachsen')}</leser><autor>${kennung(s.autorKennung, s.behoerdenname)}</autor></nachrichtenkopf.g2g><datenAbrufendeStelle><sicherheitsbehoerde>${String(s.sicherheitsbehoerde)}</sicherheitsbehoerde><abrufberechtigteStelle><behoerdenname>${s.behoerdenname}</behoerdenname></abrufberechtigteStelle>${o.omitAktenzeichen ? '' : xml`<aktenzeichen>${frei(a.aktenzeichen)}</aktenzeichen>`}<anlassDesAbrufs>${frei(a.anlassDesAbrufs)}</anlassDesAbrufs><kennung>${s.kundennummer}</kennung></datenAbrufendeStelle><suchprofil><auswahldaten>${name}${geburt}${geschlecht}${ort}</auswahldaten></suchprofil>${steuerung}</xmeld:${rawName(root)}>`.value;
}

const rawName = (n: string) => rawXml(n);
