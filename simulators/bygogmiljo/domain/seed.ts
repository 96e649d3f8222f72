/**
 * Fictitious seed data: two test municipalities, one integrator and four applications.
 * Every CVR below passes the modulus-11 check but belongs to no real organisation as far as
 * govsim knows (the 9999xxxx range); CPR numbers, names and addresses are invented
 * (post code 9999 "Testby" does not exist).
 */
import type { ApplicationInput, BomState } from './state.ts';
import type { Ansoeger, AddressPostal } from './model.ts';
import { tinyPdf } from './pdf.ts';

export const TEST_AUTHORITIES = {
  nordby: { cvr: '99990007', name: 'Testkommune Nordby (fiktiv)', kommunekode: '991' },
  sydby: { cvr: '99990015', name: 'Testkommune Sydby (fiktiv)', kommunekode: '992' },
} as const;

/** A fictitious integrator (vendor of a case system) holding its own FOCES certificate. */
export const TEST_INTEGRATOR = { cvr: '99990023', name: 'Fiktiv Sagssystem ApS' } as const;

const addr = (street: string, no: string): AddressPostal => ({ StreetName: street, StreetBuildingIdentifier: no, PostCodeIdentifier: '9999', DistrictName: 'Testby' });
const person = (navn: string, cpr: string, street: string, no: string): Ansoeger => ({ Navn: navn, Rolle: 'Ansoeger', CprNummer: cpr, Adresse: addr(street, no), Email: `${navn.split(' ')[0].toLowerCase()}@example.invalid` });

/** Deterministic GUIDs for seeded objects, so documentation and evidence of two runs compare. */
export function seedIds(): () => string {
  let n = 0;
  return () => `b0e50000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}

const DAY = 86_400_000;

export function seedApplications(now: Date): ApplicationInput[] {
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
  const doc = (titel: string, type?: string) => ({ titel, filnavn: `${titel.replace(/\W+/g, '_')}.pdf`, mimeType: 'application/pdf', content: tinyPdf(`${titel} (fiktivt testdokument)`), ...(type ? { dokumentationstype: type } : {}) });
  return [
    {
      myndighedCvr: TEST_AUTHORITIES.nordby.cvr, sagOmraade: 'byg', sagType: 'enfamiliehus', titel: 'Nyt enfamiliehus, Fiktivvej 12',
      beskrivelse: 'Opførelse af enfamiliehus på 142 m² i ét plan.',
      ansoegere: [person('Anne Testesen', '0101709996', 'Fiktivvej', '12')],
      ejendom: { adresse: addr('Fiktivvej', '12'), matrikelnummer: '99a Testby By, Testby' },
      dokumenter: [doc('Situationsplan', 'Situationsplan'), doc('Affaldsplan', 'Affald')],
      krav: [{ Dokumentationstype: 'Situationsplan', Kravstyrke: 'Obligatorisk' }, { Dokumentationstype: 'Affald', Kravstyrke: 'Obligatorisk' }, { Dokumentationstype: 'Varmeberegning', Kravstyrke: 'Frivilligt' }],
      indsendtAt: at(3),
    },
    {
      myndighedCvr: TEST_AUTHORITIES.nordby.cvr, sagOmraade: 'byg', sagType: 'carport', titel: 'Carport, Prøvestien 4',
      beskrivelse: 'Carport på 36 m² mod skel.',
      ansoegere: [person('Bo Prøvesen', '0202809995', 'Prøvestien', '4')],
      ejendom: { adresse: addr('Prøvestien', '4') },
      dokumenter: [doc('Tegning carport', 'Tegninger')],
      krav: [{ Dokumentationstype: 'Tegninger', Kravstyrke: 'Obligatorisk' }],
      indsendtAt: at(2),
    },
    {
      myndighedCvr: TEST_AUTHORITIES.nordby.cvr, sagOmraade: 'miljoe', sagType: 'jordvarme', titel: 'Jordvarmeanlæg, Eksempelgade 7',
      beskrivelse: 'Vandret jordvarmeanlæg, 300 m slange.',
      ansoegere: [person('Carla Eksempel', '0303909994', 'Eksempelgade', '7')],
      ejendom: { adresse: addr('Eksempelgade', '7') },
      dokumenter: [doc('Anlaegsbeskrivelse', 'Anlaegsbeskrivelse')],
      krav: [{ Dokumentationstype: 'Anlaegsbeskrivelse', Kravstyrke: 'Obligatorisk' }],
      indsendtAt: at(1),
    },
    {
      myndighedCvr: TEST_AUTHORITIES.sydby.cvr, sagOmraade: 'byg', sagType: 'tilbygning', titel: 'Tilbygning, Attrapvej 21',
      beskrivelse: 'Tilbygning af udestue på 18 m².',
      ansoegere: [person('Dennis Attrap', '0404009993', 'Attrapvej', '21')],
      ejendom: { adresse: addr('Attrapvej', '21') },
      dokumenter: [doc('Facadetegning', 'Tegninger')],
      krav: [{ Dokumentationstype: 'Tegninger', Kravstyrke: 'Obligatorisk' }],
      indsendtAt: at(1),
    },
  ];
}

/** A new application a citizen submits during a scenario (or from the citizen page). */
export function newCitizenApplication(myndighedCvr: string, sagOmraade = 'byg', sagType = 'tilbygning', n = 1): ApplicationInput {
  return {
    myndighedCvr, sagOmraade, sagType, titel: `Testansøgning ${n}, Fiktivvej ${40 + n}`,
    beskrivelse: 'Fiktiv ansøgning indsendt under en govsim-test.',
    ansoegere: [person('Eva Fiktivsen', '0505759992', 'Fiktivvej', String(40 + n))],
    ejendom: { adresse: addr('Fiktivvej', String(40 + n)) },
    dokumenter: [{ titel: 'Tegninger', filnavn: 'Tegninger.pdf', mimeType: 'application/pdf', content: tinyPdf(`Tegninger ${n} (fiktivt testdokument)`), dokumentationstype: 'Tegninger' }],
    krav: [{ Dokumentationstype: 'Tegninger', Kravstyrke: 'Obligatorisk' }],
  };
}

export function seedState(state: BomState): void {
  state.withIds(seedIds(), () => {
    for (const a of Object.values(TEST_AUTHORITIES)) state.registry.addAuthority({ ...a });
    for (const app of seedApplications(state.now())) state.submitApplication(app);
  });
}
