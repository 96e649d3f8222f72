/** Test helpers: a small in-memory Simulator and a started admin server over real kernel parts. */
import { Recorder } from '../evidence/index.ts';
import { FaultStore } from '../faults/rules.ts';
import type { Simulator } from '../types.ts';
import { createAdminServer, type AdminServer, type AdminServerOptions } from './server.ts';

export interface FakeSimulator extends Simulator {
  seeded: unknown[];
  resets: number;
}

/** A simulator whose seed() refuses `{ reject: true }` with a domain code and throws a bug on `{ crash: true }`. */
export function fakeSimulator(platform: string, urls: Record<string, string>): FakeSimulator {
  const sim: FakeSimulator = {
    platform,
    seeded: [],
    resets: 0,
    start: async () => undefined,
    stop: async () => undefined,
    urls: () => urls,
    admin: {
      reset: () => { sim.resets++; sim.seeded = []; },
      seed: (data) => {
        const d = data as { reject?: boolean; crash?: boolean };
        if (d?.reject) throw Object.assign(new Error('destination id is not a UUID'), { code: 'FAKE_BAD_DESTINATION' });
        if (d?.crash) throw new TypeError('cannot read properties of undefined');
        sim.seeded.push(data);
        return { added: sim.seeded.length };
      },
      state: () => ({ seeded: sim.seeded.length, resets: sim.resets }),
    },
  };
  return sim;
}

export const TEST_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestAdmin {
  server: AdminServer;
  url: string;
  recorder: Recorder;
  faults: FaultStore;
  sims: FakeSimulator[];
  /** fetch with the bearer token. */
  call(path: string, init?: RequestInit): Promise<Response>;
}

export async function startTestAdmin(overrides: Partial<AdminServerOptions> = {}): Promise<TestAdmin> {
  const recorder = new Recorder({ runId: 'run-test-0001' });
  const faults = new FaultStore();
  const sims = [
    fakeSimulator('fitconnect', { api: 'http://127.0.0.1:9/submission-api', portal: 'http://127.0.0.1:9/portal' }),
    fakeSimulator('cpr', { protocol: 'https://127.0.0.1:9' }),
  ];
  const server = createAdminServer({ recorder, faults, simulators: () => sims, token: TEST_TOKEN, version: '9.9.9-test', ...overrides });
  const url = await server.listen(0);
  const call = (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${TEST_TOKEN}`);
    return fetch(url + path, { ...init, headers });
  };
  return { server, url, recorder, faults, sims, call };
}

export interface SseEvent { id?: string; event?: string; data: string }

export interface SseClient {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  events: SseEvent[];
  comments: string[];
  /** Resolves once `pred` holds over what was received, or rejects after `timeoutMs`. */
  waitFor(pred: () => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** A minimal Server-Sent Events reader over node:http (Node 20 has no EventSource). */
export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const events: SseEvent[] = [];
      const comments: string[] = [];
      const waiters = new Set<() => void>();
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const ev: SseEvent = { data: '' };
          let hasField = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) { comments.push(line.slice(1).trim()); continue; }
            const i = line.indexOf(':');
            const field = i < 0 ? line : line.slice(0, i);
            const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
            if (field === 'data') { ev.data += (hasField && ev.data ? '\n' : '') + value; hasField = true; }
            else if (field === 'id') ev.id = value;
            else if (field === 'event') ev.event = value;
          }
          if (hasField) events.push(ev);
        }
        for (const w of waiters) w();
      });
      res.on('error', () => undefined);
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        comments,
        waitFor(pred, timeoutMs = 3000) {
          return new Promise<void>((ok, fail) => {
            if (pred()) { ok(); return; }
            const check = (): void => {
              if (!pred()) return;
              waiters.delete(check); clearTimeout(timer); ok();
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`SSE condition not met within ${timeoutMs} ms; got ${events.length} events, ${comments.length} comments`));
            }, timeoutMs);
            waiters.add(check);
          });
        },
        close: () => { req.destroy(); },
      });
    });
    req.on('error', reject);
    req.end();
  });
}
