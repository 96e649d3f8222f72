/**
 * The reference adapter as a background process, for `govsim run --sut trigger --sut-command
 * "govsim reference-client"`: each trigger command lives for one action, but the adapter's
 * endpoint (the CPA EndpointUri) must keep answering MijnOverheid between actions. remote.ts
 * starts this process detached; it performs the actions it is sent over a loopback control
 * channel (bearer token from its state file), and exits on `stop-adapter` or after being idle.
 *
 * Environment: GOVSIM_ADAPTER_DIR (state folder: adapter.json, adapter.log), GOVSIM_ADAPTER_IDLE_MS.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { writeFileSync, renameSync } from 'node:fs';
import { tokensEqual } from '../../kernel/admin/auth.ts';
import { localActions } from './local.ts';

const dir = process.env.GOVSIM_ADAPTER_DIR;
if (!dir) throw new Error('GOVSIM_ADAPTER_DIR is not set');
const idleMs = Number(process.env.GOVSIM_ADAPTER_IDLE_MS ?? 10 * 60_000);
const token = randomBytes(24).toString('base64url');
let idle: NodeJS.Timeout | undefined;
let busy = 0;

const server = createServer((req, res) => {
  void handle(req).then(
    (out) => { res.writeHead(out.status, { 'content-type': 'application/json' }); res.end(JSON.stringify(out.body)); },
    (err: Error) => { res.writeHead(500, { 'content-type': 'application/json' }); res.end(JSON.stringify({ ok: false, error: err.message })); },
  );
});

async function handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
  const auth = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (req.method !== 'POST' || req.url !== '/action') return { status: 404, body: { ok: false, error: 'POST /action only' } };
  if (!auth || !tokensEqual(auth, token)) return { status: 401, body: { ok: false, error: 'bad token' } };
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const { action, params, variant } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { action: string; params: Record<string, unknown>; variant?: string };
  busy++;
  clearTimeout(idle);
  try {
    if (action === 'stop-adapter') {
      setImmediate(() => void shutdown(0));
      return { status: 200, body: { ok: true, result: { stopped: true } } };
    }
    const fn = localActions[action];
    if (!fn) return { status: 400, body: { ok: false, error: `unknown action ${action}` } };
    try {
      return { status: 200, body: { ok: true, result: await fn(params, variant) } };
    } catch (err) {
      return { status: 200, body: { ok: false, error: (err as Error).message } };
    }
  } finally {
    busy--;
    armIdle();
  }
}

function armIdle(): void {
  clearTimeout(idle);
  idle = setTimeout(() => { if (busy === 0) void shutdown(0); }, idleMs);
}

async function shutdown(code: number): Promise<void> {
  console.log(`${new Date().toISOString()} background adapter pid ${process.pid} stopping`);
  await localActions['stop-adapter']({}, undefined).catch(() => undefined);
  server.close();
  process.exit(code);
}

process.on('SIGTERM', () => void shutdown(0));
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  const state = join(dir, 'adapter.json');
  writeFileSync(`${state}.tmp`, JSON.stringify({ pid: process.pid, controlUrl: `http://127.0.0.1:${port}/action`, token }), { mode: 0o600 });
  renameSync(`${state}.tmp`, state);
  console.log(`${new Date().toISOString()} background adapter pid ${process.pid} listening for actions (idle timeout ${idleMs} ms)`);
  armIdle();
});
