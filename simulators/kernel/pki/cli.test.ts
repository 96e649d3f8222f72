/** `govsim pki` sub-commands, run in-process through the CliCommand contract. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { command } from '../../../cli/commands/pki.ts';
import { CliError } from '../../../cli/command.ts';

const tmp = mkdtempSync(join(tmpdir(), 'govsim-pki-cli-'));
const dir = join(tmp, 'pki');
const out = join(tmp, 'certs');
let stdout: string[] = [];
let stderr: string[] = [];

async function run(...argv: string[]): Promise<number> {
  stdout = [];
  stderr = [];
  return command.run(argv);
}

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void stdout.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void stderr.push(a.join(' ')));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (stdout.push(String(chunk)), true));
  expect(await run('init', '--dir', dir, '--key', 'ec-p256')).toBe(0);
});
afterEach(() => delete process.env.GOVSIM_TEST_P12);
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(tmp, { recursive: true, force: true });
});

describe('govsim pki', () => {
  it('init is idempotent and says so', async () => {
    expect(await run('init', '--dir', dir)).toBe(0);
    expect(stdout.join('\n')).toContain('already present');
  });

  it('issue writes the bundle with a passphrase from the environment; inspect reads the .p12', async () => {
    process.env.GOVSIM_TEST_P12 = 'cli-secret';
    expect(await run('issue', '--dir', dir, '--profile', 'foces', '--cvr', '12345674', '--fid', '77', '--org', 'Test ApS',
      '--out', out, '--passphrase-env', 'GOVSIM_TEST_P12')).toBe(0);
    const printed = stdout.join('\n');
    expect(printed).toContain('serialNumber=CVR:12345674-FID:77');
    expect(printed).not.toContain('cli-secret');
    for (const ext of ['crt.pem', 'key.pem', 'chain.pem', 'der', 'p12']) expect(existsSync(join(out, `foces.${ext}`))).toBe(true);
    expect(statSync(join(out, 'foces.key.pem')).mode & 0o777).toBe(0o600);
    expect(await run('inspect', join(out, 'foces.p12'), '--passphrase-env', 'GOVSIM_TEST_P12')).toBe(0);
    expect(stdout.join('\n')).toMatch(/Shape:\s+FOCES-shaped, CVR 12345674 FID 77/);
  });

  it('--passphrase works but warns; --passphrase-file reads the file', async () => {
    expect(await run('issue', '--dir', dir, '--profile', 'server', '--out', out, '--name', 'srv', '--passphrase', 'on-the-cli')).toBe(0);
    expect(stderr.join('\n')).toMatch(/warning: --passphrase is visible in process lists/);
    writeFileSync(join(tmp, 'pass.txt'), 'from-file\n');
    expect(await run('issue', '--dir', dir, '--profile', 'mrds-client', '--customer', '4711', '--org', 'Firma', '--out', out,
      '--passphrase-file', join(tmp, 'pass.txt'))).toBe(0);
    expect(() => execFileSync('openssl', ['pkcs12', '-in', join(out, 'mrds-client.p12'), '-info', '-noout', '-passin', 'pass:from-file'], { stdio: 'pipe' })).not.toThrow();
  });

  it('crl --revoke puts the serial on the CRL that openssl reads', async () => {
    expect(await run('issue', '--dir', dir, '--profile', 'pkioverheid', '--oin', '00000099000000000003', '--org', 'Gemeente', '--out', out, '--name', 'to-revoke')).toBe(0);
    const serial = /serial ([0-9A-F]+)/.exec(stdout.join('\n'))![1];
    expect(await run('crl', '--dir', dir, '--revoke', serial, '--reason', 'superseded')).toBe(0);
    const crl = stdout.join('');
    const text = execFileSync('openssl', ['crl', '-noout', '-text'], { input: crl }).toString();
    expect(text).toContain(`Serial Number: ${serial}`);
    expect(text).toContain('Superseded');
    expect(readFileSync(join(dir, 'ca/issuing.crl.pem'), 'utf8')).toBe(crl);
  });

  it('variants name their files after the variant', async () => {
    expect(await run('issue', '--dir', dir, '--profile', 'mrds-client', '--customer', '1', '--org', 'F', '--variant', 'expired', '--out', out)).toBe(0);
    expect(existsSync(join(out, 'mrds-client-expired.crt.pem'))).toBe(true);
    expect(await run('inspect', join(out, 'mrds-client-expired.crt.pem'))).toBe(0);
    expect(stdout.join('\n')).toContain('EXPIRED');
  });

  const bad: Array<[string[], RegExp]> = [
    [[], /missing sub-command/],
    [['frobnicate'], /unknown sub-command/],
    [['issue', '--out', out], /--profile is required/],
    [['issue', '--profile', 'server'], /--out <dir> is required/],
    [['issue', '--profile', 'nope', '--out', out], /--profile must be one of/],
    [['issue', '--profile', 'pkioverheid', '--oin', '123', '--org', 'X', '--out', out, '--dir', dir], /PKI_BAD_OIN/],
    [['issue', '--profile', 'server', '--out', out, '--days', 'ten'], /--days must be a whole number/],
    [['issue', '--profile', 'server', '--out', out, '--passphrase-env', 'GOVSIM_UNSET_VAR_X'], /GOVSIM_UNSET_VAR_X/],
    [['issue', '--profile', 'server', '--out', out, '--dir', join(tmp, 'missing')], /PKI_NOT_INITIALIZED/],
    [['issue', '--bogus'], /Unknown option/],
    [['inspect'], /exactly one file/],
    [['inspect', join(tmp, 'nope.pem')], /does not exist/],
    [['init', '--dir', dir, '--key', 'ed25519'], /--key must be one of rsa2048, rsa4096, ec-p256/],
    [['crl', '--dir', dir, '--revoke', 'not-hex'], /PKI_BAD_SERIAL/],
  ];
  it.each(bad)('%j fails with exit 2: %s', async (argv, message) => {
    const err = await run(...argv).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(2);
    expect((err as CliError).message).toMatch(message);
  });

  it('has usage text with examples', () => {
    expect(command.usage).toContain('Examples:');
    expect(command.usage).toContain('--passphrase-env');
  });
});
