/**
 * Compact JWE (RSA-OAEP-256 + A256GCM) produced as a stream, for attachments too large to
 * hold in memory: the plaintext is read chunk by chunk, encrypted, base64url-encoded and
 * handed on; the exact length of the compact serialisation is known up front (for
 * Content-Length) and the SHA-512 of the plaintext is ready when the stream has ended.
 */
import { constants, createCipheriv, createHash, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';

/** Length of the unpadded base64url encoding of `n` bytes. */
export const base64urlLength = (n: number): number => Math.floor(n / 3) * 4 + (n % 3 === 0 ? 0 : (n % 3) + 1);

export interface StreamingJwe {
  /** Bytes of the compact serialisation the stream yields. */
  contentLength: number;
  body: AsyncIterable<Buffer>;
  /** Hex SHA-512 of the plaintext; call after `body` is exhausted. */
  plaintextSha512(): string;
}

export function streamingCompactJwe(o: {
  plaintext: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  plaintextBytes: number;
  publicKey: KeyObject;
  kid: string;
  cty: string;
}): StreamingJwe {
  const header = Buffer.from(JSON.stringify({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: o.kid, cty: o.cty }), 'utf8').toString('base64url');
  const cek = randomBytes(32);
  const iv = randomBytes(12);
  const wrapped = publicEncrypt({ key: o.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, cek).toString('base64url');
  const prefix = Buffer.from(`${header}.${wrapped}.${iv.toString('base64url')}.`, 'ascii');
  const contentLength = prefix.length + base64urlLength(o.plaintextBytes) + 1 + base64urlLength(16);
  const hash = createHash('sha512');
  let seen = 0;
  let done = false;

  async function* body(): AsyncGenerator<Buffer> {
    const cipher = createCipheriv('aes-256-gcm', cek, iv);
    cipher.setAAD(Buffer.from(header, 'ascii'));
    yield prefix;
    // Base64 must be cut at multiples of 3 bytes so that the pieces concatenate.
    let carry = Buffer.alloc(0);
    const encode = (bytes: Buffer, final: boolean): Buffer | undefined => {
      const all = carry.length > 0 ? Buffer.concat([carry, bytes]) : bytes;
      const cut = final ? all.length : all.length - (all.length % 3);
      carry = Buffer.from(all.subarray(cut));
      return cut > 0 ? Buffer.from(all.subarray(0, cut).toString('base64url'), 'ascii') : undefined;
    };
    for await (const chunk of o.plaintext) {
      seen += chunk.length;
      hash.update(chunk);
      const out = encode(cipher.update(chunk), false);
      if (out) yield out;
    }
    if (seen !== o.plaintextBytes) throw new Error(`the plaintext had ${seen} bytes, ${o.plaintextBytes} were announced`);
    const last = encode(cipher.final(), true);
    if (last) yield last;
    yield Buffer.from(`.${cipher.getAuthTag().toString('base64url')}`, 'ascii');
    done = true;
  }

  return {
    contentLength,
    body: body(),
    plaintextSha512() {
      if (!done) throw new Error('the JWE stream has not been read to its end');
      return hash.digest('hex');
    },
  };
}

/** `bytes` of deterministic filler in chunks of `chunkBytes` (no buffer of the whole size). */
export function* fillerBytes(bytes: number, chunkBytes = 1024 * 1024): Generator<Buffer> {
  const chunk = Buffer.alloc(Math.min(chunkBytes, Math.max(bytes, 1)));
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31 + 7) & 0xff;
  for (let left = bytes; left > 0; left -= chunk.length) yield left >= chunk.length ? chunk : chunk.subarray(0, left);
}
