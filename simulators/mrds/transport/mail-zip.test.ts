import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEphemeralPki } from '../../kernel/pki/index.ts';
import { install, query } from '../reference/fachverfahren.ts';
import { buildMail, parseMail } from './mime.ts';
import { sendSmtp } from './smtp-client.ts';
import { createSmtpServer, type ReceivedMail } from './smtp-server.ts';
import { startHarness, waitFor, type Harness } from './test-setup.ts';
import { readZip, writeZip, ZipError } from './zip.ts';

const started: Harness[] = [];
afterAll(async () => { await Promise.all(started.map((h) => h.sim.stop())); });

describe('ZIP', () => {
  it('round-trips, is read by Info-ZIP unzip, and detects corruption', () => {
    const entries = [{ name: 'a.txt', data: Buffer.from('hallo '.repeat(100)) }, { name: 'ü.bin', data: Buffer.from([0, 1, 2, 255]) }];
    const zip = writeZip(entries, new Date('2025-01-02T03:04:06Z'));
    expect(readZip(zip)).toEqual(entries);
    const dir = mkdtempSync(join(tmpdir(), 'govsim-zip-'));
    writeFileSync(join(dir, 'x.zip'), zip);
    expect(execFileSync('unzip', ['-t', join(dir, 'x.zip')], { encoding: 'utf8' })).toMatch(/No errors detected/);
    const bad = Buffer.from(zip);
    bad[40] ^= 0xff;
    expect(() => readZip(bad)).toThrow(ZipError);
    expect(() => readZip(Buffer.from('not a zip'))).toThrow(/not a ZIP/);
  });
});

describe('SMTP and MIME', () => {
  it('delivers a multipart mail with dot-stuffing and an umlaut subject intact', async () => {
    const got: ReceivedMail[] = [];
    const server = createSmtpServer({ onMail: (m) => { got.push({ ...m, id: 'x', receivedAt: '' }); return 'Q1'; } });
    const { port } = await server.listen(0);
    const raw = buildMail({
      from: 'a@x.example', to: ['b@y.example'], subject: 'Kundennummer für Mandant', text: '.Zeile mit Punkt\n.\nEnde', messageId: 'm1@x',
      date: new Date('2025-01-01T00:00:00Z'), attachments: [{ filename: 'z.zip', contentType: 'application/zip', content: Buffer.from([1, 2, 3]) }],
    }, 'seed');
    expect(await sendSmtp({ host: '127.0.0.1', port }, { from: 'a@x.example', to: ['b@y.example'] }, raw)).toMatch(/^250 .*Q1/);
    await server.close();
    const parsed = parseMail(got[0].raw);
    expect(parsed).toMatchObject({ subject: 'Kundennummer für Mandant', text: '.Zeile mit Punkt\n.\nEnde', to: ['b@y.example'], messageId: 'm1@x' });
    expect(parsed.attachments[0].content).toEqual(Buffer.from([1, 2, 3]));
  });

  it('refuses a mail without recipients and reports a dead relay as an error', async () => {
    const server = createSmtpServer({ onMail: () => 'never' });
    const { port } = await server.listen(0);
    await expect(sendSmtp({ host: '127.0.0.1', port }, { from: 'a@x.example', to: [] }, 'x')).rejects.toMatchObject({ code: 'SMTP_REJECTED' });
    await server.close();
    await expect(sendSmtp({ host: '127.0.0.1', port, timeoutMs: 2000 }, { from: 'a@x.example', to: ['b@y.example'] }, 'x')).rejects.toMatchObject({ code: 'SMTP_CONNECT_FAILED' });
  });

  it('sends through a configured relay instead of the embedded mailbox', async () => {
    const relayed: string[] = [];
    const relay = createSmtpServer({ onMail: (m) => { relayed.push(...m.to); return 'R1'; } });
    const { port } = await relay.listen(0);
    const h = await startHarness({ smtpRelay: { host: '127.0.0.1', port } });
    started.push(h);
    await h.sim.mrds.order({ mandant: '03241001', email: 'hauptadmin@ordnung-hannover.example', passphrase: 'relay-pass-123', consent: true });
    await waitFor('relayed Kundennummer mail', () => (relayed.length >= 2 ? true : undefined));
    expect(relayed).toEqual(['hauptadmin@ordnung-hannover.example', 'hauptadmin@ordnung-hannover.example']);
    expect(h.sim.mrds.mails()).toHaveLength(0);
    expect(h.evidenceText()).toContain('"relay":true');
    await relay.close();
  });
});

describe('raw XML parameter encoding (configuration)', () => {
  it('accepts the XMeld element inside xmlParameter and refuses base64 then', async () => {
    const pki = await createEphemeralPki();
    const h = await startHarness({ parameterEncoding: 'xml' }, [], pki);
    started.push(h);
    await h.sim.mrds.order({ mandant: '03241001', email: 'hauptadmin@ordnung-hannover.example', passphrase: 'raw-xml-pass', consent: true });
    const k = await waitFor('Kundennummer', () => h.sim.mrds.state.mandanten.get('03241001')?.kopplung.kundennummer);
    const zipFile = join(h.dir, 'c.zip');
    writeFileSync(zipFile, h.sim.mrds.mails()[0].parsed.attachments[0].content);
    const base = { zipFile, passphrase: 'raw-xml-pass', kundennummer: k, endpoint: h.sim.urls().xmeld, caFile: h.caFile, behoerdenname: 'Test', autorKennung: 'ags:03241001' };
    install({ ...base, configDir: join(h.dir, 'raw'), parameterEncoding: 'xml' });
    install({ ...base, configDir: join(h.dir, 'b64'), parameterEncoding: 'base64' });
    const suche = { nachrichtentyp: '1330' as const, nachname: 'Brückner', vornamen: 'Lieselotte', gemeindeschluessel: '03241001', aktenzeichen: 'A', anlassDesAbrufs: 'B' };
    expect(await query({ configDir: join(h.dir, 'raw'), suche })).toMatchObject({ status: 200, anzahlTreffer: 1 });
    expect(await query({ configDir: join(h.dir, 'b64'), suche })).toMatchObject({ status: 500, fault: { code: 'MRDS_PARAMETER_NOT_XML' } });
    const wsdl = await (await fetch(h.sim.urls().wsdl)).text();
    expect(wsdl).toContain('<xs:any processContents="lax"/>');
  });
});
