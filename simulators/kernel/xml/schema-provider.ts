/**
 * The single libxml2 input provider of the process. It serves only the files that the schema
 * loader put on its allow-list for the duration of one compile; everything else is refused
 * (and recorded, so a compile that libxml2 would silently complete with a skipped import fails).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { xmlRegisterInputProvider, type XmlInputProvider } from 'libxml2-wasm';

const allowed = new Map<string, Uint8Array>();
const refused: string[] = [];
const open = new Map<number, { bytes: Uint8Array; pos: number }>();
let nextFd = 1;
let registered = false;

/** Canonical key of a resource id: URLs as written, file URLs and paths as normalised absolute POSIX paths. */
export function resourceKey(id: string): string {
  if (/^file:/i.test(id)) return path.posix.normalize(fileURLToPath(id));
  if (/^[a-zA-Z][a-zA-Z0-9+.-]+:/.test(id)) return id;
  return path.posix.normalize(id);
}

const provider: XmlInputProvider = {
  match(filename) {
    const ok = allowed.has(resourceKey(filename));
    if (!ok) refused.push(filename);
    return ok;
  },
  open(filename) {
    const bytes = allowed.get(resourceKey(filename));
    if (!bytes) return undefined;
    const fd = nextFd++;
    open.set(fd, { bytes, pos: 0 });
    return fd;
  },
  read(fd, buf) {
    const f = open.get(fd);
    if (!f) return -1;
    const n = Math.min(buf.length, f.bytes.length - f.pos);
    buf.set(f.bytes.subarray(f.pos, f.pos + n));
    f.pos += n;
    return n;
  },
  close(fd) {
    return open.delete(fd);
  },
};

/**
 * Runs `fn` while exactly `files` (key → bytes) may be read by libxml2. Returns what libxml2 asked
 * for but was refused. Synchronous, so no other compile can interleave.
 */
export function withAllowedResources<T>(files: ReadonlyMap<string, Uint8Array>, fn: () => T): { value: T; refused: string[] } {
  if (!registered) {
    if (!xmlRegisterInputProvider(provider)) throw new Error('libxml2 refused to register the govsim schema input provider');
    registered = true;
  }
  allowed.clear();
  refused.length = 0;
  for (const [k, v] of files) allowed.set(resourceKey(k), v);
  try {
    const value = fn();
    return { value, refused: [...refused] };
  } finally {
    allowed.clear();
    refused.length = 0;
    open.clear();
  }
}
