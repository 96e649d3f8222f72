/**
 * Error codes of the self-service protocol: the 2-digit FEJLKODE with its Danish text.
 * Codes 00-11, 16, 17 and 99 keep their CPR Direkte meaning; the others sit in the
 * ranges CPR Direkte reserves and are govsim's model of the self-service protocol.
 */

export interface ErrorCodeInfo {
  code: string;
  /** Stable key tests and evidence use. */
  key: string;
  text: string;
  /** `cpr-direkte`: the code means the same in CPR Direkte; `modelled`: govsim's own. */
  origin: 'cpr-direkte' | 'modelled';
}

const e = (code: string, key: string, text: string, origin: ErrorCodeInfo['origin']): ErrorCodeInfo => ({ code, key, text, origin });

export const ERROR_CODES = [
  e('00', 'CPR_OK', 'OK', 'cpr-direkte'),
  e('01', 'CPR_WRONG_KENDEORD', 'Forkert personkode eller kendeord', 'cpr-direkte'),
  e('02', 'CPR_KENDEORD_EXPIRED', 'Kendeord er udløbet - nyt kendeord påkrævet (KEND)', 'cpr-direkte'),
  e('03', 'CPR_KENDEORD_FORMAT', 'Nyt kendeord har forkert format', 'cpr-direkte'),
  e('04', 'CPR_CLOSED', 'CPR er midlertidigt lukket', 'cpr-direkte'),
  e('05', 'CPR_PNR_NOT_FOUND', 'Personnummeret findes ikke', 'cpr-direkte'),
  e('06', 'CPR_UNKNOWN_CUSTOMER', 'Ukendt kunde: certifikatets CVR hører ikke til personkoden', 'cpr-direkte'),
  e('07', 'CPR_SESSION_TIMEOUT', 'Timeout - nyt logon påkrævet', 'cpr-direkte'),
  e('09', 'CPR_SERIOUS', 'Alvorlig fejl - prøv igen senere', 'cpr-direkte'),
  e('12', 'CPR_PERSONKODE_LOCKED', 'Personkoden er spærret efter 5 fejlede logonforsøg - kontakt CPR-kontoret', 'modelled'),
  e('13', 'CPR_KENDEORD_REUSED', 'Nyt kendeord har været brugt før', 'modelled'),
  e('14', 'CPR_KENDEORD_TOO_SOON', 'Kendeord kan kun ændres én gang i døgnet', 'modelled'),
  e('15', 'CPR_UNKNOWN_TRANSACTION', 'Ukendt transaktionskode eller version', 'modelled'),
  e('17', 'CPR_PNR_MISSING', 'Personnummer ikke angivet', 'cpr-direkte'),
  e('18', 'CPR_RECORD_LENGTH', 'Forkert postlængde', 'modelled'),
  e('19', 'CPR_FIELD_FORMAT', 'Ugyldigt feltindhold', 'modelled'),
  e('20', 'CPR_UNKNOWN_EVENT', 'Ukendt hændelseskode', 'modelled'),
  e('21', 'CPR_WRONG_KOMMUNE', 'Kommunen er ikke personens bopælskommune', 'modelled'),
  e('22', 'CPR_PROTECTED_PERSON', 'Navne- og adressebeskyttet person - kan ikke indberettes via selvbetjening', 'modelled'),
  e('23', 'CPR_STATUS_PREVENTS', 'Personens status forhindrer hændelsen', 'modelled'),
  e('24', 'CPR_DATE_OUT_OF_RANGE', 'Hændelsesdato ligger uden for det tilladte interval', 'modelled'),
  e('25', 'CPR_DATE_INVALID', 'Hændelsesdato er ikke en gyldig dato', 'modelled'),
  e('26', 'CPR_EVENT_PENDING', 'Personen har allerede en ventende hændelse af samme type i venteregisteret', 'modelled'),
  e('30', 'CPR_UNKNOWN_EVENT_ID', 'Ukendt hændelses-id', 'modelled'),
  e('31', 'CPR_EVENT_ABORTED', 'Hændelsen er afbrudt', 'modelled'),
  e('32', 'CPR_EVENT_SAVED', 'Hændelsen er allerede gemt i venteregisteret', 'modelled'),
  e('33', 'CPR_NOT_VALIDATED', 'Hændelsen er ikke valideret og kan ikke gemmes', 'modelled'),
  e('35', 'CPR_UNKNOWN_RECEIPT', 'Ukendt kvitteringsnummer', 'modelled'),
  e('40', 'CPR_VALIDATION_FAILED', 'Hændelsen er ikke godkendt - se fejl pr. felt', 'modelled'),
  e('99', 'CPR_NOT_PERMITTED', 'Personkoden har ikke adgang til transaktionen eller hændelsen', 'cpr-direkte'),
] as const satisfies readonly ErrorCodeInfo[];

/** Field error codes, carried in 900 records under header code 40. */
export const FIELD_ERROR_CODES = [
  e('50', 'CPR_FIELD_REQUIRED', 'Feltet skal udfyldes', 'modelled'),
  e('51', 'CPR_FIELD_DATE', 'Ugyldig dato', 'modelled'),
  e('52', 'CPR_FIELD_UNKNOWN_CODE', 'Ukendt kode', 'modelled'),
  e('53', 'CPR_FIELD_FORMAT_INVALID', 'Ugyldigt format', 'modelled'),
  e('54', 'CPR_FIELD_DATE_RANGE', 'Datoen ligger uden for det tilladte interval', 'modelled'),
  e('55', 'CPR_FIELD_MISMATCH', 'Feltet passer ikke med de øvrige oplysninger', 'modelled'),
  e('56', 'CPR_FIELD_NO_CHANGE', 'Ingen ændring i forhold til de registrerede oplysninger', 'modelled'),
  e('57', 'CPR_FIELD_TRANSITION', 'Overgangen er ikke tilladt', 'modelled'),
] as const satisfies readonly ErrorCodeInfo[];

export type ErrorKey = (typeof ERROR_CODES)[number]['key'];
export type FieldErrorKey = (typeof FIELD_ERROR_CODES)[number]['key'];

const BY_KEY = new Map<string, ErrorCodeInfo>([...ERROR_CODES, ...FIELD_ERROR_CODES].map((x) => [x.key, x]));
const BY_CODE = new Map<string, ErrorCodeInfo>([...ERROR_CODES, ...FIELD_ERROR_CODES].map((x) => [x.code, x]));

export function errorInfo(key: ErrorKey | FieldErrorKey): ErrorCodeInfo {
  return BY_KEY.get(key)!;
}

export function errorByCode(code: string): ErrorCodeInfo | undefined {
  return BY_CODE.get(code);
}

/** One error the server answers with: a header code and one or more 900 records. */
export interface FieldError {
  key: FieldErrorKey | ErrorKey;
  field: string;
  /** Specific text; defaults to the code's text. */
  text?: string;
}

export class CprProtocolError extends Error {
  override name = 'CprProtocolError';
  constructor(readonly key: ErrorKey, readonly detail?: string, readonly fieldErrors: FieldError[] = [], readonly field = '') {
    super(detail ? `${errorInfo(key).text}: ${detail}` : errorInfo(key).text);
  }
  get code(): string {
    return errorInfo(this.key).code;
  }
}
