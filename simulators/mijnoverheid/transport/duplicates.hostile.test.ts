/**
 * Duplicate elimination under concurrency: 100 parallel sends of one zakLk01 with the same
 * MessageId (a Sender retrying aggressively over many connections) are delivered to Lopende
 * Zaken exactly once; the other 99 are recognised as duplicates, acknowledged again and
 * recorded as such.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKit, sutCredentials, AFZENDER_ID, SUT_OIN, type Kit } from '../testkit.ts';
import { envelope } from '../reference/envelope.ts';
import { zakLk01 } from '../reference/zaaksysteem.ts';
import { mime } from '../domain/index.ts';

let kit: Kit;
beforeAll(async () => { kit = await startKit(); }, 60_000);
afterAll(async () => { await kit?.close(); });

describe('100 parallel sends of one MessageId', () => {
  it('deliver the zaakbericht exactly once and answer every copy', async () => {
    const creds = await sutCredentials(kit.pki);
    const cpa = kit.adapter.cpa!;
    const me = cpa.parties.find((p) => p.partyId === `${SUT_OIN}_OTA`)!;
    const mo = cpa.parties.find((p) => p !== me)!;
    expect(me.deliveryChannel.duplicateElimination).toBe('always');
    const messageId = `${randomUUID()}@zaaksysteem.proefstad.example.test`;
    const payloadId = `zaakbericht-${randomUUID()}@sut`;
    const identificatie = `ZAAK-DUP-${randomUUID().slice(0, 8)}`;
    const payload = zakLk01({ identificatie, bsn: '999993847', omschrijving: 'Dubbel verzonden', startdatum: '20260601', status: { code: 'S1', omschrijving: 'Ontvangen', datumStatusGezet: '20260601120000', volgnummer: '1' } },
      { oin: SUT_OIN, afzenderId: AFZENDER_ID, mijnOverheidOin: mo.partyId.slice(0, 20) }, new Date());
    const soap = envelope({
      from: { partyId: me.partyId, type: me.partyIdType, role: me.collaborationRoles[0].role }, to: { partyId: mo.partyId, type: mo.partyIdType, role: mo.collaborationRoles[0]?.role ?? '' },
      cpaId: cpa.cpaId, conversationId: randomUUID(), service: me.collaborationRoles[0].service, serviceType: me.collaborationRoles[0].serviceType, action: 'zakLk01',
      messageId, timestamp: new Date().toISOString(), duplicateElimination: true, ackRequested: me.deliveryChannel.ackRequested === 'always', syncReply: me.deliveryChannel.syncReplyMode === 'mshSignalsOnly', payloads: [payloadId],
    });
    const packed = mime.writeMultipartRelated({ root: { contentId: `soap-${messageId}`, contentType: 'text/xml; charset=UTF-8', body: soap }, attachments: [{ contentId: payloadId, contentType: 'application/xml; charset=UTF-8', body: payload }] });
    const agent = new Agent({ keepAlive: true, maxSockets: 100, cert: creds.client.cert, key: creds.client.key, ca: creds.ca });
    const since = kit.recorder.query().at(-1)?.seq ?? 0;
    const statuses = await Promise.all(Array.from({ length: 100 }, () => new Promise<number>((resolve, reject) => {
      const req = request(kit.sim.urls().ebms, { method: 'POST', agent, headers: { 'content-type': packed.contentType, soapaction: '"ebXML"' } }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); });
      req.on('error', reject);
      req.end(packed.body);
    })));
    agent.destroy();
    expect(statuses.every((s) => s === 200 || s === 204), `statuses ${[...new Set(statuses)].join(', ')}`).toBe(true);

    const zaak = kit.sim.mijnoverheid.state.zaken.get(SUT_OIN, identificatie);
    expect(zaak?.berichten).toBe(1);
    expect(zaak?.statussen).toHaveLength(1);
    const until = Date.now() + 5000;
    const inbound = () => kit.recorder.query({ kind: 'exchange' }).filter((r) => r.seq > since && (r.data as { ebms?: { messageId?: string } })?.ebms?.messageId === messageId);
    while (inbound().length < 100 && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    const verdicts = inbound().map((r) => (r.data as { ebms: { verdict: string } }).ebms.verdict);
    expect(verdicts.filter((v) => v === 'accepted')).toHaveLength(1);
    expect(verdicts.filter((v) => v === 'duplicate')).toHaveLength(99);
  }, 60_000);
});
