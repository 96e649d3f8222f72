/**
 * The XMeld answer as the Fachverfahren received it, read from the SOAP response in the
 * evidence (never from the simulator's own summary), so every mode checks the same bytes.
 */
import type { EvidenceRecord } from '../../simulators/kernel/evidence/index.ts';
import { parseXml } from '../../simulators/kernel/xml/index.ts';
import { DATENELEMENTE } from '../../simulators/mrds/domain/index.ts';
import { check } from '../support/check.ts';

const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

export interface AnswerPerson {
  familienname?: string;
  vornamen?: string;
  meldestatus?: string;
  auskunftssperre: boolean;
  /** Child elements carrying data (meldestatus and auskunftssperre excluded). */
  elements: string[];
}

export interface XmeldAnswer {
  xml: string;
  nachrichtentyp: string;
  ergebnisstatus: string;
  anzahlTreffer: number;
  hinweise: string[];
  personen: AnswerPerson[];
}

/** The XMeld answer text out of the SOAP response body in the evidence. */
export function answerFromEvidence(r: EvidenceRecord): string {
  const res = r.response;
  check(res?.body !== undefined && !res.bodyTruncated, `the SOAP answer (${res?.bodyBytes ?? 0} bytes) is not kept whole in the evidence`);
  const body = res.bodyEncoding === 'base64' ? Buffer.from(res.body, 'base64') : Buffer.from(res.body, 'utf8');
  const env = parseXml(body, { label: 'SOAP answer', maxBytes: 20 * 1024 * 1024 }).root;
  const ret = env.child('Body', SOAP11_NS)?.children()[0]?.children('callApplicationByteReturn')[0];
  check(ret, 'the SOAP answer holds no callApplicationByteReturn');
  const inner = ret.children()[0];
  return inner ? inner.outerXml() : Buffer.from(ret.text().replace(/\s+/g, ''), 'base64').toString('utf8');
}

export function readXmeldAnswer(r: EvidenceRecord): XmeldAnswer {
  const xml = answerFromEvidence(r);
  const root = parseXml(xml, { label: 'XMeld answer', maxBytes: 20 * 1024 * 1024 }).root;
  const text = (path: string, from = root) => from.find(path)?.text().trim() ?? '';
  return {
    xml,
    nachrichtentyp: text('nachrichtenkopf.g2g/identifikation.nachricht/nachrichtentyp/code'),
    ergebnisstatus: text('ergebnisstatus/code'),
    anzahlTreffer: Number(text('anzahlTreffer') || 'NaN'),
    hinweise: root.findAll('hinweis/code').map((c) => c.text().trim()),
    personen: root.children('person').map((p) => ({
      familienname: p.find('familienname')?.text().trim(),
      vornamen: p.findAll('vornamen/name').map((n) => n.text().trim()).join(' ') || undefined,
      meldestatus: p.find('meldestatus/code')?.text().trim(),
      auskunftssperre: text('auskunftssperre', p) === 'true',
      elements: p.children().map((c) => c.name).filter((n) => n !== 'meldestatus' && n !== 'auskunftssperre'),
    })),
  };
}

/** anforderungselement codes of the data elements the answer's persons carry (docs/platforms/mrds.md). */
export function deliveredItems(a: XmeldAnswer): number[] {
  const names = new Set(a.personen.flatMap((p) => p.elements));
  const unknown = [...names].filter((n) => !DATENELEMENTE.some((d) => d.element === n));
  check(unknown.length === 0, `the answer carries elements that are no data item: ${unknown.join(', ')}`);
  return DATENELEMENTE.filter((d) => names.has(d.element)).map((d) => d.code);
}
