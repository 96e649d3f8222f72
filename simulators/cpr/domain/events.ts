/**
 * Events (hændelser) a self-service server may report, the security groups allowed to
 * initiate them, and each event's rule set: required data, date windows, code checks
 * and translation to clear text. The rule sets are govsim's model (Bilag 9 names the
 * steps, not the rules) and are documented in docs/platforms/cpr.md.
 */
import { addDays, addYears, danishDateText, daysBetween, isYmd } from './dates.ts';
import type { FieldError } from './errors.ts';
import { adresseLinje, etageText, findVej, kommuneNavn, postdistrikt, sidedoerText, type Adresse } from './geography.ts';
import { parsePnr } from './pnr.ts';
import { ACTIVE_STATUSES, CIVILSTAND_TEXT, isProtected, type Civilstand, type Person } from './register.ts';
import type { Haendelseskode } from './records.ts';

export interface EventInfo {
  title: string;
  /** Has a VALI layout; codes without one are known but not open to self-service. */
  selfService: boolean;
}

export const EVENTS: Readonly<Record<string, EventInfo>> = {
  FLYT: { title: 'Flytning inden for Danmark', selfService: true },
  NAVN: { title: 'Navneændring', selfService: true },
  BESK: { title: 'Navne- og adressebeskyttelse', selfService: true },
  CIVI: { title: 'Ændring af civilstand', selfService: true },
  DOED: { title: 'Dødsfald', selfService: false },
  UDRJ: { title: 'Udrejse', selfService: false },
};

export const SECURITY_GROUPS: Readonly<Record<string, readonly string[]>> = {
  BORGER: ['FLYT', 'NAVN', 'BESK', 'CIVI'],
};

export interface DateWindow {
  pastDays: number;
  futureDays: number;
}

export interface EventRules {
  /** HAENDELSESDATO of INIT and TILFLYTNINGSDATO of a move, relative to today. */
  eventDate: DateWindow;
  /** STARTDATO of a protection. */
  protectionStart: DateWindow;
  /** How long a protection lasts. */
  protectionYears: number;
}

export const DEFAULT_EVENT_RULES: EventRules = {
  eventDate: { pastDays: 30, futureDays: 28 },
  protectionStart: { pastDays: 0, futureDays: 28 },
  protectionYears: 1,
};

export interface TranslatedField {
  felt: string;
  vaerdi: string;
  klartekst: string;
}

export interface ValidationContext {
  person: Person;
  today: string;
  rules: EventRules;
  lookup(pnr: string): Person | undefined;
}

export type ValidationResult = { ok: true; translated: TranslatedField[] } | { ok: false; errors: FieldError[] };

export function inWindow(date: string, today: string, w: DateWindow): boolean {
  const d = daysBetween(today, date);
  return d >= -w.pastDays && d <= w.futureDays;
}

const fullName = (p: { fornavne: string; efternavn: string }) => `${p.fornavne} ${p.efternavn}`;
const NAME = /^[A-Za-zÀ-ÖØ-öø-ÿ]+(?:[ '-][A-Za-zÀ-ÖØ-öø-ÿ]+)*$/;

/** The person's current data relevant to the event (record 102). Never names or addresses of a protected person. */
export function currentData(kode: string, p: Person, today: string): TranslatedField[] {
  const prot = isProtected(p, today);
  switch (kode) {
    case 'FLYT':
      if (prot) return [];
      return [
        { felt: 'ADRESSE', vaerdi: '', klartekst: adresseLinje(p.adresse) },
        { felt: 'KOMMUNEKODE', vaerdi: p.adresse.kommunekode, klartekst: kommuneNavn(p.adresse.kommunekode) ?? '' },
        { felt: 'VEJKODE', vaerdi: p.adresse.vejkode, klartekst: findVej(p.adresse.kommunekode, p.adresse.vejkode)?.navn ?? '' },
        { felt: 'POSTNR', vaerdi: p.adresse.postnr, klartekst: postdistrikt(p.adresse.postnr) ?? '' },
        { felt: 'TILFLYTNINGSDATO', vaerdi: p.tilflytningsdato, klartekst: danishDateText(p.tilflytningsdato) },
      ];
    case 'NAVN':
      if (prot) return [];
      return [
        { felt: 'FORNAVNE', vaerdi: p.fornavne, klartekst: p.fornavne },
        { felt: 'EFTERNAVN', vaerdi: p.efternavn, klartekst: p.efternavn },
      ];
    case 'BESK':
      return [
        { felt: 'BESKYTTELSE', vaerdi: prot ? 'J' : 'N', klartekst: prot ? 'Navne- og adressebeskyttelse' : 'Ingen beskyttelse' },
        ...(prot && p.beskyttelse ? [{ felt: 'BESKYTTELSESSLUT', vaerdi: p.beskyttelse.slut, klartekst: danishDateText(p.beskyttelse.slut) }] : []),
      ];
    case 'CIVI':
      return [
        { felt: 'CIVILSTAND', vaerdi: p.civilstand, klartekst: CIVILSTAND_TEXT[p.civilstand] },
        { felt: 'CIVILSTANDSDATO', vaerdi: p.civilstandsdato, klartekst: danishDateText(p.civilstandsdato) },
      ];
    default:
      return [];
  }
}

export function validateEvent(kode: Haendelseskode, data: Record<string, string>, c: ValidationContext): ValidationResult {
  switch (kode) {
    case 'FLYT': return validateMove(data, c);
    case 'NAVN': return validateName(data, c);
    case 'BESK': return validateProtection(data, c);
    case 'CIVI': return validateCivilStatus(data, c);
  }
}

function requireDate(errors: FieldError[], field: string, value: string): boolean {
  if (value === '') { errors.push({ key: 'CPR_FIELD_REQUIRED', field }); return false; }
  if (!isYmd(value)) { errors.push({ key: 'CPR_FIELD_DATE', field, text: `${value} er ikke en gyldig dato` }); return false; }
  return true;
}

function validateMove(d: Record<string, string>, c: ValidationContext): ValidationResult {
  const errors: FieldError[] = [];
  if (requireDate(errors, 'TILFLYTNINGSDATO', d.TILFLYTNINGSDATO) && !inWindow(d.TILFLYTNINGSDATO, c.today, c.rules.eventDate)) {
    errors.push({ key: 'CPR_FIELD_DATE_RANGE', field: 'TILFLYTNINGSDATO', text: `Flyttedato skal ligge højst ${c.rules.eventDate.pastDays} dage tilbage og ${c.rules.eventDate.futureDays} dage frem` });
  }
  const kommune = kommuneNavn(d.KOMMUNEKODE);
  if (!kommune) errors.push({ key: 'CPR_FIELD_UNKNOWN_CODE', field: 'KOMMUNEKODE', text: `Kommunekode ${d.KOMMUNEKODE} findes ikke` });
  const vej = kommune ? findVej(d.KOMMUNEKODE, d.VEJKODE) : undefined;
  if (kommune && !vej) errors.push({ key: 'CPR_FIELD_UNKNOWN_CODE', field: 'VEJKODE', text: `Vejkode ${d.VEJKODE} findes ikke i ${kommune} Kommune` });
  if (d.HUSNR === '') errors.push({ key: 'CPR_FIELD_REQUIRED', field: 'HUSNR' });
  else if (!/^[1-9]\d{0,2}[A-Z]?$/.test(d.HUSNR)) errors.push({ key: 'CPR_FIELD_FORMAT_INVALID', field: 'HUSNR', text: 'Husnummer skal være 1-999 evt. efterfulgt af et stort bogstav' });
  if (d.ETAGE !== '' && !/^(st|kl|[1-9]\d?)$/.test(d.ETAGE)) errors.push({ key: 'CPR_FIELD_FORMAT_INVALID', field: 'ETAGE', text: 'Etage skal være st, kl eller 1-99' });
  if (d.SIDEDOER !== '' && !/^(th|tv|mf|\d{1,4})$/.test(d.SIDEDOER)) errors.push({ key: 'CPR_FIELD_FORMAT_INVALID', field: 'SIDEDOER', text: 'Side/dør skal være th, tv, mf eller 1-4 cifre' });
  if (!postdistrikt(d.POSTNR)) errors.push({ key: 'CPR_FIELD_UNKNOWN_CODE', field: 'POSTNR', text: `Postnummer ${d.POSTNR} findes ikke` });
  else if (vej && !vej.postnumre.includes(d.POSTNR)) errors.push({ key: 'CPR_FIELD_MISMATCH', field: 'POSTNR', text: `${vej.navn} ligger ikke i postnummer ${d.POSTNR}` });
  if (errors.length) return { ok: false, errors };
  const a: Adresse = { kommunekode: d.KOMMUNEKODE, vejkode: d.VEJKODE, husnr: d.HUSNR, etage: d.ETAGE, sidedoer: d.SIDEDOER, postnr: d.POSTNR };
  const cur = c.person.adresse;
  if ((Object.keys(a) as (keyof Adresse)[]).every((k) => a[k] === cur[k])) {
    return { ok: false, errors: [{ key: 'CPR_FIELD_NO_CHANGE', field: 'VEJKODE', text: 'Den nye adresse er den samme som den registrerede' }] };
  }
  return {
    ok: true,
    translated: [
      { felt: 'TILFLYTNINGSDATO', vaerdi: d.TILFLYTNINGSDATO, klartekst: danishDateText(d.TILFLYTNINGSDATO) },
      { felt: 'KOMMUNEKODE', vaerdi: d.KOMMUNEKODE, klartekst: kommune! },
      { felt: 'VEJKODE', vaerdi: d.VEJKODE, klartekst: vej!.navn },
      { felt: 'HUSNR', vaerdi: d.HUSNR, klartekst: d.HUSNR },
      { felt: 'ETAGE', vaerdi: d.ETAGE, klartekst: etageText(d.ETAGE) },
      { felt: 'SIDEDOER', vaerdi: d.SIDEDOER, klartekst: sidedoerText(d.SIDEDOER) },
      { felt: 'POSTNR', vaerdi: d.POSTNR, klartekst: postdistrikt(d.POSTNR)! },
      { felt: 'ADRESSE', vaerdi: '', klartekst: adresseLinje(a) },
    ],
  };
}

function validateName(d: Record<string, string>, c: ValidationContext): ValidationResult {
  const errors: FieldError[] = [];
  for (const field of ['FORNAVNE', 'EFTERNAVN'] as const) {
    if (d[field] === '') errors.push({ key: 'CPR_FIELD_REQUIRED', field });
    else if (!NAME.test(d[field])) errors.push({ key: 'CPR_FIELD_FORMAT_INVALID', field, text: 'Navne må kun indeholde bogstaver, mellemrum, bindestreg og apostrof' });
  }
  if (errors.length) return { ok: false, errors };
  if (d.FORNAVNE === c.person.fornavne && d.EFTERNAVN === c.person.efternavn) {
    return { ok: false, errors: [{ key: 'CPR_FIELD_NO_CHANGE', field: 'EFTERNAVN', text: 'Navnet er det samme som det registrerede' }] };
  }
  return {
    ok: true,
    translated: [
      { felt: 'FORNAVNE', vaerdi: d.FORNAVNE, klartekst: d.FORNAVNE },
      { felt: 'EFTERNAVN', vaerdi: d.EFTERNAVN, klartekst: d.EFTERNAVN },
      { felt: 'FULDTNAVN', vaerdi: '', klartekst: fullName({ fornavne: d.FORNAVNE, efternavn: d.EFTERNAVN }).slice(0, 50) },
    ],
  };
}

function validateProtection(d: Record<string, string>, c: ValidationContext): ValidationResult {
  const errors: FieldError[] = [];
  if (d.BESKYTTELSESTYPE === '') errors.push({ key: 'CPR_FIELD_REQUIRED', field: 'BESKYTTELSESTYPE' });
  else if (d.BESKYTTELSESTYPE !== 'N') errors.push({ key: 'CPR_FIELD_UNKNOWN_CODE', field: 'BESKYTTELSESTYPE', text: 'Beskyttelsestype skal være N (navne- og adressebeskyttelse)' });
  if (requireDate(errors, 'STARTDATO', d.STARTDATO) && !inWindow(d.STARTDATO, c.today, c.rules.protectionStart)) {
    errors.push({ key: 'CPR_FIELD_DATE_RANGE', field: 'STARTDATO', text: `Startdato skal ligge fra i dag til ${c.rules.protectionStart.futureDays} dage frem` });
  }
  if (errors.length) return { ok: false, errors };
  const slut = addDays(addYears(d.STARTDATO, c.rules.protectionYears), -1);
  return {
    ok: true,
    translated: [
      { felt: 'BESKYTTELSESTYPE', vaerdi: 'N', klartekst: 'Navne- og adressebeskyttelse' },
      { felt: 'STARTDATO', vaerdi: d.STARTDATO, klartekst: danishDateText(d.STARTDATO) },
      { felt: 'SLUTDATO', vaerdi: slut, klartekst: danishDateText(slut) },
    ],
  };
}

/** Which civil statuses a person may move to from each status. */
const TRANSITIONS: Readonly<Record<string, readonly Civilstand[]>> = {
  G: ['U', 'F', 'E', 'O', 'L'],
  P: ['U', 'F', 'E', 'O', 'L'],
  F: ['G'],
  E: ['G'],
  O: ['P'],
  L: ['P'],
};

function validateCivilStatus(d: Record<string, string>, c: ValidationContext): ValidationResult {
  const errors: FieldError[] = [];
  const to = d.CIVILSTAND as Civilstand;
  const needsSpouse = to === 'G' || to === 'P';
  if (d.CIVILSTAND === '') errors.push({ key: 'CPR_FIELD_REQUIRED', field: 'CIVILSTAND' });
  else if (!TRANSITIONS[to]) errors.push({ key: 'CPR_FIELD_UNKNOWN_CODE', field: 'CIVILSTAND', text: `Civilstand ${d.CIVILSTAND} kan ikke indberettes (tilladt: G, F, E, P, O, L)` });
  else if (!TRANSITIONS[to].includes(c.person.civilstand)) {
    errors.push({ key: 'CPR_FIELD_TRANSITION', field: 'CIVILSTAND', text: `Fra ${CIVILSTAND_TEXT[c.person.civilstand]} kan man ikke gå til ${CIVILSTAND_TEXT[to]}` });
  }
  if (requireDate(errors, 'CIVILSTANDSDATO', d.CIVILSTANDSDATO)) {
    if (d.CIVILSTANDSDATO > c.today) errors.push({ key: 'CPR_FIELD_DATE_RANGE', field: 'CIVILSTANDSDATO', text: 'Datoen må ikke ligge i fremtiden' });
    else if (d.CIVILSTANDSDATO < c.person.civilstandsdato) errors.push({ key: 'CPR_FIELD_DATE_RANGE', field: 'CIVILSTANDSDATO', text: 'Datoen ligger før den registrerede civilstandsdato' });
  }
  let spouse: Person | undefined;
  if (needsSpouse) {
    if (d.AEGTEFAELLEPNR === '') errors.push({ key: 'CPR_FIELD_REQUIRED', field: 'AEGTEFAELLEPNR', text: 'Ægtefælle/partner skal angives ved G og P' });
    else if (!parsePnr(d.AEGTEFAELLEPNR)) errors.push({ key: 'CPR_FIELD_FORMAT_INVALID', field: 'AEGTEFAELLEPNR', text: 'Ikke et gyldigt personnummer' });
    else if (d.AEGTEFAELLEPNR === c.person.pnr) errors.push({ key: 'CPR_FIELD_MISMATCH', field: 'AEGTEFAELLEPNR', text: 'Personen kan ikke være sin egen ægtefælle' });
    else if (!(spouse = c.lookup(d.AEGTEFAELLEPNR))) errors.push({ key: 'CPR_FIELD_UNKNOWN_CODE', field: 'AEGTEFAELLEPNR', text: 'Ægtefællens personnummer findes ikke' });
    else if (!ACTIVE_STATUSES.includes(spouse.status)) errors.push({ key: 'CPR_FIELD_MISMATCH', field: 'AEGTEFAELLEPNR', text: `Ægtefællens status (${spouse.status}) tillader ikke ${CIVILSTAND_TEXT[to] ?? d.CIVILSTAND}` });
    else if (TRANSITIONS[to] && !TRANSITIONS[to].includes(spouse.civilstand)) {
      errors.push({ key: 'CPR_FIELD_TRANSITION', field: 'AEGTEFAELLEPNR', text: `Ægtefællen er ${CIVILSTAND_TEXT[spouse.civilstand].toLowerCase()} og kan ikke gå til ${CIVILSTAND_TEXT[to]}` });
    }
  } else if (d.AEGTEFAELLEPNR !== '') {
    errors.push({ key: 'CPR_FIELD_MISMATCH', field: 'AEGTEFAELLEPNR', text: 'Ægtefælle angives kun ved G og P' });
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    translated: [
      { felt: 'CIVILSTAND', vaerdi: to, klartekst: CIVILSTAND_TEXT[to] },
      { felt: 'CIVILSTANDSDATO', vaerdi: d.CIVILSTANDSDATO, klartekst: danishDateText(d.CIVILSTANDSDATO) },
      ...(spouse ? [{ felt: 'AEGTEFAELLEPNR', vaerdi: spouse.pnr, klartekst: isProtected(spouse, c.today) ? 'Navne- og adressebeskyttet' : fullName(spouse).slice(0, 50) }] : []),
    ],
  };
}

/**
 * Puts an approved event into the register. A civil-status change is registered for both
 * spouses: a marriage or partnership (G/P) links the two, a divorce or dissolution (F/O)
 * is registered for the former spouse too. Widowhood (E/L) changes only the reporter: the
 * spouse's death is registered through DOED, not through self-service.
 */
export function applyEvent(kode: Haendelseskode, d: Record<string, string>, p: Person, rules: EventRules, lookup: (pnr: string) => Person | undefined = () => undefined): void {
  switch (kode) {
    case 'FLYT':
      p.adresse = { kommunekode: d.KOMMUNEKODE, vejkode: d.VEJKODE, husnr: d.HUSNR, etage: d.ETAGE, sidedoer: d.SIDEDOER, postnr: d.POSTNR };
      p.tilflytningsdato = d.TILFLYTNINGSDATO;
      return;
    case 'NAVN':
      p.fornavne = d.FORNAVNE;
      p.efternavn = d.EFTERNAVN;
      return;
    case 'BESK':
      p.beskyttelse = { start: d.STARTDATO, slut: addDays(addYears(d.STARTDATO, rules.protectionYears), -1) };
      return;
    case 'CIVI': {
      const to = d.CIVILSTAND as Civilstand;
      const partner = lookup(to === 'G' || to === 'P' ? d.AEGTEFAELLEPNR : p.aegtefaellePnr ?? '');
      p.civilstand = to;
      p.civilstandsdato = d.CIVILSTANDSDATO;
      p.aegtefaellePnr = d.AEGTEFAELLEPNR || undefined;
      if (partner && partner.pnr !== p.pnr && to !== 'E' && to !== 'L') {
        partner.civilstand = to;
        partner.civilstandsdato = d.CIVILSTANDSDATO;
        partner.aegtefaellePnr = to === 'G' || to === 'P' ? p.pnr : undefined;
      }
      return;
    }
  }
}
