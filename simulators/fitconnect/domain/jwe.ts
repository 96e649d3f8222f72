/**
 * JWE (RFC 7516 compact serialisation) checks and a streaming decryptor.
 *
 * FIT-Connect requires `alg` RSA-OAEP-256, `enc` A256GCM, `kid` naming a key of the
 * destination and a `cty`. The decryptor reads the five segments as chunks arrive, unwraps
 * the CEK with the destination's private key, decrypts AES-256-GCM incrementally and hashes
 * the plaintext with SHA-512, so a 500 MB attachment is never held in memory.
 */
import { constants, createDecipheriv, createHash, privateDecrypt, type DecipherGCM, type Hash, type KeyObject } from 'node:crypto';
import { fail, ok, problem, type FitConnectProblem, type Result } from './problems.ts';

export const JWE_ALG = 'RSA-OAEP-256';
export const JWE_ENC = 'A256GCM';

export interface JweHeader {
  alg?: unknown;
  enc?: unknown;
  kid?: unknown;
  cty?: unknown;
  zip?: unknown;
  crit?: unknown;
  [k: string]: unknown;
}

export interface JweHeaderRules {
  /** kids the destination accepts now (current key plus keys in their grace period). */
  acceptedKids: readonly string[];
  requireCty: boolean;
}

/** The header checks of FIT-Connect, in the order a reviewer would expect them. */
export function checkJweHeader(header: JweHeader, rules: JweHeaderRules): Result<JweHeader> {
  if (header.alg !== JWE_ALG) return fail(problem('FC_JWE_WRONG_ALG', `JWE alg must be ${JWE_ALG}, got ${JSON.stringify(header.alg ?? null)}`));
  if (header.enc !== JWE_ENC) return fail(problem('FC_JWE_WRONG_ENC', `JWE enc must be ${JWE_ENC}, got ${JSON.stringify(header.enc ?? null)}`));
  if (header.zip !== undefined) return fail(problem('FC_JWE_MALFORMED', 'JWE zip (compression) is not supported'));
  if (header.crit !== undefined) return fail(problem('FC_JWE_MALFORMED', 'JWE crit header parameters are not supported'));
  if (typeof header.kid !== 'string' || !rules.acceptedKids.includes(header.kid)) {
    return fail(problem('FC_JWE_UNKNOWN_KID', `JWE kid ${JSON.stringify(header.kid ?? null)} is not a current encryption key of the destination (current: ${rules.acceptedKids.join(', ')})`));
  }
  if (rules.requireCty && (typeof header.cty !== 'string' || header.cty === '')) {
    return fail(problem('FC_JWE_MISSING_CTY', 'JWE protected header must contain cty (content type of the plaintext)'));
  }
  return ok(header);
}

/** Reads the protected header of a compact JWE without decrypting. */
export function readJweHeader(jwe: string): Result<JweHeader> {
  const parts = jwe.split('.');
  if (parts.length !== 5) return fail(problem('FC_JWE_MALFORMED', `compact JWE has 5 dot-separated parts, this has ${parts.length}`));
  return parseHeaderSegment(parts[0]);
}

function parseHeaderSegment(seg: string): Result<JweHeader> {
  try {
    const h = JSON.parse(Buffer.from(seg, 'base64url').toString('utf8')) as unknown;
    if (!h || typeof h !== 'object' || Array.isArray(h)) return fail(problem('FC_JWE_MALFORMED', 'JWE protected header is not a JSON object'));
    return ok(h as JweHeader);
  } catch {
    return fail(problem('FC_JWE_MALFORMED', 'JWE protected header is not base64url JSON'));
  }
}

/** Outcome of a completed decryption. */
export interface DecryptedJwe {
  header: JweHeader;
  /** Hex SHA-512 of the plaintext (FIT-Connect hashes the unencrypted content). */
  plaintextSha512: string;
  plaintextBytes: number;
  /** Length of the compact serialisation in bytes (what the size limits count). */
  encryptedBytes: number;
  /** The 5th segment (base64url authentication tag), referenced by submit-submission events. */
  authenticationTag: string;
  /** Present when `keepPlaintextUpTo` allowed it. */
  plaintext?: Uint8Array;
}

export interface StreamingDecryptOptions {
  rules: JweHeaderRules;
  /** Private key for a kid; undefined when the domain no longer holds it. */
  privateKeyFor: (kid: string) => KeyObject | undefined;
  /** Refuse once the encrypted size exceeds this many bytes. */
  maxEncryptedBytes: number;
  /** Problem to report when maxEncryptedBytes is exceeded. */
  tooLarge: (bytes: number) => FitConnectProblem;
  /** Keep the plaintext in memory up to this size (metadata); 0 = hash only. */
  keepPlaintextUpTo?: number;
}

const B64URL = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=') B64URL[c.charCodeAt(0)] = 1;
const DOT = 0x2e;
const SMALL_SEGMENT_MAX = [16 * 1024, 4096, 64, -1, 64];

/** Feed chunks with `write`, then `end()` for the verdict. Stops early on the first problem. */
export class StreamingJweDecryptor {
  #segment = 0;
  #small: number[] = [];
  #header?: JweHeader;
  #headerSeg = '';
  #cek?: Buffer;
  #decipher?: DecipherGCM;
  #hash: Hash = createHash('sha512');
  #b64Rest = '';
  #tagChars: number[] = [];
  #encryptedBytes = 0;
  #plainBytes = 0;
  #plainChunks: Buffer[] | undefined;
  #error?: FitConnectProblem;

  constructor(private readonly o: StreamingDecryptOptions) {
    this.#plainChunks = (o.keepPlaintextUpTo ?? 0) > 0 ? [] : undefined;
  }

  get error(): FitConnectProblem | undefined {
    return this.#error;
  }

  /** Returns the problem that stopped decryption, if any; later writes are ignored. */
  write(chunk: Uint8Array): FitConnectProblem | undefined {
    if (this.#error) return this.#error;
    this.#encryptedBytes += chunk.length;
    if (this.#encryptedBytes > this.o.maxEncryptedBytes) return this.#stop(this.o.tooLarge(this.#encryptedBytes));
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === DOT) {
        this.#consume(chunk.subarray(start, i));
        if (this.#error) return this.#error;
        this.#closeSegment();
        if (this.#error) return this.#error;
        start = i + 1;
      } else if (B64URL[b] !== 1) {
        return this.#stop(problem('FC_JWE_MALFORMED', `byte 0x${b.toString(16)} at offset ${this.#encryptedBytes - chunk.length + i} is not base64url`));
      }
    }
    this.#consume(chunk.subarray(start));
    return this.#error;
  }

  end(): Result<DecryptedJwe> {
    if (this.#error) return fail(this.#error);
    if (this.#segment !== 4) return fail(this.#stop(problem('FC_JWE_MALFORMED', `compact JWE has 5 dot-separated parts, this has ${this.#segment + 1}`)));
    const tagB64 = Buffer.from(this.#tagChars).toString('ascii');
    const tag = Buffer.from(tagB64, 'base64url');
    if (tag.length !== 16) return fail(this.#stop(problem('FC_JWE_MALFORMED', 'A256GCM authentication tag must be 16 bytes')));
    this.#flushCiphertext(true);
    if (this.#error) return fail(this.#error);
    try {
      this.#decipher!.setAuthTag(tag);
      this.#emitPlain(this.#decipher!.final());
    } catch {
      return fail(this.#stop(problem('FC_JWE_DECRYPTION_FAILED', 'authentication tag check failed (ciphertext, header or tag altered)')));
    }
    if (this.#error) return fail(this.#error);
    const out: DecryptedJwe = {
      header: this.#header!,
      plaintextSha512: this.#hash.digest('hex'),
      plaintextBytes: this.#plainBytes,
      encryptedBytes: this.#encryptedBytes,
      authenticationTag: tagB64,
    };
    if (this.#plainChunks) out.plaintext = new Uint8Array(Buffer.concat(this.#plainChunks));
    return ok(out);
  }

  #stop(p: FitConnectProblem): FitConnectProblem {
    this.#error = p;
    this.#decipher = undefined;
    this.#plainChunks = undefined;
    return p;
  }

  #consume(part: Uint8Array): void {
    if (part.length === 0) return;
    if (this.#segment > 4) return;
    if (this.#segment === 3) {
      this.#b64Rest += Buffer.from(part).toString('ascii');
      this.#flushCiphertext(false);
      return;
    }
    const target = this.#segment === 4 ? this.#tagChars : this.#small;
    const max = SMALL_SEGMENT_MAX[this.#segment];
    if (target.length + part.length > max) {
      this.#stop(problem('FC_JWE_MALFORMED', `JWE segment ${this.#segment + 1} is longer than ${max} characters`));
      return;
    }
    for (const b of part) target.push(b);
  }

  #closeSegment(): void {
    const text = Buffer.from(this.#small).toString('ascii');
    this.#small = [];
    switch (this.#segment) {
      case 0: {
        const h = parseHeaderSegment(text);
        if (!h.ok) { this.#stop(h.error); return; }
        const checked = checkJweHeader(h.value, this.o.rules);
        if (!checked.ok) { this.#stop(checked.error); return; }
        this.#header = h.value;
        this.#headerSeg = text;
        break;
      }
      case 1: {
        const key = this.o.privateKeyFor(String(this.#header!.kid));
        if (!key) { this.#stop(problem('FC_JWE_UNKNOWN_KID', `no private key for kid ${String(this.#header!.kid)}`)); return; }
        try {
          this.#cek = privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(text, 'base64url'));
        } catch {
          this.#stop(problem('FC_JWE_DECRYPTION_FAILED', 'the content encryption key could not be unwrapped with the destination key named by kid'));
          return;
        }
        if (this.#cek.length !== 32) { this.#stop(problem('FC_JWE_DECRYPTION_FAILED', 'unwrapped key is not 256 bits')); return; }
        break;
      }
      case 2: {
        const iv = Buffer.from(text, 'base64url');
        if (iv.length !== 12) { this.#stop(problem('FC_JWE_MALFORMED', 'A256GCM initialisation vector must be 96 bits')); return; }
        this.#decipher = createDecipheriv('aes-256-gcm', this.#cek!, iv);
        this.#decipher.setAAD(Buffer.from(this.#headerSeg, 'ascii'));
        break;
      }
      case 3:
        this.#flushCiphertext(true);
        break;
      default:
        this.#stop(problem('FC_JWE_MALFORMED', 'compact JWE has more than 5 parts'));
        return;
    }
    this.#segment++;
  }

  /** Decodes whole base64 quads of ciphertext; `final` decodes the tail too. */
  #flushCiphertext(final: boolean): void {
    if (!this.#decipher || this.#b64Rest.length === 0) return;
    const usable = final ? this.#b64Rest.length : this.#b64Rest.length - (this.#b64Rest.length % 4);
    if (usable === 0) return;
    const bytes = Buffer.from(this.#b64Rest.slice(0, usable), 'base64url');
    this.#b64Rest = this.#b64Rest.slice(usable);
    this.#emitPlain(this.#decipher.update(bytes));
  }

  #emitPlain(buf: Buffer): void {
    if (buf.length === 0) return;
    this.#hash.update(buf);
    this.#plainBytes += buf.length;
    if (this.#plainChunks) {
      if (this.#plainBytes > (this.o.keepPlaintextUpTo ?? 0)) {
        this.#stop(this.o.tooLarge(this.#plainBytes));
        return;
      }
      this.#plainChunks.push(buf);
    }
  }
}

/** Convenience: decrypt a complete compact JWE held as a string. */
export function decryptCompactJwe(jwe: string, o: StreamingDecryptOptions): Result<DecryptedJwe> {
  const d = new StreamingJweDecryptor(o);
  const p = d.write(Buffer.from(jwe, 'ascii'));
  if (p) return fail(p);
  return d.end();
}
