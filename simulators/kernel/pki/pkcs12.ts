/**
 * PKCS#12 (RFC 7292) writer and reader. Writes what OpenSSL 3 writes by default: a
 * PBES2-encrypted certificate SafeContents, a PBES2-shrouded key bag and a SHA-256 MAC.
 * The reader accepts the same profile (PBES2 with PBKDF2-HMAC-SHA1/SHA256 and AES-CBC).
 */
import { createDecipheriv, createHmac, createPrivateKey, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  TAG, bmpString, expectTag, explicit, implicitPrimitive, integer, octets, oid, parseDer, readInteger, readOid, seq, setOf,
  type Node,
} from './der.ts';
import { PkiError } from './errors.ts';
import {
  DEFAULT_ITERATIONS, OID_AES256_CBC, OID_HMAC_SHA256, OID_PBES2, OID_PBKDF2, OID_SHA256, bmpPassword,
  pbes2AlgorithmIdentifier, pbes2Encrypt, pkcs12Kdf, type Pbes2Params,
} from './pkcs12-crypto.ts';

const OID_DATA = '1.2.840.113549.1.7.1';
const OID_ENCRYPTED_DATA = '1.2.840.113549.1.7.6';
const OID_SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const OID_CERT_BAG = '1.2.840.113549.1.12.10.1.3';
const OID_X509_CERT = '1.2.840.113549.1.9.22.1';
const OID_FRIENDLY_NAME = '1.2.840.113549.1.9.20';
const OID_LOCAL_KEY_ID = '1.2.840.113549.1.9.21';
const OID_HMAC_SHA1 = '1.2.840.113549.2.7';
const OID_AES128_CBC = '2.16.840.1.101.3.4.1.2';
const OID_AES192_CBC = '2.16.840.1.101.3.4.1.22';

export interface Pkcs12Input {
  /** DER of the end-entity certificate. */
  certDer: Buffer;
  /** PKCS#8 private key (PEM or DER) belonging to `certDer`. */
  keyPkcs8: Buffer | string;
  /** DER of CA certificates to include (issuing CA first). */
  caDers?: Buffer[];
  passphrase: string;
  friendlyName?: string;
  iterations?: number;
  /** Randomness source for salts and IVs (injectable for reproducible fixtures). */
  random?: (n: number) => Buffer;
}

function requirePassphrase(passphrase: string): void {
  if (typeof passphrase !== 'string' || passphrase.length === 0) {
    throw new PkiError('PKI_BAD_PASSPHRASE', 'a non-empty passphrase is required for PKCS#12');
  }
}

function pkcs8Der(key: Buffer | string): Buffer {
  const obj = createPrivateKey(typeof key === 'string' ? key : { key, format: 'der', type: 'pkcs8' });
  return obj.export({ format: 'der', type: 'pkcs8' });
}

function bagAttributes(localKeyId?: Buffer, friendlyName?: string): Buffer {
  const attrs: Buffer[] = [];
  if (friendlyName) attrs.push(seq(oid(OID_FRIENDLY_NAME), setOf(bmpString(friendlyName))));
  if (localKeyId) attrs.push(seq(oid(OID_LOCAL_KEY_ID), setOf(octets(localKeyId))));
  return attrs.length ? setOf(...attrs) : Buffer.alloc(0);
}

/** Builds a PKCS#12 PFX that `openssl pkcs12` and Node's `tls.createSecureContext({ pfx })` open. */
export function buildPkcs12(input: Pkcs12Input): Buffer {
  requirePassphrase(input.passphrase);
  const random = input.random ?? randomBytes;
  const iterations = input.iterations ?? DEFAULT_ITERATIONS;
  const params = (): Pbes2Params => ({ salt: random(16), iterations, iv: random(16) });
  // localKeyId ties the key bag to its certificate; a hash of the certificate is conventional.
  const localKeyId = createHmac('sha256', 'govsim-localKeyId').update(input.certDer).digest().subarray(0, 20);

  const certBag = (der: Buffer, leaf: boolean): Buffer =>
    seq(
      oid(OID_CERT_BAG),
      explicit(0, seq(oid(OID_X509_CERT), explicit(0, octets(der)))),
      leaf ? bagAttributes(localKeyId, input.friendlyName) : Buffer.alloc(0),
    );
  const certSafe = seq(certBag(input.certDer, true), ...(input.caDers ?? []).map((d) => certBag(d, false)));
  const certParams = params();
  const encryptedCerts = seq(
    oid(OID_ENCRYPTED_DATA),
    explicit(0, seq(
      integer(0),
      seq(oid(OID_DATA), pbes2AlgorithmIdentifier(certParams), implicitPrimitive(0, pbes2Encrypt(input.passphrase, certParams, certSafe))),
    )),
  );

  const keyParams = params();
  const shrouded = seq(pbes2AlgorithmIdentifier(keyParams), octets(pbes2Encrypt(input.passphrase, keyParams, pkcs8Der(input.keyPkcs8))));
  const keySafe = seq(seq(oid(OID_SHROUDED_KEY_BAG), explicit(0, shrouded), bagAttributes(localKeyId, input.friendlyName)));
  const keyData = seq(oid(OID_DATA), explicit(0, octets(keySafe)));

  const authSafe = seq(encryptedCerts, keyData);
  const macSalt = random(16);
  const macKey = pkcs12Kdf(bmpPassword(input.passphrase), macSalt, 3, iterations, 32);
  const mac = createHmac('sha256', macKey).update(authSafe).digest();
  const macData = seq(seq(seq(oid(OID_SHA256), Buffer.from([TAG.NULL, 0])), octets(mac)), octets(macSalt), integer(iterations));

  return seq(integer(3), seq(oid(OID_DATA), explicit(0, octets(authSafe))), macData);
}

// ---------------------------------------------------------------- reader

export interface Pkcs12Contents {
  /** Certificates in bag order, DER. */
  certificates: Buffer[];
  /** Index into `certificates` of the one whose localKeyId matches the key, if any. */
  leafIndex: number | undefined;
  /** PKCS#8 DER of the (first) private key, if the file holds one. */
  keyPkcs8?: Buffer;
  friendlyName?: string;
}

/** True when `der` looks like a PKCS#12 PFX (SEQUENCE { INTEGER 3, ContentInfo, ... }). */
export function looksLikePkcs12(der: Buffer): boolean {
  try {
    const pfx = parseDer(der);
    return pfx.tag === TAG.SEQUENCE && pfx.children.length >= 2 && readInteger(pfx.children[0]) === 3 && readOid(pfx.children[1].children[0]) === OID_DATA;
  } catch {
    return false;
  }
}

const AES_KEY_LENGTH: Record<string, number> = { [OID_AES128_CBC]: 16, [OID_AES192_CBC]: 24, [OID_AES256_CBC]: 32 };

function decryptPbes2(alg: Node, ciphertext: Buffer, passphrase: string): Buffer {
  const algOid = readOid(alg.children[0]);
  if (algOid !== OID_PBES2) {
    throw new PkiError('PKI_P12_UNSUPPORTED', `PKCS#12 encryption ${algOid} is not supported (only PBES2; re-export with OpenSSL 3 defaults)`);
  }
  const [kdf, enc] = alg.children[1].children;
  if (readOid(kdf.children[0]) !== OID_PBKDF2) throw new PkiError('PKI_P12_UNSUPPORTED', 'PBES2 key derivation other than PBKDF2');
  const kdfParams = kdf.children[1].children;
  const salt = expectTag(kdfParams[0], TAG.OCTET_STRING, 'PBKDF2 salt').content;
  const iterations = readInteger(kdfParams[1]);
  let prf = OID_HMAC_SHA1;
  let keyLength: number | undefined;
  for (const extra of kdfParams.slice(2)) {
    if (extra.tag === TAG.INTEGER) keyLength = readInteger(extra);
    else if (extra.tag === TAG.SEQUENCE) prf = readOid(extra.children[0]);
  }
  const hash = prf === OID_HMAC_SHA256 ? 'sha256' : prf === OID_HMAC_SHA1 ? 'sha1' : undefined;
  const encOid = readOid(enc.children[0]);
  const aesLength = AES_KEY_LENGTH[encOid];
  if (!hash || !aesLength) throw new PkiError('PKI_P12_UNSUPPORTED', `PBES2 with prf ${prf} / cipher ${encOid} is not supported`);
  if (iterations > 10_000_000) throw new PkiError('PKI_P12_UNSUPPORTED', 'PBKDF2 iteration count is unreasonably large');
  const iv = expectTag(enc.children[1], TAG.OCTET_STRING, 'AES IV').content;
  return decryptPbes2Cipher(passphrase, salt, iterations, hash, keyLength ?? aesLength, aesLength, iv, ciphertext);
}

function decryptPbes2Cipher(
  passphrase: string, salt: Buffer, iterations: number, hash: string, keyLength: number, aesLength: number, iv: Buffer, ct: Buffer,
): Buffer {
  const key = pbkdf2Sync(Buffer.from(passphrase, 'utf8'), salt, iterations, keyLength, hash);
  try {
    const d = createDecipheriv(`aes-${aesLength * 8}-cbc`, key, iv);
    return Buffer.concat([d.update(ct), d.final()]);
  } catch {
    throw new PkiError('PKI_BAD_PASSPHRASE', 'PKCS#12 bag could not be decrypted: wrong passphrase');
  }
}

function verifyMac(macData: Node, authSafe: Buffer, passphrase: string): void {
  const [digestInfo, saltNode, iterNode] = macData.children;
  const digestOid = readOid(digestInfo.children[0].children[0]);
  const expected = expectTag(digestInfo.children[1], TAG.OCTET_STRING, 'MAC digest').content;
  const salt = expectTag(saltNode, TAG.OCTET_STRING, 'MAC salt').content;
  const iterations = iterNode ? readInteger(iterNode) : 1;
  if (digestOid !== OID_SHA256) {
    if (digestOid !== '1.3.14.3.2.26') throw new PkiError('PKI_P12_UNSUPPORTED', `PKCS#12 MAC digest ${digestOid} is not supported`);
    throw new PkiError('PKI_P12_UNSUPPORTED', 'PKCS#12 MAC with SHA-1 is not supported; re-export with -macalg sha256');
  }
  const key = pkcs12Kdf(bmpPassword(passphrase), salt, 3, iterations, 32);
  const actual = createHmac('sha256', key).update(authSafe).digest();
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new PkiError('PKI_P12_MAC_MISMATCH', 'PKCS#12 integrity check failed: wrong passphrase or damaged file');
  }
}

function readBags(safeContents: Buffer, passphrase: string, out: Pkcs12Contents, keyIds: { cert: Buffer[]; key?: Buffer }): void {
  const bags = expectTag(parseDer(safeContents), TAG.SEQUENCE, 'SafeContents').children;
  for (const bag of bags) {
    const bagId = readOid(bag.children[0]);
    const value = bag.children[1]?.children[0];
    let localKeyId: Buffer | undefined;
    for (const attr of bag.children[2]?.children ?? []) {
      const attrOid = readOid(attr.children[0]);
      const v = attr.children[1]?.children[0];
      if (attrOid === OID_LOCAL_KEY_ID && v) localKeyId = v.content;
      if (attrOid === OID_FRIENDLY_NAME && v && out.friendlyName === undefined) {
        const le = Buffer.alloc(v.content.length);
        for (let i = 0; i + 1 < v.content.length; i += 2) { le[i] = v.content[i + 1]; le[i + 1] = v.content[i]; }
        out.friendlyName = le.toString('utf16le');
      }
    }
    if (bagId === OID_CERT_BAG && value) {
      if (readOid(value.children[0]) !== OID_X509_CERT) continue;
      out.certificates.push(Buffer.from(value.children[1].children[0].content));
      keyIds.cert.push(localKeyId ?? Buffer.alloc(0));
    } else if (bagId === OID_SHROUDED_KEY_BAG && value && !out.keyPkcs8) {
      const ct = expectTag(value.children[1], TAG.OCTET_STRING, 'shrouded key').content;
      out.keyPkcs8 = decryptPbes2(value.children[0], ct, passphrase);
      keyIds.key = localKeyId;
    }
  }
}

/** Verifies the MAC and decrypts a PKCS#12 PFX (PBES2 profile). Throws PkiError on any problem. */
export function readPkcs12(der: Buffer, passphrase: string): Pkcs12Contents {
  requirePassphrase(passphrase);
  const pfx = expectTag(parseDer(der), TAG.SEQUENCE, 'PFX');
  if (readInteger(pfx.children[0]) !== 3) throw new PkiError('PKI_BAD_DER', 'PFX version must be 3');
  const authSafeInfo = pfx.children[1];
  if (readOid(authSafeInfo.children[0]) !== OID_DATA) throw new PkiError('PKI_P12_UNSUPPORTED', 'only password-integrity PKCS#12 is supported');
  const authSafe = expectTag(authSafeInfo.children[1]?.children[0], TAG.OCTET_STRING, 'authSafe').content;
  if (!pfx.children[2]) throw new PkiError('PKI_P12_UNSUPPORTED', 'PKCS#12 without MAC is not supported');
  verifyMac(pfx.children[2], authSafe, passphrase);

  const out: Pkcs12Contents = { certificates: [], leafIndex: undefined };
  const keyIds: { cert: Buffer[]; key?: Buffer } = { cert: [] };
  for (const info of expectTag(parseDer(authSafe), TAG.SEQUENCE, 'AuthenticatedSafe').children) {
    const type = readOid(info.children[0]);
    const body = info.children[1]?.children[0];
    if (!body) continue;
    if (type === OID_DATA) {
      readBags(expectTag(body, TAG.OCTET_STRING, 'SafeContents data').content, passphrase, out, keyIds);
    } else if (type === OID_ENCRYPTED_DATA) {
      const eci = body.children[1];
      const ctNode = eci.children[2];
      if (!ctNode || (ctNode.tag !== 0x80 && ctNode.tag !== 0xa0)) throw new PkiError('PKI_BAD_DER', 'EncryptedData without content');
      readBags(decryptPbes2(eci.children[1], ctNode.content, passphrase), passphrase, out, keyIds);
    } else {
      throw new PkiError('PKI_P12_UNSUPPORTED', `PKCS#12 content type ${type} is not supported`);
    }
  }
  if (out.certificates.length === 0) throw new PkiError('PKI_P12_NO_CERTIFICATE', 'PKCS#12 file holds no certificate');
  if (keyIds.key) {
    const idx = keyIds.cert.findIndex((id) => id.length > 0 && id.equals(keyIds.key!));
    out.leafIndex = idx >= 0 ? idx : undefined;
  }
  return out;
}
