import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Then, When } from '@cucumber/cucumber';
import { runSurvivalCheck, type SurvivalResult } from '../../simulators/kernel/evidence/survival.ts';
import type { GovsimWorld } from '../support/world.ts';
import { clientFiles } from './certificates.steps.ts';
import { exchangeOn } from './evidence-queries.ts';

When('a process writing {int} evidence records is killed with SIGKILL after {int}', async function (this: GovsimWorld, records: number, killAfter: number) {
  const writer = this.parameters.defects?.includes('buffered-evidence') ? 'buffered' : 'recorder';
  const result = await runSurvivalCheck({ file: join(this.sutDir(), 'survival.jsonl'), records, killAfter, writer });
  this.values.set('survival', result);
  this.run.recorder.record({ kind: 'note', platform: 'kernel', summary: `evidence survival: ${result.acknowledged} acknowledged, ${result.lost.length} lost`, data: { ...result, lost: result.lost.slice(0, 20) } });
});

Then('every record it acknowledged is readable from the evidence log', function (this: GovsimWorld) {
  const r = this.values.get('survival') as SurvivalResult;
  assert.ok(r.killed, 'the writer finished before it could be killed: nothing was proven');
  assert.deepEqual(r.lost.slice(0, 10), [], `${r.lost.length} acknowledged records are missing after kill -9`);
  assert.equal(r.gaps, 0);
});

When('the client sends bearer token {string} and password {string} to the echo endpoint', async function (this: GovsimWorld, token: string, password: string) {
  const sim = await this.simulator('selftest');
  const { certFile, keyFile, caFile } = clientFiles(this);
  await this.sutPerforms('selftest', 'post-echo', {
    url: `${sim.urls().https}/echo`, certFile, keyFile, caFile,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ user: 'tester', password }),
  }, 'POST a JSON body with a password to the echo endpoint, with a bearer token.');
  await this.waitForEvidence('the echo exchange', exchangeOn('POST', '/echo'));
});

Then('the evidence log of this run does not contain {string}', function (this: GovsimWorld, secret: string) {
  const file = join(this.parameters.runDir, 'evidence.jsonl');
  const text = readFileSync(file, 'utf8');
  assert.ok(!text.includes(secret), `the evidence log ${file} contains the secret`);
});
