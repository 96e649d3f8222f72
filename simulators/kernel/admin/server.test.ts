import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Recorder } from '../evidence/index.ts';
import { FaultStore } from '../faults/rules.ts';
import { createAdminServer } from './server.ts';
import { isLoopbackHost } from './loopback.ts';
import { startTestAdmin, TEST_TOKEN, type TestAdmin } from './testkit.ts';

let t: TestAdmin;
beforeAll(async () => { t = await startTestAdmin(); });
afterAll(async () => { await t.server.close(); });
afterEach(() => {
  t.faults.clear();
  t.recorder.clearMemory();
});

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

async function problem(res: Response): Promise<Record<string, unknown>> {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return await res.json() as Record<string, unknown>;
}

describe('authentication', () => {
  it('serves health without a token', async () => {
    const res = await fetch(`${t.url}/admin/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: '9.9.9-test', runId: 'run-test-0001' });
  });

  it.each([
    ['no header', {}],
    ['a wrong token', { authorization: 'Bearer wrong-token' }],
    ['a token one character short', { authorization: `Bearer ${TEST_TOKEN.slice(0, -1)}` }],
    ['another scheme', { authorization: `Basic ${TEST_TOKEN}` }],
  ])('refuses %s with 401 problem+json', async (_label, headers) => {
    const res = await fetch(`${t.url}/admin/simulators`, { headers });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    const p = await problem(res);
    expect(p).toMatchObject({ status: 401, code: 'ADMIN_UNAUTHORIZED', type: 'urn:govsim:problem:ADMIN_UNAUTHORIZED', instance: '/admin/simulators' });
  });

  it('accepts the token in the query only on the event stream', async () => {
    const res = await fetch(`${t.url}/admin/faults?token=${TEST_TOKEN}`);
    expect(res.status).toBe(401);
  });

  it('checks the token before revealing whether a route exists', async () => {
    expect((await fetch(`${t.url}/admin/no-such-thing`)).status).toBe(401);
    const res = await t.call('/admin/no-such-thing');
    expect(res.status).toBe(404);
    expect((await problem(res)).code).toBe('ADMIN_NOT_FOUND');
  });

  it('never echoes a query token into a problem document', async () => {
    const res = await fetch(`${t.url}/admin/events?token=wrong-secret-value`);
    const p = await problem(res);
    expect(JSON.stringify(p)).not.toContain('wrong-secret-value');
  });
});

describe('binding', () => {
  const base = () => ({ recorder: new Recorder(), faults: new FaultStore(), simulators: () => [], token: TEST_TOKEN });

  it('refuses a non-loopback host unless allowRemote', () => {
    expect(() => createAdminServer({ ...base(), host: '0.0.0.0' })).toThrow(/refuses to bind 0\.0\.0\.0.*allowRemote/);
    expect(() => createAdminServer({ ...base(), host: '192.0.2.10' })).toThrow(/not a loopback address/);
    expect(() => createAdminServer({ ...base(), host: '0.0.0.0', allowRemote: true })).not.toThrow();
  });

  it('needs a long token when remote and any token at all', () => {
    expect(() => createAdminServer({ ...base(), host: '0.0.0.0', allowRemote: true, token: 'short' })).toThrow(/at least 24 characters/);
    expect(() => createAdminServer({ ...base(), token: '' })).toThrow(/non-empty token/);
  });

  it('classifies loopback hosts', () => {
    for (const h of ['127.0.0.1', '127.8.9.10', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', 'example.org', '::ffff:10.0.0.1', '128.0.0.1']) expect(isLoopbackHost(h), h).toBe(false);
  });

  it('listens on an ephemeral port and closes', async () => {
    const s = createAdminServer({ ...base(), version: '1.0.0' });
    expect(() => s.url).toThrow(/not listening/);
    const url = await s.listen();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.dashboardUrl()).toBe(`${url}/#token=${TEST_TOKEN}`);
    await s.close();
    await expect(fetch(`${url}/admin/health`)).rejects.toThrow();
  });
});

describe('simulators and seed data', () => {
  it('lists simulators with urls and state', async () => {
    const res = await t.call('/admin/simulators');
    expect(res.status).toBe(200);
    const body = await res.json() as Array<Record<string, unknown>>;
    expect(body.map((s) => s.platform)).toEqual(['fitconnect', 'cpr']);
    expect(body[0]).toMatchObject({ urls: { api: 'http://127.0.0.1:9/submission-api' }, state: { seeded: expect.any(Number) } });
  });

  it('seeds a simulator and records a note', async () => {
    const res = await t.call('/admin/simulators/fitconnect/seed', json({ destination: 'd-1', password: 'hunter2-secret' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ platform: 'fitconnect', result: { added: 1 } });
    const note = t.recorder.query({ platform: 'admin' }).at(-1)!;
    expect(note).toMatchObject({ kind: 'note', summary: 'seed: fitconnect', data: { operation: 'seed', input: { destination: 'd-1' } } });
    expect(JSON.stringify(note)).not.toContain('hunter2-secret');
  });

  it('answers 404 for an unknown platform', async () => {
    const res = await t.call('/admin/simulators/nowhere/seed', json({}));
    expect(res.status).toBe(404);
    expect(await problem(res)).toMatchObject({ code: 'ADMIN_UNKNOWN_PLATFORM', platform: 'nowhere' });
  });

  it('reports a domain refusal as 422 and a simulator bug as 500', async () => {
    const refused = await t.call('/admin/simulators/fitconnect/seed', json({ reject: true }));
    expect(refused.status).toBe(422);
    expect(await problem(refused)).toMatchObject({ code: 'ADMIN_SEED_REJECTED', simulatorCode: 'FAKE_BAD_DESTINATION' });
    const crashed = await t.call('/admin/simulators/fitconnect/seed', json({ crash: true }));
    expect(crashed.status).toBe(500);
    expect(await problem(crashed)).toMatchObject({ code: 'ADMIN_SIMULATOR_ERROR', detail: expect.stringContaining('cannot read properties') });
  });

  it('resets one platform and clears only its fault rules', async () => {
    t.faults.add({ platform: 'fitconnect', action: { type: 'drop' } });
    t.faults.add({ platform: 'cpr', action: { type: 'drop' } });
    const before = t.sims.map((s) => s.resets);
    const res = await t.call('/admin/reset?platform=fitconnect', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ reset: ['fitconnect'], faultsCleared: 1 });
    expect(t.sims.map((s) => s.resets)).toEqual([before[0] + 1, before[1]]);
    expect(t.faults.list().map((f) => f.platform)).toEqual(['cpr']);
    expect(t.recorder.query({ platform: 'admin' }).at(-1)!.summary).toBe('reset: fitconnect (1 fault rule cleared)');
  });

  it('resets every simulator and clears every fault rule', async () => {
    t.faults.add({ action: { type: 'drop' } });
    const res = await t.call('/admin/reset', { method: 'POST' });
    expect(await res.json()).toEqual({ reset: ['fitconnect', 'cpr'], faultsCleared: 1 });
    expect(t.faults.list()).toEqual([]);
    expect((await t.call('/admin/reset?platform=nowhere', { method: 'POST' })).status).toBe(404);
  });
});

describe('exchanges', () => {
  function fill(): void {
    t.recorder.record({ kind: 'exchange', platform: 'fitconnect', scenarioId: 'FC-SND-07', request: { method: 'POST', url: '/submissions' }, response: { status: 201 } });
    t.recorder.record({ kind: 'exchange', platform: 'cpr', request: { method: 'GET', url: '/person/0101019999' }, response: { status: 404 } });
    t.recorder.record({ kind: 'tls-handshake', platform: 'fitconnect', summary: 'client certificate expired' });
  }

  it('filters by platform, kind, scenario, since, text and limit', async () => {
    fill();
    const get = async (qs: string) => (await (await t.call(`/admin/exchanges${qs}`)).json() as Array<{ seq: number; platform: string }>);
    const all = await get('');
    expect(all).toHaveLength(3);
    const first = all[0].seq;
    expect((await get('?platform=fitconnect')).map((r) => r.platform)).toEqual(['fitconnect', 'fitconnect']);
    expect(await get('?kind=tls-handshake')).toHaveLength(1);
    expect(await get('?scenario=FC-SND-07')).toHaveLength(1);
    expect((await get(`?since=${first}`)).map((r) => r.seq)).toEqual([first + 1, first + 2]);
    expect(await get('?q=0101019999')).toHaveLength(1);
    expect((await get('?limit=1')).map((r) => r.seq)).toEqual([first + 2]);
    const res = await t.call('/admin/exchanges');
    expect(res.headers.get('x-govsim-last-seq')).toBe(String(t.recorder.lastSeq));
  });

  it('refuses unknown, repeated and malformed parameters precisely', async () => {
    const cases: Array<[string, RegExp]> = [
      ['?platfrom=cpr', /unknown query parameter "platfrom" \(accepted: platform, kind, scenario, since, q, limit\)/],
      ['?limit=0', /"limit" must be an integer from 1/],
      ['?since=-1', /"since" must be an integer from 0/],
      ['?kind=a&kind=b', /"kind" given more than once/],
    ];
    for (const [qs, detail] of cases) {
      const res = await t.call(`/admin/exchanges${qs}`);
      expect(res.status, qs).toBe(400);
      const p = await problem(res);
      expect(p.code).toBe('ADMIN_BAD_REQUEST');
      expect(p.detail).toMatch(detail);
    }
  });

  it('returns one record by seq', async () => {
    fill();
    const seq = t.recorder.lastSeq;
    const res = await t.call(`/admin/exchanges/${seq}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ seq, kind: 'tls-handshake' });
    const missing = await t.call(`/admin/exchanges/${seq + 100}`);
    expect(missing.status).toBe(404);
    expect((await problem(missing)).detail).toMatch(/no evidence record with seq \d+: the run has \d+ records so far/);
    expect((await t.call('/admin/exchanges/abc')).status).toBe(400);
  });
});

describe('fault rules', () => {
  it('adds, lists and removes a rule, noting each change', async () => {
    const res = await t.call('/admin/faults', json({ platform: 'fitconnect', method: 'POST', path: '/submissions*', times: 1, action: { type: 'status', status: 503 } }));
    expect(res.status).toBe(201);
    const rule = await res.json() as { id: string; hits: number };
    expect(res.headers.get('location')).toBe(`/admin/faults/${rule.id}`);
    expect(rule.hits).toBe(0);
    expect(t.recorder.query({ platform: 'admin' }).at(-1)!.summary).toBe(`fault added: ${rule.id} fitconnect POST /submissions* → status 503 (times 1)`);
    expect(await (await t.call('/admin/faults')).json()).toEqual([expect.objectContaining({ id: rule.id })]);
    const del = await t.call(`/admin/faults/${rule.id}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect(t.faults.list()).toEqual([]);
    expect(t.recorder.query({ platform: 'admin' }).at(-1)!.summary).toMatch(/^fault removed: /);
    const again = await t.call(`/admin/faults/${rule.id}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
  });

  it.each([
    [{ action: { type: 'explode' } }, /action\.type must be one of latency, status, drop, truncate, corrupt/],
    [{ action: { type: 'latency', ms: -5 } }, /latency fault needs action\.ms/],
    [{ pth: '/x', action: { type: 'drop' } }, /unknown field "pth"/],
    [{ action: { type: 'drop', ms: 5 } }, /drop fault action has unknown field "ms"/],
    [{ platform: 'fitconect', action: { type: 'drop' } }, /platform "fitconect" is not served by any simulator \(known: fitconnect, cpr\)/],
    [[1, 2], /must be a JSON object|action\.type/],
  ])('refuses invalid rule %j with its validation message', async (body, detail) => {
    const res = await t.call('/admin/faults', json(body));
    expect(res.status).toBe(400);
    const p = await problem(res);
    expect(p.code).toBe('ADMIN_INVALID_FAULT_RULE');
    expect(p.detail).toMatch(detail);
    expect(t.faults.list()).toEqual([]);
  });

  it('clears all rules or one platform\'s', async () => {
    t.faults.add({ platform: 'fitconnect', action: { type: 'drop' } });
    t.faults.add({ platform: 'cpr', action: { type: 'drop' } });
    t.faults.add({ action: { type: 'drop' } });
    const one = await t.call('/admin/faults?platform=cpr', { method: 'DELETE' });
    expect(await one.json()).toEqual({ removed: 1 });
    const all = await t.call('/admin/faults', { method: 'DELETE' });
    expect(await all.json()).toEqual({ removed: 2 });
    expect(t.recorder.query({ platform: 'admin' }).map((r) => r.summary)).toEqual(['faults cleared: 1 rule for cpr', 'faults cleared: 2 rules']);
  });
});

describe('request bodies and methods', () => {
  it('locates a JSON syntax error by line and column', async () => {
    const res = await t.call('/admin/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{\n  "action": { "type": "drop", }\n}' });
    expect(res.status).toBe(400);
    const p = await problem(res);
    expect(p).toMatchObject({ code: 'ADMIN_BAD_JSON', line: 2, column: 31 });
    expect(p.detail).toBe('request body is not valid JSON: unexpected character "}", expected a property name in double quotes at line 2 column 31');
  });

  it('refuses a body that is not declared as JSON, and an empty one', async () => {
    const res = await t.call('/admin/faults', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(res.status).toBe(415);
    expect((await problem(res)).code).toBe('ADMIN_UNSUPPORTED_MEDIA_TYPE');
    const empty = await t.call('/admin/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' });
    expect(empty.status).toBe(400);
    expect((await problem(empty)).detail).toMatch(/body is empty/);
  });

  it('refuses a body over 1 MiB by Content-Length', async () => {
    const big = JSON.stringify({ action: { type: 'drop' }, path: 'x'.repeat(1024 * 1024) });
    const res = await t.call('/admin/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(res.status).toBe(413);
    expect(await problem(res)).toMatchObject({ code: 'ADMIN_BODY_TOO_LARGE', maxBytes: 1024 * 1024 });
    expect(t.faults.list()).toEqual([]);
  });

  it('refuses a chunked body once it passes 1 MiB', async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${t.url}/admin/faults`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => { text += c; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const pump = (): void => {
        while (sent < 20) {
          sent++;
          if (!req.write(chunk)) { req.once('drain', pump); return; }
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect(JSON.parse(body)).toMatchObject({ code: 'ADMIN_BODY_TOO_LARGE' });
  });

  it('answers 405 with Allow for a known path and a wrong method', async () => {
    const res = await t.call('/admin/faults', { method: 'PUT' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST, DELETE');
    expect((await problem(res)).code).toBe('ADMIN_METHOD_NOT_ALLOWED');
  });
});

describe('dashboard and OpenAPI document', () => {
  it('serves the dashboard without a token, locked down by CSP', async () => {
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(await res.text()).toContain('<h1>govsim dashboard</h1>');
  });

  it('serves the OpenAPI document with the running version', async () => {
    const res = await t.call('/admin/openapi.json');
    const doc = await res.json() as { openapi: string; info: { version: string }; servers: Array<{ url: string }> };
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.version).toBe('9.9.9-test');
    expect(doc.servers[0].url).toBe(t.url);
  });
});
