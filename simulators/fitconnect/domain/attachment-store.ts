/**
 * Where uploaded (still encrypted) attachments go. The domain streams chunks into a writer
 * and commits only after the JWE checked out; the transport can plug in a file-backed store
 * so large attachments never sit in memory. The in-memory store is for tests and demos.
 */

export interface AttachmentKey {
  submissionId: string;
  attachmentId: string;
}

export interface AttachmentWriter {
  write(chunk: Uint8Array): void | Promise<void>;
  /** Makes the upload visible, replacing an earlier upload under the same key. */
  commit(): void | Promise<void>;
  /** Discards the partial upload. */
  abort(): void | Promise<void>;
}

export interface AttachmentStore {
  begin(key: AttachmentKey): AttachmentWriter;
  /** The stored compact JWE as chunks, or undefined. */
  read(key: AttachmentKey): AsyncIterable<Uint8Array> | undefined;
  delete(key: AttachmentKey): void | Promise<void>;
}

export class MemoryAttachmentStore implements AttachmentStore {
  readonly #data = new Map<string, Uint8Array[]>();

  begin(key: AttachmentKey): AttachmentWriter {
    const chunks: Uint8Array[] = [];
    return {
      write: (c) => { chunks.push(new Uint8Array(c)); },
      commit: () => { this.#data.set(id(key), chunks); },
      abort: () => { chunks.length = 0; },
    };
  }

  read(key: AttachmentKey): AsyncIterable<Uint8Array> | undefined {
    const chunks = this.#data.get(id(key));
    if (!chunks) return undefined;
    return (async function* () { yield* chunks; })();
  }

  delete(key: AttachmentKey): void {
    this.#data.delete(id(key));
  }

  /** Bytes held (for tests and the dashboard). */
  size(): number {
    let n = 0;
    for (const cs of this.#data.values()) for (const c of cs) n += c.length;
    return n;
  }
}

/** Discards content after validation: for load tests where only verdicts matter. */
export class DiscardingAttachmentStore implements AttachmentStore {
  begin(): AttachmentWriter {
    return { write: () => {}, commit: () => {}, abort: () => {} };
  }
  read(): undefined {
    return undefined;
  }
  delete(): void {}
}

const id = (k: AttachmentKey): string => `${k.submissionId}/${k.attachmentId}`;
