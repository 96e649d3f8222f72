/**
 * The fictitious CPR register the simulator serves: deterministic persons with every
 * status the self-service dialogue must handle and with name/address protection.
 * Every person, name and CPR number here is invented (see fictitiousPnr).
 */
import type { Adresse } from './geography.ts';
import { fictitiousPnr } from './pnr.ts';

export type Civilstand = 'U' | 'G' | 'F' | 'E' | 'P' | 'O' | 'L' | 'D';

export const CIVILSTAND_TEXT: Readonly<Record<Civilstand, string>> = {
  U: 'Ugift', G: 'Gift', F: 'Fraskilt', E: 'Enke/enkemand', P: 'Registreret partnerskab',
  O: 'Ophævet partnerskab', L: 'Længstlevende partner', D: 'Død',
};

export const STATUS_TEXT: Readonly<Record<string, string>> = {
  '01': 'Aktiv, bopæl i dansk folkeregister', '03': 'Aktiv, speciel vejkode i dansk folkeregister',
  '05': 'Aktiv, bopæl i grønlandsk folkeregister', '07': 'Aktiv, speciel vejkode i grønlandsk folkeregister',
  '20': 'Inaktiv, uden bopæl', '30': 'Annulleret', '50': 'Slettet', '60': 'Ændret personnummer',
  '70': 'Forsvundet', '80': 'Udrejst', '90': 'Død',
};

/** Statuses of a living person resident in the register: only they may report events. */
export const ACTIVE_STATUSES: readonly string[] = ['01', '03', '05', '07'];

export interface Person {
  pnr: string;
  fornavne: string;
  efternavn: string;
  koen: 'K' | 'M';
  /** YYYYMMDD. */
  foedselsdato: string;
  status: string;
  statusdato: string;
  adresse: Adresse;
  tilflytningsdato: string;
  civilstand: Civilstand;
  civilstandsdato: string;
  aegtefaellePnr?: string;
  /** Name and address protection from `start` to `slut` inclusive (YYYYMMDD). */
  beskyttelse?: { start: string; slut: string };
}

export function isProtected(p: Person, today: string): boolean {
  return !!p.beskyttelse && p.beskyttelse.start <= today && today <= p.beskyttelse.slut;
}

const adr = (kommunekode: string, vejkode: string, husnr: string, postnr: string, etage = '', sidedoer = ''): Adresse =>
  ({ kommunekode, vejkode, husnr, etage, sidedoer, postnr });

interface SeedPerson extends Omit<Person, 'pnr' | 'foedselsdato'> {
  key: string;
  born: string;
}

/** Keys steps and docs use to name the seeded persons. */
const SEED: SeedPerson[] = [
  { key: 'anna', fornavne: 'Anna', efternavn: 'Testesen', koen: 'K', born: '1985-03-14', status: '01', statusdato: '19850314', adresse: adr('0101', '8154', '21', '1620', '3', 'th'), tilflytningsdato: '20190801', civilstand: 'U', civilstandsdato: '19850314' },
  { key: 'bo', fornavne: 'Bo', efternavn: 'Prøvesen', koen: 'M', born: '1983-07-22', status: '01', statusdato: '19830722', adresse: adr('0751', '6644', '12', '8000', '2', 'tv'), tilflytningsdato: '20150301', civilstand: 'G', civilstandsdato: '20120616' },
  { key: 'cecilie', fornavne: 'Cecilie', efternavn: 'Prøvesen', koen: 'K', born: '1986-11-02', status: '01', statusdato: '19861102', adresse: adr('0751', '6644', '12', '8000', '2', 'tv'), tilflytningsdato: '20150301', civilstand: 'G', civilstandsdato: '20120616' },
  { key: 'dorte', fornavne: 'Dorte', efternavn: 'Demosen', koen: 'K', born: '1950-05-09', status: '90', statusdato: '20230412', adresse: adr('0461', '7580', '4', '5000'), tilflytningsdato: '19990101', civilstand: 'D', civilstandsdato: '20230412' },
  { key: 'erik', fornavne: 'Erik', efternavn: 'Eksempel', koen: 'M', born: '1970-08-30', status: '70', statusdato: '20210915', adresse: adr('0851', '3012', '88', '9000'), tilflytningsdato: '20050601', civilstand: 'U', civilstandsdato: '19700830' },
  { key: 'frida', fornavne: 'Frida', efternavn: 'Fiktivsen', koen: 'K', born: '1990-12-12', status: '80', statusdato: '20220110', adresse: adr('0147', '0736', '5', '2000', 'st', ''), tilflytningsdato: '20180201', civilstand: 'U', civilstandsdato: '19901212' },
  { key: 'gustav', fornavne: 'Gustav', efternavn: 'Skjultesen', koen: 'M', born: '1978-04-03', status: '01', statusdato: '19780403', adresse: adr('0751', '6089', '140', '8200', '1', 'mf'), tilflytningsdato: '20200115', civilstand: 'U', civilstandsdato: '19780403', beskyttelse: { start: '20000101', slut: '29991231' } },
  { key: 'hanne', fornavne: 'Hanne Marie', efternavn: 'Hypotesen', koen: 'K', born: '1992-09-17', status: '01', statusdato: '19920917', adresse: adr('0461', '2210', '2', '5000'), tilflytningsdato: '20210701', civilstand: 'U', civilstandsdato: '19920917' },
  { key: 'ib', fornavne: 'Ib', efternavn: 'Imaginærsen', koen: 'M', born: '1965-02-28', status: '01', statusdato: '19650228', adresse: adr('0851', '0830', '7', '9000', '4', '2'), tilflytningsdato: '20100501', civilstand: 'F', civilstandsdato: '20170303' },
  { key: 'jytte', fornavne: 'Jytte', efternavn: 'Jensen-Prøve', koen: 'K', born: '1944-06-06', status: '01', statusdato: '19440606', adresse: adr('0147', '0228', '30', '1820', '1', 'th'), tilflytningsdato: '19800401', civilstand: 'E', civilstandsdato: '20190120' },
  { key: 'karl', fornavne: 'Karl', efternavn: 'Kladdesen', koen: 'M', born: '2005-10-21', status: '01', statusdato: '20051021', adresse: adr('0101', '5032', '10', '2200', '5', 'tv'), tilflytningsdato: '20230901', civilstand: 'U', civilstandsdato: '20051021' },
  { key: 'lise', fornavne: 'Lise', efternavn: 'Lånesen', koen: 'K', born: '1988-08-08', status: '01', statusdato: '19880808', adresse: adr('0101', '6016', '3', '2100'), tilflytningsdato: '20200301', civilstand: 'U', civilstandsdato: '19880808' },
];

const ymd = (iso: string) => iso.replace(/-/g, '');

/** The seeded register: the same persons and numbers on every start. */
export function seedPersons(): Map<string, Person> & { byKey: Map<string, string> } {
  const persons = new Map<string, Person>() as Map<string, Person> & { byKey: Map<string, string> };
  persons.byKey = new Map();
  const used = new Map<string, number>();
  for (const s of SEED) {
    const n = used.get(`${s.born}${s.koen}`) ?? 0;
    used.set(`${s.born}${s.koen}`, n + 1);
    const pnr = fictitiousPnr(s.born, s.koen, n);
    const { key, born, ...rest } = s;
    persons.set(pnr, { ...structuredClone(rest), pnr, foedselsdato: ymd(born) });
    persons.byKey.set(key, pnr);
  }
  // The married couple are each other's spouse.
  const bo = persons.get(persons.byKey.get('bo')!)!;
  const cecilie = persons.get(persons.byKey.get('cecilie')!)!;
  bo.aegtefaellePnr = cecilie.pnr;
  cecilie.aegtefaellePnr = bo.pnr;
  return persons;
}

export const SEED_PERSON_KEYS: readonly string[] = SEED.map((s) => s.key);

/** A fictitious CPR number that is not in the register (for "unknown person"). */
export function unknownPnr(): string {
  return fictitiousPnr('1977-05-05', 'M', 3);
}
