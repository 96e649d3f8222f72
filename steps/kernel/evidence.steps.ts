import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, checkEqual } from '../support/check.ts';
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
  check(r.killed, 'the writer finished before it could be killed: nothing was proven');
  checkEqual(r.lost.slice(0, 10), [], `${r.lost.length} acknowledged records are missing after kill -9`);
  checkEqual(r.gaps, 0, 'gaps in the evidence sequence');
});

When('the client sends a fresh bearer token and password to the echo endpoint', async function (this: GovsimWorld) {
  // Generated per run, so the secrets appear nowhere else (not even in the feature text).
  const token = `tok-${randomBytes(12).toString('hex')}`;
  const password = `pw-${randomBytes(6).toString('hex')}`;
  this.values.set('secrets', [token, password]);
  const sim = await this.simulator('kernel');
  const { certFile, keyFile, caFile } = clientFiles(this);
  await this.sutPerforms('kernel', 'post-echo', {
    url: `${sim.urls().https}/echo`, certFile, keyFile, caFile,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ user: 'tester', password }),
  }, 'POST a JSON body with a password to the echo endpoint, with a bearer token.');
  await this.waitForEvidence('the echo exchange', exchangeOn('POST', '/echo'));
});

Then('the evidence log of this run contains neither the token nor the password', function (this: GovsimWorld) {
  const file = join(this.parameters.runDir, 'evidence.jsonl');
  const text = readFileSync(file, 'utf8');
  for (const secret of this.values.get('secrets') as string[]) {
    check(!text.includes(secret), `the evidence log ${file} contains the secret ${secret.slice(0, 4)}…`);
  }
});
