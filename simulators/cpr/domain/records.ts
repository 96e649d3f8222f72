/**
 * govsim CPR self-service protocol (SBS, version 01): every record layout as data, and a
 * fixed-width codec over it. Records are ISO-8859-1 text, one byte per character, with
 * no separators: a field's place is its offset, as in CPR Direkte.
 *
 * Field types:
 *   A  alphanumeric, left-aligned, padded with spaces
 *   N  numeric, right-aligned, padded with leading zeros; all spaces when `blank` is allowed and the value is absent
 *   D  date YYYYMMDD (numeric, all spaces when absent and allowed)
 *   T  timestamp YYYYMMDDhhmmss (Danish local time)
 */

export type FieldType = 'A' | 'N' | 'D' | 'T';

export interface FieldDef {
  name: string;
  width: number;
  type: FieldType;
  /** One line for the message reference. */
  description: string;
  /** May be all spaces (no value). */
  blank?: boolean;
}

export interface Layout {
  /** e.g. `REQ-HEADER`, `INIT`, `101`. */
  id: string;
  title: string;
  fields: readonly FieldDef[];
}

export interface PlacedField extends FieldDef {
  offset: number;
}

export const PROTOCOL_VERSION = '01';

const f = (name: string, width: number, type: FieldType, description: string, blank = false): FieldDef =>
  ({ name, width, type, description, ...(blank ? { blank } : {}) });

// ── Request side ─────────────────────────────────────────────────────────────
export const REQUEST_HEADER: Layout = {
  id: 'REQ-HEADER', title: 'Request header (every request starts with it)',
  fields: [
    f('TRANSKODE', 4, 'A', 'Transaction code: LOGN, KEND, LOGF, INIT, VALI, GEMH, AFBR, KVIT'),
    f('VERSION', 2, 'N', 'Protocol version, always 01'),
    f('TOKEN', 8, 'A', 'Session token from the logon answer; spaces on LOGN and KEND'),
    f('PERSONKODE', 8, 'A', 'The personkode issued by the CPR office to the self-service provider'),
  ],
};

export type Transkode = 'LOGN' | 'KEND' | 'LOGF' | 'INIT' | 'VALI' | 'GEMH' | 'AFBR' | 'KVIT';
export const TRANSKODER: readonly Transkode[] = ['LOGN', 'KEND', 'LOGF', 'INIT', 'VALI', 'GEMH', 'AFBR', 'KVIT'];

/** Body layouts after the header, per transaction code (VALI adds the event's data layout). */
export const REQUEST_BODIES: Record<Transkode, Layout> = {
  LOGN: { id: 'LOGN', title: 'Logon', fields: [f('KENDEORD', 8, 'A', 'The personkode\'s current kendeord (password)')] },
  KEND: {
    id: 'KEND', title: 'Change kendeord (also allowed when the kendeord has expired); logs on',
    fields: [f('KENDEORD', 8, 'A', 'Current kendeord'), f('NYTKENDEORD', 8, 'A', 'New kendeord (rules: see "Kendeord rules")')],
  },
  LOGF: { id: 'LOGF', title: 'Log off (ends the session)', fields: [] },
  INIT: {
    id: 'INIT', title: 'Initiate event (initier hændelse)',
    fields: [
      f('HAENDELSESKODE', 4, 'A', 'Event code: FLYT, NAVN, BESK, CIVI (see "Events")'),
      f('PNR', 10, 'N', 'Personnummer DDMMYYSSSS without separator'),
      f('HAENDELSESDATO', 8, 'D', 'Event date'),
      f('KOMMUNEKODE', 4, 'N', 'The person\'s home municipality (bopælskommune)'),
    ],
  },
  VALI: {
    id: 'VALI', title: 'Validate event (valider hændelse); the event\'s data layout follows these fields',
    fields: [
      f('HAENDELSESID', 10, 'A', 'Event id from record 101 of the INIT answer'),
      f('HAENDELSESKODE', 4, 'A', 'Event code, the same as in INIT; selects the data layout that follows'),
    ],
  },
  GEMH: { id: 'GEMH', title: 'Save the validated event in the venteregister (gem hændelse)', fields: [f('HAENDELSESID', 10, 'A', 'Event id')] },
  AFBR: { id: 'AFBR', title: 'Abort the event (afbryd hændelse)', fields: [f('HAENDELSESID', 10, 'A', 'Event id')] },
  KVIT: { id: 'KVIT', title: 'Query a receipt\'s status (kvitteringsstatus)', fields: [f('KVITTERINGSNR', 12, 'A', 'Receipt number from record 301')] },
};

export type Haendelseskode = 'FLYT' | 'NAVN' | 'BESK' | 'CIVI';

/** VALI data layouts, one per event code. */
export const EVENT_DATA: Record<Haendelseskode, Layout> = {
  FLYT: {
    id: 'VALI-FLYT', title: 'Move within Denmark (flytning)',
    fields: [
      f('TILFLYTNINGSDATO', 8, 'D', 'Date of the move'),
      f('KOMMUNEKODE', 4, 'N', 'New address: kommunekode'),
      f('VEJKODE', 4, 'N', 'New address: vejkode (unique within the kommune)'),
      f('HUSNR', 4, 'A', 'House number, 1-999 with an optional capital letter, e.g. 12B'),
      f('ETAGE', 2, 'A', 'Floor: st, kl or 1-99; spaces when none'),
      f('SIDEDOER', 4, 'A', 'Side/door: th, tv, mf or 1-4 digits; spaces when none'),
      f('POSTNR', 4, 'N', 'Postnummer of the new address'),
    ],
  },
  NAVN: {
    id: 'VALI-NAVN', title: 'Change of name (navneændring)',
    fields: [f('FORNAVNE', 50, 'A', 'First and middle names'), f('EFTERNAVN', 40, 'A', 'Surname')],
  },
  BESK: {
    id: 'VALI-BESK', title: 'Name and address protection (navne- og adressebeskyttelse)',
    fields: [f('BESKYTTELSESTYPE', 1, 'A', 'N = navne- og adressebeskyttelse'), f('STARTDATO', 8, 'D', 'First day of the protection')],
  },
  CIVI: {
    id: 'VALI-CIVI', title: 'Change of civil status (ændring af civilstand)',
    fields: [
      f('CIVILSTAND', 1, 'A', 'New civilstand: G, F, E, P, O, L (see "Codes")'),
      f('CIVILSTANDSDATO', 8, 'D', 'Date of the change'),
      f('AEGTEFAELLEPNR', 10, 'N', 'Spouse/partner PNR for G and P; spaces otherwise', true),
    ],
  },
};

// ── Response side ────────────────────────────────────────────────────────────
export const RESPONSE_HEADER: Layout = {
  id: 'RES-HEADER', title: 'Response header (every answer starts with it)',
  fields: [
    f('TRANSKODE', 4, 'A', 'Transaction code of the request; ???? when it could not be read'),
    f('VERSION', 2, 'N', 'Protocol version, 01'),
    f('TOKEN', 8, 'A', 'Session token (new on LOGN/KEND success, echoed otherwise); spaces when there is no session'),
    f('ANTAL', 4, 'N', 'Number of records following the header'),
    f('RESERVERET', 4, 'A', 'Reserved, spaces'),
    f('FEJLKODE', 2, 'N', 'Error code, 00 = OK (see "Error codes")'),
  ],
};

const valueRecord = (type: string, title: string): Layout => ({
  id: type, title,
  fields: [
    f('RECORDTYPE', 3, 'N', `Always ${type}`),
    f('FELTNAVN', 16, 'A', 'Field name, e.g. KOMMUNEKODE'),
    f('VAERDI', 50, 'A', 'Value as coded'),
    f('KLARTEKST', 50, 'A', 'The value in clear text (translated code, formatted date)'),
  ],
});

export const RECORDS: Record<string, Layout> = {
  '110': {
    id: '110', title: 'Logon information (answer to LOGN and KEND)',
    fields: [
      f('RECORDTYPE', 3, 'N', 'Always 110'),
      f('SIKKERHEDSGRUPPE', 10, 'A', 'Security group of the personkode, e.g. BORGER'),
      f('KENDEORDUDLOEB', 8, 'D', 'Last day the current kendeord is valid'),
      f('SESSIONTIMEOUT', 4, 'N', 'Minutes of inactivity after which the session ends (error 07)'),
      f('HAENDELSER', 40, 'A', 'Event codes this security group may initiate, separated by spaces'),
    ],
  },
  '101': {
    id: '101', title: 'Stamoplysninger (answer to INIT); name and address are spaces for a protected person',
    fields: [
      f('RECORDTYPE', 3, 'N', 'Always 101'),
      f('HAENDELSESID', 10, 'A', 'Event id for VALI, GEMH and AFBR'),
      f('PNR', 10, 'N', 'Personnummer'),
      f('FORNAVNE', 50, 'A', 'First and middle names'),
      f('EFTERNAVN', 40, 'A', 'Surname'),
      f('KOEN', 1, 'A', 'K (female) or M (male)'),
      f('FOEDSELSDATO', 8, 'D', 'Date of birth'),
      f('STATUS', 2, 'N', 'CPR status (01 active, 70 disappeared, 80 emigrated, 90 dead, ...)'),
      f('STATUSDATO', 8, 'D', 'Date of the status', true),
      f('BESKYTTELSE', 1, 'A', 'J when name and address protection is active, else N'),
      f('BESKYTTELSESSLUT', 8, 'D', 'Last day of the protection', true),
      f('KOMMUNEKODE', 4, 'N', 'Bopælskommune', true),
      f('KOMMUNENAVN', 20, 'A', 'Name of the kommune'),
      f('VEJKODE', 4, 'N', 'Vejkode', true),
      f('VEJNAVN', 34, 'A', 'Street name'),
      f('HUSNR', 4, 'A', 'House number'),
      f('ETAGE', 2, 'A', 'Floor'),
      f('SIDEDOER', 4, 'A', 'Side/door'),
      f('POSTNR', 4, 'N', 'Postnummer', true),
      f('POSTDISTRIKT', 20, 'A', 'Post district (by)'),
      f('TILFLYTNINGSDATO', 8, 'D', 'Date the person moved to the address', true),
      f('CIVILSTAND', 1, 'A', 'U, G, F, E, P, O, L, D'),
      f('CIVILSTANDSDATO', 8, 'D', 'Date of the civil status', true),
    ],
  },
  '102': valueRecord('102', 'Current data relevant to the initiated event (answer to INIT, one record per field)'),
  '201': valueRecord('201', 'Approved and translated data (answer to VALI, one record per field)'),
  '301': {
    id: '301', title: 'Kvittering (answer to GEMH)',
    fields: [
      f('RECORDTYPE', 3, 'N', 'Always 301'),
      f('KVITTERINGSNR', 12, 'A', 'Receipt number'),
      f('HAENDELSESID', 10, 'A', 'Event id'),
      f('HAENDELSESKODE', 4, 'A', 'Event code'),
      f('PNR', 10, 'N', 'Personnummer'),
      f('KOMMUNEKODE', 4, 'N', 'The kommune that must approve the event'),
      f('STATUS', 1, 'A', 'V = waiting in the venteregister'),
      f('GEMTTID', 14, 'T', 'When the event was saved'),
    ],
  },
  '302': {
    id: '302', title: 'Kvitteringsstatus (answer to KVIT)',
    fields: [
      f('RECORDTYPE', 3, 'N', 'Always 302'),
      f('KVITTERINGSNR', 12, 'A', 'Receipt number'),
      f('STATUS', 1, 'A', 'V waiting, G approved (godkendt, register updated), A rejected (afvist)'),
      f('STATUSTID', 14, 'T', 'When the status was set'),
      f('BEGRUNDELSE', 80, 'A', 'The kommune\'s reason for a rejection; spaces otherwise'),
    ],
  },
  '900': {
    id: '900', title: 'Error (one or more when FEJLKODE is not 00; one per field for 40)',
    fields: [
      f('RECORDTYPE', 3, 'N', 'Always 900'),
      f('FEJLKODE', 2, 'N', 'Error code (header code, or a field error code 50-57 under 40)'),
      f('FELTNAVN', 16, 'A', 'The field in error; spaces when the error is not about one field'),
      f('FEJLTEKST', 80, 'A', 'What is wrong, in Danish'),
    ],
  },
};

export function placed(layout: Layout, start = 0): PlacedField[] {
  let offset = start;
  return layout.fields.map((fd) => {
    const p = { ...fd, offset };
    offset += fd.width;
    return p;
  });
}

export function layoutLength(layout: Layout): number {
  return layout.fields.reduce((n, fd) => n + fd.width, 0);
}

/** Total length of a request with this transaction code (VALI: for this event code). */
export function requestLength(transkode: Transkode, haendelseskode?: Haendelseskode): number {
  const base = layoutLength(REQUEST_HEADER) + layoutLength(REQUEST_BODIES[transkode]);
  return transkode === 'VALI' && haendelseskode ? base + layoutLength(EVENT_DATA[haendelseskode]) : base;
}

// ── Codec ────────────────────────────────────────────────────────────────────
export class RecordFormatError extends Error {
  override name = 'RecordFormatError';
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/** Characters a record may carry: printable ISO-8859-1. */
const PRINTABLE = /^[\x20-\x7E\xA0-\xFF]*$/;

export function encodeField(fd: FieldDef, value: string | number | undefined): string {
  const v = value === undefined || value === null ? '' : String(value);
  if (!PRINTABLE.test(v)) throw new RecordFormatError(fd.name, `${fd.name} contains characters outside ISO-8859-1`);
  if (fd.type === 'A') {
    if (v.length > fd.width) throw new RecordFormatError(fd.name, `${fd.name} is longer than ${fd.width} characters`);
    return v.padEnd(fd.width, ' ');
  }
  if (v === '') {
    if (fd.blank || fd.type === 'D') return ' '.repeat(fd.width);
    throw new RecordFormatError(fd.name, `${fd.name} is required`);
  }
  if (!/^\d+$/.test(v) || v.length > fd.width) throw new RecordFormatError(fd.name, `${fd.name} must be at most ${fd.width} digits, got "${v}"`);
  return v.padStart(fd.width, '0');
}

export function encodeRecord(layout: Layout, values: Record<string, string | number | undefined>): string {
  return layout.fields.map((fd) => encodeField(fd, values[fd.name])).join('');
}

/**
 * Reads a layout's fields from `text` at `start`. A-fields lose their trailing spaces;
 * N/D/T fields must be digits (or all spaces where allowed), else RecordFormatError.
 */
export function decodeRecord(layout: Layout, text: string, start = 0): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of placed(layout, start)) {
    const raw = text.slice(p.offset, p.offset + p.width);
    if (raw.length !== p.width) throw new RecordFormatError(p.name, `${p.name} is cut off`);
    if (!PRINTABLE.test(raw)) throw new RecordFormatError(p.name, `${p.name} contains control characters`);
    if (p.type === 'A') {
      if (raw.length > 0 && raw[0] === ' ' && raw.trim() !== '') {
        throw new RecordFormatError(p.name, `${p.name} must be left-aligned (no leading spaces), got "${raw}"`);
      }
      out[p.name] = raw.replace(/ +$/, '');
      continue;
    }
    if (raw.trim() === '' && (p.blank || p.type === 'D' || p.type === 'T')) {
      out[p.name] = '';
      continue;
    }
    if (!/^\d+$/.test(raw)) {
      throw new RecordFormatError(p.name, `${p.name} must be ${p.width} digits, right-aligned with leading zeros, got "${raw}"`);
    }
    out[p.name] = raw;
  }
  return out;
}
