import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { createHash } from 'node:crypto';
import { Recorder, type EvidenceRecord } from '../evidence/index.ts';
import { createKernelServer, type KernelServer, type KernelServerOptions } from './server.ts';
import type { Route } from './routes.ts';
import { rawRequest, waitForRecord } from './test-helpers.ts';

const servers: KernelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(routes: Route[], extra: Partial<KernelServerOptions> = {}): Promise<{ url: string; recorder: Recorder; server: KernelServer }> {
  const recorder = new Recorder();
  const server = createKernelServer({ platform: 'test', recorder, routes, ...extra });
  servers.push(server);
  const url = await server.listen();
  return { url, recorder, server };
}

const exchanges = (r: Recorder): EvidenceRecord[] => r.query({ kind: 'exchange' });
const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

describe('kernel server: routing and responses', () => {
  it('routes with params and query, and records the exchange', async () => {
    const { url, recorder } = await start([{
      method: 'GET', path: '/v1/destinations/:id', name: 'destination',
      handle: (ctx) => {
        ctx.verdicts.push({ check: 'DEST_KNOWN', ok: true });
        ctx.data = { destinationId: ctx.params.id };
        ctx.sendJson(200, { id: ctx.params.id, fields: ctx.query.fields });
      },
    }]);
    const res = await rawRequest(`${url}/v1/destinations/d-42?fields=name&fields=x`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ id: 'd-42', fields: 'name' });
    const rec = await waitForRecord(recorder, (r) => r.kind === 'exchange');
    expect(rec).toMatchObject({
      platform: 'test',
      direction: 'inbound',
      request: { method: 'GET', url: '/v1/destinations/d-42?fields=name&fields=x', bodyBytes: 0 },
      response: { status: 200, headers: { 'content-type': 'application/json' }, bodyEncoding: 'utf8', bodySha256: sha(res.body) },
      verdicts: [{ check: 'DEST_KNOWN', ok: true }],
      data: { destinationId: 'd-42' },
    });
    expect(rec.summary).toContain('(destination)');
    expect(rec.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('answers unknown paths with problem+json 404 and a wrong method with 405 + Allow', async () => {
    const { url, recorder } = await start([{ method: 'PUT', path: '/x', handle: (ctx) => ctx.send(204) }]);
    const nf = await rawRequest(`${url}/nope`);
    expect(nf.status).toBe(404);
    expect(nf.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(nf.body.toString())).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND' });
    const na = await rawRequest(`${url}/x`, { method: 'DELETE' });
    expect(na.status).toBe(405);
    expect(na.headers?.allow).toBe('PUT');
    await waitForRecord(recorder, (r) => r.kind === 'exchange' && r.response?.status === 405);
    expect(exchanges(recorder).map((r) => r.verdicts?.[0]?.check)).toEqual(['ROUTE_NOT_FOUND', 'METHOD_NOT_ALLOWED']);
  });

  it('records no body for a HEAD answer', async () => {
    const { url, recorder } = await start([{ method: 'GET', path: '/doc', handle: (ctx) => ctx.send(200, 'some document') }]);
    const res = await rawRequest(`${url}/doc`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers?.['content-length']).toBe('13');
    const rec = await waitForRecord(recorder, (r) => r.kind === 'exchange');
    expect(rec.response).toMatchObject({ status: 200, bodyBytes: 0 });
  });

  it('uses the notFound option when given', async () => {
    const { url } = await start([], { notFound: (ctx) => ctx.send(404, '<fault>unknown</fault>', { 'content-type': 'text/xml' }) });
    const res = await rawRequest(`${url}/whatever`);
    expect(res.status).toBe(404);
    expect(res.body.toString()).toBe('<fault>unknown</fault>');
  });

  it('records the request body with hash, size and capture cap; binary as base64', async () => {
    const { url, recorder } = await start([{
      method: 'POST', path: '/echo', handle: async (ctx) => ctx.send(200, await ctx.readBody(), { 'content-type': 'application/octet-stream' }),
    }], { captureBodyBytes: 16 });
    const binary = Buffer.from(Array.from({ length: 40 }, (_, i) => (i * 37) % 256));
    const res = await rawRequest(`${url}/echo`, { method: 'POST', body: binary });
    expect(res.body.equals(binary)).toBe(true);
    const rec = await waitForRecord(recorder, (r) => r.kind === 'exchange');
    expect(rec.request).toMatchObject({ bodyBytes: 40, bodySha256: sha(binary), bodyEncoding: 'base64', bodyTruncated: true });
    expect(Buffer.from(rec.request!.body!, 'base64').equals(binary.subarray(0, 16))).toBe(true);
    expect(rec.response).toMatchObject({ bodyBytes: 40, bodySha256: sha(binary), bodyTruncated: true });
  });

  it('still records a request body the handler never read', async () => {
    const { url, recorder } = await start([{ method: 'POST', path: '/ignore', handle: (ctx) => ctx.send(202) }]);
    const body = 'bsn=000000099&note=' + 'x'.repeat(5000);
    const res = await rawRequest(`${url}/ignore`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(202);
    const rec = await waitForRecord(recorder, (r) => r.kind === 'exchange');
    expect(rec.request).toMatchObject({ bodyBytes: body.length, bodySha256: sha(body), body, bodyEncoding: 'utf8' });
  });

  it('redacts secrets in recorded headers and bodies', async () => {
    const { url, recorder } = await start([{ method: 'POST', path: '/token', handle: (ctx) => ctx.sendJson(200, { access_token: 'eyJhbGciOiJIUzI1NiJ9.secretpayload' }) }]);
    await rawRequest(`${url}/token`, { method: 'POST', body: 'grant_type=client_credentials&client_secret=hunter2hunter2', headers: { authorization: 'Bearer abcdefghijklmnop' } });
    const rec = await waitForRecord(recorder, (r) => r.kind === 'exchange');
    const text = JSON.stringify(rec);
    expect(text).not.toContain('hunter2hunter2');
    expect(text).not.toContain('abcdefghijklmnop');
    expect(text).not.toContain('secretpayload');
  });
});

describe('kernel server: errors', () => {
  it('caps the body while streaming: 413 problem+json, exchange recorded (chunked, no content-length)', async () => {
    let handled = 0;
    const { url, recorder } = await start([{
      method: 'POST', path: '/upload', handle: async (ctx) => {
        handled++;
        let n = 0;
        for await (const chunk of ctx.bodyStream()) n += (chunk as Buffer).length;
        ctx.sendJson(200, { n });
      },
    }], { maxBodyBytes: 1000 });
    const res = await rawRequest(`${url}/upload`, { method: 'POST', body: Buffer.alloc(4000, 0x61), headers: { 'transfer-encoding': 'chunked' } });
    expect(handled).toBe(1);
    expect(res.status).toBe(413);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(res.body.toString())).toMatchObject({ code: 'BODY_TOO_LARGE', status: 413 });
    const rec = await waitForRecord(recorder, (r) => r.kind === 'exchange');
    expect(rec.response?.status).toBe(413);
    expect(rec.verdicts).toEqual([expect.objectContaining({ check: 'BODY_TOO_LARGE', ok: false })]);
    expect(rec.request?.bodySha256).toBeUndefined();
    expect(rec.data).toMatchObject({ kernelError: 'BODY_TOO_LARGE' });
  });

  it('refuses a declared content-length above the cap before reading, and a handler limit below it', async () => {
    const { url } = await start([{
      method: 'POST', path: '/small', handle: async (ctx) => ctx.send(200, await ctx.readBody(10)),
    }], { maxBodyBytes: 1000 });
    expect((await rawRequest(`${url}/small`, { method: 'POST', body: Buffer.alloc(2000) })).status).toBe(413);
    expect((await rawRequest(`${url}/small`, { method: 'POST', body: Buffer.alloc(11) })).status).toBe(413);
    expect((await rawRequest(`${url}/small`, { method: 'POST', body: Buffer.alloc(10) })).status).toBe(200);
  });

  it('a throwing handler gives 500 via renderError, the server keeps serving, the exchange is recorded', async () => {
    const { url, recorder } = await start([
      { method: 'GET', path: '/boom', handle: () => { throw new Error('database on fire'); } },
      { method: 'GET', path: '/async-boom', handle: async () => { await Promise.resolve(); throw new TypeError('undefined is not a function'); } },
      { method: 'GET', path: '/ok', handle: (ctx) => ctx.send(200, 'fine') },
    ]);
    const boom = await rawRequest(`${url}/boom`);
    expect(boom.status).toBe(500);
    const problem = JSON.parse(boom.body.toString());
    expect(problem.code).toBe('HANDLER_FAILED');
    expect(JSON.stringify(problem)).not.toContain('database on fire');
    expect((await rawRequest(`${url}/async-boom`)).status).toBe(500);
    expect((await rawRequest(`${url}/ok`)).body.toString()).toBe('fine');
    await waitForRecord(recorder, (r) => r.kind === 'exchange' && r.response?.status === 200);
    const [first] = exchanges(recorder);
    expect(first.response?.status).toBe(500);
    expect(first.verdicts).toEqual([{ check: 'HANDLER_FAILED', ok: false, message: 'handler failed: database on fire' }]);
  });

  it('renders kernel errors in the platform format through renderError', async () => {
    const { url } = await start([{ method: 'POST', path: '/soap', handle: async (ctx) => { await ctx.json(); ctx.send(200); } }], {
      renderError: (err) => ({ status: err.status === 400 ? 500 : err.status, headers: { 'content-type': 'text/xml' }, body: `<Fault><code>${err.code}</code></Fault>` }),
    });
    const res = await rawRequest(`${url}/soap`, { method: 'POST', body: '{not json' });
    expect(res.status).toBe(500);
    expect(res.body.toString()).toBe('<Fault><code>INVALID_JSON</code></Fault>');
  });

  it('falls back to problem+json when renderError itself throws', async () => {
    const { url, recorder } = await start([], { renderError: () => { throw new Error('renderer bug'); } });
    const res = await rawRequest(`${url}/x`);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body.toString()).code).toBe('ROUTE_NOT_FOUND');
    const rec = await waitForRecord(recorder, (r) => r.kind === 'exchange');
    expect(rec.verdicts?.map((v) => v.check)).toEqual(['ROUTE_NOT_FOUND', 'RENDER_ERROR_FAILED']);
  });

  it('a handler that never answers gets HANDLER_NO_RESPONSE', async () => {
    const { url } = await start([{ method: 'GET', path: '/silent', handle: () => undefined }]);
    const res = await rawRequest(`${url}/silent`);
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body.toString()).code).toBe('HANDLER_NO_RESPONSE');
  });

  it('a malformed request line gets 400 and is recorded', async () => {
    const { url, recorder } = await start([]);
    const { port } = new URL(url);
    const reply = await new Promise<string>((resolve) => {
      const s = net.connect(Number(port), '127.0.0.1', () => s.write('NOT HTTP AT ALL\r\n\r\n'));
      let data = '';
      s.on('data', (d) => { data += d.toString(); });
      s.on('close', () => resolve(data));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    const rec = await waitForRecord(recorder, (r) => r.kind === 'exchange');
    expect(rec.verdicts?.[0]).toMatchObject({ check: 'HTTP_PROTOCOL', ok: false });
  });

  it('closes a slowloris connection that never finishes its headers', async () => {
    const { url, recorder } = await start([], { headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const { port } = new URL(url);
    const t0 = Date.now();
    const reply = await new Promise<string>((resolve) => {
      const s = net.connect(Number(port), '127.0.0.1', () => s.write('GET / HTTP/1.1\r\nHost: x\r\n'));
      let data = '';
      s.on('data', (d) => { data += d.toString(); });
      s.on('close', () => resolve(data));
      s.setTimeout(5000, () => s.destroy());
    });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
    await waitForRecord(recorder, (r) => r.kind === 'exchange' && r.response?.status === 408);
  });
});
