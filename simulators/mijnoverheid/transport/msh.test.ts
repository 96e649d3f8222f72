import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'node:https';
import { startKit, zaak, SUT_OIN, type Kit } from '../testkit.ts';
import type { EvidenceRecord } from '../../kernel/evidence/index.ts';
import { fixedClock } from '../../kernel/types.ts';

let kit: Kit | undefined;
afterEach(async () => { await kit?.close(); kit = undefined; });

type Ebms = { reply?: unknown; verdict?: string; action?: string; errors?: { rule: string; errorCode: string }[]; fault?: { code: string }; duplicate?: { sameContent: boolean }; lz?: { foutcode?: string; event?: string }; signal?: { known: boolean; conversationMatches?: boolean }; messageId?: string };
const inbound = (k: Kit) => k.recorder.query({ kind: 'exchange' }).filter((r) => r.direction === 'inbound' && (r.data as { ebms?: unknown })?.ebms) as (EvidenceRecord & { data: { ebms: Ebms } })[];
const until = async (what: string, f: () => boolean, ms = 5000) => { const end = Date.now() + ms; while (!f()) { if (Date.now() > end) throw new Error(`timed out waiting for ${what}`); await new Promise((r) => setTimeout(r, 20)); } };

function rawPost(k: Kit, headers: Record<string, string>, body: string): Promise<{ status?: number; body: string }> {
  return new Promise((resolve, reject) => {
    const cfg = k.adapter.config;
    const req = request(k.sim.urls().ebms, { method: 'POST', cert: cfg.client.cert, key: cfg.client.key, ca: cfg.ca, headers }, (res) => {
      let b = ''; res.on('data', (c) => { b += c; }); res.on('end', () => resolve({ status: res.statusCode, body: b }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('MijnOverheid MSH over mTLS', () => {
  it('CPA Register → loaded CPA; Ping → Pong in both directions', async () => {
    kit = await startKit();
    const cpa = kit.adapter.cpa!;
    expect(cpa.profile).toBe('osb-rm');
    expect(kit.sim.mijnoverheid.state.findCpa(cpa.cpaId)).toBeDefined();
    expect((await kit.adapter.ping()).pong).toBe(true);
    const r = await kit.sim.mijnoverheid.pingSut(cpa.cpaId);
    expect(r).toMatchObject({ pong: true, status: 200 });
    const note = kit.recorder.query({ kind: 'note' }).find((n) => (n.data as { ebms?: { event?: string } })?.ebms?.event === 'ping')!;
    expect(note.verdicts?.find((v) => v.check === 'LZ_SUT_SERVER_CERT')?.ok).toBe(true);
  });

  it('a new zaak is acknowledged asynchronously and stored; a status update is appended', async () => {
    kit = await startKit();
    const r1 = await kit.adapter.sendZaak(zaak(), '00000004003214345001');
    expect(r1).toMatchObject({ acknowledged: true, attempts: 1 });
    const r2 = await kit.adapter.sendZaak(zaak({ status: { code: 'S2', omschrijving: 'In behandeling', datumStatusGezet: '20260602090000', volgnummer: '2' } }), '00000004003214345001');
    expect(r2.acknowledged).toBe(true);
    const z = kit.sim.mijnoverheid.state.zaken.get(SUT_OIN, 'ZAAK-2026-0001')!;
    expect(z.statussen.map((s) => s.omschrijving)).toEqual(['Ontvangen', 'In behandeling']);
    expect(inbound(kit).filter((r) => r.data.ebms.action === 'zakLk01').map((r) => r.data.ebms.reply)).toEqual([
      expect.objectContaining({ action: 'Acknowledgment', mode: 'async' }), expect.objectContaining({ action: 'Acknowledgment', mode: 'async' }),
    ]);
  });

  it('unregistered BSN → foutbericht over ebMS, acknowledged by the SUT and recorded by its zaaksysteem', async () => {
    kit = await startKit();
    const r = await kit.adapter.sendZaak(zaak({ bsn: '999993653' }), '00000004003214345001');
    expect(r.acknowledged).toBe(true);
    await until('foutbericht processed', () => kit!.adapter.zaaksysteem.get('ZAAK-2026-0001')?.state === 'foutbericht');
    expect(kit.adapter.zaaksysteem.get('ZAAK-2026-0001')?.foutcode).toBe('LZ_BSN_NO_ACCOUNT');
    await until('ack of foutbericht', () => [...kit!.sim.mijnoverheid.state.sent.values()].some((s) => s.action === 'foutbericht' && s.acknowledgedAt));
    const ackIn = inbound(kit).find((x) => x.data.ebms.action === 'Acknowledgment')!;
    expect(ackIn.data.ebms.signal).toEqual({ refToMessageId: expect.any(String), known: true, conversationMatches: true });
  });

  it('a SUT that does not acknowledge makes MijnOverheid retransmit, then give up (DeliveryFailure)', async () => {
    kit = await startKit({ variant: 'no-ack', cpaQuery: '?retryInterval=PT0.2S&retries=2' });
    await kit.adapter.sendZaak(zaak({ bsn: '999993653' }), '00000004003214345001');
    await until('delivery failure', () => kit!.sim.mijnoverheid.state.outbox.list().some((e) => e.state === 'failed'));
    const e = kit.sim.mijnoverheid.state.outbox.list()[0];
    expect(e).toMatchObject({ attempts: 3, failureReason: 'RETRIES_EXHAUSTED' });
  });

  it('foutbericht retransmissions follow the injected clock, not wall time', async () => {
    const clock = fixedClock(new Date());
    kit = await startKit({ variant: 'no-ack', clock, cpaQuery: '?retryInterval=PT1H&retries=2' });
    await kit.adapter.sendZaak(zaak({ bsn: '999993653' }), '00000004003214345001');
    const entry = () => kit!.sim.mijnoverheid.state.outbox.list()[0];
    await until('first attempt', () => entry()?.attempts === 1 && entry().state === 'awaiting-ack');
    await new Promise((r) => setTimeout(r, 300));
    expect(entry().attempts).toBe(1);
    clock.advance(60 * 60 * 1000);
    await kit.sim.mijnoverheid.pump();
    expect(entry().attempts).toBe(2);
    clock.advance(2 * 60 * 60 * 1000);
    await kit.sim.mijnoverheid.pump();
    await kit.sim.mijnoverheid.pump();
    expect(entry()).toMatchObject({ attempts: 3, state: 'awaiting-ack' });
    clock.advance(60 * 60 * 1000);
    await kit.sim.mijnoverheid.pump();
    expect(entry()).toMatchObject({ state: 'failed', failureReason: 'RETRIES_EXHAUSTED' });
  });

  it('SOAPAction other than "ebXML" → HTTP 500 SOAP Fault; bad MIME → SOAP Fault with the MIME code', async () => {
    kit = await startKit();
    const a = await rawPost(kit, { 'content-type': 'text/xml', soapaction: 'ebXML' }, '<x/>');
    expect(a.status).toBe(500);
    expect(a.body).toContain('EBMS_SOAPACTION');
    const b = await rawPost(kit, { 'content-type': 'multipart/related; boundary="b1"; type="text/xml"', soapaction: '"ebXML"' }, '--b1\r\nContent-Type: text/xml\r\n\r\n<x/>');
    expect(b.status).toBe(500);
    expect(b.body).toContain('MIME_TRUNCATED');
    const c = await rawPost(kit, { 'content-type': 'text/xml', soapaction: '"ebXML"' }, '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>');
    expect(c.status).toBe(500);
    expect(c.body).toContain('EBMS_XML_INVALID');
  });

  it('a lost acknowledgment → the SUT resends; the duplicate is acknowledged with the same ack and not delivered twice', async () => {
    kit = await startKit();
    kit.sim.mijnoverheid.loseAcknowledgments(1);
    const r = await kit.adapter.sendZaak(zaak(), '00000004003214345001');
    expect(r).toMatchObject({ acknowledged: true, attempts: 2 });
    const msgs = inbound(kit).filter((x) => x.data.ebms.action === 'zakLk01');
    expect(msgs.map((m) => m.data.ebms.verdict)).toEqual(['accepted', 'duplicate']);
    expect(msgs[1].data.ebms.duplicate).toEqual({ sameContent: true });
    expect(kit.sim.mijnoverheid.state.zaken.get(SUT_OIN, 'ZAAK-2026-0001')!.berichten).toBe(1);
  });

  it('negative control: a resend with different content is flagged', async () => {
    kit = await startKit({ variant: 'duplicate-different-content' });
    kit.sim.mijnoverheid.loseAcknowledgments(1);
    await kit.adapter.sendZaak(zaak(), '00000004003214345001');
    const dup = inbound(kit).filter((x) => x.data.ebms.action === 'zakLk01')[1];
    expect(dup.data.ebms.duplicate).toEqual({ sameContent: false });
    expect(dup.verdicts?.find((v) => v.check === 'EBMS_DUPLICATE_SAME_CONTENT')?.ok).toBe(false);
  });

  it('certificate OIN ≠ From PartyId → MessageError SecurityFailure pushed to the SUT', async () => {
    kit = await startKit({ variant: 'wrong-oin-certificate' });
    const r = await kit.adapter.sendZaak(zaak(), '00000004003214345001');
    expect(r).toMatchObject({ acknowledged: false, error: 'MessageError SecurityFailure' });
    const m = inbound(kit).find((x) => x.data.ebms.action === 'zakLk01')!;
    expect(m.data.ebms.errors?.map((e) => e.rule)).toContain('EBMS_CERT_OIN_MISMATCH');
  });

  it('PartyId without type → MessageError Inconsistent', async () => {
    kit = await startKit({ variant: 'partyid-type-missing' });
    await expect(kit.adapter.ping()).rejects.toThrow(/no Pong/);
    const m = inbound(kit).find((x) => x.data.ebms.action === 'Ping')!;
    expect(m.data.ebms.errors?.[0]).toMatchObject({ rule: 'EBMS_PARTYID_TYPE_MISSING', errorCode: 'Inconsistent' });
  });

  it('HTTP 503 from a fault rule → the SUT retries and the second attempt is accepted', async () => {
    kit = await startKit();
    kit.faults.add({ platform: 'mijnoverheid', method: 'POST', path: '/ebms', times: 1, action: { type: 'status', status: 503 } });
    const r = await kit.adapter.sendZaak(zaak(), '00000004003214345001');
    expect(r).toMatchObject({ acknowledged: true, attempts: 2 });
  });

  it('Profielservice answers per account state and refuses callers without a CPA', async () => {
    kit = await startKit();
    expect(await kit.adapter.checkProfiel(kit.sim.urls().profielservice, '999993653')).toEqual({ heeftAccount: false, zaakPostbusActief: false });
    kit.sim.mijnoverheid.registerAccount('999993653');
    expect(await kit.adapter.checkProfiel(kit.sim.urls().profielservice, '999993653')).toEqual({ heeftAccount: true, zaakPostbusActief: true });
    kit.sim.mijnoverheid.state.cpas.clear();
    await expect(kit.adapter.checkProfiel(kit.sim.urls().profielservice, '999993653')).rejects.toThrow(/has no Lopende Zaken CPA/);
  });

  it('the CPA Register reports Consumerspecificatie errors precisely', async () => {
    kit = await startKit({ register: false });
    const r = await kit.sim.mijnoverheid.registerConsumerSpec(kit.adapter.consumerSpec().replace(`${SUT_OIN}_OTA`, '12345'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.code)).toContain('SPEC_BAD_OIN');
  });
});
