/**
 * The search over the mirror (pure): 1330 Personensuche within a municipality and 1332
 * freie Suche across Lower Saxony, with Kölner Phonetik name matching, partial birth dates,
 * a deterministic order and the legal cap of 1,000 hits (BMeldDAV § 1).
 */
import { koelnerPhonetik, normaliseName } from './phonetic.ts';
import { matchesTeilDatum, type Person, type TeilDatum } from './person.ts';

export const RESULT_CAP = 1000;

export interface Suchkriterien {
  nachname?: string;
  vornamen?: string[];
  geburtsdatum?: TeilDatum;
  geschlecht?: string;
  gemeindeschluessel?: string;
  postleitzahl?: string;
  wohnort?: string;
  strasse?: string;
  hausnummer?: string;
}

export interface Suchergebnis {
  /** At most `cap` persons, in a stable order. */
  treffer: Person[];
  /** All matches before the cap. */
  anzahl: number;
  gekuerzt: boolean;
}

interface Indexed { person: Person; familienname: string; phon: string; vornamen: Array<{ norm: string; phon: string }> }

/** The population with phonetic codes computed once. */
export class Melderegister {
  private readonly rows: Indexed[];

  constructor(persons: readonly Person[]) {
    this.rows = persons.map((person) => ({
      person,
      familienname: normaliseName(person.familienname),
      phon: koelnerPhonetik(person.familienname),
      vornamen: person.vornamen.map((v) => ({ norm: normaliseName(v), phon: koelnerPhonetik(v) })),
    }));
  }

  get size(): number {
    return this.rows.length;
  }

  byId(id: string): Person | undefined {
    return this.rows.find((r) => r.person.id === id)?.person;
  }

  search(k: Suchkriterien, cap = RESULT_CAP): Suchergebnis {
    const nameNorm = k.nachname ? normaliseName(k.nachname) : undefined;
    const namePhon = k.nachname ? koelnerPhonetik(k.nachname) : undefined;
    const vornamen = (k.vornamen ?? []).filter((v) => v.trim() !== '').map((v) => ({ norm: normaliseName(v), phon: koelnerPhonetik(v) }));
    const strasse = k.strasse ? normaliseName(k.strasse) : undefined;
    const wohnort = k.wohnort ? normaliseName(k.wohnort) : undefined;
    const hits = this.rows.filter((r) => {
      const p = r.person;
      if (nameNorm !== undefined && r.familienname !== nameNorm && (namePhon === '' || r.phon !== namePhon)) return false;
      if (vornamen.some((v) => !r.vornamen.some((x) => x.norm === v.norm || (v.phon !== '' && x.phon === v.phon)))) return false;
      if (k.geburtsdatum && !matchesTeilDatum(p.geburtsdatum, k.geburtsdatum)) return false;
      if (k.geschlecht && p.geschlecht !== k.geschlecht) return false;
      if (k.gemeindeschluessel && p.anschrift.ags !== k.gemeindeschluessel) return false;
      if (k.postleitzahl && p.anschrift.postleitzahl !== k.postleitzahl) return false;
      if (wohnort && !normaliseName(p.anschrift.wohnort).startsWith(wohnort)) return false;
      if (strasse && normaliseName(p.anschrift.strasse) !== strasse) return false;
      if (k.hausnummer && p.anschrift.hausnummer !== k.hausnummer.trim()) return false;
      return true;
    }).map((r) => r.person);
    hits.sort(compare);
    return { treffer: hits.slice(0, cap), anzahl: hits.length, gekuerzt: hits.length > cap };
  }
}

function compare(a: Person, b: Person): number {
  return a.familienname.localeCompare(b.familienname, 'de') || a.vornamen.join(' ').localeCompare(b.vornamen.join(' '), 'de')
    || a.geburtsdatum.localeCompare(b.geburtsdatum) || a.id.localeCompare(b.id);
}
