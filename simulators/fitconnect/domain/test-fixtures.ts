/** Test-only helpers: environments, destinations and real JWEs made with jose. */
import { createHash } from 'node:crypto';
import { CompactEncrypt } from 'jose';
import { fixedClock } from '../../kernel/types.ts';
import type { CreateDestinationInput } from './destinations.ts';
import { createFitConnectDomain, type FitConnectDomainOptions } from './environment.ts';
import { seededIds } from './ids.ts';
import type { TestKey } from './test-keys.ts';

export const LEIKA = 'urn:de:fim:leika:leistung:99123456760610';
export const OTHER_LEIKA = 'urn:de:fim:leika:leistung:99123456760611';
export const START = '2025-03-01T08:00:00Z';

export type TestClock = ReturnType<typeof fixedClock>;

export async function testEnvironment(signing: TestKey, extra: Partial<FitConnectDomainOptions> = {}, clock: TestClock = fixedClock(START)) {
  const env = await createFitConnectDomain({
    environment: 'test', clock, issuer: 'https://submission-api-test.govsim.invalid', ids: seededIds('fc-test'),
    signingKey: { ...signing, kid: 'platform-signing-test' }, ...extra,
  });
  return { env, clock };
}

export function destinationInput(enc: TestKey, sig: TestKey, extra: Partial<CreateDestinationInput> = {}): CreateDestinationInput {
  return {
    services: [{
      identifier: LEIKA, regions: ['DE09162'],
      submissionSchemas: [{ schemaUri: 'https://schema.fitko.de/fim/s00000121_1.0.0.schema.json', mimeType: 'application/json' }],
    }],
    metadataVersions: ['1.0.0', '2.1.0'],
    encryptionKey: { ...enc, kid: 'dest-enc-key-1' },
    signingKey: { ...sig, kid: 'dest-sig-key-1' },
    ...extra,
  };
}

export const sha512 = (b: Uint8Array | string): string => createHash('sha512').update(b).digest('hex');

export interface JweOptions {
  kid?: string;
  alg?: string;
  enc?: string;
  cty?: string | null;
}

export async function jwe(plaintext: Uint8Array | string, key: TestKey, o: JweOptions = {}): Promise<string> {
  const header: Record<string, string> = { alg: o.alg ?? 'RSA-OAEP-256', enc: o.enc ?? 'A256GCM', kid: o.kid ?? 'dest-enc-key-1' };
  if (o.cty !== null) header.cty = o.cty ?? 'application/json';
  const bytes = typeof plaintext === 'string' ? new TextEncoder().encode(plaintext) : plaintext;
  return new CompactEncrypt(bytes).setProtectedHeader(header as { alg: string; enc: string }).encrypt(key.publicKey);
}

export function metadata210(data: string | undefined, attachments: { id: string; content: Uint8Array | string }[]): Record<string, unknown> {
  const cs: Record<string, unknown> = {
    attachments: attachments.map((a) => ({ hash: { type: 'sha512', content: sha512(a.content) }, purpose: 'attachment', mimeType: 'application/pdf', filename: 'antrag.pdf', attachmentId: a.id })),
  };
  if (data !== undefined) {
    cs.data = { hash: { type: 'sha512', content: sha512(data) }, submissionSchema: { schemaUri: 'https://schema.fitko.de/fim/s00000121_1.0.0.schema.json', mimeType: 'application/json' } };
  }
  return { $schema: 'https://schema.fitko.de/fit-connect/metadata/2.1.0/metadata.schema.json', contentStructure: cs };
}

/** Splits a string into chunks of `size` bytes (streamed upload). */
export function* chunked(s: string, size: number): Iterable<Uint8Array> {
  const b = Buffer.from(s, 'ascii');
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}
