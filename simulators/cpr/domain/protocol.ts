/**
 * CPR's side of the self-service dialogue: one request record in, one answer out.
 * Decodes and checks the record, applies the session, kendeord and event rules to the
 * state, and encodes the answer. Also returns a trace for the evidence in which the
 * kendeord and the session token never appear.
 */
import { createHash } from 'node:crypto';
import { danishTimestamp } from './dates.ts';
import { CprProtocolError, errorByCode, errorInfo, type ErrorKey, type FieldError } from './errors.ts';
import { currentData, EVENTS, inWindow, SECURITY_GROUPS, validateEvent, type TranslatedField } from './events.ts';
import { changeKendeord, checkLogon, kendeordExpiresOn, type Personkode } from './kendeord.ts';
import { findVej, kommuneNavn, postdistrikt } from './geography.ts';
import { isYmd } from './dates.ts';
import { parsePnr } from './pnr.ts';
import {
  decodeRecord, encodeRecord, EVENT_DATA, layoutLength, PROTOCOL_VERSION, RecordFormatError, RECORDS, REQUEST_BODIES,
  REQUEST_HEADER, requestLength, RESPONSE_HEADER, TRANSKODER, type Haendelseskode, type Transkode,
} from './records.ts';
import { ACTIVE_STATUSES, isProtected, STATUS_TEXT, type Person } from './register.ts';
import type { CprState, EventCase } from './state.ts';

export interface Caller {
  /** CVR from the client certificate (FOCES). */
  cvr?: string;
}

export interface ProtocolDeps {
  /** 8 characters for a new session token. */
  newToken(): string;
}

type Rec = { type: string; values: Record<string, string | number | undefined> };

export interface ProtocolTrace {
  transkode: string;
  personkode?: string;
  fejlkode: string;
  fejlkey: string;
  /** Request fields; KENDEORD, NYTKENDEORD and TOKEN masked. */
  request?: Record<string, string>;
  records: Array<{ type: string; fields: Record<string, string> }>;
  eventId?: string;
  haendelseskode?: string;
  pnr?: string;
  kvitteringsnr?: string;
  /** SHA-256 prefix of the session token, so sessions can be told apart without the token. */
  tokenRef?: string;
  /** The request text with secrets overwritten by '*' (same width). */
  maskedRequest: string;
  maskedResponse: string;
}

export interface ProtocolAnswer {
  response: Buffer;
  trace: ProtocolTrace;
}

const HEADER_LEN = layoutLength(REQUEST_HEADER);
const MAX_TEXT = 80;
const fit = (s: string, n: number) => (s.length <= n ? s : s.slice(0, n));
/** Error texts may quote the request; characters a record cannot carry become '?'. */
const printable = (s: string) => s.replace(/[^\x20-\x7E\xA0-\xFF]/g, '?');
export const tokenRef = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 12);

const UNKNOWN_PERSONKODE = '(ukendt)';

/** Transactions whose requests never carry a kendeord. */
const WITHOUT_KENDEORD: readonly string[] = TRANSKODER.filter((t) => t !== 'LOGN' && t !== 'KEND');

/**
 * Overwrites the token and the kendeord of a request so the record keeps its length but no
 * secret. Only a well-formed LOGN/KEND has its kendeord at known offsets; a malformed one
 * (or an unreadable transaction code: perhaps a shifted logon) is masked after the code,
 * respectively entirely, because the kendeord may sit anywhere in it.
 */
export function maskRequest(text: string, wellFormed = false, hidePersonkode = false): string {
  const chars = [...text];
  const mask = (from: number, ch: string) => {
    for (let i = from; i < chars.length; i++) chars[i] = ch;
  };
  const code = text.slice(0, 4);
  if (!TRANSKODER.includes(code as Transkode)) {
    mask(0, '*');
    return chars.join('');
  }
  if (text.slice(6, 14).trim() !== '') for (let i = 6; i < Math.min(14, chars.length); i++) chars[i] = '#';
  if (hidePersonkode) for (let i = 14; i < Math.min(HEADER_LEN, chars.length); i++) chars[i] = '*';
  if (!WITHOUT_KENDEORD.includes(code)) mask(wellFormed ? HEADER_LEN : 4, '*');
  return chars.join('');
}

export class CprProtocol {
  constructor(readonly state: CprState, private readonly deps: ProtocolDeps) {}

  handle(raw: Buffer, caller: Caller): ProtocolAnswer {
    const text = raw.toString('latin1');
    const trace: ProtocolTrace = { transkode: '????', fejlkode: '00', fejlkey: 'CPR_OK', records: [], maskedRequest: '', maskedResponse: '' };
    let token = '';
    let records: Rec[] = [];
    const session = { token: '' };
    try {
      const r = this.dispatch(text, caller, trace, session);
      token = r.token;
      records = r.records;
    } catch (err) {
      if (!(err instanceof CprProtocolError)) throw err;
      const info = errorInfo(err.key);
      trace.fejlkode = info.code;
      trace.fejlkey = err.key;
      token = err.key === 'CPR_SESSION_TIMEOUT' ? '' : session.token;
      const list: FieldError[] = err.fieldErrors.length ? err.fieldErrors : [{ key: err.key, field: err.field, text: err.message }];
      records = list.map((fe) => ({ type: '900', values: { RECORDTYPE: '900', FEJLKODE: errorInfo(fe.key).code, FELTNAVN: fe.field, FEJLTEKST: fit(printable(fe.text ?? errorInfo(fe.key).text), MAX_TEXT) } }));
    }
    const header = encodeRecord(RESPONSE_HEADER, {
      TRANSKODE: TRANSKODER.includes(trace.transkode as Transkode) ? trace.transkode : '????',
      VERSION: PROTOCOL_VERSION, TOKEN: token, ANTAL: records.length, RESERVERET: '', FEJLKODE: trace.fejlkode,
    });
    const body = records.map((r) => encodeRecord(RECORDS[r.type], r.values)).join('');
    // trace.request is set once the whole record was read; before that a request that may be a
    // logon is unreadable, and error texts quoting it may quote its kendeord: the evidence gets
    // the code's standard text instead (the client still gets the detailed answer).
    const wellFormed = trace.request !== undefined;
    const mayHoldKendeord = !wellFormed && !WITHOUT_KENDEORD.includes(text.slice(0, 4));
    if (mayHoldKendeord) delete trace.personkode;
    const traced = mayHoldKendeord
      ? records.map((r) => (r.type === '900' ? { ...r, values: { ...r.values, FEJLTEKST: errorByCode(String(r.values.FEJLKODE))?.text ?? '' } } : r))
      : records;
    trace.records = traced.map((r) => ({ type: r.type, fields: decodeRecord(RECORDS[r.type], encodeRecord(RECORDS[r.type], r.values)) }));
    if (token) trace.tokenRef = tokenRef(token);
    trace.maskedRequest = maskRequest(text, wellFormed, trace.personkode === UNKNOWN_PERSONKODE);
    trace.maskedResponse = header.slice(0, 6) + (token ? '#'.repeat(8) : ' '.repeat(8)) + header.slice(14) + traced.map((r) => encodeRecord(RECORDS[r.type], r.values)).join('');
    return { response: Buffer.from(header + body, 'latin1'), trace };
  }

  private dispatch(text: string, caller: Caller, trace: ProtocolTrace, session: { token: string }): { token: string; records: Rec[] } {
    if (text.length < HEADER_LEN) throw new CprProtocolError('CPR_RECORD_LENGTH', `posten er ${text.length} tegn; headeren alene er ${HEADER_LEN}`);
    const head = this.decode(() => decodeRecord(REQUEST_HEADER, text));
    const transkode = head.TRANSKODE as Transkode;
    if (!TRANSKODER.includes(transkode)) throw new CprProtocolError('CPR_UNKNOWN_TRANSACTION', `TRANSKODE "${head.TRANSKODE}"`, [], 'TRANSKODE');
    trace.transkode = transkode;
    trace.personkode = head.PERSONKODE;
    if (head.VERSION !== PROTOCOL_VERSION) throw new CprProtocolError('CPR_UNKNOWN_TRANSACTION', `VERSION ${head.VERSION}, kun ${PROTOCOL_VERSION} understøttes`, [], 'VERSION');

    let eventKode: Haendelseskode | undefined;
    if (transkode === 'VALI') {
      const kode = text.slice(HEADER_LEN + 10, HEADER_LEN + 14).trimEnd();
      if (!(kode in EVENT_DATA)) throw new CprProtocolError('CPR_UNKNOWN_EVENT', `HAENDELSESKODE "${kode}" kan ikke valideres`, [], 'HAENDELSESKODE');
      eventKode = kode as Haendelseskode;
    }
    const expected = requestLength(transkode, eventKode);
    if (text.length !== expected) throw new CprProtocolError('CPR_RECORD_LENGTH', `${transkode} skal være ${expected} tegn, modtog ${text.length}`);
    const body = this.decode(() => decodeRecord(REQUEST_BODIES[transkode], text, HEADER_LEN));
    const data = eventKode ? this.decode(() => decodeRecord(EVENT_DATA[eventKode], text, HEADER_LEN + layoutLength(REQUEST_BODIES.VALI))) : {};
    const masked: Record<string, string> = { ...head, ...body, ...data };
    for (const k of ['KENDEORD', 'NYTKENDEORD']) if (k in masked) masked[k] = '********';
    if (masked.TOKEN) masked.TOKEN = '########';
    trace.request = masked;
    if (body.HAENDELSESID) trace.eventId = body.HAENDELSESID;
    if (body.KVITTERINGSNR) trace.kvitteringsnr = body.KVITTERINGSNR;
    if (body.HAENDELSESKODE) trace.haendelseskode = body.HAENDELSESKODE;
    if (body.PNR) trace.pnr = body.PNR;

    if (this.state.closed) throw new CprProtocolError('CPR_CLOSED');
    const pk = this.state.personkoder.get(head.PERSONKODE);
    // An unknown personkode answers like a wrong kendeord: it must not reveal which personkoder exist.
    if (!pk) {
      // In a logon it may be a kendeord in the wrong field (swapped fields): keep it out of the evidence.
      if (transkode === 'LOGN' || transkode === 'KEND') {
        trace.personkode = UNKNOWN_PERSONKODE;
        masked.PERSONKODE = UNKNOWN_PERSONKODE;
      }
      throw new CprProtocolError('CPR_WRONG_KENDEORD');
    }
    if (caller.cvr !== pk.providerCvr) throw new CprProtocolError('CPR_UNKNOWN_CUSTOMER', caller.cvr ? `CVR ${caller.cvr}` : 'intet CVR i klientcertifikatet');

    if (transkode === 'LOGN') return this.logon(pk, body.KENDEORD);
    if (transkode === 'KEND') return this.changeKendeord(pk, body.KENDEORD, body.NYTKENDEORD);
    const token = this.session(head.TOKEN, pk);
    session.token = token;
    switch (transkode) {
      case 'LOGF':
        this.state.sessions.delete(token);
        return { token: '', records: [] };
      case 'INIT': return { token, records: this.initiate(pk, body, trace) };
      case 'VALI': return { token, records: this.validate(pk, body, data, trace) };
      case 'GEMH': return { token, records: this.save(pk, body.HAENDELSESID, trace) };
      case 'AFBR': return { token, records: this.abort(pk, body.HAENDELSESID) };
      case 'KVIT': return { token, records: this.receipt(pk, body.KVITTERINGSNR, trace) };
    }
  }

  private decode<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof RecordFormatError) throw new CprProtocolError('CPR_FIELD_FORMAT', undefined, [{ key: 'CPR_FIELD_FORMAT', field: err.field, text: err.message }], err.field);
      throw err;
    }
  }

  private logon(pk: Personkode, kendeord: string): { token: string; records: Rec[] } {
    const r = checkLogon(pk, kendeord, this.state.clock.now(), this.state.rules.kendeord);
    if (!r.ok) throw new CprProtocolError(r.key, r.detail);
    return this.newSession(pk);
  }

  private changeKendeord(pk: Personkode, oldK: string, newK: string): { token: string; records: Rec[] } {
    const r = changeKendeord(pk, oldK, newK, this.state.clock.now(), this.state.rules.kendeord);
    if (!r.ok) throw new CprProtocolError(r.key, r.detail, [], r.key === 'CPR_WRONG_KENDEORD' || r.key === 'CPR_PERSONKODE_LOCKED' ? '' : 'NYTKENDEORD');
    return this.newSession(pk);
  }

  private newSession(pk: Personkode): { token: string; records: Rec[] } {
    for (const [t, s] of this.state.sessions) if (s.personkode === pk.personkode) this.state.sessions.delete(t);
    let token = this.deps.newToken();
    while (this.state.sessions.has(token)) token = this.deps.newToken();
    this.state.sessions.set(token, { token, personkode: pk.personkode, lastActivity: this.state.clock.now() });
    const expires = kendeordExpiresOn(pk, this.state.rules.kendeord);
    return {
      token,
      records: [{ type: '110', values: {
        RECORDTYPE: '110', SIKKERHEDSGRUPPE: pk.group,
        KENDEORDUDLOEB: danishTimestamp(new Date(expires.getTime() - 1000)).slice(0, 8),
        SESSIONTIMEOUT: this.state.rules.sessionTimeoutMinutes,
        HAENDELSER: (SECURITY_GROUPS[pk.group] ?? []).join(' '),
      } }],
    };
  }

  /** The session behind a token; error 07 when it is unknown, someone else's or idle too long. */
  private session(token: string, pk: Personkode): string {
    const s = this.state.sessions.get(token);
    const now = this.state.clock.now();
    if (!s || s.personkode !== pk.personkode) throw new CprProtocolError('CPR_SESSION_TIMEOUT', token ? 'ukendt eller udløbet session' : 'intet TOKEN - log på med LOGN', [], 'TOKEN');
    if (now.getTime() - s.lastActivity.getTime() > this.state.rules.sessionTimeoutMinutes * 60_000) {
      this.state.sessions.delete(token);
      throw new CprProtocolError('CPR_SESSION_TIMEOUT', `ingen aktivitet i over ${this.state.rules.sessionTimeoutMinutes} minutter`, [], 'TOKEN');
    }
    s.lastActivity = now;
    return token;
  }

  private initiate(pk: Personkode, b: Record<string, string>, trace: ProtocolTrace): Rec[] {
    const kode = b.HAENDELSESKODE;
    if (!(kode in EVENTS)) throw new CprProtocolError('CPR_UNKNOWN_EVENT', `"${kode}"`, [], 'HAENDELSESKODE');
    if (!(SECURITY_GROUPS[pk.group] ?? []).includes(kode)) {
      throw new CprProtocolError('CPR_NOT_PERMITTED', `sikkerhedsgruppe ${pk.group} må ikke indberette ${kode} (${EVENTS[kode].title})`, [], 'HAENDELSESKODE');
    }
    if (/^0+$/.test(b.PNR)) throw new CprProtocolError('CPR_PNR_MISSING', undefined, [], 'PNR');
    if (!parsePnr(b.PNR)) throw new CprProtocolError('CPR_FIELD_FORMAT', `PNR ${b.PNR} er ikke et gyldigt personnummer`, [], 'PNR');
    const today = this.state.today();
    if (!isYmd(b.HAENDELSESDATO)) throw new CprProtocolError('CPR_DATE_INVALID', b.HAENDELSESDATO || 'tom', [], 'HAENDELSESDATO');
    if (!inWindow(b.HAENDELSESDATO, today, this.state.rules.events.eventDate)) {
      const w = this.state.rules.events.eventDate;
      throw new CprProtocolError('CPR_DATE_OUT_OF_RANGE', `tilladt: ${w.pastDays} dage tilbage til ${w.futureDays} dage frem`, [], 'HAENDELSESDATO');
    }
    const person = this.state.persons.get(b.PNR);
    if (!person) throw new CprProtocolError('CPR_PNR_NOT_FOUND', b.PNR, [], 'PNR');
    if (!ACTIVE_STATUSES.includes(person.status)) {
      throw new CprProtocolError('CPR_STATUS_PREVENTS', `status ${person.status} ${STATUS_TEXT[person.status] ?? ''}`.trim(), [], 'PNR');
    }
    if (person.adresse.kommunekode !== b.KOMMUNEKODE) {
      throw new CprProtocolError('CPR_WRONG_KOMMUNE', `${b.KOMMUNEKODE} ${kommuneNavn(b.KOMMUNEKODE) ?? '(ukendt kommune)'}`, [], 'KOMMUNEKODE');
    }
    if (isProtected(person, today) && kode !== 'BESK') throw new CprProtocolError('CPR_PROTECTED_PERSON', undefined, [], 'PNR');
    if (this.state.pendingFor(person.pnr, kode)) throw new CprProtocolError('CPR_EVENT_PENDING', undefined, [], 'HAENDELSESKODE');

    const ev: EventCase = {
      id: this.state.nextEventId(), personkode: pk.personkode, kode: kode as Haendelseskode, pnr: person.pnr,
      haendelsesdato: b.HAENDELSESDATO, kommunekode: b.KOMMUNEKODE, state: 'INITIERET', initiatedAt: this.state.clock.now(),
    };
    this.state.events.set(ev.id, ev);
    trace.eventId = ev.id;
    return [stamRecord(ev.id, person, today), ...currentData(kode, person, today).map((t) => valueRec('102', t))];
  }

  private event(pk: Personkode, id: string): EventCase {
    const ev = this.state.events.get(id);
    if (!ev || ev.personkode !== pk.personkode) throw new CprProtocolError('CPR_UNKNOWN_EVENT_ID', id || 'tomt', [], 'HAENDELSESID');
    return ev;
  }

  private validate(pk: Personkode, b: Record<string, string>, data: Record<string, string>, trace: ProtocolTrace): Rec[] {
    const ev = this.event(pk, b.HAENDELSESID);
    trace.pnr = ev.pnr;
    if (ev.state === 'AFBRUDT') throw new CprProtocolError('CPR_EVENT_ABORTED', ev.id, [], 'HAENDELSESID');
    if (ev.state === 'GEMT') throw new CprProtocolError('CPR_EVENT_SAVED', ev.kvitteringsnr, [], 'HAENDELSESID');
    if (b.HAENDELSESKODE !== ev.kode) throw new CprProtocolError('CPR_FIELD_FORMAT', `hændelsen er ${ev.kode}, ikke ${b.HAENDELSESKODE}`, [], 'HAENDELSESKODE');
    const person = this.state.persons.get(ev.pnr);
    if (!person) throw new CprProtocolError('CPR_PNR_NOT_FOUND', ev.pnr, [], 'PNR');
    const result = validateEvent(ev.kode, data, { person, today: this.state.today(), rules: this.state.rules.events, lookup: (p) => this.state.persons.get(p) });
    if (!result.ok) {
      ev.state = 'INITIERET';
      ev.data = undefined;
      ev.translated = undefined;
      throw new CprProtocolError('CPR_VALIDATION_FAILED', undefined, result.errors);
    }
    ev.state = 'VALIDERET';
    ev.data = data;
    ev.translated = result.translated;
    return result.translated.map((t) => valueRec('201', t));
  }

  private save(pk: Personkode, id: string, trace: ProtocolTrace): Rec[] {
    const ev = this.event(pk, id);
    trace.pnr = ev.pnr;
    if (ev.state === 'AFBRUDT') throw new CprProtocolError('CPR_EVENT_ABORTED', ev.id, [], 'HAENDELSESID');
    if (ev.state === 'GEMT') throw new CprProtocolError('CPR_EVENT_SAVED', ev.kvitteringsnr, [], 'HAENDELSESID');
    if (ev.state !== 'VALIDERET' || !ev.data || !ev.translated) throw new CprProtocolError('CPR_NOT_VALIDATED', 'valider hændelsen med VALI først', [], 'HAENDELSESID');
    if (this.state.pendingFor(ev.pnr, ev.kode)) throw new CprProtocolError('CPR_EVENT_PENDING', undefined, [], 'HAENDELSESID');
    const now = this.state.clock.now();
    const kvitteringsnr = this.state.nextReceiptNumber();
    this.state.venteregister.set(kvitteringsnr, {
      kvitteringsnr, eventId: ev.id, personkode: pk.personkode, kode: ev.kode, pnr: ev.pnr, kommunekode: ev.kommunekode,
      data: ev.data, translated: ev.translated, status: 'V', savedAt: now,
    });
    ev.state = 'GEMT';
    ev.kvitteringsnr = kvitteringsnr;
    trace.kvitteringsnr = kvitteringsnr;
    return [{ type: '301', values: {
      RECORDTYPE: '301', KVITTERINGSNR: kvitteringsnr, HAENDELSESID: ev.id, HAENDELSESKODE: ev.kode, PNR: ev.pnr,
      KOMMUNEKODE: ev.kommunekode, STATUS: 'V', GEMTTID: danishTimestamp(now),
    } }];
  }

  private abort(pk: Personkode, id: string): Rec[] {
    const ev = this.event(pk, id);
    if (ev.state === 'AFBRUDT') throw new CprProtocolError('CPR_EVENT_ABORTED', ev.id, [], 'HAENDELSESID');
    if (ev.state === 'GEMT') throw new CprProtocolError('CPR_EVENT_SAVED', `${ev.kvitteringsnr} - kontakt kommunen`, [], 'HAENDELSESID');
    ev.state = 'AFBRUDT';
    ev.data = undefined;
    ev.translated = undefined;
    return [];
  }

  private receipt(pk: Personkode, nr: string, trace: ProtocolTrace): Rec[] {
    const e = this.state.venteregister.get(nr);
    if (!e || e.personkode !== pk.personkode) throw new CprProtocolError('CPR_UNKNOWN_RECEIPT', nr || 'tomt', [], 'KVITTERINGSNR');
    trace.pnr = e.pnr;
    return [{ type: '302', values: {
      RECORDTYPE: '302', KVITTERINGSNR: e.kvitteringsnr, STATUS: e.status,
      STATUSTID: danishTimestamp(e.decidedAt ?? e.savedAt), BEGRUNDELSE: e.reason ?? '',
    } }];
  }
}

function valueRec(type: '102' | '201', t: TranslatedField): Rec {
  return { type, values: { RECORDTYPE: type, FELTNAVN: t.felt, VAERDI: fit(t.vaerdi, 50), KLARTEKST: fit(t.klartekst, 50) } };
}

function stamRecord(eventId: string, p: Person, today: string): Rec {
  const prot = isProtected(p, today);
  const a = p.adresse;
  const hide = (v: string) => (prot ? '' : v);
  return { type: '101', values: {
    RECORDTYPE: '101', HAENDELSESID: eventId, PNR: p.pnr,
    FORNAVNE: hide(p.fornavne), EFTERNAVN: hide(p.efternavn), KOEN: p.koen, FOEDSELSDATO: p.foedselsdato,
    STATUS: p.status, STATUSDATO: p.statusdato, BESKYTTELSE: prot ? 'J' : 'N', BESKYTTELSESSLUT: prot ? p.beskyttelse!.slut : '',
    KOMMUNEKODE: a.kommunekode, KOMMUNENAVN: kommuneNavn(a.kommunekode) ?? '',
    VEJKODE: hide(a.vejkode), VEJNAVN: hide(findVej(a.kommunekode, a.vejkode)?.navn ?? ''), HUSNR: hide(a.husnr), ETAGE: hide(a.etage),
    SIDEDOER: hide(a.sidedoer), POSTNR: hide(a.postnr), POSTDISTRIKT: hide(postdistrikt(a.postnr) ?? ''),
    TILFLYTNINGSDATO: hide(p.tilflytningsdato), CIVILSTAND: p.civilstand, CIVILSTANDSDATO: p.civilstandsdato,
  } };
}

