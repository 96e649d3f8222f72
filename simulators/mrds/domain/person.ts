/** A registered resident as the mirror holds them (fictitious; see population.ts). */

export type Geschlecht = 'm' | 'w' | 'd' | 'x';
export type Meldestatus = 'gemeldet' | 'verstorben' | 'weggezogen';

export interface Anschrift {
  ags: string;
  wohnort: string;
  postleitzahl: string;
  strasse: string;
  hausnummer: string;
}

export interface Person {
  id: string;
  familienname: string;
  fruehereNamen: string[];
  vornamen: string[];
  doktorgrad?: string;
  /** YYYY-MM-DD */
  geburtsdatum: string;
  geburtsort: string;
  geschlecht: Geschlecht;
  staatsangehoerigkeiten: string[];
  anschrift: Anschrift;
  einzugsdatum: string;
  status: Meldestatus;
  sterbedatum?: string;
  sterbeort?: string;
  wegzug?: { datum: string; neueAnschrift: string };
  /** Auskunftssperre (§ 51 BMG): data withheld from ordinary authorities. */
  auskunftssperre: boolean;
  /** Only for security authorities (modelled). */
  familienstand: string;
  fruehereAnschriften: string[];
  ausweis?: { art: string; seriennummer: string };
}

/** A partly known date (XMeld teilbekanntesDatum): year, year-month or full date. */
export interface TeilDatum {
  jahr: number;
  monat?: number;
  tag?: number;
}

export function parseTeilDatum(text: string): TeilDatum | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text.trim());
  if (!m) return undefined;
  const d: TeilDatum = { jahr: Number(m[1]) };
  if (m[2]) d.monat = Number(m[2]);
  if (m[3]) d.tag = Number(m[3]);
  if (d.monat !== undefined && (d.monat < 1 || d.monat > 12)) return undefined;
  if (d.tag !== undefined && (d.tag < 1 || d.tag > 31)) return undefined;
  return d;
}

export function matchesTeilDatum(iso: string, d: TeilDatum): boolean {
  const [y, m, t] = iso.split('-').map(Number);
  return y === d.jahr && (d.monat === undefined || m === d.monat) && (d.tag === undefined || t === d.tag);
}
