import { Given, Then, When } from '@cucumber/cucumber';
import { check, checkEqual } from '../support/check.ts';
import type { GovsimWorld } from '../support/world.ts';
import { cpr, cprExchanges, describeAnswers, markAction, provider, settle, setUpProvider, sutResult, waitForCpr } from './support.ts';

Given('CPR has issued personkode {string} to the self-service provider with CVR {string}', async function (this: GovsimWorld, personkode: string, cvr: string) {
  await setUpProvider(this, personkode, cvr);
});

Given('the kendeord of the personkode was last changed {int} days ago', async function (this: GovsimWorld, days: number) {
  // Time passes on CPR's clock (the injected clock), so the 90-day rule runs as it would in production.
  const sim = await cpr(this);
  const pk = sim.cpr.state.personkoder.get(provider(this).personkode)!;
  sim.cpr.clock.advance(pk.changedAt.getTime() + days * 86_400_000 - sim.cpr.clock.now().getTime());
});

Given("the CPR office has reset the personkode's kendeord", async function (this: GovsimWorld) {
  (await cpr(this)).cpr.resetKendeord(provider(this).personkode, 'Kontor#9');
});

Given('the personkode has been locked after {int} failed logons', async function (this: GovsimWorld, n: number) {
  const sim = await cpr(this);
  sim.cpr.failLogons(provider(this).personkode, n);
  check(sim.cpr.state.personkoder.get(provider(this).personkode)?.locked, `${n} failed logons did not lock the personkode`);
});

async function logon(world: GovsimWorld) {
  markAction(world);
  await world.sutPerforms('cpr', 'logon', { ...provider(world) },
    'Log the self-service server on to CPR (LOGN) with the personkode and kendeord it was given; keep the session token.');
}

Given('the self-service server is logged on to CPR', async function (this: GovsimWorld) {
  await logon(this);
  await waitForCpr(this, 'LOGN', '00', 'a successful logon');
});

Given('{int} minutes pass without activity', async function (this: GovsimWorld, minutes: number) {
  (await cpr(this)).cpr.clock.advance(minutes * 60_000);
});

When('the self-service server logs on to CPR', async function (this: GovsimWorld) {
  await logon(this);
});

Then('CPR accepted the logon and answered with a session token', async function (this: GovsimWorld) {
  const x = await waitForCpr(this, 'LOGN', undefined, 'a logon');
  checkEqual(x.trace.fejlkode, '00', `CPR answered the logon with FEJLKODE ${x.trace.fejlkode} (${x.trace.records.map((r) => r.fields.FEJLTEKST).join('; ')})`);
  check(x.trace.tokenRef, 'the logon answer carried no session token');
});

Then('the logon answer names security group {string} with the events it may report', async function (this: GovsimWorld, group: string) {
  const x = await waitForCpr(this, 'LOGN', '00');
  const rec = x.trace.records.find((r) => r.type === '110')?.fields;
  checkEqual(rec?.SIKKERHEDSGRUPPE, group, 'security group in record 110');
  checkEqual(rec?.HAENDELSER, 'FLYT NAVN BESK CIVI', 'events the security group may report');
  const out = sutResult(this);
  if (out) checkEqual((out.logon as Record<string, string> | undefined)?.SIKKERHEDSGRUPPE, group, 'security group the self-service server read from record 110');
});

Then('CPR refused the logon with error {string}', async function (this: GovsimWorld, code: string) {
  const x = await waitForCpr(this, 'LOGN', undefined, 'a logon');
  checkEqual(x.trace.fejlkode, code, `CPR's answer to the logon`);
});

Then('the self-service server made no further logon attempts', async function (this: GovsimWorld) {
  await settle();
  const logons = cprExchanges(this).filter((x) => x.trace.transkode === 'LOGN' || x.trace.transkode === 'KEND');
  check(logons.length === 1,
    `the self-service server sent ${logons.length} logons (${describeAnswers(logons)}); after a refused kendeord it must stop, as every failure counts towards locking the personkode`);
});

Then('the self-service server reported error {string} to its operator', function (this: GovsimWorld, code: string) {
  const out = sutResult(this);
  if (!out) return;
  checkEqual(out.ok, false, 'the self-service server reported success although CPR refused');
  checkEqual(out.fejlkode, code, 'error code the self-service server reported');
});

Then('CPR answered the logon with error {string} because the kendeord expired', async function (this: GovsimWorld, code: string) {
  await waitForCpr(this, 'LOGN', code, `a logon refused with ${code}`);
});

Then('the self-service server changed the kendeord to a new one that meets the rules', async function (this: GovsimWorld) {
  const expired = await waitForCpr(this, 'LOGN', '02');
  const change = cprExchanges(this, 'KEND').find((x) => x.seq > expired.seq);
  check(change, `after error 02 the self-service server did not change its kendeord (KEND); it sent: ${describeAnswers(cprExchanges(this).filter((x) => x.seq > expired.seq))}`);
  checkEqual(change.trace.fejlkode, '00', `CPR refused the new kendeord (${change.trace.records.map((r) => r.fields.FEJLTEKST).join('; ')})`);
  const sim = await cpr(this);
  const pk = sim.cpr.state.personkoder.get(provider(this).personkode)!;
  checkEqual(pk.history.length, 2, 'kendeord generations of the personkode');
});
