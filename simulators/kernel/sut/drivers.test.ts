import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { manualDriver, referenceDriver, triggerDriver, type ReferenceClient, type SutAction } from './drivers.ts';

const action: SutAction = {
  platform: 'kernel', action: 'call-identity', params: { url: 'https://127.0.0.1:1/identity', n: 2 },
  instructions: 'Call the identity endpoint.', scenario: { id: 'p-1', name: 'A scenario', tags: ['@KERNEL-ID-01'] },
};

describe('SUT drivers', () => {
  it('trigger command gets the action in GOVSIM_* variables and its JSON output comes back', async () => {
    const cmd = `node -e 'process.stdout.write(JSON.stringify({p:process.env.GOVSIM_PLATFORM,a:process.env.GOVSIM_ACTION,n:JSON.parse(process.env.GOVSIM_PARAMS).n,s:JSON.parse(process.env.GOVSIM_SCENARIO).id}))'`;
    const out = await triggerDriver({ command: cmd, timeoutMs: 10_000 }).perform(action);
    expect(out).toEqual({ mode: 'trigger', ok: true, output: { p: 'kernel', a: 'call-identity', n: 2, s: 'p-1' } });
  });

  it('trigger command failures and time-outs are reported, not thrown', async () => {
    const failed = await triggerDriver({ command: `node -e 'console.error("no route to SUT"); process.exit(3)'`, timeoutMs: 10_000 }).perform(action);
    expect(failed.ok).toBe(false);
    expect(failed.error).toMatch(/exited 3: no route to SUT/);
    const slow = await triggerDriver({ command: `node -e 'setTimeout(()=>{}, 5000)'`, timeoutMs: 300 }).perform(action);
    expect(slow.error).toMatch(/killed by SIGKILL after 300 ms/);
  });

  it('trigger webhook receives the action as JSON; a non-2xx answer is a failure', async () => {
    const received: unknown[] = [];
    let status = 200;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => { received.push(JSON.parse(body)); res.writeHead(status, { 'content-type': 'application/json' }).end('{"done":true}'); });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sut`;
    try {
      expect(await triggerDriver({ webhook: url, timeoutMs: 5000 }).perform(action)).toEqual({ mode: 'trigger', ok: true, output: { done: true } });
      expect(received[0]).toMatchObject({ platform: 'kernel', action: 'call-identity', params: { n: 2 }, scenario: { id: 'p-1' } });
      status = 500;
      const failed = await triggerDriver({ webhook: url, timeoutMs: 5000 }).perform(action);
      expect(failed).toMatchObject({ ok: false, error: 'SUT webhook answered 500' });
    } finally {
      server.close();
    }
    const unreachable = await triggerDriver({ webhook: 'http://127.0.0.1:1/none', timeoutMs: 2000 }).perform(action);
    expect(unreachable.ok).toBe(false);
  });

  it('trigger mode needs exactly one of command or webhook', () => {
    expect(() => triggerDriver({ timeoutMs: 1 })).toThrow(/exactly one/);
    expect(() => triggerDriver({ command: 'x', webhook: 'y', timeoutMs: 1 })).toThrow(/exactly one/);
  });

  it('manual mode prints the instructions and parameters for the tester', async () => {
    const printed: string[] = [];
    expect(await manualDriver((t) => printed.push(t)).perform(action)).toEqual({ mode: 'manual', ok: true });
    expect(printed.join('')).toContain('Call the identity endpoint.');
    expect(printed.join('')).toContain('url: https://127.0.0.1:1/identity');
  });

  it('reference mode runs the action, reports a throwing client as a failure, and refuses unknown variants', async () => {
    const client: ReferenceClient = {
      variants: { broken: 'fails' },
      actions: { 'call-identity': async (p, variant) => { if (variant === 'broken') throw new Error('broken on purpose'); return { got: p.n }; } },
    };
    const load = async () => client;
    expect(await referenceDriver(load).perform(action)).toEqual({ mode: 'reference', ok: true, output: { got: 2 } });
    expect(await referenceDriver(load, 'broken').perform(action)).toEqual({ mode: 'reference', ok: false, error: 'broken on purpose' });
    await expect(referenceDriver(load, 'nope').perform(action)).rejects.toThrow(/has no variant "nope"/);
    await expect(referenceDriver(load).perform({ ...action, action: 'fly' })).rejects.toThrow(/cannot perform "fly"/);
  });
});
