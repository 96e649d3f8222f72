import { describe, expect, it } from 'vitest';
import { processZakLk01, type ZaakberichtContext } from './process.ts';
import { readZakLk01 } from './zaklk01.ts';
import { ZaakStore } from './zaak-store.ts';
import { AfzenderRegister } from './afzenders.ts';
import { renderFoutbericht, stufTijdstip } from './foutbericht.ts';
import { TestPersonRegistry } from '../test-persons.ts';
import { parseXml } from '../xml.ts';

const SENDER = '00000099000000042000';
const MO = '00000004003214345001';

interface Opts { bsn?: string | null; bsn2?: string; ontvanger?: string; zender?: string; applicatie?: string; identificatie?: string; einddatum?: string; resultaat?: string; status?: string; datumStatus?: string; startdatum?: string; mutatiesoort?: string; verwijzing?: string; extraObjectChild?: string }

function zakLk01(o: Opts = {}): string {
  const initiator = (bsn: string) => `<heeftAlsInitiator StUF:entiteittype="ZAKBTRINI" StUF:verwerkingssoort="T"><gerelateerde><natuurlijkPersoon StUF:entiteittype="NPS" StUF:verwerkingssoort="I"><BG:inp.bsn>${bsn}</BG:inp.bsn><BG:authentiek StUF:metagegeven="true">J</BG:authentiek><BG:geslachtsnaam>Testpersoon</BG:geslachtsnaam><BG:geslachtsaanduiding>V</BG:geslachtsaanduiding><BG:geboortedatum>19800101</BG:geboortedatum></natuurlijkPersoon></gerelateerde><omschrijving>Initiator</omschrijving></heeftAlsInitiator>`;
  const initiators = (o.bsn === null ? '' : initiator(o.bsn ?? '999993847')) + (o.bsn2 ? initiator(o.bsn2) : '');
  return `<?xml version="1.0" encoding="UTF-8"?>
<zakLk01 xmlns="http://www.egem.nl/StUF/sector/zkn/0310" xmlns:StUF="http://www.egem.nl/StUF/StUF0301" xmlns:BG="http://www.egem.nl/StUF/sector/bg/0310" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <stuurgegevens>
    <StUF:berichtcode>Lk01</StUF:berichtcode>
    <StUF:zender><StUF:organisatie>${o.zender ?? SENDER}</StUF:organisatie><StUF:applicatie>${o.applicatie ?? 'AFZ-0042'}</StUF:applicatie></StUF:zender>
    <StUF:ontvanger><StUF:organisatie>${o.ontvanger ?? MO}</StUF:organisatie><StUF:applicatie>MijnOverheid</StUF:applicatie><StUF:administratie>Lopende zaken</StUF:administratie></StUF:ontvanger>
    <StUF:referentienummer>ref-${Math.random().toString(36).slice(2, 10)}</StUF:referentienummer>
    <StUF:tijdstipBericht>20260601120000000</StUF:tijdstipBericht>
    <StUF:entiteittype>ZAK</StUF:entiteittype>
  </stuurgegevens>
  <parameters><StUF:mutatiesoort>${o.mutatiesoort ?? 'T'}</StUF:mutatiesoort><StUF:indicatorOvername>V</StUF:indicatorOvername></parameters>
  <object StUF:entiteittype="ZAK" StUF:verwerkingssoort="T" StUF:sleutelVerzendend="${o.identificatie ?? '0012345'}">
    <identificatie>${o.identificatie ?? '0012345'}</identificatie>
    <omschrijving>Aanvraag parkeervergunning</omschrijving>
    ${o.resultaat ? `<resultaat><omschrijving>${o.resultaat}</omschrijving></resultaat>` : ''}
    <startdatum>${o.startdatum ?? '20260601'}</startdatum>
    ${o.einddatum ? `<einddatum>${o.einddatum}</einddatum>` : '<einddatum xsi:nil="true" StUF:noValue="geenWaarde"/>'}
    ${o.verwijzing ? `<StUF:extraElementen><StUF:extraElement naam="verwijzing">${o.verwijzing}</StUF:extraElement></StUF:extraElementen>` : ''}
    <isVan xsi:nil="true" StUF:noValue="waardeOnbekend" StUF:entiteittype="ZAKZKT"/>
    ${initiators}
    ${o.extraObjectChild ?? ''}
    <heeft StUF:entiteittype="ZAKSTT"><gerelateerde StUF:entiteittype="STT"><zkt.code>PV</zkt.code><volgnummer>1</volgnummer><code>S1</code><omschrijving>${o.status ?? 'Ontvangen'}</omschrijving></gerelateerde><datumStatusGezet>${o.datumStatus ?? '20260601120000'}</datumStatusGezet></heeft>
  </object>
</zakLk01>`;
}

function setup(): ZaakberichtContext {
  const persons = new TestPersonRegistry();
  persons.register('999993847', new Date('2026-05-01Z'));
  const afzenders = new AfzenderRegister();
  afzenders.register(SENDER, 'AFZ-0042');
  return { mijnOverheidOin: MO, fromPartyId: `${SENDER}_OTA`, certificateOin: SENDER, afzenders, persons, store: new ZaakStore(), now: new Date('2026-06-01T12:00:00Z') };
}

function foutCode(xml: string, ctx = setup()): string {
  const r = processZakLk01(xml, ctx);
  return r.ok ? 'OK' : r.foutbericht.code;
}

describe('zakLk01 schema (modelled XSD)', () => {
  it('a complete zakLk01 is valid and read with leading zeros kept', () => {
    const r = readZakLk01(zakLk01({ bsn: '000009921', verwijzing: 'https://gemeente.example.test/zaak/0012345' }));
    expect(r.issues).toEqual([]);
    expect(r.bericht!.zaak).toMatchObject({ identificatie: '0012345', initiatorBsns: ['000009921'], verwijzing: 'https://gemeente.example.test/zaak/0012345', status: { omschrijving: 'Ontvangen', datumStatusGezet: '20260601120000', volgnummer: '1' } });
    expect(r.bericht!.zaak.einddatum).toBeUndefined();
  });
  it.each([
    ['date not yyyyMMdd', { startdatum: '2026-06-01' }],
    ['BSN not 9 digits', { bsn: '12345' }],
    ['unknown element in object', { extraObjectChild: '<onbekend>x</onbekend>' }],
    ['bad mutatiesoort', { mutatiesoort: 'X' }],
  ])('invalid: %s → LZ_XSD_INVALID with a line number', (_n, o) => {
    const r = readZakLk01(zakLk01(o as Opts));
    expect(r.issues[0].code).toBe('LZ_XSD_INVALID');
    expect(r.issues[0].message).toMatch(/^line \d+:/);
  });
  it('empty identificatie is refused by the schema', () => {
    expect(readZakLk01(zakLk01().replace('<identificatie>0012345</identificatie>', '<identificatie></identificatie>')).issues[0].code).toBe('LZ_XSD_INVALID');
  });
  it('not a zakLk01 / malformed XML', () => {
    expect(readZakLk01('<zakLk01/>').issues[0].code).toBe('LZ_NOT_ZAKLK01');
    expect(readZakLk01('<zakLk01').issues[0].code).toBe('LZ_XML_INVALID');
  });
});

describe('Lopende Zaken processing', () => {
  it('new zaak, status update appended, identical resend not duplicated, closure', () => {
    const ctx = setup();
    const r1 = processZakLk01(zakLk01(), ctx);
    expect(r1).toMatchObject({ ok: true, event: 'aangemaakt', zaak: { bsn: '999993847', gesloten: false, statussen: [{ omschrijving: 'Ontvangen' }] } });
    const r2 = processZakLk01(zakLk01({ status: 'In behandeling', datumStatus: '20260602090000' }), ctx);
    expect(r2).toMatchObject({ ok: true, event: 'bijgewerkt' });
    const r3 = processZakLk01(zakLk01({ status: 'In behandeling', datumStatus: '20260602090000' }), ctx);
    expect(r3).toMatchObject({ ok: true, event: 'ongewijzigd' });
    const r4 = processZakLk01(zakLk01({ status: 'Afgehandeld', datumStatus: '20260610090000', einddatum: '20260610', resultaat: 'Vergunning verleend' }), ctx);
    expect(r4).toMatchObject({ ok: true, event: 'gesloten', zaak: { gesloten: true, einddatum: '20260610', resultaat: 'Vergunning verleend', berichten: 4 } });
    const z = ctx.store.get(SENDER, '0012345')!;
    expect(z.statussen.map((s) => s.omschrijving)).toEqual(['Ontvangen', 'In behandeling', 'Afgehandeld']);
    expect(ctx.store.forBsn('999993847')).toHaveLength(1);
  });
  it('the same identificatie from another sender is another zaak', () => {
    const ctx = setup();
    const other = '00000099000000043000';
    ctx.afzenders.register(other, 'AFZ-0043');
    expect(processZakLk01(zakLk01(), ctx).ok).toBe(true);
    const r = processZakLk01(zakLk01({ zender: other, applicatie: 'AFZ-0043' }), { ...ctx, fromPartyId: other, certificateOin: other });
    expect(r).toMatchObject({ ok: true, event: 'aangemaakt' });
    expect(ctx.store.list()).toHaveLength(2);
  });
  it.each([
    ['LZ_XSD_INVALID', { startdatum: '2026-06-01' }],
    ['LZ_MUTATIESOORT_UNSUPPORTED', { mutatiesoort: 'W' }],
    ['LZ_RECEIVER_UNKNOWN', { ontvanger: '00000004003214345000' }],
    ['LZ_SENDER_MISMATCH', { zender: '00000099000000043000' }],
    ['LZ_AFZENDER_UNKNOWN', { applicatie: 'AFZ-9999' }],
    ['LZ_DATE_INVALID', { startdatum: '20260231' }],
    ['LZ_DATE_INVALID', { einddatum: '20260501', resultaat: 'x' }],
    ['LZ_DATE_INVALID', { datumStatus: '20261301000000' }],
    ['LZ_INITIATOR_COUNT', { bsn: null }],
    ['LZ_INITIATOR_COUNT', { bsn2: '999993653' }],
    ['LZ_BSN_INVALID', { bsn: '999993848' }],
    ['LZ_BSN_NO_ACCOUNT', { bsn: '999993653' }],
  ])('foutbericht %s', (code, o) => {
    expect(foutCode(zakLk01())).toBe('OK');
    expect(foutCode(zakLk01(o as Opts))).toBe(code);
  });
  it('LZ_SENDER_MISMATCH when the certificate OIN differs from zender', () => {
    expect(foutCode(zakLk01(), { ...setup(), certificateOin: '00000099000000043000' })).toBe('LZ_SENDER_MISMATCH');
    expect(foutCode(zakLk01(), { ...setup(), fromPartyId: '00000099000000043000' })).toBe('LZ_SENDER_MISMATCH');
  });
  it('LZ_BSN_CHANGED when a zaak comes back with another BSN; LZ_BSN_NO_ACCOUNT when the postbus is off', () => {
    const ctx = setup();
    ctx.persons.register('999993653', ctx.now);
    expect(processZakLk01(zakLk01(), ctx).ok).toBe(true);
    expect(foutCode(zakLk01({ bsn: '999993653' }), ctx)).toBe('LZ_BSN_CHANGED');
    ctx.persons.setZaakPostbus('999993847', false);
    expect(foutCode(zakLk01({ identificatie: '999' }), ctx)).toBe('LZ_BSN_NO_ACCOUNT');
  });
  it('foutbericht refers to the zaakbericht and renders as well-formed Fo01 XML', () => {
    const xml = zakLk01({ bsn: '999993653' });
    const r = processZakLk01(xml, setup());
    if (r.ok) throw new Error('expected foutbericht');
    const ref = /<StUF:referentienummer>([^<]+)</.exec(xml)![1];
    expect(r.foutbericht).toMatchObject({ code: 'LZ_BSN_NO_ACCOUNT', plek: 'client', crossRefnummer: ref, zaakIdentificatie: '0012345' });
    const out = renderFoutbericht(r.foutbericht, { zender: { organisatie: MO, applicatie: 'MijnOverheid' }, ontvanger: { organisatie: SENDER, applicatie: 'AFZ-0042' }, referentienummer: 'fo-1', tijdstipBericht: stufTijdstip(new Date('2026-06-01T12:00:00.123Z')) });
    const doc = parseXml(out);
    expect(doc.root.name).toBe('Fo01Bericht');
    expect(out).toContain('<StUF:tijdstipBericht>20260601120000123<');
    expect(out).toContain(`<StUF:crossRefnummer>${ref}<`);
  });
  it('snapshot/restore of the zaak store', () => {
    const ctx = setup();
    processZakLk01(zakLk01(), ctx);
    const copy = ZaakStore.restore(ctx.store.snapshot());
    expect(copy.list()).toEqual(ctx.store.list());
    const again = AfzenderRegister.restore(ctx.afzenders.snapshot());
    expect(again.isKnown(SENDER, 'AFZ-0042')).toBe(true);
  });
});
