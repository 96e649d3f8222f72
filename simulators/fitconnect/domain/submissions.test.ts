import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CreateDestinationInput } from './destinations.ts';
import type { FitConnectEnvironment, FitConnectDomainOptions } from './environment.ts';
import { eventProblem } from './problems.ts';
import { chunked, destinationInput, jwe, LEIKA, metadata210, OTHER_LEIKA, testEnvironment, type TestClock } from './test-fixtures.ts';
import { testKeys, type TestKey } from './test-keys.ts';

let K: TestKey[];
const HOUR = 3600_000;
const DAY = 24 * HOUR;

beforeAll(async () => { K = await testKeys(5); }, 180_000);

async function setup(dest: Partial<CreateDestinationInput> = {}, opts: Partial<FitConnectDomainOptions> = {}) {
  const { env, clock } = await testEnvironment(K[0], opts);
  const d = await env.destinations.create(destinationInput(K[2], K[3], dest));
  if (!d.ok) throw new Error(d.error.detail);
  return { env, clock, destinationId: d.value.destinationId };
}

async function announce(env: FitConnectEnvironment, destinationId: string, attachments: string[] = []) {
  const r = await env.submissions.create({ destinationId, serviceType: { name: 'Testleistung', identifier: LEIKA }, announcedAttachments: attachments });
  if (!r.ok) throw new Error(r.error.detail);
  return r.value;
}

const DATA = JSON.stringify({ antragsteller: { name: 'Erika Musterfrau (fiktiv)' } });
const PDF = 'fiktives PDF '.repeat(500);

/** A complete, valid submission with one attachment, ready to send. */
async function prepared(env: FitConnectEnvironment, destinationId: string) {
  const att = randomUUID();
  const s = await announce(env, destinationId, [att]);
  const up = await env.submissions.uploadAttachment(s.submissionId, att, await jwe(PDF, K[2], { cty: 'application/pdf' }));
  if (!up.ok) throw new Error(up.error.detail);
  return { ...s, att };
}

describe('announce', () => {
  it('creates an incomplete submission with a create-submission event', async () => {
    const { env, destinationId } = await setup();
    const s = await announce(env, destinationId, [randomUUID()]);
    expect(env.submissions.get(s.submissionId)?.status).toBe('incomplete');
    expect(env.events.events(s.caseId).map((e) => e.name)).toEqual(['create-submission']);
  });

  it('refuses a service the destination does not offer, unknown and inactive destinations', async () => {
    const { env, destinationId } = await setup();
    const r = await env.submissions.create({ destinationId, serviceType: { name: 'x', identifier: OTHER_LEIKA }, announcedAttachments: [] });
    expect(!r.ok && r.error.code).toBe('FC_SERVICE_NOT_OFFERED');
    const nf = await env.submissions.create({ destinationId: randomUUID(), serviceType: { name: 'x', identifier: LEIKA }, announcedAttachments: [] });
    expect(!nf.ok && nf.error.toJSON()).toMatchObject({ status: 404, type: 'https://schema.fitko.de/fit-connect/submission-api/problems/destination-not-found' });
    env.destinations.update(destinationId, { status: 'inactive' });
    const inactive = await env.submissions.create({ destinationId, serviceType: { name: 'x', identifier: LEIKA }, announcedAttachments: [] });
    expect(!inactive.ok && inactive.error.code).toBe('FC_DESTINATION_STATE_INVALID');
  });

  it('refuses more than the configured number of attachments', async () => {
    const { env, destinationId } = await setup({}, { limits: { maxAttachments: 2 } });
    const r = await env.submissions.create({ destinationId, serviceType: { name: 'x', identifier: LEIKA }, announcedAttachments: [randomUUID(), randomUUID(), randomUUID()] });
    expect(!r.ok && r.error.status).toBe(413);
  });
});

describe('attachment upload', () => {
  it('refuses an unannounced attachment id', async () => {
    const { env, destinationId } = await setup();
    const s = await announce(env, destinationId, [randomUUID()]);
    const r = await env.submissions.uploadAttachment(s.submissionId, randomUUID(), await jwe(PDF, K[2]));
    expect(!r.ok && r.error.code).toBe('FC_ATTACHMENT_NOT_ANNOUNCED');
    expect(!r.ok && r.error.status).toBe(422);
  });

  it('streams: 7-byte chunks give the same SHA-512 as one piece', async () => {
    const { env, destinationId } = await setup();
    const att = randomUUID();
    const s = await announce(env, destinationId, [att]);
    const token = await jwe(PDF, K[2], { cty: 'application/pdf' });
    const r = await env.submissions.uploadAttachment(s.submissionId, att, chunked(token, 7));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { sha512 } = await import('./test-fixtures.ts');
    expect(r.value.plaintextSha512).toBe(sha512(PDF));
    expect(r.value.encryptedBytes).toBe(token.length);
  });

  it('refuses an attachment over the size limit while streaming, and by Content-Length up front', async () => {
    const { env, destinationId } = await setup({}, { limits: { maxAttachmentBytes: 2000 } });
    const att = randomUUID();
    const s = await announce(env, destinationId, [att]);
    const token = await jwe(PDF, K[2]);
    let pulled = 0;
    const body = (function* () { for (const c of chunked(token, 500)) { pulled++; yield c; } })();
    const r = await env.submissions.uploadAttachment(s.submissionId, att, body);
    expect(!r.ok && r.error.code).toBe('FC_ATTACHMENT_TOO_LARGE');
    expect(pulled).toBeLessThan(Math.ceil(token.length / 500));
    expect(env.submissions.precheckUpload(s.submissionId, att, 5000)).toMatchObject({ ok: false });
    expect(env.submissions.precheckUpload(s.submissionId, att, 1000)).toMatchObject({ ok: true });
  });

  it('refuses when the submission total would exceed the limit', async () => {
    const { env, destinationId } = await setup({}, { limits: { maxTotalBytes: 15_000 } });
    const [a, b] = [randomUUID(), randomUUID()];
    const s = await announce(env, destinationId, [a, b]);
    const token = await jwe(PDF, K[2]);
    expect((await env.submissions.uploadAttachment(s.submissionId, a, token)).ok).toBe(true);
    const r = await env.submissions.uploadAttachment(s.submissionId, b, token);
    expect(!r.ok && r.error.code).toBe('FC_SUBMISSION_TOO_LARGE');
  });

  it('checks JWE headers on attachments: wrong kid, missing cty, tampered ciphertext', async () => {
    const { env, destinationId } = await setup();
    const att = randomUUID();
    const s = await announce(env, destinationId, [att]);
    const kid = await env.submissions.uploadAttachment(s.submissionId, att, await jwe(PDF, K[2], { kid: 'someone-elses-key' }));
    const cty = await env.submissions.uploadAttachment(s.submissionId, att, await jwe(PDF, K[2], { cty: null }));
    const parts = (await jwe(PDF, K[2])).split('.');
    parts[3] = (parts[3][0] === 'A' ? 'B' : 'A') + parts[3].slice(1);
    const tampered = await env.submissions.uploadAttachment(s.submissionId, att, parts.join('.'));
    expect(!kid.ok && kid.error.code).toBe('FC_JWE_UNKNOWN_KID');
    expect(!cty.ok && cty.error.code).toBe('FC_JWE_MISSING_CTY');
    expect(!tampered.ok && tampered.error.code).toBe('FC_JWE_DECRYPTION_FAILED');
  });
});

describe('send', () => {
  it('accepts a correct submission (202 shape, submit event with authentication tags)', async () => {
    const { env, destinationId } = await setup();
    const p = await prepared(env, destinationId);
    const r = await env.submissions.submit(p.submissionId, {
      encryptedMetadata: await jwe(JSON.stringify(metadata210(DATA, [{ id: p.att, content: PDF }])), K[2]),
      encryptedData: await jwe(DATA, K[2]),
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ status: 'submitted', attachments: [p.att], metadataVersion: '2.1.0' });
    const submit = env.events.events(p.caseId).find((e) => e.name === 'submit-submission')!;
    const tags = Object.values(submit.claims.events)[0].authenticationTags!;
    expect(Object.keys(tags.attachments ?? {})).toEqual([p.att]);
    expect(tags.metadata).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('refuses sending before all announced attachments are uploaded', async () => {
    const { env, destinationId } = await setup();
    const att = randomUUID();
    const s = await announce(env, destinationId, [att]);
    const r = await env.submissions.submit(s.submissionId, { encryptedMetadata: await jwe(JSON.stringify(metadata210(DATA, [{ id: att, content: PDF }])), K[2]) });
    expect(!r.ok && r.error.code).toBe('FC_ATTACHMENTS_MISSING');
    expect(env.submissions.get(s.submissionId)?.status).toBe('incomplete');
  });

  it.each([
    ['missing cty', { cty: null }, 'FC_JWE_MISSING_CTY'],
    ['wrong kid', { kid: 'not-the-destination-key' }, 'FC_JWE_UNKNOWN_KID'],
    ['wrong alg', { alg: 'RSA-OAEP' }, 'FC_JWE_WRONG_ALG'],
    ['wrong enc', { enc: 'A128GCM' }, 'FC_JWE_WRONG_ENC'],
  ] as const)('refuses metadata JWE with %s', async (_n, o, code) => {
    const { env, destinationId } = await setup();
    const p = await prepared(env, destinationId);
    const r = await env.submissions.submit(p.submissionId, {
      encryptedMetadata: await jwe(JSON.stringify(metadata210(DATA, [{ id: p.att, content: PDF }])), K[2], o),
      encryptedData: await jwe(DATA, K[2]),
    });
    expect(!r.ok && r.error.code).toBe(code);
    expect(!r.ok && r.error.toJSON().type).toMatch(/^https:\/\/schema\.fitko\.de\/fit-connect\/submission-api\/problems\//);
  });

  it('refuses a JWE encrypted for another key under the right kid', async () => {
    const { env, destinationId } = await setup();
    const p = await prepared(env, destinationId);
    const r = await env.submissions.submit(p.submissionId, {
      encryptedMetadata: await jwe(JSON.stringify(metadata210(DATA, [{ id: p.att, content: PDF }])), K[4]),
      encryptedData: await jwe(DATA, K[2]),
    });
    expect(!r.ok && r.error.code).toBe('FC_JWE_DECRYPTION_FAILED');
  });

  it('lists schema errors of bad metadata with JSON pointers', async () => {
    const { env, destinationId } = await setup();
    const p = await prepared(env, destinationId);
    const meta = metadata210(DATA, [{ id: p.att, content: PDF }]) as { contentStructure: { attachments: Record<string, unknown>[] } };
    meta.contentStructure.attachments[0].purpose = 'holiday-photos';
    delete meta.contentStructure.attachments[0].mimeType;
    const r = await env.submissions.submit(p.submissionId, { encryptedMetadata: await jwe(JSON.stringify(meta), K[2]), encryptedData: await jwe(DATA, K[2]) });
    expect(!r.ok && r.error.code).toBe('FC_METADATA_SCHEMA_VIOLATION');
    if (r.ok) return;
    const pointers = r.error.issues!.map((i) => i.pointer);
    expect(pointers).toContain('/contentStructure/attachments/0/purpose');
    expect(pointers).toContain('/contentStructure/attachments/0');
    expect(r.error.toJSON().issues?.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a metadata version the destination does not accept', async () => {
    const { env, destinationId } = await setup({ metadataVersions: ['1.0.0'] });
    const p = await prepared(env, destinationId);
    const r = await env.submissions.submit(p.submissionId, { encryptedMetadata: await jwe(JSON.stringify(metadata210(DATA, [{ id: p.att, content: PDF }])), K[2]), encryptedData: await jwe(DATA, K[2]) });
    expect(!r.ok && r.error.code).toBe('FC_METADATA_VERSION_UNSUPPORTED');
  });

  it('detects hash mismatches of data and attachments', async () => {
    const { env, destinationId } = await setup();
    const p = await prepared(env, destinationId);
    const meta = metadata210('other data', [{ id: p.att, content: 'other pdf' }]);
    const r = await env.submissions.submit(p.submissionId, { encryptedMetadata: await jwe(JSON.stringify(meta), K[2]), encryptedData: await jwe(DATA, K[2]) });
    expect(!r.ok && r.error.code).toBe('FC_HASH_MISMATCH');
    if (r.ok) return;
    expect(r.error.issues!.map((i) => i.pointer)).toEqual(['/contentStructure/data/hash/content', '/contentStructure/attachments/0/hash/content']);
  });

  it('detects metadata listing other attachments than announced', async () => {
    const { env, destinationId } = await setup();
    const p = await prepared(env, destinationId);
    const meta = metadata210(DATA, [{ id: randomUUID(), content: PDF }]);
    const r = await env.submissions.submit(p.submissionId, { encryptedMetadata: await jwe(JSON.stringify(meta), K[2]), encryptedData: await jwe(DATA, K[2]) });
    expect(!r.ok && r.error.code).toBe('FC_ATTACHMENTS_MISMATCH');
  });

  it("with contentFailure 'reject' accepts the send and the authority rejects with the findings", async () => {
    const { env, destinationId } = await setup({}, { contentFailure: 'reject' });
    const p = await prepared(env, destinationId);
    const meta = metadata210('other data', [{ id: p.att, content: PDF }]);
    const r = await env.submissions.submit(p.submissionId, { encryptedMetadata: await jwe(JSON.stringify(meta), K[2]), encryptedData: await jwe(DATA, K[2]) });
    expect(r.ok).toBe(true);
    const t = await env.tick();
    expect(t.rejected).toEqual([p.submissionId]);
    const rejectEvent = env.events.events(p.caseId).at(-1)!;
    expect(rejectEvent.name).toBe('reject-submission');
    expect(Object.values(rejectEvent.claims.events)[0].problems?.[0].type).toBe('https://schema.fitko.de/fit-connect/events/problems/hash-mismatch');
  });
});

async function send(env: FitConnectEnvironment, destinationId: string) {
  const p = await prepared(env, destinationId);
  const r = await env.submissions.submit(p.submissionId, {
    encryptedMetadata: await jwe(JSON.stringify(metadata210(DATA, [{ id: p.att, content: PDF }])), K[2]),
    encryptedData: await jwe(DATA, K[2]),
  });
  if (!r.ok) throw new Error(r.error.detail);
  return p;
}

describe('authority and lifecycle', () => {
  it('auto-accept: tick forwards and accepts, accept signed by the destination', async () => {
    const { env, destinationId } = await setup();
    const p = await send(env, destinationId);
    await env.tick();
    expect(env.submissions.get(p.submissionId)?.status).toBe('accepted');
    const names = env.events.events(p.caseId).map((e) => e.name);
    expect(names).toEqual(['create-submission', 'submit-submission', 'forward-submission', 'accept-submission']);
    expect(env.events.events(p.caseId).at(-1)!.claims.iss).toBe(destinationId);
  });

  it('auto-reject with configured problems', async () => {
    const { env, destinationId } = await setup({ authority: { mode: 'auto-reject', problems: [eventProblem('technical-error', 'Fachverfahren nicht erreichbar')] } });
    const p = await send(env, destinationId);
    await env.tick();
    expect(env.submissions.get(p.submissionId)).toMatchObject({ status: 'rejected', problems: [{ detail: 'Fachverfahren nicht erreichbar' }] });
  });

  it('manual: nothing happens on tick until accept/reject is called; invalid transitions refused', async () => {
    const { env, destinationId } = await setup({ authority: { mode: 'manual' } });
    const p = await send(env, destinationId);
    await env.tick();
    expect(env.submissions.get(p.submissionId)?.status).toBe('submitted');
    expect((await env.submissions.reject(p.submissionId, [eventProblem('missing-data')])).ok).toBe(true);
    const again = await env.submissions.accept(p.submissionId);
    expect(!again.ok && again.error.code).toBe('FC_INVALID_STATE_TRANSITION');
  });

  it('deletes incomplete submissions after 1 day, not before', async () => {
    const { env, clock, destinationId } = await setup();
    const s = await announce(env, destinationId, [randomUUID()]);
    clock.advance(DAY - 1000);
    expect((await env.tick()).deleted).toEqual([]);
    clock.advance(1000);
    expect((await env.tick()).deleted).toEqual([s.submissionId]);
    expect(env.events.events(s.caseId).at(-1)!.name).toBe('delete-submission');
  });

  it('auto-rejects submissions not picked up within 14 days, not before', async () => {
    const { env, clock, destinationId } = await setup({ authority: { mode: 'manual' } });
    const p = await send(env, destinationId);
    clock.advance(14 * DAY - 1000);
    expect((await env.tick()).autoRejected).toEqual([]);
    clock.advance(1000);
    expect((await env.tick()).autoRejected).toEqual([p.submissionId]);
    expect(env.submissions.get(p.submissionId)?.problems?.[0].type).toMatch(/not-picked-up$/);
  });

  it('key rotation: old kid accepted during the grace period, refused after it', async () => {
    const { env, clock, destinationId } = await setup({}, { keyGracePeriodMs: HOUR });
    const rot = await env.destinations.rotateEncryptionKey(destinationId, { ...K[4], kid: 'dest-enc-key-2' });
    expect(rot.ok && rot.value.encryptionKid).toBe('dest-enc-key-2');
    expect(env.destinations.acceptedEncryptionKids(destinationId)).toEqual(['dest-enc-key-2', 'dest-enc-key-1']);
    const att = randomUUID();
    const s = await announce(env, destinationId, [att]);
    expect((await env.submissions.uploadAttachment(s.submissionId, att, await jwe(PDF, K[2]))).ok).toBe(true);
    clock.advance(HOUR);
    expect((await env.tick()).droppedKeys).toEqual(['dest-enc-key-1']);
    const late = await env.submissions.uploadAttachment(s.submissionId, att, await jwe(PDF, K[2]));
    expect(!late.ok && late.error.code).toBe('FC_JWE_UNKNOWN_KID');
    expect((await env.submissions.uploadAttachment(s.submissionId, att, await jwe(PDF, K[4], { kid: 'dest-enc-key-2' }))).ok).toBe(true);
  });

  it('refuses destination keys under 4096 bits and x5c of another key', async () => {
    const { env } = await testEnvironment(K[0]);
    const { generateKeyPairSync } = await import('node:crypto');
    const small = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const r1 = await env.destinations.create(destinationInput({ ...small, x5c: [] }, K[3]));
    const r2 = await env.destinations.create(destinationInput({ ...K[2], x5c: K[3].x5c }, K[3]));
    expect(!r1.ok && r1.error.detail).toMatch(/4096/);
    expect(!r2.ok && r2.error.detail).toMatch(/x5c/);
    const good = await env.destinations.create(destinationInput(K[2], K[3]));
    expect(good.ok).toBe(true);
    if (!good.ok) return;
    const jwk = env.destinations.getKey(good.value.destinationId, 'dest-enc-key-1');
    expect(jwk.ok && jwk.value).toMatchObject({ kty: 'RSA', alg: 'RSA-OAEP-256', key_ops: ['wrapKey'], e: 'AQAB', x5c: K[2].x5c });
    expect(jwk.ok && jwk.value.n.length).toBeGreaterThanOrEqual(683);
  });
});
