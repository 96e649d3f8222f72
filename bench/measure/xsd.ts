/**
 * XSD validation of a zakLk01 (StUF-ZKN 0310) and an XMeld 1332 (freie Suche) message with the
 * schemas the simulators use, compiled once and cached (`getSchema`). Messages come from the
 * reference clients. Prints one JSON line: per message, the median and p99 per validation,
 * both for an already parsed document and from bytes (parse + validate).
 */
import { getSchema, parseXml } from '../../simulators/kernel/xml/index.ts';
import { ZAKLK01_XSD } from '../../simulators/mijnoverheid/domain/lopendezaken/zaklk01.ts';
import { zakLk01 } from '../../simulators/mijnoverheid/reference/zaaksysteem.ts';
import { buildSuchanfrage } from '../../simulators/mrds/reference/xmeld-request.ts';
import { XMELD_XSD } from '../../simulators/mrds/transport/xmeld-service.ts';

export interface XsdFigure { message: string; bytes: number; compileMs: number; parsedP50Us: number; parsedP99Us: number; bytesP50Us: number; bytesP99Us: number; errors: number }

const now = new Date('2026-06-01T10:00:00Z');
const messages = [
  {
    message: 'zakLk01 (StUF-ZKN 0310)', xsd: ZAKLK01_XSD,
    xml: zakLk01({
      identificatie: 'ZAAK-2026-0001', bsn: '999993847', omschrijving: 'Aanvraag parkeervergunning', startdatum: '20260601',
      toelichting: 'Bench', status: { code: 'S1', omschrijving: 'Ontvangen', datumStatusGezet: '20260601120000', volgnummer: '1' },
    }, { oin: '00000099000000042000', afzenderId: 'AFZ-0042', mijnOverheidOin: '00000099000000000001' }, now),
  },
  {
    message: 'XMeld 1332 (freie Suche)', xsd: XMELD_XSD,
    xml: buildSuchanfrage(
      { nachrichtentyp: '1332', nachname: 'Brückner', vornamen: 'Lieselotte', geburtsdatum: '1961-04', postleitzahl: '30159', aktenzeichen: 'AZ-1', anlassDesAbrufs: 'Bench' },
      { kundennummer: '03241001', behoerdenname: 'Testbehörde', autorKennung: 'ags:03241001', sicherheitsbehoerde: false }, { now },
    ),
  },
];

function timeUs(fn: () => unknown, runs: number): { p50: number; p99: number } {
  for (let i = 0; i < 500; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - s) / 1000);
  }
  t.sort((a, b) => a - b);
  return { p50: t[Math.floor(runs / 2)], p99: t[Math.floor(runs * 0.99)] };
}

export function measureXsd(runs = 5000): XsdFigure[] {
  return messages.map((m) => {
    const c0 = process.hrtime.bigint();
    const schema = getSchema(m.xsd);
    const compileMs = Number(process.hrtime.bigint() - c0) / 1e6;
    const bytes = Buffer.from(m.xml, 'utf8');
    const doc = parseXml(bytes);
    const errors = schema.validate(doc).errors.length;
    const parsed = timeUs(() => schema.validate(doc), runs);
    const fromBytes = timeUs(() => schema.validate(bytes), runs);
    return { message: m.message, bytes: bytes.length, compileMs, parsedP50Us: parsed.p50, parsedP99Us: parsed.p99, bytesP50Us: fromBytes.p50, bytesP99Us: fromBytes.p99, errors };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(JSON.stringify(measureXsd()) + '\n');
