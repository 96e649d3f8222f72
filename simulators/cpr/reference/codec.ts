/**
 * Client side of the SBS v01 record format, written from docs/platforms/cpr.md (not from
 * the simulator's code): fixed-width ISO-8859-1 fields, A left-aligned space-padded,
 * N right-aligned zero-padded.
 */

type Spec = ReadonlyArray<readonly [name: string, width: number]>;

/** Answer record layouts by RECORDTYPE (field name, width), from the message reference. */
export const ANSWER_RECORDS: Record<string, Spec> = {
  '110': [['RECORDTYPE', 3], ['SIKKERHEDSGRUPPE', 10], ['KENDEORDUDLOEB', 8], ['SESSIONTIMEOUT', 4], ['HAENDELSER', 40]],
  '101': [['RECORDTYPE', 3], ['HAENDELSESID', 10], ['PNR', 10], ['FORNAVNE', 50], ['EFTERNAVN', 40], ['KOEN', 1], ['FOEDSELSDATO', 8],
    ['STATUS', 2], ['STATUSDATO', 8], ['BESKYTTELSE', 1], ['BESKYTTELSESSLUT', 8], ['KOMMUNEKODE', 4], ['KOMMUNENAVN', 20],
    ['VEJKODE', 4], ['VEJNAVN', 34], ['HUSNR', 4], ['ETAGE', 2], ['SIDEDOER', 4], ['POSTNR', 4], ['POSTDISTRIKT', 20],
    ['TILFLYTNINGSDATO', 8], ['CIVILSTAND', 1], ['CIVILSTANDSDATO', 8]],
  '102': [['RECORDTYPE', 3], ['FELTNAVN', 16], ['VAERDI', 50], ['KLARTEKST', 50]],
  '201': [['RECORDTYPE', 3], ['FELTNAVN', 16], ['VAERDI', 50], ['KLARTEKST', 50]],
  '301': [['RECORDTYPE', 3], ['KVITTERINGSNR', 12], ['HAENDELSESID', 10], ['HAENDELSESKODE', 4], ['PNR', 10], ['KOMMUNEKODE', 4], ['STATUS', 1], ['GEMTTID', 14]],
  '302': [['RECORDTYPE', 3], ['KVITTERINGSNR', 12], ['STATUS', 1], ['STATUSTID', 14], ['BEGRUNDELSE', 80]],
  '900': [['RECORDTYPE', 3], ['FEJLKODE', 2], ['FELTNAVN', 16], ['FEJLTEKST', 80]],
};

/** VALI data layouts per event code: field, width, numeric. */
export const EVENT_FIELDS: Record<string, ReadonlyArray<readonly [string, number, boolean]>> = {
  FLYT: [['TILFLYTNINGSDATO', 8, true], ['KOMMUNEKODE', 4, true], ['VEJKODE', 4, true], ['HUSNR', 4, false], ['ETAGE', 2, false], ['SIDEDOER', 4, false], ['POSTNR', 4, true]],
  NAVN: [['FORNAVNE', 50, false], ['EFTERNAVN', 40, false]],
  BESK: [['BESKYTTELSESTYPE', 1, false], ['STARTDATO', 8, true]],
  CIVI: [['CIVILSTAND', 1, false], ['CIVILSTANDSDATO', 8, true], ['AEGTEFAELLEPNR', 10, true]],
};

export class CodecError extends Error {
  override name = 'CodecError';
}

export function alpha(value: string | undefined, width: number): string {
  const v = value ?? '';
  if (v.length > width) throw new CodecError(`"${v}" is longer than ${width} characters`);
  return v.padEnd(width, ' ');
}

/**
 * A numeric field. `asInteger` is the deliberate defect of one broken variant: the value
 * is handled as an integer (0101 → 101) and padded with trailing spaces.
 */
export function numeric(value: string | undefined, width: number, asInteger = false): string {
  const v = value ?? '';
  if (v === '') return ' '.repeat(width);
  if (!/^\d+$/.test(v) || v.length > width) throw new CodecError(`"${v}" is not a number of at most ${width} digits`);
  return asInteger ? String(Number(v)).padEnd(width, ' ') : v.padStart(width, '0');
}

export interface Answer {
  transkode: string;
  token: string;
  fejlkode: string;
  records: Array<Record<string, string>>;
}

const HEADER = 24;

export function parseAnswer(text: string): Answer {
  if (text.length < HEADER) throw new CodecError(`answer of ${text.length} characters is shorter than the ${HEADER}-character header`);
  const answer: Answer = { transkode: text.slice(0, 4), token: text.slice(6, 14).trim(), fejlkode: text.slice(22, 24), records: [] };
  const count = Number(text.slice(14, 18));
  let at = HEADER;
  for (let i = 0; i < count; i++) {
    const spec = ANSWER_RECORDS[text.slice(at, at + 3)];
    if (!spec) throw new CodecError(`unknown record type "${text.slice(at, at + 3)}" at offset ${at}`);
    const rec: Record<string, string> = {};
    for (const [name, width] of spec) {
      rec[name] = text.slice(at, at + width).trimEnd();
      at += width;
    }
    answer.records.push(rec);
  }
  if (at !== text.length) throw new CodecError(`answer has ${text.length - at} characters after its ${count} records`);
  return answer;
}
