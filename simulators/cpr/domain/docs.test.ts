/**
 * The message reference in docs/platforms/cpr.md must describe every record, field
 * (offset, width, type), transaction and error code the simulator implements, so a vendor
 * can write a client from the document alone.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CIVILSTAND_TEXT, ERROR_CODES, EVENT_DATA, FIELD_ERROR_CODES, layoutLength, placed, RECORDS, REQUEST_BODIES, REQUEST_HEADER, requestLength, RESPONSE_HEADER,
  STATUS_TEXT, TRANSKODER, type Layout,
} from './index.ts';

const DOC = readFileSync(new URL('../../../docs/platforms/cpr.md', import.meta.url), 'utf8');

function section(id: string): string {
  const parts = DOC.split(/^#{3,4} /m);
  const found = parts.find((p) => p.split('\n')[0].trim() === id);
  expect(found, `docs/platforms/cpr.md has no "#### ${id}" section`).toBeDefined();
  return found!;
}

function expectLayout(l: Layout, start: number): void {
  const s = section(l.id);
  for (const f of placed(l, start)) {
    expect(s, `${l.id}.${f.name}`).toContain(`| ${f.offset} | ${f.width} | ${f.name} | ${f.type}`);
  }
  expect(s.split('\n').filter((x) => /^\| \d+ \| \d+ \|/.test(x))).toHaveLength(l.fields.length);
}

describe('CPR message reference (docs/platforms/cpr.md)', () => {
  it('documents the headers, every request body and every event data layout with offsets and widths', () => {
    expectLayout(REQUEST_HEADER, 0);
    expectLayout(RESPONSE_HEADER, 0);
    for (const t of TRANSKODER) {
      expectLayout(REQUEST_BODIES[t], layoutLength(REQUEST_HEADER));
      if (t !== 'VALI') expect(section(t)).toContain(`Total length: ${requestLength(t)} characters`);
    }
    for (const l of Object.values(EVENT_DATA)) expectLayout(l, layoutLength(REQUEST_HEADER) + layoutLength(REQUEST_BODIES.VALI));
  });

  it('documents every answer record with its length', () => {
    for (const l of Object.values(RECORDS)) {
      expectLayout(l, 0);
      expect(section(l.id)).toContain(`${layoutLength(l)} characters`);
    }
  });

  it('documents every error code and field error code', () => {
    for (const e of [...ERROR_CODES, ...FIELD_ERROR_CODES]) expect(DOC, e.key).toContain(`| ${e.code} | ${e.key} | ${e.text} |`);
  });

  it('has a section for every "see ..." reference of the field descriptions, and a text for every code', () => {
    const headings = new Set([...DOC.matchAll(/^#{2,4} (.+)$/gm)].map((m) => m[1].trim()));
    const refs = [...DOC.matchAll(/see "([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect([...headings].some((h) => h === r || h.startsWith(`${r} `)), `no section "${r}"`).toBe(true);
    const codes = section('Codes');
    for (const [c, t] of Object.entries(CIVILSTAND_TEXT)) expect(codes, `civilstand ${c}`).toContain(`${c} ${t}`);
    for (const [c, t] of Object.entries(STATUS_TEXT)) expect(codes, `status ${c}`).toContain(`${c} ${t}`);
  });

  it('documents every checklist id the suite uses, and the suite uses every documented id', () => {
    const features = ['logon', 'initiate', 'validate-save', 'kommune'].map((f) => readFileSync(new URL(`../../../features/cpr/${f}.feature`, import.meta.url), 'utf8')).join('\n');
    const used = new Set(features.match(/@CPR-[A-Z]{3}-\d\d/g)!.map((t) => t.slice(1)));
    const documented = new Set([...DOC.matchAll(/^\| (CPR-[A-Z]{3}-\d\d) \|/gm)].map((m) => m[1]));
    expect([...used].sort()).toEqual([...documented].sort());
  });
});
