/**
 * File-backed attachment store: uploads stream into a temporary file and are renamed into
 * place on commit, so a 500 MB attachment never sits in memory. One directory per
 * simulator instance, removed on `dispose()`.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { AttachmentKey, AttachmentStore, AttachmentWriter } from '../domain/index.ts';

const SAFE_ID = /^[0-9a-f-]{36}$/i;

export class FileAttachmentStore implements AttachmentStore {
  readonly dir: string;
  #seq = 0;
  readonly #committed = new Set<string>();

  constructor(parent = tmpdir()) {
    this.dir = mkdtempSync(join(parent, 'govsim-fitconnect-attachments-'));
  }

  #file(key: AttachmentKey): string {
    if (!SAFE_ID.test(key.submissionId) || !SAFE_ID.test(key.attachmentId)) throw new Error('attachment key must be two UUIDs');
    return join(this.dir, `${key.submissionId.toLowerCase()}_${key.attachmentId.toLowerCase()}.jwe`);
  }

  begin(key: AttachmentKey): AttachmentWriter {
    const target = this.#file(key);
    const partial = join(this.dir, `upload-${++this.#seq}.part`);
    let out: WriteStream | undefined;
    const stream = (): WriteStream => (out ??= createWriteStream(partial, { flags: 'w', mode: 0o600 }));
    const close = async (): Promise<void> => {
      const s = stream();
      if (s.closed) return;
      s.end();
      await once(s, 'close');
    };
    return {
      write: async (chunk) => {
        const s = stream();
        // Back-pressure: wait for the file to drain before accepting more of the request body.
        if (!s.write(chunk)) await once(s, 'drain');
      },
      commit: async () => {
        await close();
        await rename(partial, target);
        this.#committed.add(target);
      },
      abort: async () => {
        await close();
        await unlink(partial).catch(() => undefined);
      },
    };
  }

  read(key: AttachmentKey): AsyncIterable<Uint8Array> | undefined {
    const file = this.#file(key);
    return this.#committed.has(file) ? createReadStream(file, { highWaterMark: 64 * 1024 }) : undefined;
  }

  async delete(key: AttachmentKey): Promise<void> {
    const file = this.#file(key);
    this.#committed.delete(file);
    await unlink(file).catch(() => undefined);
  }

  /** Removes the directory and everything in it. */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
