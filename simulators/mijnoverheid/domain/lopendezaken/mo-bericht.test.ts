import { describe, expect, it } from 'vitest';
import { processMoBericht, processZakLk01, type ZaakberichtContext } from './process.ts';
import { readMoBericht } from './mo-bericht.ts';
import { ZaakStore } from './zaak-store.ts';
import { AfzenderRegister } from './afzenders.ts';
import { TestPersonRegistry } from '../test-persons.ts';
import { moBericht, zakLk01, type ZaakInput } from '../../reference/zaaksysteem.ts';

const SENDER = '00000099000000042000';
const MO = '00000004003214345001';
const afzender = { oin: SENDER, afzenderId: 'AFZ-0042', mijnOverheidOin: MO };
const zaak = (over: Partial<ZaakInput> = {}): ZaakInput => ({
  identificatie: 'MO-0001', bsn: '000009921', omschrijving: 'Aanvraag kapvergunning', startdatum: '20260601', verwijzing: 'https://www.proefstad.example.test/zaken/MO-0001',
  status: { code: 'S1', omschrijving: 'Ontvangen', datumStatusGezet: '20260601120000' }, ...over,
});

function setup(): ZaakberichtContext {
  const persons = new TestPersonRegistry();
  persons.register('000009921', new Date('2026-05-01Z'));
  const afzenders = new AfzenderRegister();
  afzenders.register(SENDER, 'AFZ-0042');
  return { mijnOverheidOin: MO, fromPartyId: `${SENDER}_OTA`, certificateOin: SENDER, afzenders, persons, store: new ZaakStore(), now: new Date('2026-06-01T12:00:00Z') };
}

describe('MO-bericht (modelled second format)', () => {
  it('reads into the same model as zakLk01 and builds the same zaak history', () => {
    const now = new Date('2026-06-01T12:00:00Z');
    const a = processMoBericht(moBericht(zaak(), afzender, now), setup());
    const b = processZakLk01(zakLk01(zaak(), afzender, now), setup());
    if (!a.ok || !b.ok) throw new Error(`expected both accepted: ${JSON.stringify([a, b])}`);
    const strip = (z: typeof a.zaak) => ({ ...z, statussen: z.statussen.map(({ referentienummer: _r, ...s }) => s) });
    expect(strip(a.zaak)).toEqual(strip({ ...b.zaak, statussen: b.zaak.statussen.map((s) => ({ ...s, volgnummer: undefined, zaaktypeCode: undefined })) }) as never);
    expect(a.zaak).toMatchObject({ bsn: '000009921', startdatum: '20260601', verwijzing: 'https://www.proefstad.example.test/zaken/MO-0001', gesloten: false });
  });

  it('closure with einddatum and resultaat; the same Lopende Zaken rules answer with foutberichten', () => {
    const ctx = setup();
    const now = new Date('2026-06-02T12:00:00Z');
    const closed = processMoBericht(moBericht(zaak({ einddatum: '20260602', resultaat: 'Verleend', status: { code: 'S2', omschrijving: 'Afgehandeld', datumStatusGezet: '20260602100000' } }), afzender, now), ctx);
    expect(closed.ok && closed.zaak.gesloten).toBe(true);
    const noAccount = processMoBericht(moBericht(zaak({ bsn: '999993653' }), afzender, now), setup());
    expect(noAccount.ok ? 'OK' : noAccount.foutbericht.code).toBe('LZ_BSN_NO_ACCOUNT');
    const badDate = processMoBericht(moBericht(zaak({ einddatum: '20260501', resultaat: 'x' }), afzender, now), setup());
    expect(badDate.ok ? 'OK' : badDate.foutbericht.code).toBe('LZ_DATE_INVALID');
  });

  it('is schema-validated (modelled XSD) and recognises a zakLk01 sent under the wrong action', () => {
    const xml = moBericht(zaak(), afzender, new Date());
    expect(readMoBericht(xml.replace('<mo:bsn>000009921</mo:bsn>', '<mo:bsn>9921</mo:bsn>')).issues.map((i) => i.code)).toEqual(['LZ_XSD_INVALID']);
    expect(readMoBericht(xml.replace(/<mo:startdatum>[^<]+</, '<mo:startdatum>20260601<')).issues[0].code).toBe('LZ_XSD_INVALID');
    expect(readMoBericht(zakLk01(zaak(), afzender, new Date())).issues.map((i) => i.code)).toEqual(['LZ_NOT_MO_BERICHT']);
    expect(readMoBericht('<mo:zaakbericht').issues[0].code).toBe('LZ_XML_INVALID');
  });
});
