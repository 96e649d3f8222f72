import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BomState, TEST_AUTHORITIES, TEST_INTEGRATOR, isValidCvr, newCitizenApplication, seedState, subjectKey, type Caller,
} from './index.ts';

const NORDBY = TEST_AUTHORITIES.nordby.cvr;
const SYDBY = TEST_AUTHORITIES.sydby.cvr;
const START = new Date('2025-03-03T09:00:00Z');

function setup() {
  let n = 0;
  const state = new BomState({ now: () => START, newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, random: randomBytes });
  seedState(state);
  return state;
}

const nordbyCert: Caller = { subjectDN: 'CN=Nordby FOCES+serialNumber=CVR:99990007-FID:1001,O=Testkommune Nordby // CVR:99990007,C=DK', cvr: NORDBY, fingerprint256: 'AA' };
const integrator: Caller = { subjectDN: 'CN=Sagssystem+serialNumber=CVR:99990023-FID:7,O=Fiktiv Sagssystem ApS // CVR:99990023,C=DK', cvr: TEST_INTEGRATOR.cvr, fingerprint256: 'BB' };
const period = { fromDate: '2025-01-01T00:00:00Z', toDate: '2025-12-31T00:00:00Z' };

const code = (fn: () => unknown) => {
  try { fn(); } catch (e) { return (e as { code?: string }).code; }
  return 'NO FAULT';
};

describe('CVR and certificate subjects', () => {
  it('checks CVR numbers with modulus 11', () => {
    expect(isValidCvr('99990007')).toBe(true);
    expect(isValidCvr('99990008')).toBe(false);
    expect(isValidCvr('09990007')).toBe(false);
    expect(isValidCvr('9999000')).toBe(false);
  });

  it('compares subjects regardless of order, spacing, separators and case', () => {
    const openssl = 'CN = Nordby FOCES + SERIALNUMBER = CVR:99990007-FID:1001, O = Testkommune Nordby // CVR:99990007, C = DK';
    expect(subjectKey(openssl)).toBe(subjectKey(nordbyCert.subjectDN));
    expect(subjectKey('C=DK, O=Testkommune Nordby // CVR:99990007, serialNumber=CVR:99990007-FID:1001, CN=nordby foces')).toBe(subjectKey(openssl));
    expect(subjectKey(openssl)).not.toBe(subjectKey(openssl.replace('1001', '1002')));
  });
});

describe('authorisation', () => {
  it('lets a registered function certificate act for its own authority only', () => {
    const s = setup();
    s.registry.registerCertificate({ cvr: NORDBY, subject: 'CN = Nordby FOCES + SERIALNUMBER = CVR:99990007-FID:1001, O = Testkommune Nordby // CVR:99990007, C = DK' }, START);
    expect(s.laesAnsoegningOversigt(nordbyCert, { myndighedCvr: NORDBY, ...period })).toHaveLength(3);
    expect(code(() => s.laesAnsoegningOversigt(nordbyCert, { myndighedCvr: SYDBY, ...period }))).toBe('BOM_CERTIFIKAT_ANDEN_MYNDIGHED');
    expect(code(() => s.laesAnsoegningOversigt(nordbyCert, { myndighedCvr: '99990008', ...period }))).toBe('BOM_CVR_UGYLDIG');
  });

  it('refuses an unregistered certificate', () => {
    const s = setup();
    expect(code(() => s.laesAnsoegningOversigt(nordbyCert, { myndighedCvr: NORDBY, ...period }))).toBe('BOM_CERTIFIKAT_IKKE_REGISTRERET');
  });

  it('never accepts a private key as registration', () => {
    const s = setup();
    expect(code(() => s.registry.registerCertificate({ cvr: NORDBY, subject: '-----BEGIN PRIVATE KEY-----\nabc' }, START))).toBe('BOM_PRIVAT_NOEGLE_AFVIST');
  });

  it('lets an integrator act within its agreement, filters lists and refuses outside it and after revocation', () => {
    const s = setup();
    const ag = s.registry.createAgreement({ integratorCvr: TEST_INTEGRATOR.cvr, authorityCvr: NORDBY, sagOmraader: ['byg'], sagTyper: ['enfamiliehus'] }, START);
    const ids = s.laesAnsoegningOversigt(integrator, { myndighedCvr: NORDBY, ...period });
    expect(ids.map((id) => s.applications.get(id)!.sagType)).toEqual(['enfamiliehus']);
    const carport = [...s.applications.values()].find((a) => a.sagType === 'carport')!;
    expect(code(() => s.laesAnsoegning(integrator, NORDBY, carport.ansoegningId))).toBe('BOM_SERVICEAFTALE_DAEKKER_IKKE');
    expect(code(() => s.laesAnsoegningOversigt(integrator, { myndighedCvr: NORDBY, ...period, sagOmraader: ['miljoe'] }))).toBe('BOM_SERVICEAFTALE_DAEKKER_IKKE');
    expect(code(() => s.laesAnsoegning(integrator, TEST_INTEGRATOR.cvr, ids[0]))).toBe('BOM_MYNDIGHED_UKENDT');
    s.registry.revokeAgreement(ag.id, START);
    expect(code(() => s.laesAnsoegning(integrator, NORDBY, ids[0]))).toBe('BOM_SERVICEAFTALE_OPHOERT');
  });

  it('validates agreements against the configuration', () => {
    const s = setup();
    expect(code(() => s.registry.createAgreement({ integratorCvr: TEST_INTEGRATOR.cvr, authorityCvr: NORDBY, sagOmraader: ['rumfart'] }, START))).toBe('BOM_SAGOMRAADE_UKENDT');
    expect(code(() => s.registry.createAgreement({ integratorCvr: TEST_INTEGRATOR.cvr, authorityCvr: NORDBY, sagOmraader: ['byg'], sagTyper: ['jordvarme'] }, START))).toBe('BOM_REGISTRERING_UGYLDIG');
    expect(code(() => s.registry.createAgreement({ integratorCvr: TEST_INTEGRATOR.cvr, authorityCvr: NORDBY, sagOmraader: [] }, START))).toBe('BOM_REGISTRERING_UGYLDIG');
  });
});

describe('message distributor high-watermark', () => {
  it('delivers every message exactly once across pages and refuses an unknown watermark', () => {
    const s = new BomState({ now: () => START, newId: (() => { let n = 0; return () => `10000000-0000-4000-8000-${String(++n).padStart(12, '0')}`; })(), random: randomBytes, settings: { pageSize: 2 } });
    seedState(s);
    s.registry.registerCertificate({ cvr: NORDBY, subject: nordbyCert.subjectDN }, START);
    for (let i = 0; i < 3; i++) s.submitApplication(newCitizenApplication(NORDBY, 'byg', 'tilbygning', i));
    const seen: string[] = [];
    let hw: string | undefined;
    for (let i = 0; i < 10; i++) {
      const r = s.hentBeskeder(nordbyCert, NORDBY, hw);
      if (r.beskeder.length === 0) { expect(r.highWatermark).toBe(hw); break; }
      seen.push(...r.beskeder.map((b) => b.beskedId));
      hw = r.highWatermark;
    }
    const expected = s.beskeder.filter((b) => b.myndighedCvr === NORDBY).map((b) => b.beskedId);
    expect(seen).toEqual(expected);
    expect(expected).toHaveLength(6);
    const sydbyMsg = s.beskeder.find((b) => b.myndighedCvr === SYDBY)!;
    expect(code(() => s.hentBeskeder(nordbyCert, NORDBY, sydbyMsg.beskedId))).toBe('BOM_HIGHWATERMARK_UKENDT');
  });
});

describe('replies, documents and tokens', () => {
  function withToken() {
    const s = setup();
    s.registry.registerCertificate({ cvr: NORDBY, subject: nordbyCert.subjectDN }, START);
    const app = [...s.applications.values()].find((a) => a.sagType === 'enfamiliehus')!;
    const parts = s.issueSecurityToken(nordbyCert, NORDBY);
    const cookies = Object.fromEntries(parts.map((p) => [p.Name, p.Value]));
    return { s, app, cookies };
  }

  it('refuses a decision without an uploaded document and accepts one with it', () => {
    const { s, app, cookies } = withToken();
    const reply = { MyndighedCvr: NORDBY, AnsoegningId: app.ansoegningId, BesvarelseKode: 'Afgoerelse', AfgoerelseKode: 'Tilladelse', Tekst: 'Tilladelse meddelt' };
    expect(code(() => s.besvarAnsoegning(nordbyCert, { ...reply, Dokumenter: [] }))).toBe('BOM_BESVARELSE_DOKUMENT_MANGLER');
    const docId = '0d0c0000-0000-4000-8000-000000000001';
    expect(code(() => s.besvarAnsoegning(nordbyCert, { ...reply, Dokumenter: [{ DokumentId: docId, Titel: 'Afgørelse', Filnavn: 'a.pdf', MimeType: 'application/pdf' }] }))).toBe('BOM_DOKUMENT_UKENDT');
    s.uploadDocument(nordbyCert, cookies, app.sagId, docId, Buffer.from('%PDF-1.4 test'), 'application/pdf');
    const r = s.besvarAnsoegning(nordbyCert, { ...reply, Dokumenter: [{ DokumentId: docId, Titel: 'Afgørelse', Filnavn: 'a.pdf', MimeType: 'application/pdf' }] });
    const st = s.laesSagStatus(nordbyCert, NORDBY, r.sagId).status;
    expect([st.statusKode, st.faseKode, st.afgoerelse]).toEqual(['Afgjort', 'Afslutning', 'Tilladelse']);
    expect(code(() => s.besvarAnsoegning(nordbyCert, { ...reply, Dokumenter: [] }))).toBe('BOM_SAG_AFSLUTTET');
    expect(s.beskeder.at(-1)).toMatchObject({ type: 'SagStatusSkiftBesked', sagId: r.sagId, sagStatusId: r.sagStatusId });
  });

  it('checks token cookies, the certificate they were issued to and their lifetime', () => {
    const { s, app, cookies } = withToken();
    const docId = app.dokumentIds[0];
    expect(s.downloadDocument(nordbyCert, cookies, app.sagId, docId).content.subarray(0, 8).toString()).toBe('%PDF-1.4');
    expect(code(() => s.downloadDocument(nordbyCert, {}, app.sagId, docId))).toBe('BOM_TOKEN_MANGLER');
    expect(code(() => s.downloadDocument(nordbyCert, { ...cookies, FedAuth1: 'x' }, app.sagId, docId))).toBe('BOM_TOKEN_UGYLDIG');
    expect(code(() => s.downloadDocument({ ...nordbyCert, fingerprint256: 'CC' }, cookies, app.sagId, docId))).toBe('BOM_TOKEN_UGYLDIG');
    s.advanceTime(61 * 60 * 1000);
    expect(code(() => s.downloadDocument(nordbyCert, cookies, app.sagId, docId))).toBe('BOM_TOKEN_UDLOEBET');
  });

  it('lets a status update show in LaesSagStatus', () => {
    const { s, app } = withToken();
    const r = s.besvarAnsoegning(nordbyCert, { MyndighedCvr: NORDBY, AnsoegningId: app.ansoegningId, BesvarelseKode: 'Statusopdatering', SagStatusKode: 'UnderBehandling', FaseKode: 'Behandling', Dokumenter: [] });
    expect(s.laesSagStatus(nordbyCert, NORDBY, app.sagId).status.sagStatusId).toBe(r.sagStatusId);
    expect(code(() => s.besvarAnsoegning(nordbyCert, { MyndighedCvr: NORDBY, AnsoegningId: app.ansoegningId, BesvarelseKode: 'Statusopdatering', SagStatusKode: 'Opfundet', FaseKode: 'Behandling', Dokumenter: [] }))).toBe('BOM_STATUS_UKENDT');
  });
});

describe('deadlines and service level', () => {
  it('emits one FristOverskridelseBesked per passed deadline while the authority has the initiative', () => {
    const s = setup();
    const before = s.beskeder.length;
    expect(s.advanceTime(20 * 86_400_000)).toEqual([]);
    const emitted = s.advanceTime(10 * 86_400_000);
    expect(emitted.map((b) => b.type)).toEqual(['FristOverskridelseBesked', 'FristOverskridelseBesked', 'FristOverskridelseBesked', 'FristOverskridelseBesked']);
    expect(s.checkDeadlines()).toEqual([]);
    expect(s.beskeder.length).toBe(before + 4);
  });

  it('stops and resumes the service clock', () => {
    const s = setup();
    s.registry.registerCertificate({ cvr: NORDBY, subject: nordbyCert.subjectDN }, START);
    const app = [...s.applications.values()][0];
    expect(s.opdaterSagServiceMaal(nordbyCert, { MyndighedCvr: NORDBY, SagId: app.sagId, Handling: 'Stop' }).Status).toBe('Stoppet');
    expect(code(() => s.opdaterSagServiceMaal(nordbyCert, { MyndighedCvr: NORDBY, SagId: app.sagId, Handling: 'Stop' }))).toBe('BOM_SERVICEMAAL_UGYLDIG');
    s.advanceTime(5 * 86_400_000);
    const r = s.opdaterSagServiceMaal(nordbyCert, { MyndighedCvr: NORDBY, SagId: app.sagId, Handling: 'Genoptag' });
    expect(r.Status).toBe('Aktiv');
    expect(r.BrugteDage).toBe(3);
  });

  it('follows the injected clock itself: deadlines fall due and tokens expire as the clock moves, with no timer', () => {
    let t = START.getTime();
    let n = 0;
    const s = new BomState({ now: () => new Date(t), newId: () => `00000000-0000-4000-9000-${String(++n).padStart(12, '0')}`, random: randomBytes });
    seedState(s);
    s.registry.registerCertificate({ cvr: NORDBY, subject: nordbyCert.subjectDN }, START);
    const app = s.submitApplication(newCitizenApplication(NORDBY));
    const cookies = Object.fromEntries(s.issueSecurityToken(nordbyCert, NORDBY).map((p) => [p.Name, p.Value]));
    const frister = () => s.hentBeskeder(nordbyCert, NORDBY, undefined).beskeder.filter((b) => b.type === 'FristOverskridelseBesked' && b.sagId === app.sagId);
    t += 27 * 86_400_000;
    expect(frister()).toEqual([]);
    expect(code(() => s.downloadDocument(nordbyCert, cookies, app.sagId, app.dokumentIds[0]))).toBe('BOM_TOKEN_UDLOEBET');
    t += 1 * 86_400_000;
    expect(frister().map((b) => b.frist)).toEqual([new Date(Date.parse(app.indsendtAt) + 28 * 86_400_000).toISOString()]);
    expect(s.offsetMs).toBe(0);
  });
});

