import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../kernel/types.ts';
import {
  CprProtocol, CprState, decodeRecord, encodeRecord, EVENT_DATA, RECORDS, REQUEST_BODIES, REQUEST_HEADER, RESPONSE_HEADER,
  type Haendelseskode, type Transkode,
} from './index.ts';

const CVR = '99000001';
const PK = 'WSB00001';
const KENDEORD = 'Start#01';

function setup(start = '2025-03-10T10:00:00Z') {
  const clock = fixedClock(start);
  const state = new CprState(clock);
  state.addPersonkode({ personkode: PK, kendeord: KENDEORD, providerCvr: CVR, changedAt: new Date('2025-03-01T09:00:00Z') });
  let n = 0;
  const protocol = new CprProtocol(state, { newToken: () => `TOK${String(++n).padStart(5, '0')}` });
  let token = '';
  const send = (transkode: Transkode, body: Record<string, string> = {}, opts: { token?: string; personkode?: string; cvr?: string; kode?: Haendelseskode; data?: Record<string, string> } = {}) => {
    let text = encodeRecord(REQUEST_HEADER, { TRANSKODE: transkode, VERSION: '01', TOKEN: opts.token ?? token, PERSONKODE: opts.personkode ?? PK });
    text += encodeRecord(REQUEST_BODIES[transkode], body);
    if (opts.kode) text += encodeRecord(EVENT_DATA[opts.kode], opts.data ?? {});
    return answer(protocol.handle(Buffer.from(text, 'latin1'), { cvr: opts.cvr ?? CVR }));
  };
  const answer = (a: ReturnType<CprProtocol['handle']>) => {
    const text = a.response.toString('latin1');
    const head = decodeRecord(RESPONSE_HEADER, text);
    const records: Array<Record<string, string>> = [];
    let at = 24;
    while (at < text.length) {
      const type = text.slice(at, at + 3);
      const layout = RECORDS[type];
      records.push(decodeRecord(layout, text, at));
      at += layout.fields.reduce((s, f) => s + f.width, 0);
    }
    expect(records).toHaveLength(Number(head.ANTAL));
    return { head, records, trace: a.trace, raw: text };
  };
  const logon = () => {
    const r = send('LOGN', { KENDEORD }, { token: '' });
    token = r.head.TOKEN;
    return r;
  };
  const anna = state.personKeys.get('anna')!;
  return { clock, state, protocol, send, logon, anna, setToken: (t: string) => { token = t; } };
}

const move = { TILFLYTNINGSDATO: '20250310', KOMMUNEKODE: '0101', VEJKODE: '5032', HUSNR: '10', ETAGE: '2', SIDEDOER: 'th', POSTNR: '2200' };

describe('logon and kendeord', () => {
  it('logs on and answers a token with the security group and kendeord expiry', () => {
    const t = setup();
    const r = t.logon();
    expect(r.head.FEJLKODE).toBe('00');
    expect(r.head.TOKEN).toBe('TOK00001');
    expect(r.records[0]).toMatchObject({ RECORDTYPE: '110', SIKKERHEDSGRUPPE: 'BORGER', KENDEORDUDLOEB: '20250530', SESSIONTIMEOUT: '0015', HAENDELSER: 'FLYT NAVN BESK CIVI' });
  });

  it('refuses a wrong kendeord with 01 and locks the personkode on the 5th failure (12), even for the right kendeord', () => {
    const t = setup();
    for (let i = 1; i <= 4; i++) expect(t.send('LOGN', { KENDEORD: 'Wrong#01' }, { token: '' }).head.FEJLKODE).toBe('01');
    expect(t.send('LOGN', { KENDEORD: 'Wrong#01' }, { token: '' }).head.FEJLKODE).toBe('12');
    expect(t.send('LOGN', { KENDEORD }, { token: '' }).head.FEJLKODE).toBe('12');
  });

  it('a successful logon resets the failure count', () => {
    const t = setup();
    for (let i = 0; i < 4; i++) t.send('LOGN', { KENDEORD: 'Wrong#01' }, { token: '' });
    expect(t.logon().head.FEJLKODE).toBe('00');
    expect(t.send('LOGN', { KENDEORD: 'Wrong#01' }, { token: '' }).head.FEJLKODE).toBe('01');
  });

  it('answers 02 after 90 days and accepts a rule-conforming new kendeord through KEND', () => {
    const t = setup();
    t.clock.set('2025-05-30T09:00:01Z');
    expect(t.logon().head.FEJLKODE).toBe('02');
    const r = t.send('KEND', { KENDEORD, NYTKENDEORD: 'Ny-Kode7' }, { token: '' });
    expect(r.head.FEJLKODE).toBe('00');
    expect(r.head.TOKEN).not.toBe('');
    expect(t.send('LOGN', { KENDEORD: 'Ny-Kode7' }, { token: '' }).head.FEJLKODE).toBe('00');
  });

  it.each([
    ['Short#1', '03'], ['alllower#1', '03'], ['nouppe#1', '03'], ['NOLOWE#1', '03'], ['NoDigit#', '03'], ['NoSpec12', '03'],
    ['Has?mark1', '03'], ['Bl\u00e5b\u00e6r#1', '03'], ['Quo"te#1', '03'], [KENDEORD, '13'],
  ])('refuses the new kendeord %s with %s', (nyt, code) => {
    const t = setup();
    t.clock.set('2025-03-05T10:00:00Z');
    expect(t.send('KEND', { KENDEORD, NYTKENDEORD: nyt.slice(0, 8) }, { token: '' }).head.FEJLKODE).toBe(nyt.length === 8 ? code : '03');
  });

  it('allows one change per 24 hours (14) and never a reused kendeord', () => {
    const t = setup();
    expect(t.send('KEND', { KENDEORD, NYTKENDEORD: 'Andet#22' }, { token: '' }).head.FEJLKODE).toBe('00');
    expect(t.send('KEND', { KENDEORD: 'Andet#22', NYTKENDEORD: 'Tredje#3' }, { token: '' }).head.FEJLKODE).toBe('14');
    t.clock.advance(25 * 3_600_000);
    expect(t.send('KEND', { KENDEORD: 'Andet#22', NYTKENDEORD: KENDEORD }, { token: '' }).head.FEJLKODE).toBe('13');
    expect(t.send('KEND', { KENDEORD: 'Andet#22', NYTKENDEORD: 'Tredje#3' }, { token: '' }).head.FEJLKODE).toBe('00');
  });

  it('answers 06 when the client certificate\'s CVR is not the personkode\'s provider, 01 for an unknown personkode', () => {
    const t = setup();
    expect(t.send('LOGN', { KENDEORD }, { token: '', cvr: '99000002' }).head.FEJLKODE).toBe('06');
    expect(t.send('LOGN', { KENDEORD }, { token: '', personkode: 'WNOBODY1' }).head.FEJLKODE).toBe('01');
  });
});

describe('sessions', () => {
  it('ends an idle session after the timeout with 07 and no token; a new logon works', () => {
    const t = setup();
    t.logon();
    t.clock.advance(16 * 60_000);
    const r = t.send('INIT', { HAENDELSESKODE: 'FLYT', PNR: t.anna, HAENDELSESDATO: '20250310', KOMMUNEKODE: '0101' });
    expect(r.head.FEJLKODE).toBe('07');
    expect(r.head.TOKEN).toBe('');
    expect(r.records[0].FELTNAVN).toBe('TOKEN');
    t.logon();
    expect(t.send('INIT', { HAENDELSESKODE: 'FLYT', PNR: t.anna, HAENDELSESDATO: '20250310', KOMMUNEKODE: '0101' }).head.FEJLKODE).toBe('00');
  });

  it('refuses a request without a token with 07', () => {
    const t = setup();
    expect(t.send('KVIT', { KVITTERINGSNR: 'K20250310001' }).head.FEJLKODE).toBe('07');
  });
});

describe('initiate', () => {
  it('returns stamoplysninger and the current address for a move', () => {
    const t = setup();
    t.logon();
    const r = t.send('INIT', { HAENDELSESKODE: 'FLYT', PNR: t.anna, HAENDELSESDATO: '20250310', KOMMUNEKODE: '0101' });
    expect(r.head.FEJLKODE).toBe('00');
    expect(r.records[0]).toMatchObject({ RECORDTYPE: '101', HAENDELSESID: 'H000000001', PNR: t.anna, FORNAVNE: 'Anna', EFTERNAVN: 'Testesen', STATUS: '01', BESKYTTELSE: 'N', KOMMUNENAVN: 'København', VEJNAVN: 'Vesterbrogade', POSTDISTRIKT: 'København V' });
    expect(r.records.slice(1).map((x) => x.FELTNAVN)).toEqual(['ADRESSE', 'KOMMUNEKODE', 'VEJKODE', 'POSTNR', 'TILFLYTNINGSDATO']);
    expect(r.records[1].KLARTEKST).toBe('Vesterbrogade 21, 3. th, 1620 København V');
  });

  it.each([
    ['unknown person', { PNR: '0505774000' }, '05'],
    ['no person', { PNR: '0000000000' }, '17'],
    ['wrong kommune', { KOMMUNEKODE: '0147' }, '21'],
    ['event not permitted', { HAENDELSESKODE: 'DOED' }, '99'],
    ['unknown event', { HAENDELSESKODE: 'XXXX' }, '20'],
    ['date out of range', { HAENDELSESDATO: '20250101' }, '24'],
    ['invalid date', { HAENDELSESDATO: '20250231' }, '25'],
  ])('%s → %s', (_name, change, code) => {
    const t = setup();
    t.logon();
    const base = { HAENDELSESKODE: 'FLYT', PNR: t.anna, HAENDELSESDATO: '20250310', KOMMUNEKODE: '0101' };
    const r = t.send('INIT', { ...base, ...change });
    expect(r.head.FEJLKODE).toBe(code);
    expect(r.records[0].RECORDTYPE).toBe('900');
    expect(r.records[0].FEJLTEKST.length).toBeGreaterThan(5);
  });

  it.each([['dorte', '90'], ['erik', '70'], ['frida', '80']])('refuses %s (status %s) with 23', (key, status) => {
    const t = setup();
    t.logon();
    const p = t.state.persons.get(t.state.personKeys.get(key)!)!;
    expect(p.status).toBe(status);
    const r = t.send('INIT', { HAENDELSESKODE: 'FLYT', PNR: p.pnr, HAENDELSESDATO: '20250310', KOMMUNEKODE: p.adresse.kommunekode });
    expect(r.head.FEJLKODE).toBe('23');
    expect(r.records[0].FEJLTEKST).toContain(status);
  });

  it('refuses a protected person (22) except for extending the protection, and hides name and address', () => {
    const t = setup();
    t.logon();
    const g = t.state.persons.get(t.state.personKeys.get('gustav')!)!;
    expect(t.send('INIT', { HAENDELSESKODE: 'FLYT', PNR: g.pnr, HAENDELSESDATO: '20250310', KOMMUNEKODE: '0751' }).head.FEJLKODE).toBe('22');
    const r = t.send('INIT', { HAENDELSESKODE: 'BESK', PNR: g.pnr, HAENDELSESDATO: '20250310', KOMMUNEKODE: '0751' });
    expect(r.head.FEJLKODE).toBe('00');
    expect(r.records[0]).toMatchObject({ BESKYTTELSE: 'J', FORNAVNE: '', EFTERNAVN: '', VEJNAVN: '', HUSNR: '' });
    expect(r.raw).not.toContain('Skjultesen');
  });
});

describe('validate, save, abort, receipts', () => {
  function initiated(kode: Haendelseskode = 'FLYT', key = 'anna') {
    const t = setup();
    t.logon();
    const p = t.state.persons.get(t.state.personKeys.get(key)!)!;
    const r = t.send('INIT', { HAENDELSESKODE: kode, PNR: p.pnr, HAENDELSESDATO: '20250310', KOMMUNEKODE: p.adresse.kommunekode });
    return { ...t, id: r.records[0].HAENDELSESID, person: p };
  }

  it('translates codes to clear text', () => {
    const t = initiated();
    const r = t.send('VALI', { HAENDELSESID: t.id, HAENDELSESKODE: 'FLYT' }, { kode: 'FLYT', data: move });
    expect(r.head.FEJLKODE).toBe('00');
    const byField = Object.fromEntries(r.records.map((x) => [x.FELTNAVN, x.KLARTEKST]));
    expect(byField).toMatchObject({ KOMMUNEKODE: 'København', VEJKODE: 'Nørrebrogade', POSTNR: 'København N', ETAGE: '2. sal', SIDEDOER: 'til højre', TILFLYTNINGSDATO: '10. marts 2025', ADRESSE: 'Nørrebrogade 10, 2. th, 2200 København N' });
  });

  it('reports every wrong field in its own 900 record under 40', () => {
    const t = initiated();
    const r = t.send('VALI', { HAENDELSESID: t.id, HAENDELSESKODE: 'FLYT' }, { kode: 'FLYT', data: { ...move, VEJKODE: '9999', HUSNR: '', ETAGE: 'xx', TILFLYTNINGSDATO: '20240101' } });
    expect(r.head.FEJLKODE).toBe('40');
    expect(r.records.map((x) => [x.FELTNAVN, x.FEJLKODE])).toEqual([['TILFLYTNINGSDATO', '54'], ['VEJKODE', '52'], ['HUSNR', '50'], ['ETAGE', '53']]);
  });

  it('checks the postnummer against the street (55) and refuses a move to the same address (56)', () => {
    const t = initiated();
    expect(t.send('VALI', { HAENDELSESID: t.id, HAENDELSESKODE: 'FLYT' }, { kode: 'FLYT', data: { ...move, POSTNR: '2100' } }).records[0]).toMatchObject({ FELTNAVN: 'POSTNR', FEJLKODE: '55' });
    const same = { ...t.person.adresse };
    const r = t.send('VALI', { HAENDELSESID: t.id, HAENDELSESKODE: 'FLYT' }, { kode: 'FLYT', data: { TILFLYTNINGSDATO: '20250310', KOMMUNEKODE: same.kommunekode, VEJKODE: same.vejkode, HUSNR: same.husnr, ETAGE: same.etage, SIDEDOER: same.sidedoer, POSTNR: same.postnr } });
    expect(r.records[0].FEJLKODE).toBe('56');
  });

  it('refuses to save before a successful validation (33) and after a failed re-validation', () => {
    const t = initiated();
    expect(t.send('GEMH', { HAENDELSESID: t.id }).head.FEJLKODE).toBe('33');
    t.send('VALI', { HAENDELSESID: t.id, HAENDELSESKODE: 'FLYT' }, { kode: 'FLYT', data: move });
    t.send('VALI', { HAENDELSESID: t.id, HAENDELSESKODE: 'FLYT' }, { kode: 'FLYT', data: { ...move, VEJKODE: '9999' } });
    expect(t.send('GEMH', { HAENDELSESID: t.id }).head.FEJLKODE).toBe('33');
  });

  it('saves a validated event with a receipt; the kommune approves and the register changes', () => {
    const t = initiated();
    t.send('VALI', { HAENDELSESID: t.id, HAENDELSESKODE: 'FLYT' }, { kode: 'FLYT', data: move });
    const s = t.send('GEMH', { HAENDELSESID: t.id });
    expect(s.head.FEJLKODE).toBe('00');
    expect(s.records[0]).toMatchObject({ RECORDTYPE: '301', KVITTERINGSNR: 'K20250310001', HAENDELSESID: t.id, STATUS: 'V', KOMMUNEKODE: '0101', GEMTTID: '20250310110000' });
    expect(t.send('GEMH', { HAENDELSESID: t.id }).head.FEJLKODE).toBe('32');
    expect(t.send('AFBR', { HAENDELSESID: t.id }).head.FEJLKODE).toBe('32');
    expect(t.send('KVIT', { KVITTERINGSNR: 'K20250310001' }).records[0]).toMatchObject({ STATUS: 'V', BEGRUNDELSE: '' });
    expect(t.state.approve('K20250310001', '0147', 'AB').ok).toBe(false);
    expect(t.state.approve('K20250310001', '0101', 'AB').ok).toBe(true);
    expect(t.state.approve('K20250310001', '0101', 'AB').ok).toBe(false);
    expect(t.send('KVIT', { KVITTERINGSNR: 'K20250310001' }).records[0].STATUS).toBe('G');
    expect(t.person.adresse).toMatchObject({ vejkode: '5032', postnr: '2200' });
    expect(t.send('KVIT', { KVITTERINGSNR: 'K20250310999' }).head.FEJLKODE).toBe('35');
  });

  it('a rejection needs a reason and is visible through KVIT', () => {
    const t = initiated();
    t.send('VALI', { HAENDELSESID: t.id, HAENDELSESKODE: 'FLYT' }, { kode: 'FLYT', data: move });
    const nr = t.send('GEMH', { HAENDELSESID: t.id }).records[0].KVITTERINGSNR;
    expect(t.state.reject(nr, '0101', 'AB', '  ').ok).toBe(false);
    expect(t.state.reject(nr, '0101', 'AB', 'Adressen er ikke en beboelse').ok).toBe(true);
    expect(t.send('KVIT', { KVITTERINGSNR: nr }).records[0]).toMatchObject({ STATUS: 'A', BEGRUNDELSE: 'Adressen er ikke en beboelse' });
    expect(t.person.adresse.vejkode).toBe('8154');
  });

  it('aborts after initiation and after validation; the event cannot be used afterwards', () => {
    const a = initiated();
    expect(a.send('AFBR', { HAENDELSESID: a.id }).head.FEJLKODE).toBe('00');
    expect(a.send('VALI', { HAENDELSESID: a.id, HAENDELSESKODE: 'FLYT' }, { kode: 'FLYT', data: move }).head.FEJLKODE).toBe('31');
    const b = initiated();
    b.send('VALI', { HAENDELSESID: b.id, HAENDELSESKODE: 'FLYT' }, { kode: 'FLYT', data: move });
    expect(b.send('AFBR', { HAENDELSESID: b.id }).head.FEJLKODE).toBe('00');
    expect(b.send('GEMH', { HAENDELSESID: b.id }).head.FEJLKODE).toBe('31');
    expect(b.state.venteregister.size).toBe(0);
  });

  it('refuses a second event of the same type while one waits in the venteregister (26)', () => {
    const t = initiated();
    t.send('VALI', { HAENDELSESID: t.id, HAENDELSESKODE: 'FLYT' }, { kode: 'FLYT', data: move });
    t.send('GEMH', { HAENDELSESID: t.id });
    expect(t.send('INIT', { HAENDELSESKODE: 'FLYT', PNR: t.anna, HAENDELSESDATO: '20250310', KOMMUNEKODE: '0101' }).head.FEJLKODE).toBe('26');
  });

  it('validates a name change, a protection and a civil status change', () => {
    const n = initiated('NAVN');
    expect(n.send('VALI', { HAENDELSESID: n.id, HAENDELSESKODE: 'NAVN' }, { kode: 'NAVN', data: { FORNAVNE: 'Anna Sofie', EFTERNAVN: 'Testesen' } }).records.at(-1)).toMatchObject({ FELTNAVN: 'FULDTNAVN', KLARTEKST: 'Anna Sofie Testesen' });
    expect(n.send('VALI', { HAENDELSESID: n.id, HAENDELSESKODE: 'NAVN' }, { kode: 'NAVN', data: { FORNAVNE: 'Anna', EFTERNAVN: 'Test3sen' } }).records[0]).toMatchObject({ FELTNAVN: 'EFTERNAVN', FEJLKODE: '53' });
    const b = initiated('BESK');
    expect(b.send('VALI', { HAENDELSESID: b.id, HAENDELSESKODE: 'BESK' }, { kode: 'BESK', data: { BESKYTTELSESTYPE: 'N', STARTDATO: '20250315' } }).records.at(-1)).toMatchObject({ FELTNAVN: 'SLUTDATO', VAERDI: '20260314' });
    const c = initiated('CIVI', 'ib');
    expect(c.send('VALI', { HAENDELSESID: c.id, HAENDELSESKODE: 'CIVI' }, { kode: 'CIVI', data: { CIVILSTAND: 'G', CIVILSTANDSDATO: '20250301', AEGTEFAELLEPNR: c.anna } }).records.map((x) => x.KLARTEKST)).toEqual(['Gift', '1. marts 2025', 'Anna Testesen']);
    expect(c.send('VALI', { HAENDELSESID: c.id, HAENDELSESKODE: 'CIVI' }, { kode: 'CIVI', data: { CIVILSTAND: 'E', CIVILSTANDSDATO: '20250301', AEGTEFAELLEPNR: '' } }).records[0]).toMatchObject({ FELTNAVN: 'CIVILSTAND', FEJLKODE: '57' });
    expect(c.send('VALI', { HAENDELSESID: c.id, HAENDELSESKODE: 'CIVI' }, { kode: 'CIVI', data: { CIVILSTAND: 'G', CIVILSTANDSDATO: '20250301', AEGTEFAELLEPNR: '' } }).records[0]).toMatchObject({ FELTNAVN: 'AEGTEFAELLEPNR', FEJLKODE: '50' });
  });
});

describe('civil status changes register both spouses', () => {
  const civi = (t: ReturnType<typeof setup>, key: string, data: Record<string, string>) => {
    const p = t.state.persons.get(t.state.personKeys.get(key)!)!;
    const id = t.send('INIT', { HAENDELSESKODE: 'CIVI', PNR: p.pnr, HAENDELSESDATO: '20250310', KOMMUNEKODE: p.adresse.kommunekode }).records[0].HAENDELSESID;
    const v = t.send('VALI', { HAENDELSESID: id, HAENDELSESKODE: 'CIVI' }, { kode: 'CIVI', data: { CIVILSTANDSDATO: '20250301', AEGTEFAELLEPNR: '', ...data } });
    return { p, v, save: () => t.send('GEMH', { HAENDELSESID: id }).records[0] };
  };
  const person = (t: ReturnType<typeof setup>, key: string) => t.state.persons.get(t.state.personKeys.get(key)!)!;

  it('a marriage, once approved, makes both persons married to each other', () => {
    const t = setup();
    t.logon();
    const r = civi(t, 'ib', { CIVILSTAND: 'G', AEGTEFAELLEPNR: t.anna });
    expect(r.v.head.FEJLKODE).toBe('00');
    const kvit = r.save();
    expect(t.state.approve(kvit.KVITTERINGSNR, kvit.KOMMUNEKODE, 'AB').ok).toBe(true);
    expect(person(t, 'ib')).toMatchObject({ civilstand: 'G', civilstandsdato: '20250301', aegtefaellePnr: t.anna });
    expect(person(t, 'anna')).toMatchObject({ civilstand: 'G', civilstandsdato: '20250301', aegtefaellePnr: person(t, 'ib').pnr });
  });

  it('a divorce, once approved, is registered for the former spouse too', () => {
    const t = setup();
    t.logon();
    const kvit = civi(t, 'bo', { CIVILSTAND: 'F' }).save();
    expect(t.state.approve(kvit.KVITTERINGSNR, kvit.KOMMUNEKODE, 'AB').ok).toBe(true);
    expect(person(t, 'bo')).toMatchObject({ civilstand: 'F', aegtefaellePnr: undefined });
    expect(person(t, 'cecilie')).toMatchObject({ civilstand: 'F', civilstandsdato: '20250301', aegtefaellePnr: undefined });
  });

  it('refuses a spouse who is married already (57) or not alive and resident (55)', () => {
    const t = setup();
    t.logon();
    expect(civi(t, 'ib', { CIVILSTAND: 'G', AEGTEFAELLEPNR: person(t, 'bo').pnr }).v.records[0]).toMatchObject({ FELTNAVN: 'AEGTEFAELLEPNR', FEJLKODE: '57' });
    expect(civi(t, 'jytte', { CIVILSTAND: 'G', AEGTEFAELLEPNR: person(t, 'dorte').pnr }).v.records[0]).toMatchObject({ FELTNAVN: 'AEGTEFAELLEPNR', FEJLKODE: '55' });
  });
});

describe('record format', () => {
  it('answers 18 for a wrong length, 19 for a space-padded number, 15 for an unknown transaction', () => {
    const t = setup();
    t.logon();
    const head = encodeRecord(REQUEST_HEADER, { TRANSKODE: 'INIT', VERSION: '01', TOKEN: 'TOK00001', PERSONKODE: PK });
    const short = t.protocol.handle(Buffer.from(`${head}FLYT${t.anna}202503100101`.slice(0, -1), 'latin1'), { cvr: CVR }).response.toString('latin1');
    expect(short.slice(22, 24)).toBe('18');
    const spaced = t.protocol.handle(Buffer.from(`${head}FLYT${t.anna}20250310101 `, 'latin1'), { cvr: CVR }).response.toString('latin1');
    expect(spaced.slice(22, 24)).toBe('19');
    expect(spaced).toContain('KOMMUNEKODE');
    const unknown = t.protocol.handle(Buffer.from(`HELO01${' '.repeat(16)}`, 'latin1'), { cvr: CVR }).response.toString('latin1');
    expect(unknown.slice(0, 4)).toBe('????');
    expect(unknown.slice(22, 24)).toBe('15');
    expect(t.protocol.handle(Buffer.from('LOGN'), { cvr: CVR }).response.toString('latin1').slice(22, 24)).toBe('18');
  });

  it('keeps the kendeord and the token out of the trace', () => {
    const t = setup();
    const r = t.send('KEND', { KENDEORD, NYTKENDEORD: 'Ny-Kode7' }, { token: '' });
    const trace = JSON.stringify(r.trace);
    expect(trace).not.toContain(KENDEORD);
    expect(trace).not.toContain('Ny-Kode7');
    expect(trace).not.toContain(r.head.TOKEN);
    expect(r.trace.maskedRequest).toHaveLength(38);
    expect(r.trace.tokenRef).toMatch(/^[0-9a-f]{12}$/);
  });
});
