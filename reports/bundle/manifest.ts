import type { SignatureAlgorithm } from '../model/types.ts';
import { REPORT_JSON_FILE } from './files.ts';

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const SIGNER_FILE = 'signer.pem';
/** Files that authenticate the bundle and are therefore not listed in the manifest. */
export const CONTROL_FILES: readonly string[] = [MANIFEST_FILE, SIGNATURE_FILE, SIGNER_FILE];
/** Files every bundle must list. */
export const REQUIRED_FILES: readonly string[] = [REPORT_JSON_FILE];

export interface ManifestEntry {
  path: string;
  sha256: string;
  bytes: number;
}

export interface Manifest {
  manifestVersion: 1;
  algorithm: 'SHA-256';
  files: ManifestEntry[];
  createdAt: string;
  signer: {
    certificateSha256: string;
    publicKeySha256: string;
    subject: string;
    signatureAlgorithm: SignatureAlgorithm;
    /** SHA-256 of the exact bytes of signer.pem, so the chain cannot be swapped unnoticed. */
    chainSha256: string;
  };
}

/** manifest.json bytes: files sorted by path, two-space indentation, final newline. */
export function serializeManifest(m: Manifest): Buffer {
  const sorted: Manifest = { ...m, files: [...m.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
  return Buffer.from(JSON.stringify(sorted, null, 2) + '\n', 'utf8');
}

const HEX64 = /^[0-9a-f]{64}$/;
const ALGORITHMS: readonly string[] = ['Ed25519', 'RSA-PSS-SHA256', 'ECDSA-SHA256'];

/** A bundle-relative path that cannot leave the bundle directory. */
export function isSafeBundlePath(p: string): boolean {
  return p !== '' && !p.startsWith('/') && !p.includes('\\') && !p.includes('\0')
    && p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

/** Parses and checks manifest.json; returns the manifest or the reasons it is malformed. */
export function parseManifest(bytes: Uint8Array): { manifest?: Manifest; problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    return { problems: [`not JSON: ${(err as Error).message}`] };
  }
  const problems: string[] = [];
  const m = raw as Partial<Manifest> | null;
  if (!m || typeof m !== 'object') return { problems: ['not an object'] };
  if (m.manifestVersion !== 1) problems.push(`manifestVersion ${JSON.stringify(m.manifestVersion)} is not supported`);
  if (m.algorithm !== 'SHA-256') problems.push(`algorithm ${JSON.stringify(m.algorithm)} is not SHA-256`);
  if (typeof m.createdAt !== 'string' || Number.isNaN(Date.parse(m.createdAt))) problems.push('createdAt is not a date-time');
  const s = m.signer;
  if (!s || typeof s !== 'object') problems.push('signer is missing');
  else {
    if (typeof s.certificateSha256 !== 'string' || !HEX64.test(s.certificateSha256)) problems.push('signer.certificateSha256 is not a SHA-256 hex');
    if (typeof s.publicKeySha256 !== 'string' || !HEX64.test(s.publicKeySha256)) problems.push('signer.publicKeySha256 is not a SHA-256 hex');
    if (typeof s.chainSha256 !== 'string' || !HEX64.test(s.chainSha256)) problems.push('signer.chainSha256 is not a SHA-256 hex');
    if (typeof s.subject !== 'string') problems.push('signer.subject is missing');
    if (!ALGORITHMS.includes(s.signatureAlgorithm as string)) problems.push(`signer.signatureAlgorithm ${JSON.stringify(s.signatureAlgorithm)} is not supported`);
  }
  if (!Array.isArray(m.files)) problems.push('files is not an array');
  else {
    const seen = new Set<string>();
    for (const f of m.files as unknown[]) {
      const e = f as Partial<ManifestEntry> | null;
      if (!e || typeof e.path !== 'string' || !isSafeBundlePath(e.path)) {
        problems.push(`file entry ${JSON.stringify(e?.path ?? f)} has no safe relative path`);
        continue;
      }
      if (seen.has(e.path)) problems.push(`${e.path} is listed twice`);
      seen.add(e.path);
      if (CONTROL_FILES.includes(e.path)) problems.push(`${e.path} must not be listed (it authenticates the bundle)`);
      if (typeof e.sha256 !== 'string' || !HEX64.test(e.sha256)) problems.push(`${e.path}: sha256 is not a SHA-256 hex`);
      if (!Number.isSafeInteger(e.bytes) || (e.bytes as number) < 0) problems.push(`${e.path}: bytes is not a size`);
    }
    for (const r of REQUIRED_FILES) if (!seen.has(r)) problems.push(`${r} is not listed`);
  }
  return problems.length === 0 ? { manifest: m as Manifest, problems } : { problems };
}
