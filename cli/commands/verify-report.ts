/** `govsim verify-report`: offline check of a report bundle. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCliArgs } from '../args.ts';
import { CliError, type CliCommand } from '../command.ts';
import { verifyReport, type VerifyResult } from '../../reports/index.ts';

const usage = `govsim verify-report — verify a report bundle offline

Usage:
  govsim verify-report <bundleDir> [--trust <root.pem>] [--json]

Checks the signature of manifest.json with the certificate in signer.pem, the size and
SHA-256 of every listed file, that no unlisted file was added, and that report.json's
verdicts and evidence counts agree with evidence.jsonl and messages.ndjson.
With --trust, the signer certificate must chain to that root (for the test PKI:
.govsim/pki/ca/root.crt.pem). Without it, compare the printed fingerprint with the
one the harness operator publishes.

Exit codes: 0 verified, 1 problems found, 2 usage error.`;

export const command: CliCommand = {
  name: 'verify-report',
  summary: 'verify a report bundle offline (signature + every byte of the manifest)',
  usage,
  async run(argv) {
    const { values, positionals } = parseCliArgs(argv, { trust: { type: 'string' }, json: { type: 'boolean' } }, true);
    if (positionals.length !== 1) throw new CliError('give exactly one bundle folder, e.g. govsim verify-report govsim-out/runs/<runId>/report');
    const dir = resolve(positionals[0]);
    if (!existsSync(dir)) throw new CliError(`${dir} does not exist`);
    let trustedRootPem: string | undefined;
    if (values.trust !== undefined) {
      try {
        trustedRootPem = readFileSync(values.trust, 'utf8');
      } catch (err) {
        throw new CliError(`cannot read trusted root ${values.trust}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    }
    const result = await verifyReport(dir, { trustedRootPem });
    console.log(values.json ? JSON.stringify(result, null, 2) : formatResult(dir, result, trustedRootPem !== undefined));
    return result.ok ? 0 : 1;
  },
};

export function formatResult(dir: string, r: VerifyResult, trusted: boolean): string {
  const signer = r.signer
    ? [`Signer: ${r.signer.subject}`, `Signer certificate SHA-256: ${r.signer.fingerprint}`]
    : ['Signer: signer.pem could not be read'];
  if (r.ok) {
    return [`OK ${dir}`, ...signer, trusted ? 'Signer chains to the trusted root.' : 'Compare the fingerprint with the one the harness operator publishes (or pass --trust <root.pem>).'].join('\n');
  }
  return [
    `FAILED ${dir}: ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}`,
    ...r.problems.map((p) => `  ${p.file}: ${p.code} ${p.message}`),
    ...signer,
  ].join('\n');
}
