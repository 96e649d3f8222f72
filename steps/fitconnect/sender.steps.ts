import { Given, Then, When } from '@cucumber/cucumber';
import { check, checkEqual } from '../support/check.ts';
import type { GovsimWorld } from '../support/world.ts';
import {
  API, callbackAttempts, CREATE, dataOf, DESTINATION, EVENTS, inbound, is2xx, JWKS, jsonBody, jweHeaderOf, KEY, pathOf, ROUTES, SEND, TOKEN, UPLOAD,
  type CallbackAttempt,
} from './evidence.ts';
import { addDestination, destination, destinationSeed, seed, sender, SUBMIT_INSTRUCTIONS, submitParams, writeApplication } from './setup.ts';

// ---- Given ---------------------------------------------------------------------------

Given('a destination that offers service {string} in region {string} with metadata versions {string}', async function (this: GovsimWorld, leika: string, region: string, versions: string) {
  await addDestination(this, destinationSeed(leika, region, versions.split(',').map((v) => v.trim())));
});

Given('a destination whose encryption key certificate was issued by an unknown CA', async function (this: GovsimWorld) {
  const d = destination(this);
  await addDestination(this, { ...d.definition, keyCertificate: 'foreign-ca' });
});

Given('the system under test is registered as Sender client {string}', async function (this: GovsimWorld, name: string) {
  const r = await seed(this, { clients: [{ type: 'sender', name }] });
  this.values.set('fc.sender', r.clients[0]);
});

Given('an applicant has filled in the form and attached one PDF', function (this: GovsimWorld) {
  this.values.set('fc.application', writeApplication(this));
});

Given("the Sender client's secret was rotated on the self-service portal after the system under test was configured", async function (this: GovsimWorld) {
  // The SUT keeps the secret it was configured with; the platform now expects the new one.
  await seed(this, { rotateClientSecret: sender(this).clientId });
});

Given('the destination decides about submissions manually', async function (this: GovsimWorld) {
  await seed(this, { updateDestination: { destinationId: destination(this).destinationId, authority: { mode: 'manual' } } });
});

Given('the destination rejects submissions with the problem {string}', async function (this: GovsimWorld, problem: string) {
  await seed(this, {
    updateDestination: {
      destinationId: destination(this).destinationId,
      authority: { mode: 'auto-reject', problems: [{ type: `https://schema.fitko.de/fit-connect/events/problems/${problem}`, title: problem, detail: 'Testfall: the authority rejects this application' }] },
    },
  });
});

Given('the platform serves a forged accept-submission event in the event log', async function (this: GovsimWorld) {
  await seed(this, { behaviour: { eventLog: 'forged-accept' } });
});

Given('the platform signs the first attempt of each callback with a wrong secret', async function (this: GovsimWorld) {
  await seed(this, { behaviour: { callbacks: 'bad-hmac' } });
});

Given('the platform stamps the first attempt of each callback 10 minutes in the past', async function (this: GovsimWorld) {
  await seed(this, { behaviour: { callbacks: 'stale-timestamp' } });
});

Given('the system under test has already submitted one application with its access token', async function (this: GovsimWorld) {
  const outcome = await this.sutPerforms('fitconnect', 'submit-application', await submitParams(this), SUBMIT_INSTRUCTIONS);
  check(outcome.mode === 'manual' || outcome.ok, `the first submission of the system under test failed: ${outcome.error}`);
  await this.waitForEvidence('the first submission being sent', (r) => inbound('PUT', SEND)(r) && r.response?.status === 202);
});

Given('{int} minutes have passed on the platform, so that access token has expired', async function (this: GovsimWorld, minutes: number) {
  const before = this.evidence().at(-1)?.seq ?? 0;
  await seed(this, { advanceClockSeconds: minutes * 60 });
  this.values.set('fc.expiredAfterSeq', before);
});

Given("the destination's encryption key is published with key_ops {string} instead of {string}", async function (this: GovsimWorld, served: string, expected: string) {
  check(served === 'verify' && expected === 'wrapKey', 'the platform can only serve encryption keys with key_ops "verify" instead of "wrapKey"');
  await seed(this, { behaviour: { destinationKeys: 'wrong-key-ops' } });
});

// ---- When ----------------------------------------------------------------------------

When('the system under test submits the application to the destination', async function (this: GovsimWorld) {
  await this.sutPerforms('fitconnect', 'submit-application', await submitParams(this), SUBMIT_INSTRUCTIONS);
});

When('the system under test submits the application, finding the destination for ARS {string} by routing', async function (this: GovsimWorld, ars: string) {
  const params = await submitParams(this, { ars });
  delete params.destinationId;
  await this.sutPerforms('fitconnect', 'submit-application', params, SUBMIT_INSTRUCTIONS);
});

When('the system under test submits the application and registers its callback endpoint', async function (this: GovsimWorld) {
  const { pki } = this.run;
  const cert = await pki.issue({ profile: 'server', purpose: 'server', commonName: '127.0.0.1', organization: 'Onlinedienst Musterstadt (fiktiv)', ipAddresses: ['127.0.0.1'], dnsNames: ['localhost'] });
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const dir = this.sutDir();
  const certFile = join(dir, 'callback-server.crt.pem');
  const keyFile = join(dir, 'callback-server.key.pem');
  writeFileSync(certFile, cert.certPem + cert.chainPem);
  writeFileSync(keyFile, cert.keyPem, { mode: 0o600 });
  const callback = { certFile, keyFile, secret: `govsim-callback-secret-${this.scenario.id}`.padEnd(40, 'x'), waitMs: 6000 };
  await this.sutPerforms('fitconnect', 'submit-application', await submitParams(this, { callback }),
    `${SUBMIT_INSTRUCTIONS} Register an HTTPS callback (certificate certFile/keyFile, secret callback.secret) on the submission and verify every callback you receive.`);
});

// ---- Then: tokens ----------------------------------------------------------------------

Then('the Sender requested its token with client_secret_post and got one', async function (this: GovsimWorld) {
  const r = await this.waitForEvidence('a token request', inbound('POST', TOKEN));
  const method = dataOf<{ authMethod?: string }>(r).authMethod;
  checkEqual(method, 'client_secret_post', 'client authentication at the token endpoint (FIT-Connect accepts only client_secret_post)');
  checkEqual(r.response?.status, 200, `HTTP status of the token request (${String(jsonBody(r, 'response')?.error ?? '')})`);
});

Then('the Sender used the token for the Submission API', async function (this: GovsimWorld) {
  const r = await this.waitForEvidence('a Submission API call with a valid token', (x) => inbound('GET', DESTINATION)(x) || inbound('POST', CREATE)(x));
  check(r.verdicts?.some((v) => v.check === 'FC_TOKEN_VALID' && v.ok), `the Submission API refused the Sender's token: ${r.verdicts?.map((v) => v.message).join('; ')}`);
});

Then('the token request was refused with {string}', async function (this: GovsimWorld, error: string) {
  const r = await this.waitForEvidence('a token request', inbound('POST', TOKEN));
  checkEqual(r.response?.status, 401, 'HTTP status of the token request');
  checkEqual(jsonBody(r, 'response')?.error, error, 'OAuth error of the token request');
});

Then('the system under test reported that it could not submit', function (this: GovsimWorld) {
  const o = this.lastOutcome;
  check(o, 'the system under test was not asked to act');
  if (o.mode === 'manual') return; // a tester reports by not sending; the evidence checks below decide
  check(!o.ok, `the system under test reported success although it could not have submitted correctly (output: ${JSON.stringify(o.output)?.slice(0, 200)})`);
});

Then('the Sender made no Submission API call after its token was refused', function (this: GovsimWorld) {
  const calls = this.evidence((r) => r.kind === 'exchange' && r.direction !== 'outbound' && API.test(pathOf(r)));
  check(calls.length === 0, `the Sender called the Submission API without a valid token: ${calls.map((c) => `${c.request?.method} ${pathOf(c)} → ${c.response?.status}`).join(', ')}`);
});

Then('the Sender got a new access token before the Submission API accepted its calls again', async function (this: GovsimWorld) {
  const after = this.values.get('fc.expiredAfterSeq') as number;
  const sent = await this.waitForEvidence('a submission sent after the token expired', (r) => r.seq > after && inbound('PUT', SEND)(r) && r.response?.status === 202)
    .catch(() => undefined);
  const refused = this.evidence((r) => r.seq > after && r.kind === 'exchange' && API.test(pathOf(r)) && (r.verdicts ?? []).some((v) => v.check === 'FC_TOKEN_EXPIRED'));
  const tokens = this.evidence((r) => r.seq > after && inbound('POST', TOKEN)(r) && r.response?.status === 200);
  const lastRefusal = refused.at(-1);
  check(tokens.length > 0, `the Sender requested no new access token after its token expired${refused.length > 0 ? ` and kept sending the expired one (${refused.length} call(s) refused as expired)` : ''}`);
  check(!lastRefusal || tokens.some((t) => t.seq > lastRefusal.seq),
    `the Sender kept using its expired access token: ${refused.length} call(s) were refused as expired, the last after its newest token request`);
  check(sent, `the Sender kept using its expired access token: ${refused.length} call(s) refused as expired, and no submission was sent afterwards`);
});

Then('the submission was sent after the token expired', async function (this: GovsimWorld) {
  const after = this.values.get('fc.expiredAfterSeq') as number;
  const r = await this.waitForEvidence('a submission sent after the token expired', (x) => x.seq > after && inbound('PUT', SEND)(x));
  const ok = this.evidence((x) => x.seq > after && inbound('PUT', SEND)(x) && x.response?.status === 202);
  check(ok.length > 0, `the submission after the token expired was not accepted for sending: HTTP ${r.response?.status} ${String(jsonBody(r, 'response')?.detail ?? '')}`);
});

// ---- Then: destination, key, service ----------------------------------------------------

Then('the Sender read the destination and its current encryption key before announcing the submission', async function (this: GovsimWorld) {
  const d = destination(this);
  const create = await this.waitForEvidence('the announcement of the submission', inbound('POST', CREATE));
  const lookup = this.evidence((r) => inbound('GET', DESTINATION)(r) && pathOf(r).endsWith(d.destinationId) && r.response?.status === 200 && r.seq < create.seq);
  check(lookup.length > 0, `the Sender did not read destination ${d.destinationId} before announcing the submission`);
  const key = this.evidence((r) => inbound('GET', KEY)(r) && pathOf(r).endsWith(`/keys/${d.encryptionKid}`) && r.response?.status === 200 && r.seq < create.seq);
  check(key.length > 0, `the Sender did not fetch the destination's encryption key ${d.encryptionKid} before announcing the submission`);
});

Then('the submission was sent', async function (this: GovsimWorld) {
  const r = await this.waitForEvidence('the submission being sent', inbound('PUT', SEND));
  const sent = this.evidence((x) => inbound('PUT', SEND)(x) && x.response?.status === 202);
  const last = this.evidence(inbound('PUT', SEND)).at(-1) ?? r;
  check(sent.length > 0, `the submission was not accepted for sending: HTTP ${last.response?.status} ${String(jsonBody(last, 'response')?.detail ?? '')}`);
});

Then('no submission was sent', function (this: GovsimWorld) {
  const sends = this.evidence(inbound('PUT', SEND));
  check(sends.length === 0, `the Sender sent a submission (HTTP ${sends.map((s) => s.response?.status).join(', ')}) although the destination key did not check out`);
});

Then('the submission was announced for service {string}', async function (this: GovsimWorld, service: string) {
  const r = await this.waitForEvidence('the announcement of the submission', inbound('POST', CREATE));
  const st = dataOf<{ serviceType?: { identifier?: string } }>(r).serviceType;
  checkEqual(st?.identifier, service, 'serviceType.identifier of the announced submission');
  checkEqual(r.response?.status, 201, 'HTTP status of the announcement');
});

Then('the metadata names a submission schema the destination accepts for that service', async function (this: GovsimWorld) {
  const r = await this.waitForEvidence('the submission being sent', (x) => inbound('PUT', SEND)(x) && x.response?.status === 202);
  const used = dataOf<{ submissionSchema?: { schemaUri?: string; mimeType?: string } }>(r).submissionSchema;
  const offered = destination(this).definition.services[0].submissionSchemas;
  check(used, 'the metadata names no submission schema for the data');
  check(offered.some((s) => s.schemaUri === used.schemaUri && s.mimeType === used.mimeType),
    `the metadata names submission schema ${used.schemaUri} (${used.mimeType}); the destination accepts ${offered.map((s) => s.schemaUri).join(', ')}`);
});

// ---- Then: attachments, encryption, metadata ---------------------------------------------

Then('every announced attachment was uploaded, and nothing that was not announced', async function (this: GovsimWorld) {
  const create = await this.waitForEvidence('the announcement of the submission', inbound('POST', CREATE));
  const announced = (dataOf<{ announcedAttachments?: string[] }>(create).announcedAttachments ?? []).map((a) => a.toLowerCase()).sort();
  // A refused upload is recorded once its unread body has drained: wait for the first one.
  if (announced.length > 0) await this.waitForEvidence('an attachment upload', inbound('PUT', UPLOAD));
  const uploads = this.evidence(inbound('PUT', UPLOAD));
  const refused = uploads.filter((u) => u.response?.status !== 204);
  check(refused.length === 0, `attachment uploads were refused: ${refused.map((u) => `${pathOf(u).split('/').pop()} → ${u.response?.status} ${String(jsonBody(u, 'response')?.detail ?? '')}`).join('; ')}`);
  const uploaded = [...new Set(uploads.map((u) => pathOf(u).split('/').pop()!.toLowerCase()))].sort();
  checkEqual(uploaded, announced, 'attachment ids uploaded compared with those announced');
});

Then('every JWE has alg {string}, enc {string}, a cty and the destination\'s kid', async function (this: GovsimWorld, alg: string, enc: string) {
  const d = destination(this);
  const checkHeader = (what: string, h: Record<string, unknown> | undefined) => {
    check(h, `${what} is not a JWE in compact serialisation`);
    checkEqual(h.alg, alg, `alg of ${what}`);
    checkEqual(h.enc, enc, `enc of ${what}`);
    checkEqual(h.kid, d.encryptionKid, `kid of ${what} (the destination's encryptionKid)`);
    check(typeof h.cty === 'string' && h.cty !== '', `${what} has no cty in its protected header`);
  };
  // Attachments are uploaded before the submission is sent: check them first.
  await this.waitForEvidence('an attachment upload or the submission being sent', (r) => inbound('PUT', UPLOAD)(r) || inbound('PUT', SEND)(r));
  for (const u of this.evidence(inbound('PUT', UPLOAD))) checkHeader(`attachment ${pathOf(u).split('/').pop()}`, jweHeaderOf(u.request?.body));
  const send = await this.waitForEvidence('the submission being sent', inbound('PUT', SEND));
  const body = jsonBody(send, 'request') ?? {};
  check(body.encryptedMetadata, 'the submission was sent without encryptedMetadata');
  checkHeader('encryptedMetadata', jweHeaderOf(body.encryptedMetadata as string));
  if (body.encryptedData !== undefined) checkHeader('encryptedData', jweHeaderOf(body.encryptedData as string));
});

Then('the metadata declared a schema version the destination accepts and validated against it', async function (this: GovsimWorld) {
  const r = await this.waitForEvidence('the submission being sent', (x) => inbound('PUT', SEND)(x) && x.response?.status === 202);
  const version = dataOf<{ metadataVersion?: string }>(r).metadataVersion;
  const accepted = destination(this).definition.metadataVersions;
  check(version && accepted.includes(version), `the metadata declared version ${String(version)}; the destination accepts ${accepted.join(', ')}`);
});

Then('no hash in the metadata differed from the decrypted content', async function (this: GovsimWorld) {
  const sends = this.evidence(inbound('PUT', SEND));
  const mismatches = sends.filter((s) => s.verdicts?.some((v) => v.check === 'FC_HASH_MISMATCH'));
  check(mismatches.length === 0, `the platform found SHA-512 hashes that do not match: ${mismatches.map((m) => m.verdicts?.find((v) => v.check === 'FC_HASH_MISMATCH')?.message).join('; ')}`);
  check(sends.some((s) => s.response?.status === 202), 'no submission with matching hashes was sent');
});

Then('the submission was sent only after every announced attachment was uploaded', async function (this: GovsimWorld) {
  const create = await this.waitForEvidence('the announcement of the submission', inbound('POST', CREATE));
  const announced = (dataOf<{ announcedAttachments?: string[] }>(create).announcedAttachments ?? []).map((a) => a.toLowerCase());
  const firstSend = await this.waitForEvidence('the submission being sent', inbound('PUT', SEND));
  const before = this.evidence((u) => inbound('PUT', UPLOAD)(u) && u.response?.status === 204 && u.seq < firstSend.seq)
    .map((u) => pathOf(u).split('/').pop()!.toLowerCase());
  const missing = announced.filter((a) => !before.includes(a));
  check(missing.length === 0, `the Sender sent the submission (HTTP ${firstSend.response?.status}) before uploading announced attachment(s) ${missing.join(', ')}`);
  checkEqual(firstSend.response?.status, 202, 'HTTP status of the first send');
});

// ---- Then: event log ---------------------------------------------------------------------

interface SutResult { status?: string; problems?: { type?: string; title?: string }[]; events?: { event?: string; verified?: boolean; reason?: string }[] }

function sutResult(world: GovsimWorld): SutResult {
  const o = world.lastOutcome;
  check(o, 'the system under test was not asked to act');
  check(o.mode !== 'manual', 'this check needs the result the system under test reports (run in reference or trigger mode)');
  check(o.ok, `the system under test reported an error: ${o.error}`);
  check(o.output && typeof o.output === 'object', 'the system under test reported no JSON result');
  return o.output as SutResult;
}

Then("the Sender read the case's event log and fetched the platform's signing keys", async function (this: GovsimWorld) {
  const log = await this.waitForEvidence("a read of the case's event log", (r) => inbound('GET', EVENTS)(r) && r.response?.status === 200);
  check(log, 'no event log read');
  const jwks = this.evidence((r) => inbound('GET', JWKS)(r) && r.response?.status === 200);
  check(jwks.length > 0, 'the Sender never fetched the platform JWKS (/.well-known/jwks.json), so it cannot have verified the event signatures');
});

Then('the system under test reports the submission as {string} with every event verified', async function (this: GovsimWorld, status: string) {
  const out = sutResult(this);
  checkEqual(out.status, status, 'status the system under test reports');
  const served = dataOf<{ events?: string[] }>(this.evidence((r) => inbound('GET', EVENTS)(r) && r.response?.status === 200).at(-1)!).events ?? [];
  const verified = (out.events ?? []).filter((e) => e.verified).map((e) => e.event);
  checkEqual(verified, served, 'events the system under test verified compared with the events the platform served');
});

Then('the system under test reports the forged event as not verified', function (this: GovsimWorld) {
  const out = sutResult(this);
  const forged = this.evidence((r) => inbound('GET', EVENTS)(r) && dataOf<{ forgedAcceptServed?: boolean }>(r).forgedAcceptServed === true);
  check(forged.length > 0, 'the platform did not serve the forged event (scenario set-up)');
  const refused = (out.events ?? []).filter((e) => e.verified === false);
  check(refused.length > 0, `the system under test reported every event as verified, including the forged accept-submission: ${JSON.stringify(out.events)}`);
});

Then('the system under test reports the submission as {string}', function (this: GovsimWorld, status: string) {
  checkEqual(sutResult(this).status, status, 'status the system under test reports');
});

Then('the system under test reports the submission as {string} with the problem {string}', function (this: GovsimWorld, status: string, problem: string) {
  const out = sutResult(this);
  checkEqual(out.status, status, 'status the system under test reports');
  const types = (out.problems ?? []).map((p) => p.type ?? '');
  check(types.some((t) => t.endsWith(`/${problem}`)), `the system under test reports the problems ${JSON.stringify(types)}, not ${problem}`);
});

// ---- Then: callbacks -------------------------------------------------------------------

async function attempts(world: GovsimWorld, tampering: string): Promise<CallbackAttempt[]> {
  await world.waitForEvidence(`a callback attempt tampered with (${tampering})`, (r) => callbackAttempts([r]).some((a) => a.tampering === tampering), 8000);
  return callbackAttempts(world.evidence()).filter((a) => a.tampering === tampering);
}

Then('the callback attempts with a wrong HMAC were refused by the system under test', async function (this: GovsimWorld) {
  const bad = await attempts(this, 'bad-hmac');
  const accepted = bad.filter((a) => a.status === undefined || is2xx(a.status));
  check(accepted.length === 0, `the system under test accepted ${accepted.length} of ${bad.length} callbacks with a wrong callback-authentication (HTTP ${accepted.map((a) => a.status ?? a.error).join(', ')})`);
});

Then('the callback attempts with a stale timestamp were refused by the system under test', async function (this: GovsimWorld) {
  const stale = await attempts(this, 'stale-timestamp');
  const accepted = stale.filter((a) => a.status === undefined || is2xx(a.status));
  check(accepted.length === 0, `the system under test accepted ${accepted.length} of ${stale.length} callbacks stamped 10 minutes in the past (HTTP ${accepted.map((a) => a.status ?? a.error).join(', ')})`);
});

Then('a correctly signed callback was accepted by the system under test', async function (this: GovsimWorld) {
  await this.waitForEvidence('a correctly signed callback accepted by the system under test',
    (r) => callbackAttempts([r]).some((a) => a.tampering === 'none' && is2xx(a.status)), 8000);
});

// ---- Then: routing ----------------------------------------------------------------------

Then('the Sender looked up routes for LeiKa key {string} and ARS {string}', async function (this: GovsimWorld, leika: string, ars: string) {
  const r = await this.waitForEvidence('a routing lookup', inbound('GET', ROUTES));
  const q = dataOf<{ query?: { leikaKey?: string; ars?: string } }>(r).query ?? {};
  checkEqual({ leikaKey: q.leikaKey, ars: q.ars }, { leikaKey: leika, ars }, 'routing query');
  checkEqual(r.response?.status, 200, 'HTTP status of the routing lookup');
  this.values.set('fc.routed', dataOf<{ destinationIds?: string[] }>(r).destinationIds ?? []);
});

Then('the submission was announced to the destination the routing API returned', async function (this: GovsimWorld) {
  const routed = this.values.get('fc.routed') as string[];
  const create = await this.waitForEvidence('the announcement of the submission', inbound('POST', CREATE));
  const to = dataOf<{ destinationId?: string }>(create).destinationId;
  check(to && routed.includes(to), `the submission was announced to ${String(to)}; routing returned ${routed.join(', ') || 'nothing'}`);
});
