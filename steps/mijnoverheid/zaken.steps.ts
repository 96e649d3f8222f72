/** Zaakberichten: new zaak, status updates, closure, links, foutberichten, duplicates and retries. */
import { Given, Then, When } from '@cucumber/cucumber';
import type { GovsimWorld } from '../support/world.ts';
import { check, checkEqual } from '../support/check.ts';
import { inboundEbms, isEbms, isZaakbericht, mijnOverheid, refusal, type EbmsRecord, adapterRef } from './evidence.ts';

interface Zaak {
  identificatie: string; bsn: string; omschrijving: string; startdatum: string;
  einddatum?: string; resultaat?: string; verwijzing?: string;
  status: { code: string; omschrijving: string; datumStatusGezet: string; volgnummer: string };
}

const today = () => new Date().toISOString().slice(0, 10).replace(/-/g, '');
const nowStuf = () => new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);

function zaken(world: GovsimWorld): Map<string, Zaak> {
  let m = world.values.get('zaken') as Map<string, Zaak> | undefined;
  if (!m) world.values.set('zaken', (m = new Map()));
  return m;
}

async function send(world: GovsimWorld, z: Zaak, what: string, format: 'zakLk01' | 'mo-bericht' = 'zakLk01'): Promise<void> {
  zaken(world).set(z.identificatie, z);
  const sim = await mijnOverheid(world);
  const sut = world.values.get('sut') as Record<string, string>;
  const before = world.evidence(inboundEbms).length;
  world.values.set('sendMark', before);
  await world.sutPerforms('mijnoverheid', 'send-zaak', { ...adapterRef(sut), mijnOverheidOin: sim.mijnoverheid.settings.oin, zaak: z, format },
    `Send a ${format === 'mo-bericht' ? 'MO-bericht' : 'zakLk01'} (${what}) for zaak ${z.identificatie} of citizen ${z.bsn} to MijnOverheid over ebMS with your CPA.`);
}

function newZaak(id: string, bsn: string, status: string): Zaak {
  return { identificatie: id, bsn, omschrijving: `Aanvraag omgevingsvergunning ${id}`, startdatum: today(), status: { code: 'S1', omschrijving: status, datumStatusGezet: nowStuf(), volgnummer: '1' } };
}

function existing(world: GovsimWorld, id: string): Zaak {
  const z = zaken(world).get(id);
  check(z, `zaak ${id} was not sent earlier in this scenario`);
  return structuredClone(z);
}

function nextStatus(z: Zaak, omschrijving: string): void {
  const n = Number(z.status.volgnummer) + 1;
  z.status = { code: `S${n}`, omschrijving, datumStatusGezet: nowStuf().slice(0, 12) + String(n).padStart(2, '0'), volgnummer: String(n) };
}

When('the system under test sends a new zaak {string} for citizen {string} with status {string}', async function (this: GovsimWorld, id: string, bsn: string, status: string) {
  await send(this, newZaak(id, bsn, status), 'new zaak');
});

When('the system under test sends a new zaak {string} for citizen {string} with status {string} as MO-bericht', async function (this: GovsimWorld, id: string, bsn: string, status: string) {
  await send(this, newZaak(id, bsn, status), 'new zaak', 'mo-bericht');
});

When('the system under test sends status {string} for zaak {string} as MO-bericht', async function (this: GovsimWorld, status: string, id: string) {
  const z = existing(this, id);
  nextStatus(z, status);
  await send(this, z, `status update "${status}"`, 'mo-bericht');
});

When('the system under test sends a new zaak {string} for citizen {string} with a link to {string}', async function (this: GovsimWorld, id: string, bsn: string, url: string) {
  await send(this, { ...newZaak(id, bsn, 'Ontvangen'), verwijzing: url }, 'new zaak with verwijzing');
});

When('the system under test sends status {string} for zaak {string}', async function (this: GovsimWorld, status: string, id: string) {
  const z = existing(this, id);
  nextStatus(z, status);
  await send(this, z, `status update "${status}"`);
});

When('the system under test closes zaak {string} with resultaat {string}', async function (this: GovsimWorld, id: string, resultaat: string) {
  const z = existing(this, id);
  nextStatus(z, 'Afgehandeld');
  z.einddatum = today();
  z.resultaat = resultaat;
  await send(this, z, `closure with resultaat "${resultaat}"`);
});

When('the system under test sends zaak {string} for citizen {string} closed on {string}, before its start on {string}', async function (this: GovsimWorld, id: string, bsn: string, eind: string, start: string) {
  await send(this, { ...newZaak(id, bsn, 'Afgehandeld'), startdatum: start, einddatum: eind, resultaat: 'Verleend' }, 'closed zaak as registered in the zaaksysteem');
});

function zakLk01s(world: GovsimWorld): EbmsRecord[] {
  return (world.evidence(inboundEbms) as EbmsRecord[]).filter((r) => isZaakbericht(r.data.ebms.action));
}

Then('MijnOverheid shows zaak {string} to citizen {string} with status history {string}', async function (this: GovsimWorld, id: string, bsn: string, history: string) {
  const sim = await mijnOverheid(this);
  await this.waitForEvidence(`a zaakbericht for zaak ${id}`, (r) => inboundEbms(r) && isZaakbericht(r.data.ebms.action));
  const z = sim.mijnoverheid.state.zaken.forBsn(bsn).find((x) => x.identificatie === id);
  if (!z) {
    const last = zakLk01s(this).at(-1);
    const why = !last ? 'no zakLk01 arrived' : last.data.ebms.lz?.foutcode ? `MijnOverheid answered with foutbericht ${last.data.ebms.lz.foutcode}` : refusal(last);
    check(false, `MijnOverheid has no zaak ${id} for citizen ${bsn}: ${why}`);
  }
  checkEqual(z.statussen.map((s) => s.omschrijving).join(' > '), history, `status history of zaak ${id}`);
});

Then('zaak {string} is closed with resultaat {string}', async function (this: GovsimWorld, id: string, resultaat: string) {
  const sim = await mijnOverheid(this);
  const z = sim.mijnoverheid.state.zaken.list().find((x) => x.identificatie === id);
  check(z, `MijnOverheid has no zaak ${id}`);
  check(z.gesloten && z.einddatum, `zaak ${id} is not closed (einddatum ${z.einddatum ?? 'empty'}, resultaat ${z.resultaat ?? 'empty'})`);
  checkEqual(z.resultaat, resultaat, `resultaat of zaak ${id}`);
});

Then('zaak {string} links to {string}', async function (this: GovsimWorld, id: string, url: string) {
  const sim = await mijnOverheid(this);
  const z = sim.mijnoverheid.state.zaken.list().find((x) => x.identificatie === id);
  check(z, `MijnOverheid has no zaak ${id}`);
  checkEqual(z.verwijzing, url, `verwijzing of zaak ${id}`);
});

Then('MijnOverheid sends foutbericht {string} to the system under test', async function (this: GovsimWorld, code: string) {
  const r = (await this.waitForEvidence('a zaakbericht from the system under test', (x) => inboundEbms(x) && isZaakbericht(x.data.ebms.action))) as EbmsRecord;
  check(r.data.ebms.verdict === 'accepted', `the zaakbericht was ${refusal(r)}`);
  checkEqual(r.data.ebms.lz?.foutcode, code, 'foutbericht code MijnOverheid answered with');
  this.values.set('foutberichtId', r.data.ebms.lz?.foutberichtMessageId);
});

Then('the system under test acknowledges the foutbericht', async function (this: GovsimWorld) {
  const id = this.values.get('foutberichtId') as string;
  const r = (await this.waitForEvidence(`an Acknowledgment of foutbericht ${id} from the system under test`, (x) => inboundEbms(x) && x.data.ebms.action === 'Acknowledgment' && x.data.ebms.signal?.refToMessageId === id, 6000)) as EbmsRecord;
  check(r.data.ebms.signal?.conversationMatches, `the Acknowledgment of ${id} has ConversationId ${r.data.ebms.conversationId}, not the foutbericht's`);
});

Then('the system under test reports zaak {string} as refused with foutcode {string}', async function (this: GovsimWorld, id: string, code: string) {
  const sut = this.values.get('sut') as Record<string, string>;
  let out: { state?: string; foutcode?: string } | undefined;
  for (let i = 0; i < 12; i++) {
    const o = await this.sutPerforms('mijnoverheid', 'report-zaak', { ...adapterRef(sut), identificatie: id }, `Report the delivery state of zaak ${id} as your zaaksysteem shows it (JSON: state, foutcode).`);
    out = o.output as typeof out;
    if (out?.state === 'foutbericht' || this.lastOutcome?.mode === 'manual') break;
    await new Promise((r) => setTimeout(r, 250));
  }
  checkEqual(out?.state, 'foutbericht', `delivery state of zaak ${id} in the system under test`);
  checkEqual(out?.foutcode, code, `foutcode the system under test recorded for zaak ${id}`);
});

Given('MijnOverheid\'s acknowledgment of the next zaakbericht gets lost', async function (this: GovsimWorld) {
  (await mijnOverheid(this)).mijnoverheid.loseAcknowledgments(1);
});

Then('MijnOverheid received the zaakbericht again with the same MessageId and identical content', async function (this: GovsimWorld) {
  await this.waitForEvidence('a retransmitted zakLk01', (x) => inboundEbms(x) && x.data.ebms.verdict === 'duplicate', 6000);
  const msgs = zakLk01s(this);
  const [first, again] = msgs;
  checkEqual(again.data.ebms.messageId, first.data.ebms.messageId, 'MessageId of the retransmission');
  check(again.data.ebms.duplicate?.sameContent, `the retransmission of ${first.data.ebms.messageId} carries different content under the same MessageId`);
});

Then('MijnOverheid acknowledged the retransmission with the same Acknowledgment and delivered zaak {string} once', async function (this: GovsimWorld, id: string) {
  const sim = await mijnOverheid(this);
  const [first, again] = zakLk01s(this);
  checkEqual(again.data.ebms.reply?.messageId, first.data.ebms.reply?.messageId, 'Acknowledgment MessageId for the duplicate');
  const z = sim.mijnoverheid.state.zaken.list().find((x) => x.identificatie === id);
  check(z, `MijnOverheid has no zaak ${id}`);
  checkEqual(z.berichten, 1, `zaakberichten delivered for zaak ${id}`);
});

Given('MijnOverheid answers the next zaakbericht with HTTP 503', async function (this: GovsimWorld) {
  await mijnOverheid(this);
  this.run.faults.add({ platform: 'mijnoverheid', method: 'POST', path: '/ebms', times: 1, action: { type: 'status', status: 503, contentType: 'text/plain', body: 'Service Unavailable' } });
});

Then('the system under test sent the zaakbericht again after the 503, with the same MessageId', async function (this: GovsimWorld) {
  const refused = await this.waitForEvidence('the zaakbericht answered with 503', (x) => x.kind === 'exchange' && x.direction === 'inbound' && x.platform === 'mijnoverheid' && x.response?.status === 503);
  const id = /<eb:MessageId>([^<]+)<\/eb:MessageId>/.exec(refused.request?.body ?? '')?.[1];
  check(id, 'the MessageId of the refused zaakbericht cannot be read from the evidence');
  const retry = (await this.waitForEvidence(`a retransmission of ${id}`, (x) => inboundEbms(x) && x.data.ebms.messageId === id, 6000)) as EbmsRecord;
  check(retry.data.ebms.verdict === 'accepted', `the retransmission was ${refusal(retry)}`);
});

export { isEbms };
