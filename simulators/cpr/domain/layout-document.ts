/**
 * The SBS v01 message reference as one JSON document (schemas/cpr/sbs-v01.layout.json):
 * every record with absolute offsets, widths and types, the error codes and the events,
 * so a vendor can generate or check a codec instead of typing widths from the prose.
 * Derived from the same layouts the simulator runs on; a test keeps the file in sync.
 */
import { ERROR_CODES, FIELD_ERROR_CODES } from './errors.ts';
import { EVENTS, SECURITY_GROUPS } from './events.ts';
import {
  EVENT_DATA, layoutLength, placed, PROTOCOL_VERSION, RECORDS, REQUEST_BODIES, REQUEST_HEADER, requestLength, RESPONSE_HEADER,
  TRANSKODER, type Haendelseskode, type Layout,
} from './records.ts';

export const LAYOUT_DOCUMENT_PATH = 'schemas/cpr/sbs-v01.layout.json';

const fields = (l: Layout, start = 0) => placed(l, start).map((f) => ({
  name: f.name, offset: f.offset, width: f.width, type: f.type, ...(f.blank ? { blank: true } : {}), description: f.description,
}));

export function layoutDocument(): Record<string, unknown> {
  const header = layoutLength(REQUEST_HEADER);
  const valiData = header + layoutLength(REQUEST_BODIES.VALI);
  return {
    $comment: 'Generated from simulators/cpr/domain/records.ts by `npx tsx simulators/cpr/generate-layout-document.ts`; the prose reference is docs/platforms/cpr.md. govsim\'s own protocol, not an official CPR interface.',
    protocol: 'govsim CPR self-service protocol (SBS)',
    version: PROTOCOL_VERSION,
    encoding: 'ISO-8859-1, one byte per character, no separators',
    transport: { method: 'POST', path: '/cpr/sbs/v1', contentType: 'text/plain; charset=ISO-8859-1', clientCertificate: 'FOCES, subject serialNumber CVR:<provider CVR>-FID:<n>' },
    fieldTypes: {
      A: 'alphanumeric, left-aligned, space-padded, no leading spaces',
      N: 'digits, right-aligned, zero-padded; all spaces only where blank is true',
      D: 'date YYYYMMDD; all spaces when absent',
      T: 'time YYYYMMDDhhmmss, Danish local time',
    },
    requestHeader: { length: header, fields: fields(REQUEST_HEADER) },
    requests: Object.fromEntries(TRANSKODER.map((t) => [t, {
      title: REQUEST_BODIES[t].title,
      ...(t === 'VALI'
        ? { lengthByEvent: Object.fromEntries((Object.keys(EVENT_DATA) as Haendelseskode[]).map((k) => [k, requestLength('VALI', k)])) }
        : { length: requestLength(t) }),
      fields: fields(REQUEST_BODIES[t], header),
    }])),
    eventData: Object.fromEntries((Object.keys(EVENT_DATA) as Haendelseskode[]).map((k) => [k, {
      title: EVENT_DATA[k].title, offset: valiData, length: layoutLength(EVENT_DATA[k]), fields: fields(EVENT_DATA[k], valiData),
    }])),
    responseHeader: { length: layoutLength(RESPONSE_HEADER), fields: fields(RESPONSE_HEADER) },
    records: Object.fromEntries(Object.entries(RECORDS).map(([type, l]) => [type, { title: l.title, length: layoutLength(l), fields: fields(l) }])),
    errorCodes: ERROR_CODES.map(({ code, key, text, origin }) => ({ code, key, text, origin })),
    fieldErrorCodes: FIELD_ERROR_CODES.map(({ code, key, text, origin }) => ({ code, key, text, origin })),
    events: Object.fromEntries(Object.entries(EVENTS).map(([k, e]) => [k, { title: e.title, selfService: e.selfService }])),
    securityGroups: SECURITY_GROUPS,
  };
}

export function layoutDocumentText(): string {
  return JSON.stringify(layoutDocument(), null, 2) + '\n';
}
