/**
 * The answer to a search (1331 for 1330, 1333 for 1332; modelled, as the official answer
 * structure is not public): which data items each hit carries, Auskunftssperre handling,
 * and the XMeld document itself.
 */
import { rawXml, xml, type XmlFragment } from '../../kernel/xml/index.ts';
import { DEFAULT_ANFORDERUNG, datenelement } from './anforderungen.ts';
import type { Person } from './person.ts';
import type { Suchergebnis } from './search.ts';
import { MESSAGES, XMELD_NS, XMELD_VERSION, type Suchanfrage } from './xmeld.ts';

export type ErgebnisCode = '01' | '02' | '03';
export const ERGEBNIS_TEXT: Record<ErgebnisCode, string> = {
  '01': 'Treffer',
  '02': 'Kein Treffer',
  '03': 'Trefferliste auf 1.000 Datensätze begrenzt; bitte Suchkriterien einschränken',
};

export interface Hinweis { code: string; text: string }

export interface Auskunft {
  ergebnis: ErgebnisCode;
  anzahlTreffer: number;
  /** Data items actually delivered (requested, allowed). */
  elemente: number[];
  hinweise: Hinweis[];
  personen: Array<{ id: string; gesperrt: boolean; person: Person }>;
}

export interface AuskunftOptions {
  /** The Mandant is a security authority (and said so in the request). */
  sicherheitsbehoerde: boolean;
  /** Negative-control defect: deliver blocked persons' data to anyone. */
  discloseBlocked?: boolean;
}

/** Decides what the caller may see of each hit. */
export function buildAuskunft(anfrage: Suchanfrage, result: Suchergebnis, o: AuskunftOptions): Auskunft {
  const hinweise: Hinweis[] = [];
  const requested = anfrage.anforderungselemente.length ? [...new Set(anfrage.anforderungselemente)] : DEFAULT_ANFORDERUNG;
  const unknown = requested.filter((c) => !datenelement(c));
  if (unknown.length) hinweise.push({ code: 'H_UNBEKANNTES_ELEMENT', text: `Unbekannte Anforderungselemente ignoriert: ${unknown.join(', ')}` });
  const restricted = requested.filter((c) => datenelement(c)?.sicherheitsbehoerde && !o.sicherheitsbehoerde);
  if (restricted.length) hinweise.push({ code: 'H_NUR_SICHERHEITSBEHOERDE', text: `Anforderungselemente nur für Sicherheitsbehörden, nicht übermittelt: ${restricted.join(', ')}` });
  const elemente = requested.filter((c) => datenelement(c) && !restricted.includes(c)).sort((a, b) => a - b);
  const personen = result.treffer.map((person) => ({
    id: person.id, person,
    gesperrt: person.auskunftssperre && !o.sicherheitsbehoerde && !o.discloseBlocked,
  }));
  if (personen.some((p) => p.gesperrt)) hinweise.push({ code: 'H_AUSKUNFTSSPERRE', text: 'Für mindestens einen Treffer besteht eine Auskunftssperre; Daten werden nicht übermittelt.' });
  const ergebnis: ErgebnisCode = result.anzahl === 0 ? '02' : result.gekuerzt ? '03' : '01';
  return { ergebnis, anzahlTreffer: result.anzahl, elemente, hinweise, personen };
}

function item(code: number, p: Person): XmlFragment | undefined {
  switch (code) {
    case 1: return xml`<familienname>${p.familienname}</familienname>`;
    case 2: return p.fruehereNamen.length ? xml`<fruehereNamen>${p.fruehereNamen.map((n) => xml`<name>${n}</name>`)}</fruehereNamen>` : undefined;
    case 3: return xml`<vornamen>${p.vornamen.map((n) => xml`<name>${n}</name>`)}</vornamen>`;
    case 4: return p.doktorgrad ? xml`<doktorgrad>${p.doktorgrad}</doktorgrad>` : undefined;
    case 5: return xml`<geburtsdatum>${p.geburtsdatum}</geburtsdatum>`;
    case 6: return xml`<geburtsort>${p.geburtsort}</geburtsort>`;
    case 7: return xml`<geschlecht listVersionID="1"><code>${p.geschlecht}</code></geschlecht>`;
    case 8: return xml`<staatsangehoerigkeiten>${p.staatsangehoerigkeiten.map((s) => xml`<staatsangehoerigkeit>${s}</staatsangehoerigkeit>`)}</staatsangehoerigkeiten>`;
    case 9: {
      const a = p.anschrift;
      return xml`<anschrift><strasse>${a.strasse}</strasse><hausnummer>${a.hausnummer}</hausnummer><postleitzahl>${a.postleitzahl}</postleitzahl><wohnort>${a.wohnort}</wohnort><gemeindeschluessel>${a.ags}</gemeindeschluessel></anschrift>`;
    }
    case 10: return xml`<einzugsdatum>${p.einzugsdatum}</einzugsdatum>`;
    case 29: return p.sterbedatum ? xml`<sterbedaten><sterbedatum>${p.sterbedatum}</sterbedatum><sterbeort>${p.sterbeort ?? ''}</sterbeort></sterbedaten>` : undefined;
    case 33: return p.wegzug ? xml`<wegzug><wegzugsdatum>${p.wegzug.datum}</wegzugsdatum><neueAnschrift>${p.wegzug.neueAnschrift}</neueAnschrift></wegzug>` : undefined;
    case 34: return p.fruehereAnschriften.length ? xml`<fruehereAnschriften>${p.fruehereAnschriften.map((a) => xml`<anschrift>${a}</anschrift>`)}</fruehereAnschriften>` : undefined;
    case 35: return xml`<familienstand>${p.familienstand}</familienstand>`;
    case 37: return p.ausweis ? xml`<ausweis><art>${p.ausweis.art}</art><seriennummer>${p.ausweis.seriennummer}</seriennummer></ausweis>` : undefined;
    default: return undefined;
  }
}

export interface AnswerHeader {
  nachrichtenUUID: string;
  erstellungszeitpunkt: string;
  /** The mirror as author (DVDV kennung and name). */
  autor: { kennung: string; name: string };
}

/** The XMeld answer document (UTF-8 text with declaration). */
export function answerXml(anfrage: Suchanfrage, a: Auskunft, h: AnswerHeader): string {
  const m = MESSAGES[anfrage.typ];
  const behoerde = (role: string, b: { kennung: string; name: string }) =>
    xml`<${rawName(role)}><verzeichnisdienst listVersionID="3"><code>DVDV</code></verzeichnisdienst><kennung>${b.kennung}</kennung><name>${b.name}</name></${rawName(role)}>`;
  const personen = a.personen.map(({ person, gesperrt }) => gesperrt
    ? xml`<person><auskunftssperre>true</auskunftssperre></person>`
    : xml`<person><meldestatus><code>${person.status}</code></meldestatus><auskunftssperre>${String(person.auskunftssperre)}</auskunftssperre>${a.elemente.map((c) => item(c, person))}</person>`);
  const doc = xml`<?xml version="1.0" encoding="UTF-8"?>
<xmeld:${rawName(m.answerRoot)} xmlns:xmeld="${XMELD_NS}" version="${XMELD_VERSION}" standard="XMeld" produkt="govsim MRDS-Simulator" produkthersteller="govsim" produktversion="1"><nachrichtenkopf.g2g><identifikation.nachricht><nachrichtenUUID>${h.nachrichtenUUID}</nachrichtenUUID><nachrichtentyp listVersionID="1"><code>${m.answer}</code></nachrichtentyp><erstellungszeitpunkt>${h.erstellungszeitpunkt}</erstellungszeitpunkt></identifikation.nachricht>${behoerde('leser', anfrage.kopf.autor)}${behoerde('autor', h.autor)}</nachrichtenkopf.g2g><bezug><nachrichtenUUID>${anfrage.kopf.nachrichtenUUID}</nachrichtenUUID><aktenzeichen>${anfrage.abrufendeStelle.aktenzeichen}</aktenzeichen></bezug><ergebnisstatus><code>${a.ergebnis}</code><text>${ERGEBNIS_TEXT[a.ergebnis]}</text></ergebnisstatus><anzahlTreffer>${a.anzahlTreffer}</anzahlTreffer>${a.hinweise.map((x) => xml`<hinweis><code>${x.code}</code><text>${x.text}</text></hinweis>`)}${personen}</xmeld:${rawName(m.answerRoot)}>`;
  return doc.value;
}

function rawName(n: string): XmlFragment {
  if (!/^[A-Za-z][A-Za-z0-9._-]*$/.test(n)) throw new Error(`not an element name: ${n}`);
  return rawXml(n);
}

