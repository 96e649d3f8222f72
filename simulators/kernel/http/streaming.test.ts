import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Recorder } from '../evidence/index.ts';
import { createKernelServer, type KernelServer } from './server.ts';
import { waitForRecord } from './test-helpers.ts';
import { DEFAULT_CAPTURE_BYTES } from './body-meter.ts';

const servers: KernelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const MB = 1024 * 1024;
const CHUNK = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 131) % 256));

function* chunks(total: number): Generator<Buffer> {
  for (let sent = 0; sent < total; sent += CHUNK.length) yield CHUNK.subarray(0, Math.min(CHUNK.length, total - sent));
}

function upload(url: string, total: number): Promise<{ status?: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/octet-stream' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
    Readable.from(chunks(total)).pipe(req);
  });
}

describe('streaming bodies', () => {
  it('a 50 MB upload through bodyStream() keeps memory flat and the evidence exact', async () => {
    const total = 50 * MB;
    const recorder = new Recorder();
    const server = createKernelServer({
      platform: 'fitconnect', recorder, maxBodyBytes: 64 * MB,
      routes: [{
        method: 'POST', path: '/attachments', handle: async (ctx) => {
          let n = 0;
          for await (const c of ctx.bodyStream()) n += (c as Buffer).length;
          ctx.sendJson(201, { n });
        },
      }],
    });
    servers.push(server);
    const url = await server.listen();
    const expected = createHash('sha256');
    for (const c of chunks(total)) expected.update(c);

    await upload(`${url}/attachments`, 1 * MB); // warm up sockets, JIT and hash code before the baseline
    recorder.clearMemory();
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 10);
    const res = await upload(`${url}/attachments`, total);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);

    expect(res.status).toBe(201);
    expect(JSON.parse(res.body)).toEqual({ n: total });
    expect(peak - baseline).toBeLessThan(64 * MB);
    const rec = await waitForRecord(recorder, (r) => r.kind === 'exchange');
    expect(rec.request).toMatchObject({ bodyBytes: total, bodySha256: expected.digest('hex'), bodyTruncated: true, bodyEncoding: 'base64' });
    expect(Buffer.from(rec.request!.body!, 'base64').length).toBe(DEFAULT_CAPTURE_BYTES);
  });

  it('a streamed upload above the cap fails mid-stream with 413 and no hash in the evidence', async () => {
    const recorder = new Recorder();
    const server = createKernelServer({
      platform: 'fitconnect', recorder, maxBodyBytes: 1 * MB,
      routes: [{
        method: 'POST', path: '/attachments', handle: async (ctx) => {
          for await (const _ of ctx.bodyStream()) { /* consume */ }
          ctx.send(201);
        },
      }],
    });
    servers.push(server);
    const url = await server.listen();
    const res = await upload(`${url}/attachments`, 3 * MB).catch((e: Error & { code?: string }) => ({ status: undefined, body: e.code ?? '' }));
    // The server answers 413 and closes; a client still writing may see the reset first.
    if (res.status !== undefined) expect(res.status).toBe(413);
    const rec = await waitForRecord(recorder, (r) => r.kind === 'exchange');
    expect(rec.response?.status).toBe(413);
    expect(rec.request?.bodySha256).toBeUndefined();
    expect(rec.request?.bodyBytes).toBeGreaterThan(1 * MB);
    expect(rec.request?.bodyBytes).toBeLessThan(3 * MB);
  });
});
