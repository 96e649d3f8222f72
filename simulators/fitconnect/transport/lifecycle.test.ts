/**
 * Lifecycle and token expiry through the HTTPS transport, with platform time moved by the
 * admin seed (`advanceClockSeconds`): a token expires after 1800 s, an incomplete
 * submission is deleted after one day, a submitted one not picked up within 14 days is
 * rejected by the platform.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEphemeralPki } from '../../kernel/pki/index.ts';
import type { SeedResult } from './seed.ts';
import { announce, destinationSeed, eventNames, json, send, startTestPlatform, type TestPlatform } from './test-client.ts';

let p: TestPlatform;
let seeded: SeedResult;

beforeAll(async () => {
  p = await startTestPlatform(await createEphemeralPki(), { name: 'lifecycle' });
  seeded = await p.seed({ clients: [{ type: 'sender', name: 'Onlinedienst (fiktiv)' }], destinations: [destinationSeed({ authority: { mode: 'manual' } })] });
}, 60_000);

afterAll(async () => p?.stop());

const DAY_S = 24 * 60 * 60;

describe('platform time (admin seed advanceClockSeconds)', () => {
  it('an access token is refused as expired after 1800 s, not before', async () => {
    const c = seeded.clients[0];
    const token = await p.token(c.clientId, c.clientSecret);
    const d = seeded.destinations[0].destinationId;
    await p.seed({ advanceClockSeconds: 1790 });
    expect((await p.call(`/v1/destinations/${d}`, { token })).status).toBe(200);
    await p.seed({ advanceClockSeconds: 20 });
    const r = await p.call(`/v1/destinations/${d}`, { token });
    expect(r.status).toBe(401);
    expect(json(r).code).toBe('FC_TOKEN_EXPIRED');
    expect(String(r.headers['www-authenticate'])).toContain('error="invalid_token"');
  });

  it('deletes an incomplete submission after one day and rejects a submitted one not picked up within 14 days', async () => {
    const c = seeded.clients[0];
    const d = seeded.destinations[0].destinationId;
    let token = await p.token(c.clientId, c.clientSecret);
    const incomplete = await announce(p, token, d);
    const submitted = await announce(p, token, d);
    expect((await send(p, token, d, submitted.submissionId)).status).toBe(202);

    await p.seed({ advanceClockSeconds: DAY_S - 60 });
    token = await p.token(c.clientId, c.clientSecret);
    expect(await eventNames(p, token, incomplete.caseId)).toEqual(['create-submission']);
    await p.seed({ advanceClockSeconds: 120 });
    token = await p.token(c.clientId, c.clientSecret);
    expect(await eventNames(p, token, incomplete.caseId)).toEqual(['create-submission', 'delete-submission']);
    const upload = await p.call(`/v1/submissions/${incomplete.submissionId}`, { method: 'PUT', token, headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(upload.status).toBe(404);
    // Still within 14 days of sending: waiting for pickup.
    expect(await eventNames(p, token, submitted.caseId)).toEqual(['create-submission', 'submit-submission']);

    await p.seed({ advanceClockSeconds: 13 * DAY_S });
    token = await p.token(c.clientId, c.clientSecret);
    const events = await eventNames(p, token, submitted.caseId);
    expect(events).toEqual(['create-submission', 'submit-submission', 'reject-submission']);
    const state = p.sim.admin.state() as { submissions: { submissionId: string; status: string; problems?: { type: string }[] }[] };
    const s = state.submissions.find((x) => x.submissionId === submitted.submissionId)!;
    expect(s.status).toBe('rejected');
    expect(s.problems?.[0].type).toMatch(/not-picked-up$/);
  });

  it('refuses to move time backwards or by nonsense', async () => {
    for (const bad of [-1, 0, 1.5, '60', 500 * DAY_S]) await expect(p.seed({ advanceClockSeconds: bad })).rejects.toThrow(/advanceClockSeconds|400 days/);
  });
});
