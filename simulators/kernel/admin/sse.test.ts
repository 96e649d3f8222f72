import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceRecord } from '../evidence/index.ts';
import { openEventStream, startTestAdmin, TEST_TOKEN, type TestAdmin } from './testkit.ts';
import { resumeSeq } from './sse.ts';

let t: TestAdmin;
beforeAll(async () => { t = await startTestAdmin({ heartbeatMs: 40 }); });
afterAll(async () => { await t.server.close(); });

const auth = { authorization: `Bearer ${TEST_TOKEN}` };
const parse = (data: string): EvidenceRecord => JSON.parse(data) as EvidenceRecord;

describe('GET /admin/events', () => {
  it('delivers a record recorded after connecting, with a resumable id', async () => {
    const s = await openEventStream(`${t.url}/admin/events`, auth);
    try {
      expect(s.status).toBe(200);
      expect(s.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      const rec = t.recorder.record({ kind: 'exchange', platform: 'fitconnect', summary: 'after connect' });
      await s.waitFor(() => s.events.length >= 1);
      expect(s.events[0]).toMatchObject({ event: 'record', id: `run-test-0001:${rec.seq}` });
      expect(parse(s.events[0].data)).toEqual(rec);
    } finally {
      s.close();
    }
  });

  it('accepts the token as ?token= and refuses a wrong one', async () => {
    const ok = await openEventStream(`${t.url}/admin/events?token=${encodeURIComponent(TEST_TOKEN)}`);
    ok.close();
    expect(ok.status).toBe(200);
    const bad = await openEventStream(`${t.url}/admin/events?token=nope`);
    bad.close();
    expect(bad.status).toBe(401);
  });

  it('replays records after ?since, and Last-Event-ID takes precedence', async () => {
    const a = t.recorder.record({ kind: 'note', platform: 'cpr', summary: 'a' });
    const b = t.recorder.record({ kind: 'note', platform: 'cpr', summary: 'b' });
    const s1 = await openEventStream(`${t.url}/admin/events?since=${a.seq - 1}`, auth);
    await s1.waitFor(() => s1.events.length >= 2);
    s1.close();
    expect(s1.events.map((e) => parse(e.data).summary).slice(0, 2)).toEqual(['a', 'b']);
    const s2 = await openEventStream(`${t.url}/admin/events?since=0`, { ...auth, 'last-event-id': `run-test-0001:${a.seq}` });
    await s2.waitFor(() => s2.events.length >= 1);
    s2.close();
    expect(parse(s2.events[0].data).seq).toBe(b.seq);
  });

  it('filters by platform', async () => {
    const s = await openEventStream(`${t.url}/admin/events?platform=cpr`, auth);
    try {
      t.recorder.record({ kind: 'note', platform: 'fitconnect', summary: 'other' });
      t.recorder.record({ kind: 'note', platform: 'cpr', summary: 'mine' });
      await s.waitFor(() => s.events.length >= 1);
      expect(s.events.map((e) => parse(e.data).summary)).toEqual(['mine']);
    } finally {
      s.close();
    }
  });

  it('sends heartbeat comments', async () => {
    const s = await openEventStream(`${t.url}/admin/events`, auth);
    await s.waitFor(() => s.comments.includes('heartbeat'), 2000);
    s.close();
  });

  it('removes its recorder listener when the client disconnects', async () => {
    const listeners = (): number => t.recorder.listenerCount('record');
    const settle = async (n: number): Promise<void> => {
      const deadline = Date.now() + 2000;
      while (listeners() !== n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    };
    await settle(0); // streams of earlier tests finish closing
    expect(listeners()).toBe(0);
    const s = await openEventStream(`${t.url}/admin/events`, auth);
    expect(listeners()).toBe(1);
    s.close();
    await settle(0);
    expect(listeners()).toBe(0);
  });

  it('refuses unknown query parameters', async () => {
    const s = await openEventStream(`${t.url}/admin/events?platfrom=cpr`, auth);
    s.close();
    expect(s.status).toBe(400);
  });
});

describe('server close with open streams', () => {
  it('ends event streams and resolves', async () => {
    const other = await startTestAdmin();
    const s = await openEventStream(`${other.url}/admin/events`, auth);
    const start = Date.now();
    await other.server.close();
    expect(Date.now() - start).toBeLessThan(2000);
    expect(other.recorder.listenerCount('record')).toBe(0);
    s.close();
  });
});

describe('resumeSeq', () => {
  it('resumes within the same run, restarts for another run, ignores junk', () => {
    expect(resumeSeq('run-1:42', 'run-1')).toBe(42);
    expect(resumeSeq('run-0:42', 'run-1')).toBe(0);
    expect(resumeSeq('42', 'run-1')).toBeUndefined();
    expect(resumeSeq(undefined, 'run-1')).toBeUndefined();
  });
});
