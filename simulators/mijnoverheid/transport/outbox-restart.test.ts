/**
 * Reliability: ebMS retries of MijnOverheid survive a restart of the simulator. A foutbericht
 * that the SUT refused with HTTP 503 stays pending in the reliable outbox; a new simulator
 * instance on the same dataDir resends it (same MessageId) once RetryInterval has passed on the
 * injected clock, and stops once the SUT acknowledges it. Variants: graceful stop, and a
 * "crash" (the old instance is never stopped, the journal ends in a torn line). Negative
 * control: without a dataDir the new instance has nothing to resend.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRecorder, type EvidenceRecord, type Recorder } from '../../kernel/evidence/index.ts';
import { FaultStore } from '../../kernel/faults/rules.ts';
import { fixedClock, type Clock } from '../../kernel/types.ts';
import { createMijnOverheidSimulator, type MijnOverheidSimulator } from '../index.ts';
import { ReferenceAdapter } from '../reference/adapter.ts';
import { AFZENDER_ID, SUT_OIN, sharedPki, sutCredentials, zaak } from '../testkit.ts';
import { readJournalText, recoverOutbox } from './outbox-journal.ts';

const INTERVAL_MS = 60_000;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const until = async (what: string, f: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

interface Instance { sim: MijnOverheidSimulator; recorder: Recorder }

async function startSim(o: { clock: Clock; dataDir?: string; port?: number }): Promise<Instance> {
  const recorder = createRecorder({ keepInMemory: 10_000 });
  const ctx = { recorder, faults: new FaultStore(), pki: await sharedPki(), clock: o.clock, host: '127.0.0.1' };
  const sim = createMijnOverheidSimulator({ ...ctx, ...(o.dataDir ? { dataDir: o.dataDir } : {}), ...(o.port ? { ports: { https: o.port } } : {}) });
  await sim.start();
  let stopped = false;
  const stop = sim.stop.bind(sim);
  sim.stop = async () => { if (!stopped) { stopped = true; await stop(); } };
  cleanups.push(() => sim.stop());
  sim.mijnoverheid.addAfzender(SUT_OIN, AFZENDER_ID);
  sim.mijnoverheid.registerAccount('999993847');
  return { sim, recorder };
}

/** The reference SUT; while `down` is set its endpoint answers business messages (multipart) with HTTP 503. */
async function startSut() {
  const creds = await sutCredentials(await sharedPki());
  const adapter = new ReferenceAdapter({ partyName: 'Gemeente Proefstad', partyId: `${SUT_OIN}_OTA`, afzenderId: AFZENDER_ID, ...creds, ca: creds.ca.length ? [creds.ca.join('')] : [] });
  await adapter.start();
  cleanups.push(() => adapter.close());
  const server = (adapter as unknown as { server: Server }).server;
  const handlers = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  const sut = { adapter, down: true, refused: 0 };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (sut.down && String(req.headers['content-type']).startsWith('multipart/related')) {
      sut.refused += 1;
      req.resume();
      res.writeHead(503, { 'retry-after': '60' });
      res.end();
      return;
    }
    for (const h of handlers) h.call(server, req, res);
  });
  return sut;
}

type AttemptData = { ebms?: { event?: string; messageId?: string; attempt?: number; status?: number; outcome?: string } };
const attempts = (r: Recorder, id: string) => r.query({ kind: 'note' })
  .map((n: EvidenceRecord) => (n.data as AttemptData | undefined)?.ebms)
  .filter((e): e is NonNullable<AttemptData['ebms']> => e?.event === 'attempt' && e.messageId === id);

/** First life: the SUT sends a zaak for a BSN without account; the foutbericht back is refused with 503 and stays pending. */
async function firstLife(o: { dataDir?: string; syncReplyMode?: 'mshSignalsOnly' }) {
  const clock = fixedClock(new Date());
  const one = await startSim({ clock, dataDir: o.dataDir });
  const sut = await startSut();
  await sut.adapter.registerCpa(`${one.sim.urls().cpaRegister}?retryInterval=PT1M&retries=3${o.syncReplyMode ? `&syncReplyMode=${o.syncReplyMode}` : ''}`);
  const r = await sut.adapter.sendZaak(zaak({ bsn: '999993653' }), '00000004003214345001');
  expect(r.acknowledged).toBe(true);
  const entry = () => one.sim.mijnoverheid.state.outbox.list()[0];
  await until('first attempt refused with 503', () => entry()?.attempts === 1 && entry().lastError === 'HTTP 503');
  const e = entry();
  expect(e).toMatchObject({ state: 'pending', attempts: 1, lastError: 'HTTP 503', payload: { action: 'foutbericht' } });
  expect(sut.refused).toBe(1);
  expect(attempts(one.recorder, e.messageId)).toEqual([expect.objectContaining({ attempt: 1, status: 503, outcome: 'retryable' })]);
  return { clock, one, sut, messageId: e.messageId, cpaId: e.cpaId, port: Number(new URL(one.sim.urls().https).port) };
}

async function resendsOnce(two: Instance, clock: ReturnType<typeof fixedClock>, sut: Awaited<ReturnType<typeof startSut>>, messageId: string) {
  const entry = () => two.sim.mijnoverheid.state.outbox.get(messageId);
  // Not due yet on the injected clock: nothing goes out.
  await two.sim.mijnoverheid.pump();
  expect(attempts(two.recorder, messageId)).toEqual([]);
  clock.advance(INTERVAL_MS + 1_000);
  await two.sim.mijnoverheid.pump();
  expect(attempts(two.recorder, messageId)).toEqual([expect.objectContaining({ attempt: 2, outcome: 'sent' })]);
  await until('SUT acknowledged the resent foutbericht', () => entry()?.state === 'acknowledged');
  expect(two.sim.mijnoverheid.state.sent.get(messageId)?.acknowledgedAt).toBeDefined();
  await until('SUT zaaksysteem has the foutbericht', () => sut.adapter.zaaksysteem.get('ZAAK-2026-0001')?.state === 'foutbericht');
  expect(sut.adapter.zaaksysteem.get('ZAAK-2026-0001')?.foutcode).toBe('LZ_BSN_NO_ACCOUNT');
  // Acknowledged: later intervals send nothing more.
  for (let i = 0; i < 4; i++) {
    clock.advance(INTERVAL_MS * 2);
    await two.sim.mijnoverheid.pump();
  }
  expect(attempts(two.recorder, messageId)).toHaveLength(1);
  expect(sut.refused).toBe(1);
}

describe('MijnOverheid reliable outbox across a restart (dataDir)', () => {
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'govsim-outbox-'));
    cleanups.push(() => rmSync(d, { recursive: true, force: true }));
    return d;
  };

  it('graceful stop → new instance on the same dataDir resends the pending foutbericht with the same MessageId, once', async () => {
    const dataDir = tempDir();
    const { clock, one, sut, messageId, cpaId, port } = await firstLife({ dataDir });
    const file = join(dataDir, 'mijnoverheid', 'outbox.jsonl');
    expect(readJournalText(readFileSync(file, 'utf8')).lines.map((l) => l.t)).toEqual(['cpa', 'enqueued', 'attempt', 'outcome']);
    await one.sim.stop();

    sut.down = false;
    // Same port: asynchronous acknowledgments go to the EndpointUri of the CPA.
    const clock2 = fixedClock(clock.now());
    const two = await startSim({ clock: clock2, dataDir, port });
    const st = two.sim.mijnoverheid.state;
    expect(st.outbox.get(messageId)).toMatchObject({ state: 'pending', attempts: 1, lastError: 'HTTP 503', retries: 3, retryIntervalMs: INTERVAL_MS });
    expect(st.outbox.get(messageId)!.payload.body.toString('latin1')).toContain(`<eb:MessageId>${messageId}</eb:MessageId>`);
    expect(st.sent.get(messageId)).toMatchObject({ action: 'foutbericht', cpaId });
    expect(st.findCpa(cpaId)).toBeDefined();
    const restoredNote = two.recorder.query({ kind: 'note' }).find((n) => (n.data as { outbox?: { event?: string } })?.outbox?.event === 'restored');
    expect(restoredNote?.data).toMatchObject({ outbox: { messageIds: [messageId], tornTail: false, skipped: [] } });
    await resendsOnce(two, clock2, sut, messageId);
    await two.sim.stop();

    // The acknowledgment is journaled too: a further restart has nothing to resend.
    const four = await startSim({ clock: fixedClock(clock2.now()), dataDir });
    expect(four.sim.mijnoverheid.state.outbox.list()).toEqual([]);
    expect(recoverOutbox(readJournalText(readFileSync(file, 'utf8'))).entries).toEqual([]);
  });

  it('crash (no stop, torn last line) → new instance on the same dataDir resends once; synchronous acknowledgment', async () => {
    const dataDir = tempDir();
    const { clock, sut, messageId, cpaId } = await firstLife({ dataDir, syncReplyMode: 'mshSignalsOnly' });
    const file = join(dataDir, 'mijnoverheid', 'outbox.jsonl');
    // The old instance is dropped, not stopped (it keeps its port and fd until the test ends),
    // and the process "died" in the middle of writing a line.
    appendFileSync(file, '{"v":1,"t":"attempt","at":"2026-');

    sut.down = false;
    const clock2 = fixedClock(clock.now());
    const two = await startSim({ clock: clock2, dataDir });
    const st = two.sim.mijnoverheid.state;
    expect(st.outbox.get(messageId)).toMatchObject({ state: 'pending', attempts: 1, lastError: 'HTTP 503' });
    expect(st.findCpa(cpaId)).toBeDefined();
    const restoredNote = two.recorder.query({ kind: 'note' }).find((n) => (n.data as { outbox?: { event?: string } })?.outbox?.event === 'restored');
    expect(restoredNote?.data).toMatchObject({ outbox: { messageIds: [messageId], tornTail: true, skipped: [] } });
    expect(restoredNote?.verdicts ?? []).toEqual([]);
    // Compacted on start: the torn line is gone, the file is whole again.
    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(readJournalText(text)).toMatchObject({ tornTail: false, skipped: [] });

    await resendsOnce(two, clock2, sut, messageId);
  });

  it('negative control: without a dataDir the new instance has nothing to resend', async () => {
    const { clock, one, sut, messageId } = await firstLife({});
    await one.sim.stop();
    sut.down = false;
    const clock2 = fixedClock(clock.now());
    const two = await startSim({ clock: clock2 });
    expect(two.sim.mijnoverheid.state.outbox.list()).toEqual([]);
    expect(two.sim.mijnoverheid.state.sent.size).toBe(0);
    clock2.advance(INTERVAL_MS * 3);
    await two.sim.mijnoverheid.pump();
    expect(attempts(two.recorder, messageId)).toEqual([]);
    expect(sut.adapter.zaaksysteem.get('ZAAK-2026-0001')?.state).not.toBe('foutbericht');
  });

  it('an admin reset empties the journal as well', async () => {
    const dataDir = tempDir();
    const { one } = await firstLife({ dataDir });
    await one.sim.admin!.reset!();
    await one.sim.stop();
    const two = await startSim({ clock: fixedClock(new Date()), dataDir });
    expect(two.sim.mijnoverheid.state.outbox.list()).toEqual([]);
  });
});

describe('outbox journal reading', () => {
  it('ignores a torn last line, reports an unreadable line elsewhere and progress for unknown messages', () => {
    const good = '{"v":1,"t":"attempt","at":"2026-01-01T00:00:00.000Z","progress":{"messageId":"m1","attempts":1,"state":"pending","nextAt":"2026-01-01T00:01:00.000Z"}}\n';
    const torn = readJournalText(good + '{"v":1,"t":"outc');
    expect(torn).toMatchObject({ tornTail: true, skipped: [] });
    expect(torn.lines).toHaveLength(1);
    const mid = readJournalText('garbage\n' + good + '{"v":2,"t":"attempt"}\n');
    expect(mid.tornTail).toBe(false);
    expect(mid.skipped.map((s) => s.line)).toEqual([1, 3]);
    const r = recoverOutbox(mid);
    expect(r.entries).toEqual([]);
    expect(r.skipped.map((s) => s.line)).toEqual([1, 2, 3]);
    expect(r.skipped[1].reason).toContain('never enqueued');
    expect(readJournalText('')).toEqual({ lines: [], lineNumbers: [], tornTail: false, skipped: [] });
  });
});
