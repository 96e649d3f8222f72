import { existsSync, readdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FileAttachmentStore } from './file-attachment-store.ts';

async function readAll(it: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of it) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

describe('FileAttachmentStore', () => {
  it('streams chunks to a file, shows them only after commit, discards aborted uploads and cleans up', async () => {
    const store = new FileAttachmentStore();
    const key = { submissionId: randomUUID(), attachmentId: randomUUID() };
    const w = store.begin(key);
    for (let i = 0; i < 50; i++) await w.write(Buffer.alloc(64 * 1024, i));
    expect(store.read(key)).toBeUndefined();
    await w.commit();
    const back = await readAll(store.read(key)!);
    expect(back.length).toBe(50 * 64 * 1024);
    expect(back[64 * 1024 * 49]).toBe(49);

    const aborted = store.begin({ submissionId: key.submissionId, attachmentId: randomUUID() });
    await aborted.write(Buffer.from('partial'));
    await aborted.abort();
    expect(readdirSync(store.dir)).toHaveLength(1);

    await store.delete(key);
    expect(store.read(key)).toBeUndefined();
    expect(() => store.begin({ submissionId: '../../etc', attachmentId: randomUUID() })).toThrow(/two UUIDs/);
    store.dispose();
    expect(existsSync(store.dir)).toBe(false);
  });
});
