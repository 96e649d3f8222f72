/** Signed profiles (osb-rm-s, osb-be-s) end to end over mTLS, the encrypted profiles' refusal, and StatusRequest. */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { envelope, MSH_SERVICE } from '../reference/envelope.ts';
import { post } from '../reference/wire.ts';
import { startKit, zaak, type Kit } from '../testkit.ts';
import type { EvidenceRecord } from '../../kernel/evidence/index.ts';

let kit: Kit | undefined;
afterEach(async () => { await kit?.close(); kit = undefined; });

type Ebms = { verdict?: string; action?: string; errors?: { rule: string; errorCode: string; location?: string }[]; signature?: { required: boolean; ok: boolean; signatureMethod?: string; rules: string[] }; reply?: { action: string } };
const inbound = (k: Kit) => k.recorder.query({ kind: 'exchange' }).filter((r) => r.direction === 'inbound' && (r.data as { ebms?: unknown })?.ebms) as (EvidenceRecord & { data: { ebms: Ebms } })[];
const until = async (what: string, f: () => boolean, ms = 5000) => { const end = Date.now() + ms; while (!f()) { if (Date.now() > end) throw new Error(`timed out waiting for ${what}`); await new Promise((r) => setTimeout(r, 20)); } };
const MO = '00000004003214345001';

describe('signed Digikoppeling profiles', () => {
  it('osb-rm-s: the CPA names SHA-256 signing; zaakbericht, acknowledgments and foutbericht are signed and verified both ways', async () => {
    kit = await startKit({ cpaQuery: '?profile=osb-rm-s&retryInterval=PT1S&retries=3' });
    const me = kit.adapter.cpa!.parties[0];
    expect(kit.adapter.cpa!.profile).toBe('osb-rm-s');
    expect(me.docExchange.nonRepudiation).toMatchObject({ hashFunction: 'http://www.w3.org/2001/04/xmlenc#sha256', signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256', signingCertificateId: 'consumer_clientCert' });
    expect(me.deliveryChannel.ackSignatureRequested).toBe('always');

    expect(await kit.adapter.sendZaak(zaak(), MO)).toMatchObject({ acknowledged: true });
    const z = inbound(kit).find((r) => r.data.ebms.action === 'zakLk01')!;
    expect(z.data.ebms.verdict).toBe('accepted');
    expect(z.data.ebms.signature).toMatchObject({ required: true, ok: true, signatureMethod: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256' });
    expect(z.verdicts?.find((v) => v.check === 'EBMS_SIGNATURE')?.ok).toBe(true);
    // MijnOverheid's ack is signed and carries the original's ds:Reference elements (non-repudiation of receipt).
    const ackOutbound = () => kit!.recorder.query({ kind: 'exchange' }).find((r) => r.direction === 'outbound' && r.request?.body?.includes('<eb:Action>Acknowledgment</eb:Action>'));
    await until('the acknowledgment pushed to the SUT is recorded', () => ackOutbound() !== undefined);
    const ackOut = ackOutbound()!;
    expect(ackOut.request?.body).toMatch(/<eb:Acknowledgment [^]*<ds:Reference [^]*<\/eb:Acknowledgment>[^]*<ds:Signature /);

    // Foutbericht in the other direction: signed by MijnOverheid, verified by the adapter, whose signed ack MijnOverheid verifies.
    await kit.adapter.sendZaak(zaak({ identificatie: 'ZAAK-2026-0002', bsn: '999993653' }), MO);
    await until('foutbericht processed', () => kit!.adapter.zaaksysteem.get('ZAAK-2026-0002')?.state === 'foutbericht');
    await until('signed ack of the foutbericht', () => inbound(kit!).some((r) => r.data.ebms.action === 'Acknowledgment'));
    const ack = inbound(kit).find((r) => r.data.ebms.action === 'Acknowledgment')!;
    expect(ack.data.ebms.signature).toMatchObject({ required: true, ok: true });
    expect(ack.verdicts?.find((v) => v.check === 'EBMS_ACK_FROM')?.ok).toBe(true);
    await until('foutbericht acknowledged', () => [...kit!.sim.mijnoverheid.state.sent.values()].some((s) => s.action === 'foutbericht' && s.acknowledgedAt));
  });

  it('osb-be-s: a best-effort signed zaakbericht is verified and processed without acknowledgment', async () => {
    kit = await startKit({ cpaQuery: '?profile=osb-be-s' });
    const r = await kit.adapter.sendZaak(zaak(), MO);
    expect(r).toMatchObject({ acknowledged: false, attempts: 1 });
    const z = inbound(kit).find((x) => x.data.ebms.action === 'zakLk01')!;
    expect(z.data.ebms).toMatchObject({ verdict: 'accepted', signature: { required: true, ok: true } });
    expect(kit.sim.mijnoverheid.state.zaken.list().map((x) => x.identificatie)).toEqual(['ZAAK-2026-0001']);
  });

  it('negative controls: unsigned and SHA-1 signed messages on a signed profile get MessageError SecurityFailure', async () => {
    for (const [variant, rules] of [['unsigned-on-signed-profile', ['EBMS_SIGNATURE_MISSING']], ['sha1-signature', ['EBMS_SIGNATURE_METHOD_WEAK', 'EBMS_SIGNATURE_DIGEST_WEAK', 'EBMS_SIGNATURE_DIGEST_WEAK']]] as const) {
      kit = await startKit({ variant, cpaQuery: '?profile=osb-rm-s&retryInterval=PT1S&retries=1' });
      const r = await kit.adapter.sendZaak(zaak(), MO);
      expect(r.acknowledged, variant).toBe(false);
      expect(r.error, variant).toMatch(/^MessageError SecurityFailure/);
      const z = inbound(kit).find((x) => x.data.ebms.action === 'zakLk01')!;
      expect(z.data.ebms.verdict).toBe('messageError');
      expect(z.data.ebms.errors?.map((e) => e.rule), variant).toEqual(rules);
      expect(z.data.ebms.errors?.every((e) => e.errorCode === 'SecurityFailure' && e.location?.startsWith('//Header/Signature'))).toBe(true);
      expect(kit.sim.mijnoverheid.state.zaken.list()).toEqual([]);
      await kit.close();
      kit = undefined;
    }
  });

  it('encrypted profiles are refused with NotSupported and a clear message', async () => {
    kit = await startKit({ cpaQuery: '?profile=osb-rm-e&retryInterval=PT1S&retries=1' });
    const r = await kit.adapter.sendZaak(zaak(), MO);
    expect(r.error).toBe('MessageError NotSupported');
    const z = inbound(kit).find((x) => x.data.ebms.action === 'zakLk01')!;
    expect(z.data.ebms.errors).toEqual([expect.objectContaining({ rule: 'EBMS_ENCRYPTION_NOT_SUPPORTED', errorCode: 'NotSupported', location: '//Body' })]);
    expect(JSON.stringify(z.data.ebms.errors)).toContain('not supported by govsim yet');
  });

  it('StatusRequest → StatusResponse: Processed for a delivered zaakbericht, NotRecognized for an unknown MessageId', async () => {
    kit = await startKit();
    const sent = await kit.adapter.sendZaak(zaak(), MO);
    expect(await kit.adapter.statusRequest(sent.messageId)).toMatchObject({ messageStatus: 'Processed', refToMessageId: sent.messageId });
    expect(await kit.adapter.statusRequest('00000000-0000-4000-8000-000000000000@nergens.test')).toMatchObject({ messageStatus: 'NotRecognized' });
  });
});

describe('Acknowledgment/From (ebMS 2.0 §6.3.2)', () => {
  it('an Acknowledgment from the SUT must name the SUT (the acknowledging party) in Acknowledgment/From', async () => {
    kit = await startKit({ variant: 'no-ack' });
    await kit.adapter.sendZaak(zaak({ bsn: '999993653' }), MO);
    await until('foutbericht sent', () => [...kit!.sim.mijnoverheid.state.sent.values()].some((s) => s.action === 'foutbericht' && s.sentAt !== undefined));
    const fout = [...kit.sim.mijnoverheid.state.sent.values()].find((s) => s.action === 'foutbericht')!;
    const cpa = kit.adapter.cpa!;
    const [me, mo] = cpa.parties;
    const ack = (fromPartyId: string) => envelope({
      from: { partyId: me.partyId, type: me.partyIdType, role: me.collaborationRoles[0].role }, to: { partyId: mo.partyId, type: mo.partyIdType, role: mo.collaborationRoles[0].role },
      cpaId: cpa.cpaId, conversationId: fout.conversationId, service: MSH_SERVICE, action: 'Acknowledgment', messageId: `${randomUUID()}@sut.test`, timestamp: new Date().toISOString(),
      refToMessageId: fout.messageId, acknowledgment: { refToMessageId: fout.messageId, fromPartyId, fromType: 'urn:osb:oin' },
    });
    const cfg = kit.adapter.config;
    const headers = { 'content-type': 'text/xml; charset=UTF-8', soapaction: '"ebXML"' };
    expect((await post(kit.sim.urls().ebms, { cert: cfg.client.cert, key: cfg.client.key, ca: cfg.ca }, headers, ack(mo.partyId))).status).toBe(204);
    expect((await post(kit.sim.urls().ebms, { cert: cfg.client.cert, key: cfg.client.key, ca: cfg.ca }, headers, ack(me.partyId))).status).toBe(204);
    const checks = inbound(kit).filter((r) => r.data.ebms.action === 'Acknowledgment').map((r) => r.verdicts?.find((v) => v.check === 'EBMS_ACK_FROM'));
    expect(checks.map((c) => c?.ok)).toEqual([false, true]);
    expect(checks[0]?.message).toMatch(/Acknowledgment\/From is 00000004003214345001, but the party that acknowledges is 00000099000000042000_OTA/);
  });
});
