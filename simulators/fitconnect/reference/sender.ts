/**
 * The reference Sender (Onlinedienst): token → destination (direct or by routing) →
 * key check → announce → encrypt + upload attachments → encrypt metadata and data →
 * send → read and verify the event log → (optionally) receive callbacks. Written against
 * the public protocol only; each broken variant changes exactly one step.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CompactEncrypt, compactVerify, importJWK, type JWK } from 'jose';
import { CallbackReceiver, type ReceivedCallback } from './callback-receiver.ts';
import { statusFrom, unverifiedEvent, verifyEvent, type VerifiedEvent } from './event-log.ts';
import { expectJson, httpsCall, type HttpResult } from './http.ts';
import { checkPublicKey, readCertificates, type Jwk } from './key-check.ts';
import { senderTokens, TokenCache } from './token-cache.ts';

export const SENDER_VARIANTS = {
  'basic-auth': 'authenticates at the token endpoint with HTTP Basic instead of client_secret_post',
  'ignores-token-error': 'carries on without a token when the token request is refused',
  'skips-key-check': 'encrypts for the destination key without checking its x5c chain and key_ops',
  'wrong-schema': 'declares a submission schema the destination does not offer',
  'unannounced-attachment': 'uploads an attachment under an id it did not announce',
  'wrong-kid': 'names a kid in the JWE header that is not the destination encryption key',
  'missing-cty': 'leaves cty out of the JWE protected headers',
  'unsupported-metadata-version': 'declares metadata schema version 2.0.0, which the destination does not accept',
  'wrong-hash': 'puts the SHA-512 of the encrypted instead of the plain attachment into the metadata',
  'sends-before-upload': 'sends the submission before uploading its attachments',
  'skips-set-verification': 'reads the event log without verifying the SET signatures',
  'ignores-reject': 'does not treat a reject-submission event as the end of the submission',
  'skips-callback-hmac': 'accepts callbacks without checking callback-authentication',
  'accepts-stale-callback': 'accepts callbacks whose callback-timestamp is older than 5 minutes',
  'reuses-expired-token': 'keeps using its cached access token after the Submission API refused it as expired',
  'ignores-key-ops': 'encrypts for a destination key whose key_ops do not allow wrapKey',
} as const;
export type SenderVariant = keyof typeof SENDER_VARIANTS;

export interface ApplicationParams {
  /** File with the form data (Fachdaten). */
  dataFile: string;
  schemaUri: string;
  mimeType: 'application/json' | 'application/xml';
  attachments?: { file: string; mimeType: string; filename: string }[];
}

export interface SubmitParams {
  tokenUrl: string;
  submissionApiUrl: string;
  routingApiUrl?: string;
  clientId: string;
  clientSecret: string;
  /** PEM: CAs trusted for the platform's HTTPS certificate. */
  caFile: string;
  /** PEM: trust anchor for destination and platform key certificates (x5c). */
  trustRootFile: string;
  /** Known destination; omit to find it with the routing API by leikaKey + ars. */
  destinationId?: string;
  leikaKey: string;
  serviceName?: string;
  ars?: string;
  application: ApplicationParams;
  callback?: { certFile: string; keyFile: string; secret: string; waitMs?: number };
  /** Read the event log until accept/reject or this long (default 3000 ms). */
  waitForDecisionMs?: number;
}

export interface SubmitResult {
  destinationId: string;
  submissionId: string;
  caseId: string;
  metadataVersion: string;
  status: string;
  problems?: unknown[];
  events: VerifiedEvent[];
  callbacks?: ReceivedCallback[];
}

const LEIKA_PREFIX = 'urn:de:fim:leika:leistung:';
const METADATA_VERSION = '2.1.0';
const metadataSchema = (v: string) => `https://schema.fitko.de/fit-connect/metadata/${v}/metadata.schema.json`;
const sha512 = (b: Uint8Array | string) => createHash('sha512').update(b).digest('hex');
const stripOps = (k: Jwk): JWK => { const { key_ops: _o, x5c: _x, ...rest } = k; return rest as JWK; };

function requireParams(p: Record<string, unknown>): SubmitParams {
  for (const k of ['tokenUrl', 'submissionApiUrl', 'clientId', 'clientSecret', 'caFile', 'trustRootFile', 'leikaKey']) {
    if (typeof p[k] !== 'string' || p[k] === '') throw new Error(`parameter ${k} is required`);
  }
  if (!p.application || typeof p.application !== 'object') throw new Error('parameter application is required');
  return p as unknown as SubmitParams;
}

export async function submitApplication(raw: Record<string, unknown>, variant?: string): Promise<SubmitResult> {
  const p = requireParams(raw);
  const v = (variant ?? '') as SenderVariant | '';
  const ca = readCertificates(readFileSync(p.caFile, 'utf8')).map((c) => c.toString());
  const trustRoots = readCertificates(readFileSync(p.trustRootFile, 'utf8'));
  const api = p.submissionApiUrl.replace(/\/$/, '');

  // 1. Access token (client_credentials, client_secret_post), reused while valid; a refused
  //    token (expired, revoked) is replaced once per call.
  const tokenKey = TokenCache.key(p.tokenUrl, p.clientId, p.clientSecret);
  let token = senderTokens.get(tokenKey) ?? await getToken(p, ca, v, tokenKey);
  const authed = async (url: string, o: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<HttpResult> => {
    const call = () => httpsCall(url, { ...o, ca, headers: { ...o.headers, authorization: `Bearer ${token}` } });
    const r = await call();
    if (r.status !== 401 || v === 'reuses-expired-token' || !/error="invalid_token"/.test(String(r.headers['www-authenticate'] ?? ''))) return r;
    senderTokens.drop(tokenKey);
    token = await getToken(p, ca, v, tokenKey);
    return call();
  };

  // 2. Destination: given, or found by routing (LeiKa key + ARS) with the route signature checked.
  const platformJwks = memo(async () => expectJson<{ keys: Jwk[] }>(await httpsCall(`${api}/.well-known/jwks.json`, { ca }), 200, 'reading the platform JWKS'));
  const destinationId = p.destinationId ?? await route(p, ca, platformJwks, trustRoots);
  const destination = expectJson<{ status: string; encryptionKid: string; metadataVersions: string[]; services: { identifier: string; submissionSchemas: { schemaUri: string; mimeType: string }[] }[] }>(
    await authed(`${api}/v1/destinations/${destinationId}`), 200, 'reading the destination');
  if (destination.status !== 'active') throw new Error(`destination ${destinationId} is ${destination.status}, not active`);
  const serviceId = LEIKA_PREFIX + p.leikaKey;
  const service = destination.services.find((s) => s.identifier === serviceId);
  if (!service) throw new Error(`destination ${destinationId} does not offer ${serviceId}`);
  const schema = v === 'wrong-schema'
    ? { schemaUri: 'https://schema.fitko.de/fim/s00000000_0.0.0.schema.json', mimeType: p.application.mimeType }
    : service.submissionSchemas.find((s) => s.schemaUri === p.application.schemaUri && s.mimeType === p.application.mimeType);
  if (!schema) throw new Error(`destination ${destinationId} does not accept schema ${p.application.schemaUri} for ${serviceId}`);
  const metadataVersion = v === 'unsupported-metadata-version' ? '2.0.0' : METADATA_VERSION;
  if (v !== 'unsupported-metadata-version' && !destination.metadataVersions.includes(METADATA_VERSION)) {
    throw new Error(`destination accepts metadata ${destination.metadataVersions.join(', ')}; this Sender writes ${METADATA_VERSION}`);
  }

  // 3. Encryption key, checked before use.
  const jwk = expectJson<Jwk>(await httpsCall(`${api}/v1/destinations/${destinationId}/keys/${encodeURIComponent(destination.encryptionKid)}`, { ca }), 200, 'reading the destination key');
  if (v !== 'skips-key-check') {
    const check = checkPublicKey(jwk, 'encryption', trustRoots, new Date(), { ignoreKeyOps: v === 'ignores-key-ops' });
    if (!check.ok) throw new Error(`key check failed for destination key ${destination.encryptionKid}: ${check.reason}`);
  }
  const publicKey = await importJWK(stripOps(jwk), 'RSA-OAEP-256');
  const kid = v === 'wrong-kid' ? `${destination.encryptionKid}-previous` : destination.encryptionKid;
  const encrypt = async (plain: Uint8Array, cty: string) => {
    const header: Record<string, string> = { alg: 'RSA-OAEP-256', enc: 'A256GCM', kid };
    if (v !== 'missing-cty') header.cty = cty;
    return new CompactEncrypt(plain).setProtectedHeader(header as { alg: string; enc: string }).encrypt(publicKey);
  };

  // 4. Announce the submission with every attachment id up front.
  const files = (p.application.attachments ?? []).map((a) => ({ ...a, id: randomUUID(), content: readFileSync(a.file) }));
  let receiver: CallbackReceiver | undefined;
  const body: Record<string, unknown> = {
    destinationId, announcedAttachments: files.map((f) => f.id), serviceType: { name: p.serviceName ?? 'Antrag', identifier: serviceId },
  };
  try {
    if (p.callback) {
      receiver = new CallbackReceiver({
        certFile: p.callback.certFile, keyFile: p.callback.keyFile, secret: p.callback.secret,
        defects: { skipHmacCheck: v === 'skips-callback-hmac', skipTimestampCheck: v === 'accepts-stale-callback' },
      });
      body.callback = { url: await receiver.start(), secret: p.callback.secret };
    }
    const created = expectJson<{ submissionId: string; caseId: string }>(await authed(`${api}/v1/submissions`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    }), 201, 'announcing the submission');

    // 5. Encrypt and upload attachments; 6. metadata with SHA-512 of the plaintexts; 7. send.
    const encrypted = await Promise.all(files.map(async (f) => ({ ...f, jwe: await encrypt(f.content, f.mimeType) })));
    const upload = async () => {
      for (const [i, f] of encrypted.entries()) {
        const id = v === 'unannounced-attachment' && i === 0 ? randomUUID() : f.id;
        expectJson(await authed(`${api}/v1/submissions/${created.submissionId}/attachments/${id}`, {
          method: 'PUT', headers: { 'content-type': 'application/jose' }, body: f.jwe,
        }), 204, `uploading attachment ${f.filename}`);
      }
    };
    const data = readFileSync(p.application.dataFile);
    const metadata = {
      $schema: metadataSchema(metadataVersion),
      contentStructure: {
        data: { hash: { type: 'sha512', content: sha512(data) }, submissionSchema: { schemaUri: schema.schemaUri, mimeType: schema.mimeType } },
        attachments: encrypted.map((f) => ({
          hash: { type: 'sha512', content: v === 'wrong-hash' ? sha512(f.jwe) : sha512(f.content) },
          purpose: 'attachment', mimeType: f.mimeType, filename: f.filename, attachmentId: f.id,
        })),
      },
    };
    const send = async () => expectJson(await authed(`${api}/v1/submissions/${created.submissionId}`, {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        encryptedMetadata: await encrypt(Buffer.from(JSON.stringify(metadata), 'utf8'), 'application/json'),
        encryptedData: await encrypt(data, schema.mimeType),
      }),
    }), 202, 'sending the submission');
    if (v === 'sends-before-upload') {
      await send();
      await upload();
    } else {
      await upload();
      await send();
    }

    // 8. Event log: status only from verified Security Event Tokens.
    const destinationKey = async (keyId: string) => expectJson<Jwk>(await httpsCall(`${api}/v1/destinations/${destinationId}/keys/${encodeURIComponent(keyId)}`, { ca }), 200, `reading key ${keyId}`);
    const ids = { submissionId: created.submissionId, caseId: created.caseId };
    const readLog = async (): Promise<VerifiedEvent[]> => {
      const log = expectJson<{ eventLog: string[] }>(await authed(`${api}/v1/cases/${created.caseId}/events`), 200, 'reading the event log');
      const out: VerifiedEvent[] = [];
      for (const t of log.eventLog) {
        out.push(v === 'skips-set-verification' ? unverifiedEvent(t) : await verifyEvent(t, ids, { platformJwks, destinationKey, trustRoots }));
      }
      return out;
    };
    const deadline = Date.now() + (p.waitForDecisionMs ?? 3000);
    let events = await readLog();
    const decided = (evs: VerifiedEvent[]) => ['accepted', 'deleted'].includes(statusFrom(evs).status) || (v !== 'ignores-reject' && statusFrom(evs).status === 'rejected');
    while (!decided(events) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      events = await readLog();
    }
    if (receiver && p.callback) await receiver.waitFor((r) => r.some((c) => c.accepted), p.callback.waitMs ?? 5000);
    const st = statusFrom(events, { ignoreRejects: v === 'ignores-reject' });
    const result: SubmitResult = { destinationId, ...ids, metadataVersion, status: st.status, events };
    if (st.problems) result.problems = st.problems;
    if (receiver) result.callbacks = [...receiver.received];
    return result;
  } finally {
    await receiver?.stop();
  }
}

async function getToken(p: SubmitParams, ca: string[], v: string, cacheKey: string): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: p.clientId });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (v === 'basic-auth') headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(p.clientId)}:${encodeURIComponent(p.clientSecret)}`).toString('base64')}`;
  else form.set('client_secret', p.clientSecret);
  const r = await httpsCall(p.tokenUrl, { method: 'POST', ca, headers, body: form.toString() });
  try {
    const t = expectJson<{ access_token: string; token_type: string; expires_in: number }>(r, 200, 'the token request');
    if (t.token_type.toLowerCase() !== 'bearer' || !t.access_token) throw new Error('the token response has no bearer token');
    senderTokens.put(cacheKey, t.access_token, t.expires_in);
    return t.access_token;
  } catch (e) {
    if (v === 'ignores-token-error') return 'no-token';
    throw e;
  }
}

async function route(p: SubmitParams, ca: string[], jwks: () => Promise<{ keys: Jwk[] }>, trustRoots: ReturnType<typeof readCertificates>): Promise<string> {
  if (!p.routingApiUrl || !p.ars) throw new Error('no destinationId given, and routingApiUrl + ars are needed to find one');
  const q = new URLSearchParams({ leikaKey: p.leikaKey, ars: p.ars });
  const result = expectJson<{ routes: { destinationId: string; destinationSignature: string }[] }>(
    await httpsCall(`${p.routingApiUrl.replace(/\/$/, '')}/routes?${q}`, { ca }), 200, 'the routing lookup');
  for (const r of result.routes) {
    const kid = JSON.parse(Buffer.from(r.destinationSignature.split('.')[0], 'base64url').toString('utf8')).kid as string;
    const key = (await jwks()).keys.find((k) => k.kid === kid);
    if (!key) continue;
    const check = checkPublicKey(key, 'signing', trustRoots, new Date());
    if (!check.ok) continue;
    try {
      const { payload } = await compactVerify(r.destinationSignature, await importJWK(stripOps(key), 'PS512'), { algorithms: ['PS512'] });
      const signed = JSON.parse(Buffer.from(payload).toString('utf8')) as { destinationId?: string };
      if (signed.destinationId === r.destinationId) return r.destinationId;
    } catch { /* try the next route */ }
  }
  throw new Error(`the routing API found no destination with a valid signature for ${p.leikaKey} in ${p.ars}`);
}

function memo<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}
