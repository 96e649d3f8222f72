/**
 * The protocol over the wire: mTLS with the provider's FOCES certificate, records in and
 * out, kernel errors as protocol records, evidence without kendeord or token.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecorder, type Recorder } from '../kernel/evidence/index.ts';
import { FaultStore } from '../kernel/faults/rules.ts';
import { createEphemeralPki, type IssuedCertificate, type Pki } from '../kernel/pki/index.ts';
import { fixedClock } from '../kernel/types.ts';
import { createCprSimulator, type CprSimulator } from './index.ts';
import { logon, reportEvent, type ReportParams } from './reference/index.ts';

let sim: CprSimulator;
let pki: Pki;
let recorder: Recorder;
let dir: string;
let evidence: string;
let cert: IssuedCertificate;
const clock = fixedClock('2025-03-10T10:00:00Z');

beforeAll(async () => {
  pki = await createEphemeralPki({ keyAlgorithm: 'ec-p256' });
  dir = mkdtempSync(join(tmpdir(), 'govsim-cpr-'));
  evidence = join(dir, 'evidence.jsonl');
  recorder = createRecorder({ file: evidence, runId: 'cpr-transport' });
  sim = createCprSimulator({ recorder, faults: new FaultStore(), pki, clock, host: '127.0.0.1' });
  await sim.start();
  cert = await pki.issue({ profile: 'foces', cvr: '99000001', fid: '70000003', commonName: 'transport test', organization: 'Testudbyder ApS (fiktiv)', purpose: 'client', keyAlgorithm: 'ec-p256' });
}, 30_000);

afterAll(async () => {
  await sim?.stop();
  recorder?.close();
});

function params(name: string, extra: Partial<ReportParams> = {}): ReportParams {
  const files = { caFile: join(dir, 'ca.pem'), certFile: join(dir, `${name}.crt`), keyFile: join(dir, `${name}.key`), kendeordFile: join(dir, 'kendeord.txt') };
  writeFileSync(files.caFile, pki.trustedCaPem().join('\n'));
  writeFileSync(files.certFile, cert.certPem + cert.chainPem);
  writeFileSync(files.keyFile, cert.keyPem);
  writeFileSync(files.kendeordFile, sim.cpr.settings.kendeord);
  return {
    url: sim.urls().protocol, ...files, personkode: sim.cpr.settings.personkode, stateFile: join(dir, `${name}.json`),
    haendelseskode: 'FLYT', pnr: sim.cpr.person('anna').pnr, kommunekode: '0101', haendelsesdato: '20250310',
    data: { TILFLYTNINGSDATO: '20250310', KOMMUNEKODE: '0101', VEJKODE: '5032', HUSNR: '10', ETAGE: '2', SIDEDOER: 'th', POSTNR: '2200' },
    ...extra,
  };
}

function raw(method: string, body: Buffer, path = '/cpr/sbs/v1', withCert = true): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(sim.urls().sbs + path, {
      method, ca: pki.trustedCaPem(), agent: false,
      ...(withCert ? { cert: cert.certPem + cert.chainPem, key: cert.keyPem } : {}),
      headers: { 'content-length': body.length },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('latin1') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('CPR protocol transport', () => {
  it('runs a whole report over mTLS and keeps kendeord and token out of the evidence', async () => {
    sim.admin.reset();
    const r = await reportEvent(params('whole'));
    expect(r).toMatchObject({ ok: true, step: 'save', kvittering: { STATUS: 'V', KVITTERINGSNR: 'K20250310001' } });
    const state = JSON.parse(readFileSync(join(dir, 'whole.json'), 'utf8')) as { token: string };
    await new Promise((res) => setTimeout(res, 100));
    const text = readFileSync(evidence, 'utf8');
    expect(text).toContain('"transkode":"GEMH"');
    expect(text).not.toContain(sim.cpr.settings.kendeord);
    expect(text).not.toContain(state.token);
  });

  it('rotates an expired kendeord and the new one (not in the evidence) works for the next logon', async () => {
    sim.admin.reset();
    sim.cpr.state.personkoder.get('WSB00001')!.changedAt = new Date('2024-12-01T00:00:00Z');
    const p = params('rotate');
    expect(await logon(p)).toMatchObject({ ok: true });
    const stored = JSON.parse(readFileSync(p.stateFile, 'utf8')) as { kendeord: string };
    expect(stored.kendeord).not.toBe(sim.cpr.settings.kendeord);
    await new Promise((res) => setTimeout(res, 100));
    expect(readFileSync(evidence, 'utf8')).not.toContain(stored.kendeord);
  });

  it('answers 06 to a certificate of another CVR and refuses a connection without certificate', async () => {
    sim.admin.reset();
    const other = await pki.issue({ profile: 'foces', cvr: '99000002', fid: '70000004', commonName: 'other provider', organization: 'Anden udbyder (fiktiv)', purpose: 'client', keyAlgorithm: 'ec-p256' });
    const p = params('other');
    writeFileSync(p.certFile, other.certPem + other.chainPem);
    writeFileSync(p.keyFile, other.keyPem);
    expect(await logon(p)).toMatchObject({ ok: false, fejlkode: '06' });
    await expect(raw('POST', Buffer.from('LOGN01'), '/cpr/sbs/v1', false)).rejects.toThrow();
  });

  it('answers kernel errors as a record with FEJLKODE 09', async () => {
    const big = await raw('POST', Buffer.alloc(5000, 0x41));
    expect(big.status).toBe(413);
    expect(big.text.slice(0, 4)).toBe('????');
    expect(big.text.slice(22, 24)).toBe('09');
    expect(big.text.slice(24, 27)).toBe('900');
    const get = await raw('GET', Buffer.alloc(0));
    expect(get.status).toBe(405);
    expect(get.text.slice(22, 24)).toBe('09');
  });

  it('answers garbage with a record, never a crash', async () => {
    for (const body of [Buffer.from([0, 1, 2, 3]), Buffer.from('LOGN01\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000WSB00001Start#01', 'latin1'), Buffer.alloc(0)]) {
      const r = await raw('POST', body);
      expect(r.status).toBe(200);
      expect(r.text.slice(22, 24)).toMatch(/^(15|18|19)$/);
    }
  });
});
