/**
 * The fictitious population of the simulated mirror: a handful of hand-written persons the
 * suite relies on, plus a deterministic bulk (seeded PRNG) large enough for the 1,000-hit
 * cap. Municipalities and their AGS are real; every person, address pairing, date and
 * document number is invented. Same seed, same population, in every run.
 */
import { GEMEINDEN, gemeinde, type Gemeinde } from './ags.ts';
import type { Person } from './person.ts';
import { between, pick, seededRng, type Rng } from './rng.ts';

export const POPULATION_SEED = 20201113;
/** Persons named Müller/Möller/Mueller/Miller (one Kölner Phonetik code): more than the cap. */
export const CAP_GROUP_SIZE = 1050;
export const BULK_SIZE = 1500;

function anschrift(ags: string, strasse: string, hausnummer: string): Person['anschrift'] {
  const g = gemeinde(ags)!;
  return { ags, wohnort: g.name, postleitzahl: g.plz, strasse, hausnummer };
}

/** The persons the conformance suite names (see docs/platforms/mrds.md). */
export function fixturePersons(): Person[] {
  const base = { fruehereNamen: [] as string[], staatsangehoerigkeiten: ['deutsch'], auskunftssperre: false, status: 'gemeldet' as const, familienstand: 'ledig', fruehereAnschriften: [] as string[] };
  return [
    {
      ...base, id: 'P-0001', familienname: 'Brückner', fruehereNamen: ['Voss'], vornamen: ['Lieselotte', 'Anna'], doktorgrad: 'Dr.',
      geburtsdatum: '1961-04-17', geburtsort: 'Hameln', geschlecht: 'w', anschrift: anschrift('03241001', 'Lister Meile', '12'),
      einzugsdatum: '2009-10-01', familienstand: 'verheiratet', fruehereAnschriften: ['Osterstraße 3, 31785 Hameln'],
      ausweis: { art: 'Personalausweis', seriennummer: 'XG0V51M01' },
    },
    { ...base, id: 'P-0002', familienname: 'Meyer', vornamen: ['Jannik'], geburtsdatum: '1990-02-03', geburtsort: 'Celle', geschlecht: 'm', anschrift: anschrift('03351006', 'Zöllnerstraße', '7'), einzugsdatum: '2015-03-01' },
    { ...base, id: 'P-0003', familienname: 'Meier', vornamen: ['Frauke'], geburtsdatum: '1972-11-30', geburtsort: 'Uelzen', geschlecht: 'w', anschrift: anschrift('03351006', 'Bahnhofstraße', '21'), einzugsdatum: '1999-06-15' },
    { ...base, id: 'P-0004', familienname: 'Maier', vornamen: ['Ole', 'Friedrich'], geburtsdatum: '2001-07-09', geburtsort: 'Celle', geschlecht: 'm', anschrift: anschrift('03351006', 'Hannoversche Straße', '88'), einzugsdatum: '2001-07-09' },
    { ...base, id: 'P-0005', familienname: 'Mayer', vornamen: ['Svenja'], geburtsdatum: '1983-05-14', geburtsort: 'Peine', geschlecht: 'w', anschrift: anschrift('03351006', 'Zöllnerstraße', '40'), einzugsdatum: '2020-01-01' },
    {
      ...base, id: 'P-0006', familienname: 'Sperling', vornamen: ['Miriam'], geburtsdatum: '1985-09-23', geburtsort: 'Leer', geschlecht: 'w',
      anschrift: anschrift('03403000', 'Alexanderstraße', '5'), einzugsdatum: '2018-04-01', auskunftssperre: true,
    },
    {
      ...base, id: 'P-0007', familienname: 'Vogt', vornamen: ['Hermann'], geburtsdatum: '1938-12-01', geburtsort: 'Northeim', geschlecht: 'm',
      anschrift: anschrift('03159016', 'Weender Straße', '60'), einzugsdatum: '1970-05-01', status: 'verstorben', sterbedatum: '2024-02-11', sterbeort: 'Göttingen', familienstand: 'verwitwet',
    },
    {
      ...base, id: 'P-0008', familienname: 'Wendt', vornamen: ['Tobias'], geburtsdatum: '1979-06-30', geburtsort: 'Lüneburg', geschlecht: 'm',
      anschrift: anschrift('03355022', 'Am Sande', '19'), einzugsdatum: '2004-02-01', status: 'weggezogen',
      wegzug: { datum: '2023-08-01', neueAnschrift: 'Am Wall 140, 28195 Bremen' },
    },
  ];
}

const VORNAMEN_W = ['Anna', 'Lena', 'Sabine', 'Katrin', 'Marie', 'Hanna', 'Birgit', 'Greta', 'Heike', 'Ilse', 'Nele', 'Petra', 'Ute', 'Wiebke'];
const VORNAMEN_M = ['Lukas', 'Jan', 'Thomas', 'Hinrich', 'Bernd', 'Finn', 'Klaus', 'Malte', 'Jörg', 'Uwe', 'Piet', 'Stefan', 'Timo', 'Dirk'];
const CAP_NAMES = ['Müller', 'Möller', 'Mueller', 'Miller'];
/** Bulk family names, chosen so none shares a phonetic code with the fixture names. */
export const BULK_NAMES = ['Schulz', 'Wagner', 'Becker', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hartmann', 'Lange', 'Werner', 'Krause', 'Lehmann', 'Köhler', 'Janssen', 'Ahrens', 'Behrens', 'Dierks', 'Gerdes'];
const ORTE = ['Hameln', 'Uelzen', 'Peine', 'Stade', 'Aurich', 'Nienburg', 'Goslar', 'Verden', 'Vechta', 'Kassel', 'Hamburg', 'Bremen'];

function iso(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function bulkPerson(rng: Rng, id: number, familienname: string): Person {
  const w = rng() < 0.5;
  const g: Gemeinde = pick(rng, GEMEINDEN);
  const y = between(rng, 1935, 2007);
  const geburtsdatum = iso(y, between(rng, 1, 12), between(rng, 1, 28));
  const vornamen = [pick(rng, w ? VORNAMEN_W : VORNAMEN_M)];
  if (rng() < 0.3) vornamen.push(pick(rng, w ? VORNAMEN_W : VORNAMEN_M));
  const roll = rng();
  const p: Person = {
    id: `P-${String(id).padStart(4, '0')}`,
    familienname, fruehereNamen: [], vornamen, geburtsdatum,
    geburtsort: pick(rng, ORTE), geschlecht: w ? 'w' : 'm', staatsangehoerigkeiten: rng() < 0.9 ? ['deutsch'] : ['niederländisch'],
    anschrift: { ags: g.ags, wohnort: g.name, postleitzahl: g.plz, strasse: pick(rng, g.strassen), hausnummer: String(between(rng, 1, 120)) },
    einzugsdatum: iso(between(rng, Math.max(y, 1980), 2024), between(rng, 1, 12), 1),
    status: roll < 0.02 ? 'verstorben' : roll < 0.04 ? 'weggezogen' : 'gemeldet',
    auskunftssperre: rng() < 0.01,
    familienstand: pick(rng, ['ledig', 'verheiratet', 'geschieden', 'verwitwet']),
    fruehereAnschriften: [],
  };
  if (p.status === 'verstorben') { p.sterbedatum = iso(2023, between(rng, 1, 12), between(rng, 1, 28)); p.sterbeort = g.name; }
  if (p.status === 'weggezogen') p.wegzug = { datum: iso(2024, between(rng, 1, 12), 1), neueAnschrift: 'Lindenstraße 1, 34117 Kassel' };
  return p;
}

/** The whole population: fixtures first, then the capped-name group, then the bulk. */
export function generatePopulation(seed = POPULATION_SEED): Person[] {
  const rng = seededRng(seed);
  const out = fixturePersons();
  let id = 1000;
  for (let i = 0; i < CAP_GROUP_SIZE; i++) out.push(bulkPerson(rng, id++, CAP_NAMES[i % CAP_NAMES.length]));
  for (let i = 0; i < BULK_SIZE; i++) out.push(bulkPerson(rng, id++, pick(rng, BULK_NAMES)));
  return out;
}
