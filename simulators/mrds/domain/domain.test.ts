import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getSchema, parseXml } from '../../kernel/xml/index.ts';
import { buildSuchanfrage, type Absender, type Suchauftrag } from '../reference/xmeld-request.ts';
import {
  BULK_NAMES, CAP_GROUP_SIZE, GEMEINDEN, Mandantentabelle, Melderegister, OrderBook, RESULT_CAP, answerXml, buildAuskunft,
  checkAbrufendeStelle, checkNachrichtenkopf, checkOrder, fixturePersons, generatePopulation, koelnerPhonetik, messageType,
  readSuchanfrage, seedMandanten, type Suchanfrage,
} from './index.ts';

const XSD = fileURLToPath(new URL('../../../schemas/mrds/xmeld-datenabruf-subset.xsd', import.meta.url));
const NOW = new Date('2025-03-01T10:00:00Z');
const absender: Absender = { kundennummer: '03241001', behoerdenname: 'Testbehörde', autorKennung: 'ags:03241001', sicherheitsbehoerde: false };
const auftrag: Suchauftrag = { nachrichtentyp: '1330', nachname: 'Brückner', vornamen: 'Lieselotte', gemeindeschluessel: '03241001', aktenzeichen: 'AZ-1', anlassDesAbrufs: 'Test' };

function read(xmlText: string): Suchanfrage {
  const root = parseXml(xmlText).root;
  const t = messageType(root);
  if ('fault' in t) throw new Error(t.fault.message);
  const k = checkNachrichtenkopf(root, t.typ, NOW);
  if ('fault' in k) throw new Error(k.fault.message);
  const s = checkAbrufendeStelle(root);
  if ('fault' in s) throw new Error(s.fault.message);
  const r = readSuchanfrage(root, t.typ, k.kopf, s.stelle);
  if ('fault' in r) throw new Error(`${r.fault.code}: ${r.fault.message}`);
  return r.anfrage;
}

describe('Kölner Phonetik', () => {
  it('encodes the usual spelling variants alike', () => {
    expect(koelnerPhonetik('Müller')).toBe('657');
    expect(koelnerPhonetik('Möller')).toBe('657');
    expect(new Set(['Meyer', 'Meier', 'Maier', 'Mayer'].map(koelnerPhonetik))).toEqual(new Set(['67']));
    expect(koelnerPhonetik('Schmidt')).toBe(koelnerPhonetik('Schmitt'));
    expect(koelnerPhonetik('Wikipedia')).toBe('3412');
    expect(koelnerPhonetik('Müller')).not.toBe(koelnerPhonetik('Meyer'));
  });

  it('keeps bulk names apart from the fixture names', () => {
    const fixtureCodes = new Set(fixturePersons().map((p) => koelnerPhonetik(p.familienname)));
    for (const n of BULK_NAMES) expect(fixtureCodes.has(koelnerPhonetik(n)), n).toBe(false);
  });
});

describe('population and search', () => {
  const register = new Melderegister(generatePopulation());

  it('is deterministic and lives in Lower Saxony municipalities', () => {
    const a = generatePopulation();
    expect(a).toEqual(generatePopulation());
    expect(new Set(a.map((p) => p.id)).size).toBe(a.length);
    const ags = new Set(GEMEINDEN.map((g) => g.ags));
    expect(a.every((p) => ags.has(p.anschrift.ags) && p.anschrift.ags.startsWith('03'))).toBe(true);
    expect(a.some((p) => p.auskunftssperre) && a.some((p) => p.status === 'verstorben') && a.some((p) => p.status === 'weggezogen')).toBe(true);
  });

  it('finds 0, 1 and many, phonetically', () => {
    expect(register.search({ nachname: 'Brückner', vornamen: ['Lieselotte'], gemeindeschluessel: '03241001' }).treffer.map((p) => p.id)).toEqual(['P-0001']);
    expect(register.search({ nachname: 'Brükner', geburtsdatum: { jahr: 1961 } }).treffer.map((p) => p.id)).toEqual(['P-0001']);
    expect(register.search({ nachname: 'Brückner', gemeindeschluessel: '03101000' }).anzahl).toBe(0);
    expect(register.search({ nachname: 'Meyer', postleitzahl: '29221' }).treffer.map((p) => p.familienname).sort()).toEqual(['Maier', 'Mayer', 'Meier', 'Meyer']);
  });

  it('caps the hit list at exactly 1,000', () => {
    const r = register.search({ nachname: 'Müller' });
    expect(r.anzahl).toBe(CAP_GROUP_SIZE);
    expect(r.treffer).toHaveLength(RESULT_CAP);
    expect(r.gekuerzt).toBe(true);
  });
});

describe('Mandanten and orders', () => {
  it('checks every field and lists all problems', () => {
    const t = new Mandantentabelle(seedMandanten());
    const bad = checkOrder({ mandant: '03241001', email: 'someone@else.example', passphrase: 'short', consent: false }, t);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.map((p) => p.code)).toEqual(['ORD_EMAIL_MISMATCH', 'ORD_PASSPHRASE_TOO_SHORT', 'ORD_CONSENT_MISSING']);
    const good = checkOrder({ mandant: '03241001', email: 'HauptAdmin@ordnung-hannover.example ', passphrase: '12345678', consent: true }, t);
    expect(good.ok).toBe(true);
    expect(checkOrder({ mandant: '99999999', email: 'a@b.example', passphrase: '12345678', consent: true }, t).ok).toBe(false);
  });

  it('walks the Applikationskopplung through its states and assigns Kundennummern', () => {
    const t = new Mandantentabelle(seedMandanten());
    t.markOrdered('03241001', 'o1', NOW);
    expect(t.get('03241001')!.kopplung.status).toBe('ordered');
    t.markCertificateIssued('03241001', 'ab', '01', NOW);
    expect(t.get('03241001')!.kopplung.status).toBe('certificate-issued');
    expect(t.byFingerprint('AB')).toBeUndefined();
    expect(t.registerAndAssign('03241001', NOW).kundennummer).toBe('03241001');
    expect(t.byFingerprint('ab')?.ags).toBe('03241001');
    t.markCertificateIssued('03101000', 'cd', '02', NOW);
    expect(t.registerAndAssign('03101000', NOW).kundennummer).toBe('MIN-100001');
    t.markCertificateIssued('03241001', 'ef', '03', NOW);
    expect(t.registerAndAssign('03241001', NOW)).toEqual({ kundennummer: '03241001', superseded: '01' });
    expect(t.byFingerprint('AB')).toBeUndefined();
    expect(t.revoke('03241001', NOW).kopplung.status).toBe('revoked');
    expect(t.add({ ...seedMandanten()[0], ags: '09000009' })).toHaveLength(1);
  });

  it('a form token produces one order however often it is submitted', async () => {
    const book = new OrderBook();
    book.issueToken('t1');
    let runs = 0;
    const work = async () => ({ orderId: `o${++runs}`, mandant: 'x', email: 'e', at: 'now' });
    const first = book.claim('t1', work);
    const again = book.existing('t1');
    expect(await again).toEqual(await first);
    expect(runs).toBe(1);
    expect(book.orders).toHaveLength(1);
  });
});

describe('XMeld requests and answers', () => {
  it('reads a 1330 and a 1332 built by the reference client, both schema-valid', () => {
    const schema = getSchema(XSD);
    const x1330 = buildSuchanfrage(auftrag, absender, { now: NOW });
    expect(schema.validate(x1330).errors).toEqual([]);
    expect(read(x1330)).toMatchObject({ typ: '1330', nachname: 'Brückner', gemeindeschluessel: '03241001', abrufendeStelle: { kennung: '03241001', aktenzeichen: 'AZ-1' } });
    const x1332 = buildSuchanfrage({ ...auftrag, nachrichtentyp: '1332', geburtsdatum: '1961-04', postleitzahl: '30159' }, absender, { now: NOW });
    expect(schema.validate(x1332).errors).toEqual([]);
    expect(read(x1332)).toMatchObject({ typ: '1332', geburtsdatum: { jahr: 1961, monat: 4 }, postleitzahl: '30159' });
  });

  it('names what is wrong in the header and the caller data', () => {
    const noHeader = parseXml(buildSuchanfrage(auftrag, absender, { omitHeaderFields: true, now: NOW })).root;
    const k = checkNachrichtenkopf(noHeader, '1330', NOW);
    expect('fault' in k && k.fault.code).toBe('MRDS_XMELD_HEADER_INVALID');
    expect('fault' in k && k.fault.message).toMatch(/nachrichtenUUID is missing.*erstellungszeitpunkt is missing/);
    const future = parseXml(buildSuchanfrage(auftrag, absender, { now: new Date(NOW.getTime() + 3600_000) })).root;
    expect('fault' in checkNachrichtenkopf(future, '1330', NOW)).toBe(true);
    const noAz = parseXml(buildSuchanfrage(auftrag, absender, { omitAktenzeichen: true })).root;
    const s = checkAbrufendeStelle(noAz);
    expect('fault' in s && s.fault).toMatchObject({ code: 'MRDS_CALLER_DATA_MISSING', message: expect.stringContaining('aktenzeichen') });
    expect('fault' in messageType(parseXml('<x:datenabruf.freieSuche.suchanfrage.1332 xmlns:x="urn:other"/>').root)).toBe(true);
  });

  it('delivers only requested items, withholds blocked persons and security-only items, and validates', () => {
    const register = new Melderegister(generatePopulation());
    const schema = getSchema(XSD);
    const anfrage = read(buildSuchanfrage({ ...auftrag, nachname: 'Sperling', vornamen: 'Miriam', gemeindeschluessel: '03403000', anforderungselemente: [1, 9, 37] }, absender, { now: NOW }));
    const result = register.search(anfrage);
    const normal = buildAuskunft(anfrage, result, { sicherheitsbehoerde: false });
    expect(normal.personen[0].gesperrt).toBe(true);
    expect(normal.elemente).toEqual([1, 9]);
    expect(normal.hinweise.map((h) => h.code)).toEqual(['H_NUR_SICHERHEITSBEHOERDE', 'H_AUSKUNFTSSPERRE']);
    const doc = answerXml(anfrage, normal, { nachrichtenUUID: '7d3c1b0e-1111-4222-8333-944455556666', erstellungszeitpunkt: '2025-03-01T10:00:00+00:00', autor: { kennung: 'ags:03000000', name: 'MiN' } });
    expect(schema.validate(doc).errors).toEqual([]);
    expect(doc).not.toContain('Alexanderstraße');
    const security = buildAuskunft(anfrage, result, { sicherheitsbehoerde: true });
    expect(security.personen[0].gesperrt).toBe(false);
    expect(security.elemente).toEqual([1, 9, 37]);
    const many = read(buildSuchanfrage({ ...auftrag, nachrichtentyp: '1332', nachname: 'Mueller', vornamen: undefined }, absender, { now: NOW }));
    const capped = buildAuskunft(many, register.search(many), { sicherheitsbehoerde: false });
    expect(capped.ergebnis).toBe('03');
    const big = answerXml(many, capped, { nachrichtenUUID: '7d3c1b0e-1111-4222-8333-944455556666', erstellungszeitpunkt: '2025-03-01T10:00:00+00:00', autor: { kennung: 'ags:03000000', name: 'MiN' } });
    expect(schema.validate(big).valid).toBe(true);
  });
});
