/**
 * redactText skips a pattern when the text lacks the literal that pattern needs (a fast path
 * for the per-request cost). Property: the result equals applying all four patterns, for
 * random text seeded with secret-shaped fragments.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FUZZ_SEED, fuzzParams } from '../../../bench/reliability/fuzz-kit.ts';
import { REDACTED, redactText } from './redact.ts';

function reference(text: string): string {
  return text
    .replace(/-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----[\s\S]*?-----END \1-----/g, (_m, label: string) => `-----BEGIN ${label}-----${REDACTED}-----END ${label}-----`)
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(/\b((?:client_secret|password|passphrase|passwort|kennwort|wachtwoord|kendeord|kodeord|access_token|refresh_token)=)[^&\s"']+/gi, (_m, key: string) => `${key}${REDACTED}`)
    .replace(/("(?:client_secret|password|passphrase|access_token|refresh_token|private_key|d|p|q|dp|dq|qi)"\s*:\s*)"[^"]*"/g, (_m, key: string) => `${key}"${REDACTED}"`);
}

const fragments = ['-----BEGIN PRIVATE KEY-----', '-----END PRIVATE KEY-----', '-----BEGIN EC PRIVATE KEY-----', '-----END EC PRIVATE KEY-----', 'Bearer ', 'Basic ', 'abcdefgh12345678',
  'password=', 'Client_Secret=', 'kendeord=', '&', '"password"', '"d"', ':', ' : ', '"', '"x"', '=', ' ', '\n', 'a'];

describe(`redactText fast path (seed ${FUZZ_SEED})`, () => {
  it('gives exactly what applying every pattern gives', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 6 })), { maxLength: 24 }).map((a) => a.join('')), (text) => {
      expect(redactText(text)).toBe(reference(text));
    }), fuzzParams(1000));
  });

  it('still redacts each kind of secret', () => {
    expect(redactText('authorization: Bearer abcdefgh12345678')).toBe(`authorization: Bearer ${REDACTED}`);
    expect(redactText('grant_type=x&client_secret=s3cr3t')).toBe(`grant_type=x&client_secret=${REDACTED}`);
    expect(redactText('{"password": "hunter2"}')).toBe(`{"password": "${REDACTED}"}`);
    expect(redactText('-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----')).toBe(`-----BEGIN PRIVATE KEY-----${REDACTED}-----END PRIVATE KEY-----`);
  });
});
