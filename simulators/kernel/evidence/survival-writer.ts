// Child process of runSurvivalCheck: writes records in small batches and, after each
// record's write call has returned, acknowledges its seq to the parent over IPC.
import { writeSync, openSync } from 'node:fs';
import { createRecorder } from './recorder.ts';

const [file, countText, writer] = process.argv.slice(2);
const count = Number(countText);
const BATCH = 50;
const input = (i: number) => ({
  kind: 'exchange' as const,
  platform: 'selftest',
  summary: `survival record ${i}`,
  request: { method: 'POST', url: `/survival/${i}`, headers: { authorization: 'Bearer survival-secret-token' }, body: 'x'.repeat(200) },
  response: { status: 200 },
});

let write: (i: number) => number;
let finish: () => void;
if (writer === 'buffered') {
  // Negative control: a batching writer that acknowledges records still held in memory.
  const fd = openSync(file, 'a');
  let buffer: string[] = [];
  const flush = () => { writeSync(fd, buffer.join('')); buffer = []; };
  write = (i) => {
    buffer.push(JSON.stringify({ seq: i, runId: 'buffered', time: new Date().toISOString(), ...input(i) }) + '\n');
    if (buffer.length >= 4096) flush();
    return i;
  };
  finish = () => setTimeout(flush, 5000);
} else {
  const recorder = createRecorder({ file });
  write = (i) => recorder.record(input(i)).seq;
  finish = () => recorder.close();
}

let i = 1;
function batch(): void {
  for (const end = Math.min(count, i + BATCH - 1); i <= end; i++) process.send!(write(i));
  if (i <= count) setImmediate(batch);
  else finish();
}
batch();
