import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { command as reportCommand } from '../cli/commands/report.ts';
import { command as verifyCommand } from '../cli/commands/verify-report.ts';
import { CliError } from '../cli/command.ts';
import { selfSignedSigner } from './testing/certs.ts';
import { removeTempDirs, stageRunDir, tempDir } from './testing/run-dir.ts';

function capture(): { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { out.push(a.join(' ')); });
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { err.push(a.join(' ')); });
  return { out: () => out.join('\n'), err: () => err.join('\n') };
}

afterEach(() => { vi.restoreAllMocks(); });
afterAll(removeTempDirs);

describe('govsim report / verify-report', () => {
  let keyFile: string;
  let certFile: string;
  beforeAll(async () => {
    const s = await selfSignedSigner('Ed25519');
    const dir = tempDir('govsim-signer-');
    keyFile = join(dir, 'key.pem');
    certFile = join(dir, 'cert.pem');
    writeFileSync(keyFile, s.keyPem, { mode: 0o600 });
    writeFileSync(certFile, s.certPem);
  });

  it('builds the latest run with --key/--cert, prints the summary, and verifies (exit 0, then 1 after tampering)', async () => {
    const { root, runDir } = stageRunDir();
    const io = capture();
    expect(await reportCommand.run(['--runs', join(root, 'runs'), '--key', keyFile, '--cert', certFile, '--format', 'html,junit', '--templates', tempDir('govsim-no-templates-')])).toBe(0);
    expect(io.out()).toContain(`Report bundle: ${join(runDir, 'report')}`);
    expect(io.out()).toMatch(/mijnoverheid\s+2\s+1\s+0/);
    expect(io.out()).toContain('LZ-MSG-02 (mijnoverheid): expected error code LZ_UNKNOWN_BSN');
    const fingerprint = /Signer certificate SHA-256: (\S+)/.exec(io.out())![1];

    expect(await verifyCommand.run([join(runDir, 'report')])).toBe(0);
    expect(io.out()).toContain(`OK ${join(runDir, 'report')}`);
    expect(io.out().split(fingerprint).length).toBe(3);

    const html = join(runDir, 'report', 'report.html');
    writeFileSync(html, readFileSync(html, 'utf8').replace('failed', 'passed'));
    expect(await verifyCommand.run([join(runDir, 'report'), '--trust', certFile])).toBe(1);
    expect(io.out()).toMatch(/report\.html: HASH_MISMATCH/);
  });

  it('signs with the test PKI report signer and verifies against the PKI root', async () => {
    const { runDir } = stageRunDir();
    const pkiDir = join(tempDir('govsim-pki-'), 'pki');
    const io = capture();
    expect(await reportCommand.run(['--run', runDir, '--pki', pkiDir, '--out', join(runDir, 'bundle'), '--format', 'json'])).toBe(0);
    expect(io.err()).toContain('created a test PKI');
    expect(await verifyCommand.run([join(runDir, 'bundle'), '--trust', join(pkiDir, 'ca', 'root.crt.pem')])).toBe(0);
    expect(io.out()).toContain('Signer chains to the trusted root.');
    expect(await verifyCommand.run([join(runDir, 'bundle'), '--trust', certFile])).toBe(1);
    expect(io.out()).toMatch(/signer\.pem: UNTRUSTED_SIGNER/);
  }, 60_000);

  it('reports usage errors as CliError', async () => {
    await expect(reportCommand.run(['--key', keyFile])).rejects.toBeInstanceOf(CliError);
    await expect(reportCommand.run(['--runs', join(tmpdir(), 'govsim-no-such-dir-4711')])).rejects.toThrow(/no runs in/);
    await expect(verifyCommand.run([])).rejects.toBeInstanceOf(CliError);
  });
});
