import { Then, When, type DataTable } from '@cucumber/cucumber';
import { unknownPnr } from '../../simulators/cpr/domain/index.ts';
import { check, checkEqual } from '../support/check.ts';
import type { GovsimWorld } from '../support/world.ts';
import { cpr, cprExchanges, describeAnswers, expandValue, markAction, provider, settle, sutResult, waitForCpr, type CprExchange } from './support.ts';

/** The move most scenarios report: to Nørrebrogade 10, 2. th, 2200 København N (same kommune as Anna). */
const DEFAULT_MOVE: Record<string, string> = { TILFLYTNINGSDATO: 'today', KOMMUNEKODE: '0101', VEJKODE: '5032', HUSNR: '10', ETAGE: '2', SIDEDOER: 'th', POSTNR: '2200' };

interface Report {
  citizen: string;
  kode: string;
  data?: Record<string, string>;
  keys?: Record<string, string>;
  cancels?: 'after-initiate' | 'after-validation';
}

async function report(world: GovsimWorld, r: Report, action = 'report-event'): Promise<void> {
  const sim = await cpr(world);
  const pnr = r.citizen === 'unknown' ? unknownPnr() : sim.cpr.person(r.citizen).pnr;
  const person = sim.cpr.state.persons.get(pnr);
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.data ?? (r.kode === 'FLYT' ? DEFAULT_MOVE : {}))) data[k] = await expandValue(world, v);
  const params = {
    ...provider(world),
    haendelseskode: r.keys?.HAENDELSESKODE ?? r.kode,
    pnr,
    kommunekode: r.keys?.KOMMUNEKODE ?? person?.adresse.kommunekode ?? '0101',
    haendelsesdato: await expandValue(world, r.keys?.HAENDELSESDATO ?? 'today'),
    data,
    ...(r.cancels ? { citizenCancels: r.cancels } : {}),
  };
  world.values.set('cpr.report', params);
  markAction(world);
  await world.sutPerforms('cpr', action, params, [
    `A citizen (CPR ${pnr}) uses the self-service to report event ${params.haendelseskode}: initiate it at CPR with the keys`,
    'shown, validate the citizen\'s data, then save it in the venteregister and give the citizen the receipt',
    r.cancels ? `(the citizen cancels ${r.cancels.replace('-', ' ')}: abort the event at CPR)` : '',
  ].join(' ').trim());
}

const table = (t: DataTable) => Object.fromEntries(t.raw().map(([k, v]) => [k.trim(), (v ?? '').trim()]));

When('the citizen {string} reports a move', async function (this: GovsimWorld, citizen: string) {
  await report(this, { citizen, kode: 'FLYT' });
});

When('the citizen {string} reports a move with:', async function (this: GovsimWorld, citizen: string, t: DataTable) {
  await report(this, { citizen, kode: 'FLYT', data: { ...DEFAULT_MOVE, ...table(t) } });
});

When('the citizen {string} reports event {string} with:', async function (this: GovsimWorld, citizen: string, kode: string, t: DataTable) {
  await report(this, { citizen, kode, data: table(t) });
});

When('a citizen whose CPR number is not in the register reports a move', async function (this: GovsimWorld) {
  await report(this, { citizen: 'unknown', kode: 'FLYT' });
});

When('the citizen {string} reports a move giving the keys:', async function (this: GovsimWorld, citizen: string, t: DataTable) {
  await report(this, { citizen, kode: 'FLYT', keys: table(t) });
});

When('the citizen {string} reports event {string} with the data {string}', async function (this: GovsimWorld, citizen: string, kode: string, data: string) {
  const pairs = data.split(';').map((x) => x.trim()).filter(Boolean).map((x) => x.split('=').map((y) => y.trim()) as [string, string]);
  await report(this, { citizen, kode, data: Object.fromEntries(pairs) });
});

When('the citizen {string} reports event {string}', async function (this: GovsimWorld, citizen: string, kode: string) {
  await report(this, { citizen, kode, data: {} });
});

When('the citizen {string} starts reporting a move but cancels after seeing the current data', async function (this: GovsimWorld, citizen: string) {
  await report(this, { citizen, kode: 'FLYT', cancels: 'after-initiate' });
});

When('the citizen {string} starts reporting a move but cancels after seeing the validated data', async function (this: GovsimWorld, citizen: string) {
  await report(this, { citizen, kode: 'FLYT', cancels: 'after-validation' });
});

When('the citizen {string} looks at their registered data', async function (this: GovsimWorld, citizen: string) {
  await report(this, { citizen, kode: 'FLYT', cancels: 'after-initiate' }, 'show-person');
});

// ── Initiate ─────────────────────────────────────────────────────────────────
Then('CPR returned the stamoplysninger of {string} and the current data for the move', async function (this: GovsimWorld, citizen: string) {
  const sim = await cpr(this);
  const p = sim.cpr.person(citizen);
  const x = await waitForCpr(this, 'INIT', undefined, 'an initiation');
  checkEqual(x.trace.fejlkode, '00', `CPR's answer to the initiation (${x.trace.records.map((r) => r.fields.FEJLTEKST).join('; ')})`);
  const stam = x.trace.records.find((r) => r.type === '101')?.fields;
  checkEqual(stam?.PNR, p.pnr, 'person in the stamoplysninger');
  checkEqual(`${stam?.FORNAVNE} ${stam?.EFTERNAVN}`, `${p.fornavne} ${p.efternavn}`, 'name in the stamoplysninger');
  check(x.trace.records.some((r) => r.type === '102' && r.fields.FELTNAVN === 'ADRESSE'), 'the answer has no current address (record 102 ADRESSE)');
});

Then('the self-service server showed the citizen their name, address and status', function (this: GovsimWorld) {
  const out = sutResult(this);
  if (!out) return;
  const stam = out.stamoplysninger as Record<string, string> | undefined;
  check(stam?.PNR && stam.EFTERNAVN && stam.VEJNAVN && stam.STATUS, `the self-service server did not pass on the stamoplysninger: ${JSON.stringify(stam)}`);
});

Then('CPR refused the initiation with error {string}', async function (this: GovsimWorld, code: string) {
  const x = await waitForCpr(this, 'INIT', undefined, 'an initiation');
  checkEqual(x.trace.fejlkode, code, `CPR's answer to the initiation`);
  check(x.trace.records.some((r) => r.type === '900' && r.fields.FEJLTEKST), 'the refusal carries no error text');
  this.values.set('cpr.failedInit', x);
});

Then('the self-service server stopped the event and told the citizen error {string}', async function (this: GovsimWorld, code: string) {
  const failed = this.values.get('cpr.failedInit') as CprExchange;
  await settle();
  const after = cprExchanges(this).filter((x) => x.seq > failed.seq && ['VALI', 'GEMH'].includes(x.trace.transkode));
  check(after.length === 0, `after CPR refused the initiation with ${code} the self-service server carried on: ${describeAnswers(after)}`);
  const out = sutResult(this);
  if (!out) return;
  checkEqual(out.ok, false, 'the self-service server reported success although CPR refused the initiation');
  checkEqual(out.fejlkode, code, 'error code the self-service server reported to the citizen');
});

// ── Validate ─────────────────────────────────────────────────────────────────
Then('CPR approved the data and translated the codes:', async function (this: GovsimWorld, t: DataTable) {
  const x = await waitForCpr(this, 'VALI', undefined, 'a validation');
  checkEqual(x.trace.fejlkode, '00', `CPR's answer to the validation (${x.trace.records.map((r) => `${r.fields.FELTNAVN}: ${r.fields.FEJLTEKST}`).join('; ')})`);
  const got = Object.fromEntries(x.trace.records.filter((r) => r.type === '201').map((r) => [r.fields.FELTNAVN, r.fields.KLARTEKST]));
  for (const [felt, klartekst] of Object.entries(table(t))) checkEqual(got[felt], klartekst, `clear text of ${felt}`);
});

Then('the self-service server showed the citizen the translated address {string}', function (this: GovsimWorld, address: string) {
  const out = sutResult(this);
  if (!out) return;
  const adr = (out.translated as Array<{ felt: string; klartekst: string }> | undefined)?.find((x) => x.felt === 'ADRESSE');
  checkEqual(adr?.klartekst, address, 'translated address the self-service server showed');
});

Then('CPR rejected the data with these field errors:', async function (this: GovsimWorld, t: DataTable) {
  const x = await waitForCpr(this, 'VALI', undefined, 'a validation');
  checkEqual(x.trace.fejlkode, '40', `CPR's answer to the validation`);
  const got = x.trace.records.filter((r) => r.type === '900').map((r) => [r.fields.FELTNAVN, r.fields.FEJLKODE]);
  checkEqual(got, t.raw().slice(1).map(([f, c]) => [f.trim(), c.trim()]), 'field errors (field, code) in CPR\'s answer');
  this.values.set('cpr.failedVali', x);
});

Then('the self-service server saved nothing and told the citizen about each field', async function (this: GovsimWorld) {
  const failed = this.values.get('cpr.failedVali') as CprExchange;
  await settle();
  const saves = cprExchanges(this, 'GEMH').filter((x) => x.seq > failed.seq);
  check(saves.length === 0, `after CPR rejected the data the self-service server still tried to save the event: ${describeAnswers(saves)}`);
  checkEqual((await cpr(this)).cpr.state.venteregister.size, 0, 'events in the venteregister');
  const out = sutResult(this);
  if (!out) return;
  checkEqual(out.ok, false, 'the self-service server reported success although CPR rejected the data');
  const fields = (out.fieldErrors as Array<{ felt: string }> | undefined)?.map((f) => f.felt);
  checkEqual(fields, failed.trace.records.filter((r) => r.type === '900').map((r) => r.fields.FELTNAVN), 'fields the self-service server reported as wrong');
});

// ── Save ─────────────────────────────────────────────────────────────────────
Then('the event was saved in the venteregister with a receipt', async function (this: GovsimWorld) {
  const x = await waitForCpr(this, 'GEMH', undefined, 'a save');
  checkEqual(x.trace.fejlkode, '00', `CPR's answer to the save (${x.trace.records.map((r) => r.fields.FEJLTEKST).join('; ')})`);
  const rec = x.trace.records.find((r) => r.type === '301')?.fields;
  check(rec?.KVITTERINGSNR, 'the save answer has no receipt (record 301)');
  const entry = (await cpr(this)).cpr.state.venteregister.get(rec.KVITTERINGSNR);
  checkEqual(entry?.status, 'V', `status of ${rec.KVITTERINGSNR} in the venteregister`);
  this.values.set('cpr.receipt', rec.KVITTERINGSNR);
  const out = sutResult(this);
  if (out) checkEqual((out.kvittering as Record<string, string> | undefined)?.KVITTERINGSNR, rec.KVITTERINGSNR, 'receipt number the self-service server gave the citizen');
});

Then('every save the self-service server sent followed a successful validation of the same event', async function (this: GovsimWorld) {
  await waitForCpr(this, 'GEMH', undefined, 'a save');
  await settle();
  const all = cprExchanges(this);
  for (const save of all.filter((x) => x.trace.transkode === 'GEMH')) {
    const validated = all.some((x) => x.seq < save.seq && x.trace.transkode === 'VALI' && x.trace.fejlkode === '00' && x.trace.eventId === save.trace.eventId);
    check(validated, `the self-service server saved event ${save.trace.eventId} without a successful validation; CPR answered ${save.trace.fejlkode} (${save.trace.records.map((r) => r.fields.FEJLTEKST).join('; ')})`);
  }
});

// ── Abort ────────────────────────────────────────────────────────────────────
async function checkAborted(world: GovsimWorld, after: 'INIT' | 'VALI'): Promise<void> {
  const init = await waitForCpr(world, 'INIT', '00', 'a successful initiation');
  if (after === 'VALI') await waitForCpr(world, 'VALI', '00', 'a successful validation');
  await settle();
  const abort = cprExchanges(world, 'AFBR').find((x) => x.trace.eventId === init.trace.eventId);
  check(abort, `the citizen cancelled, but the self-service server did not abort event ${init.trace.eventId} at CPR (it sent: ${describeAnswers(cprExchanges(world))})`);
  checkEqual(abort.trace.fejlkode, '00', `CPR's answer to the abort`);
  const later = cprExchanges(world).filter((x) => x.seq > init.seq && (x.trace.transkode === 'GEMH' || (after === 'INIT' && x.trace.transkode === 'VALI')));
  check(later.length === 0, `the self-service server went on with the cancelled event: ${describeAnswers(later)}`);
  checkEqual((await cpr(world)).cpr.state.events.get(init.trace.eventId!)?.state, 'AFBRUDT', 'state of the event at CPR');
}

Then('the self-service server aborted the event after the initiation', async function (this: GovsimWorld) {
  await checkAborted(this, 'INIT');
});

Then('the self-service server aborted the event after the validation', async function (this: GovsimWorld) {
  await checkAborted(this, 'VALI');
});

// ── Session ──────────────────────────────────────────────────────────────────
Then('CPR ended the idle session with error {string}', async function (this: GovsimWorld, code: string) {
  const x = await this.waitForEvidence(`an answer with error ${code}`, (r) => r.kind === 'exchange' && (r.data as { cpr?: { fejlkode?: string } } | undefined)?.cpr?.fejlkode === code);
  this.values.set('cpr.timeout', x.seq);
});

Then('the self-service server logged on again and repeated the request', async function (this: GovsimWorld) {
  const at = this.values.get('cpr.timeout') as number;
  await settle();
  const all = cprExchanges(this);
  const timedOut = all.find((x) => x.seq === at)!;
  const after = all.filter((x) => x.seq > at);
  const relogon = after.find((x) => x.trace.transkode === 'LOGN' && x.trace.fejlkode === '00');
  check(relogon, `after error 07 the self-service server did not log on again (it sent: ${describeAnswers(after)})`);
  const repeated = after.find((x) => x.seq > relogon.seq && x.trace.transkode === timedOut.trace.transkode);
  check(repeated && repeated.trace.fejlkode === '00', `after logging on again the self-service server did not repeat ${timedOut.trace.transkode} successfully (${describeAnswers(after)})`);
});
