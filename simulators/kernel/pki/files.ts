/** File helpers for PKI material: atomic writes, private keys readable by the owner only. */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes atomically (temp file + rename). `secret` files get mode 0600. */
export function writeFileAtomic(path: string, data: string | Buffer, secret = false): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, data, { mode: secret ? 0o600 : 0o644 });
  if (secret) chmodSync(tmp, 0o600); // the umask may not narrow it, but must not widen it either
  renameSync(tmp, path);
}

export function readText(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
