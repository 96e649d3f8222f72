import { createHash } from 'node:crypto';
import { check, checkEqual, checkNotEqual } from '../support/check.ts';
import { Given, Then, When } from '@cucumber/cucumber';
import type { FaultAction } from '../../simulators/kernel/faults/rules.ts';
import { echoPayload } from '../../simulators/selftest/domain.ts';
import type { ClientResult } from '../../simulators/selftest/reference/index.ts';
import type { GovsimWorld } from '../support/world.ts';
import { clientFiles } from './certificates.steps.ts';
import { exchangeOn } from './evidence-queries.ts';

function addFault(world: GovsimWorld, route: string, action: FaultAction, times?: number): void {
  const [method, path] = route.split(' ');
  world.run.faults.add({ platform: 'kernel', method, path, action, times });
}

Given('a fault rule answers {string} with status {int}', function (this: GovsimWorld, route: string, status: number) {
  addFault(this, route, { type: 'status', status, body: 'injected by govsim' });
});
Given('a fault rule answers {string} with status {int} once', function (this: GovsimWorld, route: string, status: number) {
  addFault(this, route, { type: 'status', status, body: 'injected by govsim' }, 1);
});
Given('a fault rule drops {string}', function (this: GovsimWorld, route: string) {
  addFault(this, route, { type: 'drop' });
});
Given('a fault rule delays {string} by {int} ms', function (this: GovsimWorld, route: string, ms: number) {
  addFault(this, route, { type: 'latency', ms });
});
Given('a fault rule truncates {string} after {int} bytes', function (this: GovsimWorld, route: string, bytes: number) {
  addFault(this, route, { type: 'truncate', bytes });
});
Given('a fault rule corrupts {string}', function (this: GovsimWorld, route: string) {
  addFault(this, route, { type: 'corrupt', seed: 7 });
});

async function fetchEcho(world: GovsimWorld, bytes: number): Promise<void> {
  const sim = await world.simulator('kernel');
  const { certFile, keyFile, caFile } = clientFiles(world);
  world.values.set('echoBytes', bytes);
  const outcome = await world.sutPerforms('kernel', 'fetch-echo',
    { url: `${sim.urls().https}/echo?bytes=${bytes}`, certFile, keyFile, caFile },
    `Fetch ${bytes} bytes (GET /echo?bytes=${bytes}) with the client certificate.`);
  const results = (world.values.get('echoResults') as ClientResult[] | undefined) ?? [];
  results.push(outcome.output as ClientResult);
  world.values.set('echoResults', results);
}

When('the client fetches {int} bytes from the echo endpoint', async function (this: GovsimWorld, bytes: number) {
  await fetchEcho(this, bytes);
});
When('the client fetches {int} bytes from the echo endpoint again', async function (this: GovsimWorld, bytes: number) {
  await fetchEcho(this, bytes);
});

/** What the client saw; undefined in manual mode, where only the evidence can be checked. */
function lastResult(world: GovsimWorld): ClientResult | undefined {
  const results = world.values.get('echoResults') as ClientResult[] | undefined;
  return results?.[results.length - 1];
}

Then('the client receives status {int}', async function (this: GovsimWorld, status: number) {
  const seen = lastResult(this);
  if (seen) checkEqual(seen.status, status, `the client saw ${seen.status ?? seen.error}`);
  const r = await this.waitForEvidence(`an /echo exchange with status ${status}`, exchangeOn('GET', '/echo'));
  checkEqual(r.response?.status, status, `the evidence shows status ${r.response?.status}`);
});

Then('the client sees the connection closed without a response', function (this: GovsimWorld) {
  const seen = lastResult(this);
  if (!seen) return; // manual mode: the fault evidence step checks the rest
  checkEqual(seen.status, undefined, `the client got HTTP ${seen.status} instead of a closed connection`);
  check(seen.error, 'the client saw no error');
});

Then('the exchange took at least {int} ms', async function (this: GovsimWorld, ms: number) {
  const r = await this.waitForEvidence('the /echo exchange', exchangeOn('GET', '/echo'));
  check((r.durationMs ?? 0) >= ms, `the exchange took ${r.durationMs} ms`);
});

Then('the client receives fewer bytes than the announced Content-Length', function (this: GovsimWorld) {
  const seen = lastResult(this);
  check(seen, 'only a driven client can report what it received');
  check(seen.contentLength !== undefined, 'the answer had no Content-Length');
  check(seen.bytes < seen.contentLength, `the client received ${seen.bytes} of ${seen.contentLength} bytes`);
});

Then('the client receives {int} bytes that differ from the real payload', function (this: GovsimWorld, bytes: number) {
  const seen = lastResult(this);
  check(seen, 'only a driven client can report what it received');
  checkEqual(seen.bytes, bytes, 'bytes the client received');
  const real = createHash('sha256').update(echoPayload(bytes)).digest('hex');
  checkNotEqual(seen.sha256, real, 'the body is the real payload: it was not corrupted');
});

Then('the evidence records the {string} fault on {string}', async function (this: GovsimWorld, type: string, path: string) {
  const r = await this.waitForEvidence(`a ${type} fault record`, (x) => x.kind === 'fault');
  const text = JSON.stringify(r.data);
  check(text.includes(`"${type}"`), `fault record does not name ${type}: ${text}`);
  check(JSON.stringify(r).includes(path), `fault record does not name ${path}`);
});

Then('the first answer had status {int} and the second status {int}', function (this: GovsimWorld, first: number, second: number) {
  const results = this.values.get('echoResults') as ClientResult[] | undefined;
  if (results) checkEqual(results.map((x) => x.status), [first, second], 'statuses the client saw');
  const statuses = this.evidence(exchangeOn('GET', '/echo')).map((r) => r.response?.status);
  checkEqual(statuses, [first, second], 'statuses in the evidence');
});
