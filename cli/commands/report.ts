/** `govsim report`: build the signed report bundle of a run. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCliArgs } from '../args.ts';
import { loadConfig } from '../config/index.ts';
import { CliError, type CliCommand } from '../command.ts';
import { listOption } from '../args.ts';
import {
  ALL_FORMATS, buildReport, diffReports, formatDiff, loadReportForDiff, ReportError, type ReportFormat, type ReportSummary, type SignerPem,
} from '../../reports/index.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEFAULT_PKI = '.govsim/pki';

const usage = `govsim report — build a signed report bundle from one or more runs

Usage:
  govsim report [--run <runDir>]... [--latest] [--out <dir>] [--format html,pdf,json,junit]
                [--sut <declaration.json>] [--pki <dir> | --key <pem> --cert <pem> [--chain <pem>]]
  govsim report diff <a> <b> [--json]

Options:
  --run <runDir>   run folder with messages.ndjson (and evidence.jsonl, run.json, junit.xml,
                   cucumber.html); repeat to combine runs, e.g. FIT-Connect "test" and "refz":
                   every checklist item is then listed per environment
  --latest         the newest run under --runs (the default when --run is not given)
  --runs <dir>     parent folder of run folders (default <outDir>/runs of the configuration, i.e. govsim-out/runs)
  --out <dir>      bundle folder (default <first runDir>/report); a previous bundle there is replaced
  --format <list>  outputs besides report.json (always written): html, pdf, junit, json
                   (default all; pdf needs Chromium)
  --sut <file>     the vendor's SUT declaration (organisation, contact, product, identifiers,
                   items not applicable, deviations); schema schemas/report/sut-declaration-v1.schema.json
  --templates <d>  folder with <platform>/report.json report templates (default features/)
  --pki <dir>      test PKI whose report signer signs the bundle (default ${DEFAULT_PKI}; created if absent)
  --key, --cert    sign with this PEM key and certificate instead (--chain adds intermediates)

The bundle holds report.json, report.html, report.pdf, report.junit.xml (one testsuite per
platform, one testcase per checklist item and environment), copies of the run files,
manifest.json (SHA-256 of every file), manifest.sig and signer.pem. Check it with
"govsim verify-report <dir>".

"govsim report diff <a> <b>" lists the checklist items whose verdict changed between two
bundles or run folders. Exit code 1 when an item that passed in <a> no longer passes in <b>.`;

export const command: CliCommand = {
  name: 'report',
  summary: 'build a signed report bundle from an evidence log and Cucumber messages',
  usage,
  async run(argv) {
    if (argv[0] === 'diff') return runDiff(argv.slice(1));
    const { values } = parseCliArgs(argv, {
      run: { type: 'string', multiple: true },
      latest: { type: 'boolean' },
      runs: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string', multiple: true },
      sut: { type: 'string' },
      templates: { type: 'string' },
      pki: { type: 'string' },
      key: { type: 'string' },
      cert: { type: 'string' },
      chain: { type: 'string' },
    });
    const runs = values.run ?? [];
    if (runs.length > 0 && values.latest) throw new CliError('give either --run or --latest, not both');
    if ((values.key === undefined) !== (values.cert === undefined)) throw new CliError('--key and --cert go together');
    if (values.key !== undefined && values.pki !== undefined) throw new CliError('give either --pki or --key/--cert, not both');
    const formats = parseFormats(listOption(values.format));
    const runDirs = runs.length > 0 ? runs.map((r) => resolve(r)) : [latestRun(resolve(values.runs ?? join((await loadConfig()).outDir, 'runs')))];
    for (const d of runDirs) if (!existsSync(d)) throw new CliError(`run folder ${d} does not exist`);
    const outDir = resolve(values.out ?? join(runDirs[0], 'report'));
    const signer = values.key !== undefined
      ? fileSigner(values.key, values.cert!, values.chain)
      : await pkiSigner(resolve(values.pki ?? DEFAULT_PKI));

    let summary: ReportSummary;
    try {
      summary = await buildReport({
        runDirs, outDir, signer, formats,
        sutDeclarationFile: values.sut !== undefined ? resolve(values.sut) : undefined,
        templatesDir: values.templates !== undefined ? resolve(values.templates) : undefined,
      });
    } catch (err) {
      if (err instanceof ReportError) throw new CliError(err.message);
      throw err;
    }
    console.log(formatSummary(summary));
    return 0;
  },
};

function parseFormats(list: string[] | undefined): ReportFormat[] | undefined {
  if (!list || list.length === 0) return undefined;
  const bad = list.filter((f) => !ALL_FORMATS.includes(f as ReportFormat));
  if (bad.length > 0) throw new CliError(`--format takes ${ALL_FORMATS.join(', ')}; not ${bad.join(', ')}`);
  return list as ReportFormat[];
}

async function runDiff(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, { json: { type: 'boolean' } }, true);
  if (positionals.length !== 2) throw new CliError('give two report bundles or run folders: govsim report diff <a> <b>');
  let diff;
  try {
    diff = diffReports(loadReportForDiff(resolve(positionals[0])), loadReportForDiff(resolve(positionals[1])));
  } catch (err) {
    if (err instanceof ReportError) throw new CliError(err.message);
    throw err;
  }
  console.log(values.json ? JSON.stringify(diff, null, 2) : formatDiff(diff));
  return diff.changed.some((c) => c.regression) ? 1 : 0;
}

/** The run folder whose messages.ndjson was written last. */
export function latestRun(runsDir: string): string {
  if (!existsSync(runsDir)) throw new CliError(`no runs in ${runsDir} (run "govsim run" first, or pass --run <dir>)`);
  const candidates = readdirSync(runsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(runsDir, d.name, 'messages.ndjson')))
    .map((d) => ({ dir: join(runsDir, d.name), mtime: statSync(join(runsDir, d.name, 'messages.ndjson')).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime || b.dir.localeCompare(a.dir));
  if (candidates.length === 0) throw new CliError(`no run with messages.ndjson in ${runsDir}`);
  return candidates[0].dir;
}

function fileSigner(key: string, cert: string, chain?: string): SignerPem {
  const read = (p: string, what: string): string => {
    try {
      return readFileSync(p, 'utf8');
    } catch (err) {
      throw new CliError(`cannot read ${what} ${p}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  };
  return { keyPem: read(key, 'signer key'), certPem: read(cert, 'signer certificate'), chainPem: chain ? read(chain, 'chain') : undefined };
}

async function pkiSigner(dir: string): Promise<SignerPem> {
  const { initPki } = await import('../../simulators/kernel/pki/index.ts');
  const existed = existsSync(dir);
  const pki = await initPki({ dir });
  if (!existed) console.error(`govsim report: created a test PKI in ${dir}; its report signer is new, publish its fingerprint`);
  const s = await pki.reportSigner();
  return { keyPem: s.keyPem, certPem: s.certPem, chainPem: s.chainPem };
}

export function formatSummary(s: ReportSummary): string {
  const width = Math.max(8, ...s.platforms.map((p) => p.platform.length));
  const lines = [
    `Report bundle: ${s.dir}`,
    `Files: ${s.files.join(', ')}`,
    `Signer: ${s.signer.subject}`,
    `Signer certificate SHA-256: ${s.signer.fingerprint}`,
    '',
    `${'platform'.padEnd(width)}  passed  failed  not run`,
    ...s.platforms.map((p) => `${p.platform.padEnd(width)}  ${String(p.counts.passed).padStart(6)}  ${String(p.counts.failed).padStart(6)}  ${String(p.counts.notRun).padStart(7)}`),
    `${'total'.padEnd(width)}  ${String(s.checklist.passed).padStart(6)}  ${String(s.checklist.failed).padStart(6)}  ${String(s.checklist.notRun).padStart(7)}`,
  ];
  if (s.failedItems.length > 0) {
    lines.push('', 'Failed:');
    for (const f of s.failedItems) lines.push(`  ${f.checklistId} (${f.platform}): ${f.reason ?? ''}`);
  }
  if (s.warnings.length > 0) {
    lines.push('', 'Warnings:');
    for (const w of s.warnings) lines.push(`  ${w}`);
  }
  return lines.join('\n');
}
