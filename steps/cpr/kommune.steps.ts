import { Then, When } from '@cucumber/cucumber';
import { findVej } from '../../simulators/cpr/domain/index.ts';
import { check, checkEqual } from '../support/check.ts';
import type { GovsimWorld } from '../support/world.ts';
import { cpr, markAction, provider, sutResult, waitForCpr } from './support.ts';
import { deskDecision } from './desk.ts';

function receipt(world: GovsimWorld): string {
  const nr = world.values.get('cpr.receipt') as string | undefined;
  check(nr, 'no receipt was given in this scenario');
  return nr;
}

When('the caseworker of kommune {string} approves the event in the kommune desk', async function (this: GovsimWorld, kode: string) {
  await deskDecision(this, kode, receipt(this), 'godkend');
});

When('the caseworker of kommune {string} rejects the event in the kommune desk with the reason {string}', async function (this: GovsimWorld, kode: string, reason: string) {
  await deskDecision(this, kode, receipt(this), 'afvis', reason);
});

Then('the kommune desk recorded the event as {string}', async function (this: GovsimWorld, decision: string) {
  const status = ({ approved: 'G', rejected: 'A' } as Record<string, string>)[decision];
  check(status, `unknown decision "${decision}" (approved or rejected)`);
  const nr = receipt(this);
  const x = await this.waitForEvidence(`the kommune desk's decision on ${nr}`, (r) => r.kind === 'exchange' && r.platform === 'cpr'
    && (r.data as { desk?: { kvitteringsnr?: string; status?: string } } | undefined)?.desk?.kvitteringsnr === nr);
  checkEqual((x.data as { desk: { status?: string } }).desk.status, status, `status the kommune desk gave ${nr}`);
  checkEqual((await cpr(this)).cpr.state.venteregister.get(nr)?.status, status, `status of ${nr} in the venteregister`);
  const shots = this.evidence((r) => r.kind === 'artifact' && r.platform === 'cpr');
  check(shots.length >= 2, 'no screenshots of the kommune desk were kept as evidence');
});

When('the self-service server asks CPR for the status of the receipt', async function (this: GovsimWorld) {
  markAction(this);
  await this.sutPerforms('cpr', 'query-receipt', { ...provider(this), kvitteringsnr: receipt(this) },
    'Ask CPR for the status of the receipt (KVIT) and show it to the citizen.');
});

Then('the self-service server sees the status {string} for the receipt', async function (this: GovsimWorld, status: string) {
  const x = await waitForCpr(this, 'KVIT', undefined, 'a receipt status query');
  checkEqual(x.trace.fejlkode, '00', `CPR's answer to the receipt query`);
  checkEqual(x.trace.records.find((r) => r.type === '302')?.fields.STATUS, status, `status of receipt ${receipt(this)} in CPR's answer`);
  const out = sutResult(this);
  if (out) checkEqual(out.status, status, 'receipt status the self-service server reported');
});

Then('the self-service server sees the reason {string}', async function (this: GovsimWorld, reason: string) {
  const x = await waitForCpr(this, 'KVIT', '00');
  checkEqual(x.trace.records.find((r) => r.type === '302')?.fields.BEGRUNDELSE, reason, 'reason in CPR\'s answer');
  const out = sutResult(this);
  if (out) checkEqual(out.begrundelse, reason, 'reason the self-service server showed the citizen');
});

Then('CPR now registers {string} at {string}', async function (this: GovsimWorld, citizen: string, vejnavn: string) {
  const x = await waitForCpr(this, 'INIT', '00', 'a lookup of the citizen');
  const stam = x.trace.records.find((r) => r.type === '101')?.fields;
  checkEqual(stam?.PNR, (await cpr(this)).cpr.person(citizen).pnr, 'person looked up');
  checkEqual(stam?.VEJNAVN, vejnavn, 'street CPR now answers for the citizen');
});

Then('CPR still registers {string} at {string}', async function (this: GovsimWorld, citizen: string, vejnavn: string) {
  const sim = await cpr(this);
  const p = sim.cpr.person(citizen);
  checkEqual(sim.cpr.state.venteregister.get(receipt(this))?.status, 'A', 'status in the venteregister');
  checkEqual(findVej(p.adresse.kommunekode, p.adresse.vejkode)?.navn, vejnavn, 'street in the register after the rejection');
});
