import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import { Recorder } from '../evidence/index.ts';
import { FaultStore } from '../faults/rules.ts';
import { createKernelServer, type KernelServer } from './server.ts';
import type { Route } from './routes.ts';
import { corruptChunk } from './corrupt.ts';
import { rawRequest, waitForRecord } from './test-helpers.ts';

const servers: KernelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const BODY = Buffer.from(JSON.stringify({ status: 'submitted', items: Array.from({ length: 50 }, (_, i) => `item-${i}`) }));
let handled = 0;
const routes: Route[] = [
  { method: 'GET', path: '/v1/status', handle: (ctx) => { handled++; ctx.send(200, BODY, { 'content-type': 'application/json' }); } },
  {
    method: 'GET', path: '/v1/stream', handle: async (ctx) => {
      handled++;
      ctx.res.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < 10; i++) ctx.res.write(`line ${i}\n`);
      ctx.res.end();
    },
  },
];

async function start(): Promise<{ url: string; recorder: Recorder; faults: FaultStore }> {
  handled = 0;
  const recorder = new Recorder();
  const faults = new FaultStore();
  const server = createKernelServer({ platform: 'fitconnect', recorder, faults, routes });
  servers.push(server);
  return { url: await server.listen(), recorder, faults };
}

describe('fault injection observed by a real client', () => {
  it('latency delays the answer by at least the configured time, then answers normally', async () => {
    const { url, faults, recorder } = await start();
    faults.add({ platform: 'fitconnect', path: '/v1/status', action: { type: 'latency', ms: 250 } });
    const t0 = performance.now();
    const res = await rawRequest(`${url}/v1/status`);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(245); // timer granularity
    expect(res.status).toBe(200);
    expect(res.body.equals(BODY)).toBe(true);
    const ex = await waitForRecord(recorder, (r) => r.kind === 'exchange');
    expect(ex.data).toMatchObject({ fault: { ruleId: 'fault-1', type: 'latency', ms: 250 } });
    expect(ex.durationMs).toBeGreaterThanOrEqual(245);
  });

  it('status answers at once with the configured status and body; the route does not run', async () => {
    const { url, faults, recorder } = await start();
    faults.add({ method: 'GET', path: '/v1/*', action: { type: 'status', status: 503, body: '{"code":"maintenance"}', contentType: 'application/json' } });
    const res = await rawRequest(`${url}/v1/status`);
    expect(res.status).toBe(503);
    expect(res.headers?.['content-type']).toBe('application/json');
    expect(res.body.toString()).toBe('{"code":"maintenance"}');
    expect(handled).toBe(0);
    const fault = await waitForRecord(recorder, (r) => r.kind === 'fault');
    expect(fault.data).toMatchObject({ ruleId: 'fault-1', action: { type: 'status', status: 503 }, method: 'GET', path: '/v1/status' });
  });

  it('drop destroys the socket without a response', async () => {
    const { url, faults, recorder } = await start();
    faults.add({ action: { type: 'drop' } });
    const res = await rawRequest(`${url}/v1/status`);
    expect(res.status).toBeUndefined();
    expect(res.error).toMatch(/ECONNRESET|socket hang up/);
    expect(handled).toBe(0);
    const ex = await waitForRecord(recorder, (r) => r.kind === 'exchange');
    expect(ex.response).toBeUndefined();
    expect(ex.data).toMatchObject({ fault: { type: 'drop', dropped: true } });
    expect(ex.summary).toContain('dropped');
  });

  it('truncate sends fewer body bytes than content-length, then closes', async () => {
    const { url, faults, recorder } = await start();
    faults.add({ action: { type: 'truncate', bytes: 20 } });
    const res = await rawRequest(`${url}/v1/status`);
    expect(res.status).toBe(200);
    expect(Number(res.headers?.['content-length'])).toBe(BODY.length);
    expect(res.body.length).toBe(20);
    expect(res.body.equals(BODY.subarray(0, 20))).toBe(true);
    expect(res.incomplete).toBe(true);
    const ex = await waitForRecord(recorder, (r) => r.kind === 'exchange');
    expect(ex.data).toMatchObject({ fault: { type: 'truncate', sentBytes: 20, declaredBytes: BODY.length } });
    expect(ex.response).toMatchObject({ status: 200, bodyBytes: 20, bodyTruncated: true });
    expect(ex.response?.bodySha256).toBeUndefined();
  });

  it('truncate without bytes sends half of the declared length; chunked bodies are cut too', async () => {
    const { url, faults } = await start();
    faults.add({ path: '/v1/status', times: 1, action: { type: 'truncate' } });
    const half = await rawRequest(`${url}/v1/status`);
    expect(half.body.length).toBe(Math.floor(BODY.length / 2));
    expect(half.incomplete).toBe(true);
    faults.add({ path: '/v1/stream', action: { type: 'truncate', bytes: 15 } });
    const streamed = await rawRequest(`${url}/v1/stream`);
    expect(streamed.body.toString()).toBe('line 0\nline 1\nl');
    expect(streamed.incomplete).toBe(true);
  });

  it('corrupt keeps the length and changes the bytes, deterministically by seed', async () => {
    const { url, faults, recorder } = await start();
    faults.add({ action: { type: 'corrupt', seed: 42 } });
    const res = await rawRequest(`${url}/v1/status`);
    expect(res.status).toBe(200);
    expect(res.incomplete).toBe(false);
    expect(res.body.length).toBe(BODY.length);
    expect(res.body.equals(BODY)).toBe(false);
    expect(res.body.equals(corruptChunk(BODY, 0, 42))).toBe(true);
    const streamed = await rawRequest(`${url}/v1/stream`);
    const clean = Buffer.from(Array.from({ length: 10 }, (_, i) => `line ${i}\n`).join(''));
    expect(streamed.body.equals(corruptChunk(clean, 0, 42))).toBe(true);
    const ex = await waitForRecord(recorder, (r) => r.kind === 'exchange');
    expect(ex.data).toMatchObject({ fault: { type: 'corrupt', seed: 42 } });
  });

  it('honours the times limit and the platform filter', async () => {
    const { url, faults, recorder } = await start();
    faults.add({ platform: 'mijnoverheid', action: { type: 'status', status: 500 } });
    faults.add({ platform: 'fitconnect', times: 2, action: { type: 'status', status: 429 } });
    const statuses: Array<number | undefined> = [];
    for (let i = 0; i < 3; i++) statuses.push((await rawRequest(`${url}/v1/status`)).status);
    expect(statuses).toEqual([429, 429, 200]);
    expect(faults.list().map((r) => r.hits)).toEqual([0, 2]);
    await waitForRecord(recorder, (r) => r.kind === 'exchange' && r.response?.status === 200);
    expect(recorder.query({ kind: 'fault' })).toHaveLength(2);
  });

  it('a client that leaves during a latency fault is recorded as aborted, and the handler sees REQUEST_ABORTED', async () => {
    const recorder = new Recorder();
    const faults = new FaultStore();
    let handlerError: unknown;
    const server = createKernelServer({
      platform: 'fitconnect', recorder, faults,
      routes: [{ method: 'POST', path: '/slow', handle: async (ctx) => {
        try { await ctx.readBody(); } catch (err) { handlerError = err; throw err; }
        ctx.send(200);
      } }],
    });
    servers.push(server);
    const url = await server.listen();
    faults.add({ action: { type: 'latency', ms: 200 } });
    const res = await new Promise<string>((resolve) => {
      const req = http.request(`${url}/slow`, { method: 'POST', agent: false }, () => resolve('answered'));
      req.on('error', () => resolve('error'));
      req.end('payload');
      setTimeout(() => req.destroy(), 50);
    });
    expect(res).toBe('error');
    const ex = await waitForRecord(recorder, (r) => r.kind === 'exchange');
    expect(handlerError).toMatchObject({ code: 'REQUEST_ABORTED' });
    expect(ex.response).toBeUndefined();
    expect(ex.data).toMatchObject({ clientAborted: true, kernelError: 'REQUEST_ABORTED', fault: { type: 'latency' } });
    expect(ex.verdicts?.map((v) => v.check)).toEqual(['REQUEST_ABORTED', 'HTTP_EXCHANGE_COMPLETE']);
  });

  it('without a fault store or matching rule nothing is altered (negative control)', async () => {
    const { url, faults } = await start();
    faults.add({ path: '/other', action: { type: 'corrupt' } });
    const res = await rawRequest(`${url}/v1/status`);
    expect(res.body.equals(BODY)).toBe(true);
    expect(res.incomplete).toBe(false);
  });
});
