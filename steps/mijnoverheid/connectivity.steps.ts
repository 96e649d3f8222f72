/** Connectivity and conformance of the SUT's ebMS traffic: Ping/Pong both ways, certificates, headers. */
import { Then, When } from '@cucumber/cucumber';
import type { GovsimWorld } from '../support/world.ts';
import { check, checkEqual } from '../support/check.ts';
import { fingerprintOfDer } from '../../simulators/mijnoverheid/transport/outbound.ts';
import { cpaId, inboundEbms, isEbms, mijnOverheid, refusal, type EbmsRecord, adapterRef } from './evidence.ts';

function sut(world: GovsimWorld): Record<string, string> {
  return world.values.get('sut') as Record<string, string>;
}

When('the system under test sends an ebMS Ping to MijnOverheid', async function (this: GovsimWorld) {
  await this.sutPerforms('mijnoverheid', 'ping', adapterRef(sut(this)), 'Send an ebMS Ping (Service urn:oasis:names:tc:ebxml-msg:service, Action Ping) with your CPA to MijnOverheid.');
});

Then('MijnOverheid received the Ping and answered with a Pong', async function (this: GovsimWorld) {
  const r = (await this.waitForEvidence('an ebMS message from the system under test', inboundEbms)) as EbmsRecord;
  const ping = (this.evidence(inboundEbms) as EbmsRecord[]).find((x) => x.data.ebms.action === 'Ping') ?? r;
  check(ping.data.ebms.verdict === 'accepted', `the Ping was ${refusal(ping)}`);
  checkEqual(ping.data.ebms.reply?.action, 'Pong', 'MijnOverheid\'s answer to the Ping');
});

When('MijnOverheid sends an ebMS Ping to the system under test', async function (this: GovsimWorld) {
  const sim = await mijnOverheid(this);
  this.values.set('pingSut', await sim.mijnoverheid.pingSut(cpaId(this)));
});

Then('the system under test answers with a Pong', async function (this: GovsimWorld) {
  const r = (await this.waitForEvidence('MijnOverheid\'s Ping to the system under test', (x) => isEbms(x) && x.data.ebms.event === 'ping')) as EbmsRecord;
  check(r.data.ebms.pong, `the system under test did not answer MijnOverheid's Ping with a Pong (${r.data.ebms.error ?? `HTTP ${r.data.ebms.status}`})`);
});

Then('the endpoint of the system under test presents the server certificate named in its CPA', async function (this: GovsimWorld) {
  const r = await this.waitForEvidence('MijnOverheid\'s Ping to the system under test', (x) => isEbms(x) && x.data.ebms.event === 'ping');
  const v = r.verdicts?.find((x) => x.check === 'LZ_SUT_SERVER_CERT');
  check(v?.ok, v?.message ?? 'the endpoint\'s server certificate was not checked');
});

Then('every message from the system under test used the client certificate of its CPA, with the OIN of its PartyId', async function (this: GovsimWorld) {
  const sim = await mijnOverheid(this);
  const cpa = sim.mijnoverheid.state.findCpa(cpaId(this));
  check(cpa, 'the CPA is not loaded');
  const me = cpa.parties.find((p) => p.partyId !== sim.mijnoverheid.settings.oin)!;
  const clientCert = me.certificates.find((c) => c.certId === me.transport.clientCertificateId);
  check(clientCert, 'the CPA names no ClientCert for the system under test');
  const want = fingerprintOfDer(clientCert.derBase64);
  const msgs = this.evidence(inboundEbms) as EbmsRecord[];
  check(msgs.length > 0, 'no ebMS message from the system under test is in the evidence');
  for (const m of msgs) {
    const e = m.data.ebms;
    const what = e.messageId ? `${e.action} ${e.messageId}` : `the request of ${m.time}`;
    check(m.identity?.oin === me.partyId.slice(0, 20), `${what} came with a certificate for OIN ${m.identity?.oin ?? '(none)'}, but the From PartyId is ${me.partyId} (EB005)`);
    check(m.identity?.fingerprint256 === want, `${what} came with certificate ${m.identity?.fingerprint256}, not the ClientCert of CPA ${cpa.cpaId}`);
  }
});

Then('the ebMS header of every message from the system under test conforms to its CPA', async function (this: GovsimWorld) {
  const msgs = this.evidence(inboundEbms) as EbmsRecord[];
  check(msgs.length > 0, 'no ebMS message from the system under test is in the evidence');
  for (const m of msgs) {
    const e = m.data.ebms;
    check(e.verdict === 'accepted' || e.verdict === 'duplicate', `${e.action ?? 'a message'} ${e.messageId ?? ''} was ${refusal(m)}`);
    checkEqual(e.fromPartyIdType, 'urn:osb:oin', `PartyId type of ${e.action} ${e.messageId}`);
    checkEqual(e.cpaId, cpaId(this), `CPAId of ${e.action} ${e.messageId}`);
    check(/^[^\s@<>]+@[^\s@<>]+$/.test(e.messageId ?? ''), `MessageId ${e.messageId} is not of the form UUID@host (EB013)`);
  }
});
