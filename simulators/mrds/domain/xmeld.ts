/**
 * XMeld datenabruf messages (modelled subset, see schemas/mrds/): reading a 1330
 * Personensuche or 1332 freie Suche request out of a parsed document, with the checks
 * on the header (nachrichtenkopf.g2g) and on the legally required caller data
 * (datenAbrufendeStelle). Pure: works on the kernel's XML read model, never on sockets.
 */
import type { XmlElement } from '../../kernel/xml/index.ts';
import { fault, type MrdsFault } from './errors.ts';
import { parseTeilDatum } from './person.ts';
import { NIEDERSACHSEN, isAgs } from './ags.ts';
import type { Suchkriterien } from './search.ts';

export const XMELD_NS = 'http://www.osci.de/xmeld2511a';
export const XMELD_VERSION = '25.11a';

export const MESSAGES = {
  '1330': { root: 'datenabruf.personensuche.suchanfrage.1330', answer: '1331', answerRoot: 'datenabruf.personensuche.ergebnis.1331' },
  '1332': { root: 'datenabruf.freieSuche.suchanfrage.1332', answer: '1333', answerRoot: 'datenabruf.freieSuche.ergebnis.1333' },
} as const;
export type Nachrichtentyp = keyof typeof MESSAGES;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** How far in the future erstellungszeitpunkt may lie (clock skew). */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

export interface Behoerdenkennung { kennung: string; name: string }

export interface Nachrichtenkopf {
  nachrichtenUUID: string;
  nachrichtentyp: string;
  erstellungszeitpunkt: string;
  autor: Behoerdenkennung;
  leser: Behoerdenkennung;
}

export interface DatenAbrufendeStelle {
  sicherheitsbehoerde: boolean;
  behoerdenname: string;
  aktenzeichen: string;
  anlassDesAbrufs: string;
  /** The Kundennummer AG MiN assigned (modelled: carried in datenAbrufendeStelle/kennung). */
  kennung: string;
}

/** A parsed XMeld query: the search criteria plus header, caller and requested items. */
export interface Suchanfrage extends Suchkriterien {
  typ: Nachrichtentyp;
  kopf: Nachrichtenkopf;
  abrufendeStelle: DatenAbrufendeStelle;
  vornamen: string[];
  anforderungselemente: number[];
  bundesland?: string;
}

const text = (e: XmlElement | undefined, path: string): string => e?.find(path)?.text().trim() ?? '';

/** Which message a root element is, or a fault naming what arrived. */
export function messageType(root: XmlElement): { typ: Nachrichtentyp } | { fault: MrdsFault } {
  for (const [typ, m] of Object.entries(MESSAGES) as Array<[Nachrichtentyp, (typeof MESSAGES)[Nachrichtentyp]]>) {
    if (root.name === m.root && root.ns === XMELD_NS) return { typ };
  }
  const which = root.ns ? `{${root.ns}}${root.name}` : root.name;
  return { fault: fault('MRDS_XMELD_UNSUPPORTED_MESSAGE', `the web service answers XMeld ${MESSAGES['1330'].root} and ${MESSAGES['1332'].root} in namespace ${XMELD_NS}; received ${which}`) };
}

/** The header checks; every problem is listed so the integrator can fix them at once. */
export function checkNachrichtenkopf(root: XmlElement, typ: Nachrichtentyp, now: Date): { kopf: Nachrichtenkopf } | { fault: MrdsFault } {
  const k = root.child('nachrichtenkopf.g2g', '');
  if (!k) return { fault: fault('MRDS_XMELD_HEADER_INVALID', 'nachrichtenkopf.g2g is missing') };
  const problems: string[] = [];
  const id = k.child('identifikation.nachricht', '');
  const kopf: Nachrichtenkopf = {
    nachrichtenUUID: text(id, 'nachrichtenUUID'),
    nachrichtentyp: text(id, 'nachrichtentyp/code'),
    erstellungszeitpunkt: text(id, 'erstellungszeitpunkt'),
    autor: { kennung: text(k, 'autor/kennung'), name: text(k, 'autor/name') },
    leser: { kennung: text(k, 'leser/kennung'), name: text(k, 'leser/name') },
  };
  if (!id) problems.push('identifikation.nachricht is missing');
  if (!kopf.nachrichtenUUID) problems.push('identifikation.nachricht/nachrichtenUUID is missing');
  else if (!UUID.test(kopf.nachrichtenUUID)) problems.push(`nachrichtenUUID "${kopf.nachrichtenUUID}" is not a UUID`);
  if (!kopf.nachrichtentyp) problems.push('identifikation.nachricht/nachrichtentyp/code is missing');
  else if (kopf.nachrichtentyp !== typ) problems.push(`nachrichtentyp/code is ${kopf.nachrichtentyp}, but the message is a ${typ}`);
  if (!kopf.erstellungszeitpunkt) problems.push('identifikation.nachricht/erstellungszeitpunkt is missing');
  else if (!DATE_TIME_WITH_OFFSET.test(kopf.erstellungszeitpunkt) || Number.isNaN(Date.parse(kopf.erstellungszeitpunkt))) {
    problems.push(`erstellungszeitpunkt "${kopf.erstellungszeitpunkt}" is not an xs:dateTime with a time-zone offset`);
  } else if (Date.parse(kopf.erstellungszeitpunkt) > now.getTime() + MAX_FUTURE_SKEW_MS) {
    problems.push(`erstellungszeitpunkt ${kopf.erstellungszeitpunkt} lies in the future`);
  }
  for (const role of ['autor', 'leser'] as const) {
    const e = k.child(role, '');
    if (!e) { problems.push(`${role} is missing`); continue; }
    if (text(e, 'verzeichnisdienst/code') !== 'DVDV') problems.push(`${role}/verzeichnisdienst/code must be DVDV`);
    if (!kopf[role].kennung) problems.push(`${role}/kennung is missing`);
    if (!kopf[role].name) problems.push(`${role}/name is missing`);
  }
  return problems.length ? { fault: fault('MRDS_XMELD_HEADER_INVALID', `nachrichtenkopf.g2g: ${problems.join('; ')}`) } : { kopf };
}

/** datenAbrufendeStelle: who asks and why (BMeldDAV: the caller's data are mandatory). */
export function checkAbrufendeStelle(root: XmlElement): { stelle: DatenAbrufendeStelle } | { fault: MrdsFault } {
  const s = root.child('datenAbrufendeStelle', '');
  if (!s) return { fault: fault('MRDS_CALLER_DATA_MISSING', 'datenAbrufendeStelle is missing: the retrieving authority, aktenzeichen and anlassDesAbrufs are required') };
  const stelle: DatenAbrufendeStelle = {
    sicherheitsbehoerde: text(s, 'sicherheitsbehoerde') === 'true' || text(s, 'sicherheitsbehoerde') === '1',
    behoerdenname: text(s, 'abrufberechtigteStelle/behoerdenname'),
    aktenzeichen: text(s, 'aktenzeichen'),
    anlassDesAbrufs: text(s, 'anlassDesAbrufs'),
    kennung: text(s, 'kennung'),
  };
  const missing: string[] = [];
  if (!['true', 'false', '1', '0'].includes(text(s, 'sicherheitsbehoerde'))) missing.push('sicherheitsbehoerde');
  if (!stelle.behoerdenname) missing.push('abrufberechtigteStelle/behoerdenname');
  if (!stelle.aktenzeichen) missing.push('aktenzeichen');
  if (!stelle.anlassDesAbrufs) missing.push('anlassDesAbrufs');
  if (!stelle.kennung) missing.push('kennung (Kundennummer)');
  return missing.length
    ? { fault: fault('MRDS_CALLER_DATA_MISSING', `datenAbrufendeStelle lacks ${missing.join(', ')}`) }
    : { stelle };
}

/** The search criteria and requested items; the XSD has already checked the structure. */
export function readSuchanfrage(root: XmlElement, typ: Nachrichtentyp, kopf: Nachrichtenkopf, stelle: DatenAbrufendeStelle): { anfrage: Suchanfrage } | { fault: MrdsFault } {
  const a = root.find('suchprofil/auswahldaten');
  const nn = a?.find('name/name/nachnameUndVornamen');
  const datum = text(a, 'geburtsdatum/geburtsdatum/teilbekanntesDatum/*');
  const anfrage: Suchanfrage = {
    typ, kopf, abrufendeStelle: stelle,
    nachname: text(nn, 'nachname/name') || undefined,
    vornamen: text(nn, 'vornamen/name').split(/\s+/).filter(Boolean),
    geschlecht: text(a, 'geschlecht/code') || undefined,
    anforderungselemente: (root.find('steuerungsinformationen')?.findAll('anforderungselement/code') ?? []).map((c) => Number(c.text().trim())),
    bundesland: text(root, 'steuerungsinformationen/suchbereich/bundesland/code') || undefined,
  };
  if (datum) {
    const d = parseTeilDatum(datum);
    if (!d) return { fault: fault('MRDS_XMELD_INVALID', `geburtsdatum "${datum}" is not a (partly known) date`) };
    anfrage.geburtsdatum = d;
  }
  if (typ === '1330') {
    anfrage.gemeindeschluessel = text(a, 'anschrift/gemeindeschluessel') || undefined;
    anfrage.postleitzahl = text(a, 'anschrift/postleitzahl') || undefined;
    if (!anfrage.nachname || !anfrage.gemeindeschluessel || (!anfrage.geburtsdatum && anfrage.vornamen.length === 0)) {
      return { fault: fault('MRDS_SEARCH_CRITERIA_INSUFFICIENT', 'a 1330 Personensuche needs the family name, the municipality (gemeindeschluessel) and a first name or a date of birth') };
    }
    if (!isAgs(anfrage.gemeindeschluessel)) return { fault: fault('MRDS_XMELD_INVALID', `gemeindeschluessel "${anfrage.gemeindeschluessel}" is not an 8-digit AGS`) };
  } else {
    const inland = a?.find('wohnung/anschrift/anschrift.inland');
    anfrage.postleitzahl = text(inland, 'postleitzahl') || undefined;
    anfrage.wohnort = text(inland, 'wohnort') || undefined;
    anfrage.strasse = text(inland, 'strasse') || undefined;
    anfrage.hausnummer = text(inland, 'hausnummerOderHausnummernbereich/hausnummer') || undefined;
    if (!anfrage.nachname) return { fault: fault('MRDS_SEARCH_CRITERIA_INSUFFICIENT', 'a 1332 freie Suche needs at least the family name') };
    if (anfrage.bundesland && anfrage.bundesland !== NIEDERSACHSEN) {
      return { fault: fault('MRDS_SUCHBEREICH_NICHT_NIEDERSACHSEN', `suchbereich/bundesland is ${anfrage.bundesland}; the mirror holds Lower Saxony (${NIEDERSACHSEN}) only`) };
    }
  }
  return { anfrage };
}
