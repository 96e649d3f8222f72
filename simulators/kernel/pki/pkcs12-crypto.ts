/**
 * The password-based cryptography PKCS#12 needs: PBES2 (PBKDF2-HMAC-SHA256 + AES-256-CBC)
 * for the bags, and the RFC 7292 appendix B key derivation for the integrity MAC.
 */
import { createCipheriv, createHash, pbkdf2Sync } from 'node:crypto';
import { integer, nul, octets, oid, seq } from './der.ts';

export const OID_PBES2 = '1.2.840.113549.1.5.13';
export const OID_PBKDF2 = '1.2.840.113549.1.5.12';
export const OID_HMAC_SHA256 = '1.2.840.113549.2.9';
export const OID_AES256_CBC = '2.16.840.1.101.3.4.1.42';
export const OID_SHA256 = '2.16.840.1.101.3.4.2.1';

/** OpenSSL 3's default; enough for test material, and keeps `toPkcs12` fast. */
export const DEFAULT_ITERATIONS = 2048;

export interface Pbes2Params {
  salt: Buffer;
  iterations: number;
  iv: Buffer;
}

/** AlgorithmIdentifier for PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC. */
export function pbes2AlgorithmIdentifier(p: Pbes2Params): Buffer {
  const kdf = seq(
    oid(OID_PBKDF2),
    seq(octets(p.salt), integer(p.iterations), seq(oid(OID_HMAC_SHA256), nul())),
  );
  const enc = seq(oid(OID_AES256_CBC), octets(p.iv));
  return seq(oid(OID_PBES2), seq(kdf, enc));
}

/** PBES2 uses the passphrase as UTF-8 octets (RFC 8018), unlike the MAC KDF below. */
function pbes2Key(passphrase: string, p: Pbes2Params): Buffer {
  return pbkdf2Sync(Buffer.from(passphrase, 'utf8'), p.salt, p.iterations, 32, 'sha256');
}

export function pbes2Encrypt(passphrase: string, p: Pbes2Params, plaintext: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-cbc', pbes2Key(passphrase, p), p.iv);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]);
}

/** BMPString encoding of the password with a two-byte terminator, as appendix B.1 prescribes. */
export function bmpPassword(passphrase: string): Buffer {
  const le = Buffer.from(passphrase, 'utf16le');
  const out = Buffer.alloc(le.length + 2);
  for (let i = 0; i < le.length; i += 2) {
    out[i] = le[i + 1];
    out[i + 1] = le[i];
  }
  return out;
}

function repeatTo(src: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  if (src.length === 0) return out;
  for (let i = 0; i < length; i++) out[i] = src[i % src.length];
  return out;
}

/**
 * RFC 7292 appendix B.2 key derivation with SHA-256 (u = 32, v = 64).
 * `id` 1 = encryption key, 2 = IV, 3 = MAC key.
 */
export function pkcs12Kdf(password: Buffer, salt: Buffer, id: 1 | 2 | 3, iterations: number, n: number): Buffer {
  const u = 32;
  const v = 64;
  const D = Buffer.alloc(v, id);
  const S = repeatTo(salt, v * Math.ceil(salt.length / v));
  const P = repeatTo(password, v * Math.ceil(password.length / v));
  const I = Buffer.concat([S, P]);
  const blocks: Buffer[] = [];
  const c = Math.ceil(n / u);
  for (let i = 0; i < c; i++) {
    let A = createHash('sha256').update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) A = createHash('sha256').update(A).digest();
    blocks.push(A);
    if (i === c - 1) break;
    const B = repeatTo(A, v);
    // I_j = (I_j + B + 1) mod 2^(8v), for each v-byte block of I
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = I[j + k] + B[k] + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, n);
}
