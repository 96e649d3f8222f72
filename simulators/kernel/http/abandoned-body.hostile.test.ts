/**
 * A handler that stops reading a streamed body early (a parser refusing the first part) must
 * not leave the exchange unrecorded until the settle timeout: the rest of the body is drained
 * through the meter, so the record appears at once with the whole body's size.
 */
import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Recorder } from '../evidence/index.ts';
import { createKernelServer, type KernelServer } from './server.ts';
import { waitForRecord } from './test-helpers.ts';

const servers: KernelServer[] = [];
afterEach(async () => { await Promise.all(servers.splice(0).map((s) => s.close())); });

describe('abandoned request bodies', () => {
  it('records the exchange promptly, metering the unread rest, and keeps the keep-alive connection usable', async () => {
    const recorder = new Recorder();
    const s = createKernelServer({
      platform: 'kernel', recorder,
      routes: [{
        method: 'POST', path: '/parse', async handle(ctx) {
          const stream = ctx.bodyStream();
          for await (const _chunk of stream) break; // refuse after the first chunk
          ctx.sendJson(400, { error: 'refused after the first part' });
        },
      }],
    });
    servers.push(s);
    const url = await s.listen(0, '127.0.0.1');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const body = Buffer.alloc(1024 * 1024, 0x61);
    const send = () => new Promise<number>((resolve, reject) => {
      const req = request(`${url}/parse`, { method: 'POST', agent, headers: { 'content-length': body.length } }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); });
      req.on('error', reject);
      req.end(body);
    });
    const t0 = Date.now();
    expect(await send()).toBe(400);
    const rec = await waitForRecord(recorder, (r) => r.kind === 'exchange', 2000);
    expect(Date.now() - t0).toBeLessThan(2000); // before the fix: REQUEST_SETTLE_MS (5 s)
    expect(rec.request?.bodyBytes).toBe(body.length);
    expect(await send()).toBe(400); // the same keep-alive socket serves the next request
    agent.destroy();
  });
});
