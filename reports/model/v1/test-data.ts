import type { EvidenceRecord, HttpMessageEvidence } from '../../../simulators/kernel/evidence/index.ts';
import type { TemplateTestData } from './template.ts';

/** Dutch BSN "elfproef": 9×d1 + 8×d2 + … + 2×d8 − 1×d9 is a positive multiple of 11. */
export function passesElfproef(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(value[i]);
  sum -= Number(value[8]);
  return sum > 0 && sum % 11 === 0;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Values of one kind of test data (e.g. BSNs) used in a run: digits that follow a field
 * named `key` (XML element, JSON member, form/query parameter or step text such as
 * `BSN "999990019"`) within a few characters.
 */
export function findTestData(spec: TemplateTestData, texts: Iterable<string>): string[] {
  const re = new RegExp(`${escapeRegExp(spec.key)}[^0-9\\n]{0,24}?(?<!\\d)(\\d{${spec.digits}})(?!\\d)`, 'gi');
  const found = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(re)) {
      if (spec.checksum === 'elfproef' && !passesElfproef(m[1])) continue;
      found.add(m[1]);
    }
  }
  return [...found].sort();
}

/** The searchable text of an evidence record: URLs, bodies and the summary (not base64 bodies). */
export function* evidenceTexts(records: Iterable<EvidenceRecord>): Generator<string> {
  const msg = function* (m: HttpMessageEvidence | undefined): Generator<string> {
    if (!m) return;
    if (m.url) yield m.url;
    if (m.body !== undefined && m.bodyEncoding !== 'base64') yield m.body;
  };
  for (const r of records) {
    yield* msg(r.request);
    yield* msg(r.response);
    if (r.summary) yield r.summary;
  }
}

const CLIENT_ID_FORM = /(?:^|[?&\s])client_id=([A-Za-z0-9._~:-]{1,200})/g;
const CLIENT_ID_JSON = /"client_?[iI]d"\s*:\s*"([^"\\]{1,200})"/g;

/** OAuth client ids the SUT used: token-request form fields, JSON members and `data.clientId`. */
export function clientIdsFromEvidence(records: readonly EvidenceRecord[]): string[] {
  const ids = new Set<string>();
  for (const r of records) {
    if (r.direction === 'outbound') continue;
    for (const text of [r.request?.url, r.request?.bodyEncoding === 'base64' ? undefined : r.request?.body]) {
      if (!text) continue;
      for (const m of text.matchAll(CLIENT_ID_FORM)) ids.add(safeDecode(m[1]));
      for (const m of text.matchAll(CLIENT_ID_JSON)) ids.add(m[1]);
    }
    const data = r.data as { clientId?: unknown } | undefined;
    if (data && typeof data === 'object' && typeof data.clientId === 'string' && data.clientId !== '') ids.add(data.clientId);
  }
  return [...ids].sort();
}

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}
