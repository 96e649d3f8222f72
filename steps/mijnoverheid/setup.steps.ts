/** Scenario setup: the SUT's identity and certificates, the CPA Register step, test citizens. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { After, Given } from '@cucumber/cucumber';
import type { GovsimWorld } from '../support/world.ts';
import { check } from '../support/check.ts';
import { adapterRef, mijnOverheid } from './evidence.ts';

/** The hosting supplier's HRN in the SUT's endpoint certificate (fictitious; KvK-based test number). */
const SUPPLIER_HRN = '00000003123456780000';

Given('the system under test is {string} with OIN {string} and afzenderID {string}', async function (this: GovsimWorld, name: string, oin: string, afzenderId: string) {
  const sim = await mijnOverheid(this);
  sim.mijnoverheid.addAfzender(oin.slice(0, 20), afzenderId);
  const { pki } = this.run;
  const dir = this.sutDir();
  const client = await pki.issue({ profile: 'pkioverheid', oin: oin.slice(0, 20), organization: name, commonName: 'zaaksysteem.example.test', purpose: 'client', keyAlgorithm: 'ec-p256' });
  const server = await pki.issue({ profile: 'pkioverheid', oin: SUPPLIER_HRN, organization: 'Hosting Leverancier BV (fictief)', commonName: 'localhost', purpose: 'both', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], keyAlgorithm: 'ec-p256' });
  const files = {
    caFile: join(dir, 'trusted-ca.pem'),
    clientCertFile: join(dir, 'client.crt.pem'), clientKeyFile: join(dir, 'client.key.pem'),
    serverCertFile: join(dir, 'endpoint.crt.pem'), serverKeyFile: join(dir, 'endpoint.key.pem'),
  };
  writeFileSync(files.caFile, pki.trustedCaPem().join(''));
  writeFileSync(files.clientCertFile, client.certPem + client.chainPem);
  writeFileSync(files.clientKeyFile, client.keyPem, { mode: 0o600 });
  writeFileSync(files.serverCertFile, server.certPem + server.chainPem);
  writeFileSync(files.serverKeyFile, server.keyPem, { mode: 0o600 });
  this.values.set('sut', { partyName: name, partyId: oin, afzenderId, adapterId: this.scenario.id, adapterDir: dir, ...files });
});

Given('the CPA Register uses profile {string} with RetryInterval {string} and {int} retries', function (this: GovsimWorld, profile: string, interval: string, retries: number) {
  this.values.set('cpaQuery', `?profile=${encodeURIComponent(profile)}&retryInterval=${encodeURIComponent(interval)}&retries=${retries}`);
});

Given('the system under test has registered its Consumerspecificatie in the CPA Register', async function (this: GovsimWorld) {
  const sim = await mijnOverheid(this);
  const sut = this.values.get('sut') as Record<string, string> | undefined;
  check(sut, 'the system under test was not described in this scenario');
  this.values.set('adapterRequested', true);
  const outcome = await this.sutPerforms('mijnoverheid', 'register-cpa', { ...sut, cpaRegisterUrl: `${sim.urls().cpaRegister}${(this.values.get('cpaQuery') as string | undefined) ?? ''}` },
    'Start your Digikoppeling adapter endpoint, write your Consumerspecificatie (PartyName, PartyId, EndpointUri, ClientCert, ServerCert) and POST it to cpaRegisterUrl (mTLS with clientCertFile/clientKeyFile); load the CPA it returns.');
  const r = await this.waitForEvidence('a CPA created by the CPA Register', (x) => x.kind === 'exchange' && x.request?.url?.includes('/cpa-register') === true && x.request?.method === 'POST');
  const reg = (r.data as { cpaRegister?: { cpaId?: string; issues?: { code: string; message: string }[] } }).cpaRegister;
  check(r.response?.status === 201 && reg?.cpaId, `the CPA Register refused the Consumerspecificatie: ${(reg?.issues ?? []).map((i) => `${i.code} (${i.message})`).join('; ') || `HTTP ${r.response?.status}`}${outcome.ok ? '' : ` — the SUT reported: ${outcome.error}`}`);
  this.values.set('cpaId', reg.cpaId);
});

Given('test citizen {string} has logged in to MijnOverheid once', async function (this: GovsimWorld, bsn: string) {
  const sim = await mijnOverheid(this);
  const issues = sim.mijnoverheid.registerAccount(bsn);
  check(issues.length === 0, `cannot register test citizen ${bsn}: ${issues.map((i) => i.code).join(', ')}`);
});

Given('test citizen {string} has never logged in to MijnOverheid', async function (this: GovsimWorld, bsn: string) {
  const sim = await mijnOverheid(this);
  check(sim.mijnoverheid.state.persons.get(bsn), `${bsn} is not a test citizen of the simulated preproduction`);
  check(!sim.mijnoverheid.state.persons.account(bsn)?.registeredAt, `test citizen ${bsn} already has an account`);
});

// The scenario is over: the SUT may stop the adapter endpoint it started for this scenario's CPA.
// (In manual mode the tester keeps their own adapter running; nothing is asked.)
After({ tags: '@platform:mijnoverheid' }, async function (this: GovsimWorld) {
  const sut = this.values.get('sut') as Record<string, string> | undefined;
  if (!sut || !this.values.has('adapterRequested') || this.parameters.sutMode === 'manual') return;
  await this.sutPerforms('mijnoverheid', 'stop-adapter', adapterRef(sut), 'The scenario is over; you may stop the adapter endpoint of this scenario.');
});
