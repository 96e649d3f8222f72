import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, checkEqual } from '../support/check.ts';
import { Given, Then, When } from '@cucumber/cucumber';
import type { IssueRequest } from '../../simulators/kernel/pki/index.ts';
import type { GovsimWorld } from '../support/world.ts';
import { exchangeOn, responseJson } from './evidence-queries.ts';

interface ClientFiles { certFile?: string; keyFile?: string; caFile: string; fingerprint256?: string }

async function issueForClient(world: GovsimWorld, request: IssueRequest): Promise<void> {
  const { pki } = world.run;
  const dir = world.sutDir();
  const caFile = join(dir, 'trusted-ca.pem');
  writeFileSync(caFile, pki.trustedCaPem().join('\n'));
  const cert = await pki.issue({ keyAlgorithm: 'ec-p256', ...request });
  const certFile = join(dir, 'client.crt.pem');
  const keyFile = join(dir, 'client.key.pem');
  writeFileSync(certFile, cert.certPem + cert.chainPem);
  writeFileSync(keyFile, cert.keyPem, { mode: 0o600 });
  world.values.set('client', { certFile, keyFile, caFile, fingerprint256: cert.fingerprint256 } satisfies ClientFiles);
}

export function clientFiles(world: GovsimWorld): ClientFiles {
  const files = world.values.get('client') as ClientFiles | undefined;
  check(files, 'no client certificate was set up in this scenario');
  return files;
}

const pkioverheid = (oin: string, variant = 'valid'): IssueRequest =>
  ({ profile: 'pkioverheid', oin, commonName: 'govsim test client', organization: 'Testgemeente Voorbeeld', purpose: 'client', variant } as IssueRequest);

function requestFor(profile: string, variant: string, oin: string): IssueRequest {
  checkEqual(profile, 'pkioverheid', `this step issues pkioverheid certificates, not "${profile}"`);
  return pkioverheid(oin, variant);
}

Given('the test PKI issues the client a {string} certificate for OIN {string}', async function (this: GovsimWorld, profile: string, oin: string) {
  await issueForClient(this, requestFor(profile, 'valid', oin));
});

Given('the client has a valid {string} certificate for OIN {string}', async function (this: GovsimWorld, profile: string, oin: string) {
  await issueForClient(this, requestFor(profile, 'valid', oin));
});

Given('the test PKI issues the client a {string} {string} certificate for OIN {string}', async function (this: GovsimWorld, variant: string, profile: string, oin: string) {
  await issueForClient(this, requestFor(profile, variant, oin));
});

Given('the test PKI issues the client a {string} certificate for CVR {string} and FID {string}', async function (this: GovsimWorld, profile: string, cvr: string, fid: string) {
  checkEqual(profile, 'foces', 'certificate profile for a CVR and FID');
  await issueForClient(this, { profile: 'foces', cvr, fid, commonName: 'govsim test FOCES (funktionscertifikat)', organization: 'Testkommune' } as IssueRequest);
});

Given('the test PKI issues the client a {string} certificate for customer {string}', async function (this: GovsimWorld, profile: string, customer: string) {
  checkEqual(profile, 'mrds-client', 'certificate profile for a customer');
  await issueForClient(this, { profile: 'mrds-client', customer, commonName: 'govsim test Fachverfahren', organization: 'Testgemeinde' } as IssueRequest);
});

Given('the client has no client certificate', async function (this: GovsimWorld) {
  const dir = this.sutDir();
  const caFile = join(dir, 'trusted-ca.pem');
  writeFileSync(caFile, this.run.pki.trustedCaPem().join('\n'));
  this.values.set('client', { caFile } satisfies ClientFiles);
});

When('the client calls the kernel identity endpoint requiring a/an {string} identity', async function (this: GovsimWorld, shape: string) {
  const sim = await this.simulator('kernel');
  const { certFile, keyFile, caFile } = clientFiles(this);
  await this.sutPerforms('kernel', 'call-identity',
    { url: `${sim.urls().https}/identity?require=${encodeURIComponent(shape)}`, certFile, keyFile, caFile },
    'Call the identity endpoint (GET) with the client certificate from certFile/keyFile, trusting caFile.');
});

async function identityExchange(world: GovsimWorld) {
  return world.waitForEvidence('a successful identity exchange', (r) => exchangeOn('GET', '/identity')(r) && r.response?.status === 200);
}

Then('the kernel identifies the client by OIN {string}', async function (this: GovsimWorld, oin: string) {
  const r = await identityExchange(this);
  checkEqual(r.identity?.oin, oin, `the kernel read OIN ${r.identity?.oin ?? '(none)'} from ${r.identity?.subjectDN}`);
  checkEqual((responseJson(r)?.identity as { oin?: string } | undefined)?.oin, oin, 'the identity echoed to the client differs');
});

Then('the kernel identifies the client by CVR {string} and FID {string}', async function (this: GovsimWorld, cvr: string, fid: string) {
  const r = await identityExchange(this);
  checkEqual(r.identity?.cvr, cvr, `the kernel read CVR ${r.identity?.cvr ?? '(none)'} from ${r.identity?.subjectDN}`);
  checkEqual(r.identity?.fid, fid, `the kernel read FID ${r.identity?.fid ?? '(none)'}`);
});

Then('the kernel identifies the client by customer {string}', async function (this: GovsimWorld, customer: string) {
  const r = await identityExchange(this);
  checkEqual(r.identity?.customer, customer, `the kernel read customer ${r.identity?.customer ?? '(none)'} from ${r.identity?.subjectDN}`);
});

Then("the exchange is in the evidence with the client's certificate fingerprint", async function (this: GovsimWorld) {
  const r = await identityExchange(this);
  checkEqual(r.identity?.fingerprint256, clientFiles(this).fingerprint256, 'certificate fingerprint in the evidence');
  checkEqual(r.identity?.authorized, true, 'certificate authorized in the evidence');
});

Then("the client's connection is refused", async function (this: GovsimWorld) {
  const out = this.lastOutcome?.output as { status?: number; error?: string } | undefined;
  if (out) check(out.status === undefined && out.error, `expected the connection to be refused, but the client got HTTP ${out.status}`);
  await new Promise((r) => setTimeout(r, 50));
  const served = this.evidence(exchangeOn('GET', '/identity'));
  checkEqual(served.map((r) => r.response?.status), [], 'the simulator served HTTP on a connection it should have refused');
});

Then('the evidence records the refused certificate with reason {string}', async function (this: GovsimWorld, reason: string) {
  const r = await this.waitForEvidence(`a refused certificate (${reason})`, (x) => x.kind === 'tls-handshake');
  const data = r.data as { reason?: string } | undefined;
  checkEqual(data?.reason, reason, `refusal reason in evidence: ${data?.reason}`);
  checkEqual(r.verdicts?.[0]?.ok, false, 'verdict of the refusal record');
});

Then('the kernel answers {int} with problem code {string}', async function (this: GovsimWorld, status: number, code: string) {
  const r = await this.waitForEvidence(`an answer with status ${status}`, (x) => x.kind === 'exchange' && x.response?.status !== undefined);
  checkEqual(r.response?.status, status, `the kernel answered ${r.response?.status}: ${r.response?.body}`);
  checkEqual(responseJson(r)?.code, code, 'problem code');
});
