import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../types.ts';
import { createRecorder, readEvidence, redact, REDACTED } from './index.ts';
import { runSurvivalCheck } from './survival.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'govsim-evidence-'));

describe('Recorder', () => {
  it('appends JSONL with seq, time from the clock and the scenario id', () => {
    const file = join(tmp(), 'evidence.jsonl');
    const r = createRecorder({ file, runId: 'run-1', clock: fixedClock('2026-01-02T03:04:05Z') });
    r.scenarioId = 'pickle-1';
    r.record({ kind: 'note', platform: 'selftest', summary: 'one' });
    r.record({ kind: 'note', platform: 'selftest', summary: 'two', scenarioId: 'other' });
    r.close();
    const { records, gaps, truncatedTail } = readEvidence(file);
    expect(records.map((x) => [x.seq, x.scenarioId, x.time])).toEqual([
      [1, 'pickle-1', '2026-01-02T03:04:05.000Z'],
      [2, 'other', '2026-01-02T03:04:05.000Z'],
    ]);
    expect(gaps).toEqual([]);
    expect(truncatedTail).toBe(false);
  });

  it('redacts secrets before anything reaches the file', () => {
    const file = join(tmp(), 'evidence.jsonl');
    const r = createRecorder({ file });
    r.record({
      kind: 'exchange', platform: 'selftest',
      request: {
        headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.secret.sig', 'x-admin-token': 'admintoken123' },
        body: 'grant_type=client_credentials&client_id=abc&client_secret=s3cr3t-value',
      },
      data: { passphrase: 'hunter22', kendeord: 'Kx7!pQ2m', form: 'personkode=1&kendeord=Zz9#aB1c', key: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----' },
    });
    r.close();
    const text = readFileSync(file, 'utf8');
    for (const secret of ['eyJhbGciOiJIUzI1NiJ9', 'admintoken123', 's3cr3t-value', 'hunter22', 'MIIEvQIBADANBg', 'Kx7!pQ2m', 'Zz9#aB1c']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('client_id=abc');
    expect(text).toContain(REDACTED);
  });

  it('redaction keeps ordinary data intact', () => {
    const v = { oin: '00000099000000000001', nested: [{ status: 200, note: 'Bearer' }] };
    expect(redact(v)).toEqual(v);
  });

  it('query filters by platform, kind, scenario, text and since', () => {
    const r = createRecorder();
    r.record({ kind: 'exchange', platform: 'a', summary: 'Ping' });
    r.record({ kind: 'fault', platform: 'b', summary: 'drop' });
    r.record({ kind: 'exchange', platform: 'b', summary: 'pong', scenarioId: 's1' });
    expect(r.query({ platform: 'b' }).map((x) => x.seq)).toEqual([2, 3]);
    expect(r.query({ kind: 'exchange', text: 'PONG' }).map((x) => x.seq)).toEqual([3]);
    expect(r.query({ sinceSeq: 1, scenarioId: 's1' }).map((x) => x.seq)).toEqual([3]);
    expect(r.query({ limit: 1 }).map((x) => x.seq)).toEqual([3]);
  });

  it('readEvidence reports a torn last line and seq gaps', async () => {
    const { writeFileSync } = await import('node:fs');
    const file = join(tmp(), 'evidence.jsonl');
    writeFileSync(file, [
      JSON.stringify({ seq: 1, runId: 'r', time: 't', kind: 'note', platform: 'p' }),
      JSON.stringify({ seq: 3, runId: 'r', time: 't', kind: 'note', platform: 'p' }),
      '{"seq":4,"ru',
    ].join('\n'));
    const res = readEvidence(file);
    expect(res.records).toHaveLength(2);
    expect(res.truncatedTail).toBe(true);
    expect(res.gaps).toEqual([{ runId: 'r', afterSeq: 1, nextSeq: 3 }]);
  });
});

describe('evidence survives SIGKILL', () => {
  it('every acknowledged record of a 10k-record run is readable after kill -9', async () => {
    const file = join(tmp(), 'evidence.jsonl');
    const res = await runSurvivalCheck({ file, records: 10_000, killAfter: 6_000 });
    expect(res.killed).toBe(true);
    expect(res.acknowledged).toBeGreaterThanOrEqual(6_000);
    expect(res.acknowledged).toBeLessThan(10_000);
    expect(res.lost).toEqual([]);
    expect(res.gaps).toBe(0);
    expect(res.found).toBeGreaterThanOrEqual(res.acknowledged);
    expect(readFileSync(file, 'utf8')).not.toContain('survival-secret-token');
  });

  it('negative control: a buffering writer loses acknowledged records and the check says so', async () => {
    const file = join(tmp(), 'evidence.jsonl');
    const res = await runSurvivalCheck({ file, records: 10_000, killAfter: 6_000, writer: 'buffered' });
    expect(res.killed).toBe(true);
    expect(res.lost.length).toBeGreaterThan(0);
  });
});
