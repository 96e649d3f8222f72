/**
 * The admin surface under hostile use: it listens on loopback by default, refuses missing,
 * wrong and near-miss tokens without saying whether a route exists, and neither the token nor
 * secrets sent in seed data reach the evidence, answers or anything written to stdout/stderr.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestAdmin, TEST_TOKEN, type TestAdmin } from './testkit.ts';

let t: TestAdmin;
const printed: string[] = [];
beforeAll(async () => {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => { printed.push(String(chunk)); return (write as (...a: unknown[]) => boolean)(chunk, ...rest); }) as never);
  }
  t = await startTestAdmin();
});
afterAll(async () => { await t.server.close(); vi.restoreAllMocks(); });

describe('admin surface under hostile use', () => {
  it('listens on a loopback address by default', () => {
    expect(new URL(t.url).hostname).toBe('127.0.0.1');
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer wrong' }],
    ['the token with one character changed', { authorization: `Bearer ${TEST_TOKEN.slice(0, -1)}x` }],
    ['the token as Basic credentials', { authorization: `Basic ${Buffer.from(`admin:${TEST_TOKEN}`).toString('base64')}` }],
    ['the token with a prefix', { authorization: `Bearer x${TEST_TOKEN}` }],
  ])('refuses %s with 401, the same for known and unknown routes', async (_name, headers) => {
    const known = await fetch(`${t.url}/admin/simulators`, { headers });
    const unknown = await fetch(`${t.url}/admin/no-such-route`, { headers });
    expect([known.status, unknown.status]).toEqual([401, 401]);
    expect(await known.text()).not.toContain(TEST_TOKEN);
  });

  it('keeps the token and seeded secrets out of evidence, answers and output', async () => {
    const secret = 'client_secret-DO-NOT-LOG-7f3a9c';
    const res = await t.call('/admin/simulators/fitconnect/seed', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_secret: secret, password: secret, nested: { token: secret } }),
    });
    expect(res.status).toBeLessThan(300);
    const answer = await res.text();
    const evidence = JSON.stringify(t.recorder.query());
    for (const text of [answer, evidence, printed.join('')]) {
      expect(text).not.toContain(TEST_TOKEN);
      expect(text).not.toContain(secret);
    }
    expect(evidence.length).toBeGreaterThan(2); // the seed was recorded, only without its secrets
  });
});
