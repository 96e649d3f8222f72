/** `govsim pki`: init the test CA hierarchy, issue, inspect, and manage the CRL. */
import { readFileSync, existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, type CliCommand } from '../command.ts';
import {
  KEY_ALGORITHMS, CA_KEY_ALGORITHMS, PROFILES, VARIANTS, PkiError, formatInspection, initPki, inspectCertificate, loadPki,
  writeCertificateBundle, type CertificateProfile, type CertificatePurpose, type CertificateVariant, type IssueRequest,
  type KeyAlgorithm, type RevocationReason, REVOCATION_REASONS,
} from '../../simulators/kernel/pki/index.ts';
import { writeFileAtomic } from '../../simulators/kernel/pki/files.ts';

const DEFAULT_DIR = '.govsim/pki';

const usage = `govsim pki — generated test PKI (never real keys; every CA says TEST ONLY)

Usage:
  govsim pki init    [--dir ${DEFAULT_DIR}] [--force] [--key rsa2048|rsa4096|ec-p256]
  govsim pki issue   --profile <profile> --out <dir> [--name <base>] [options]
  govsim pki inspect <file> [--passphrase-env VAR | --passphrase-file F]
  govsim pki crl     [--dir ${DEFAULT_DIR}] [--revoke <serialHex> [--reason keyCompromise]] [--out <file>]

Issue options:
  --profile          ${PROFILES.join(' | ')}
  --variant          ${VARIANTS.join(' | ')} (default valid)
  --oin <20 digits>  PKIoverheid OIN or HRN            --cvr <8 digits> --fid <digits>  FOCES
  --customer <n>     MRDS customer number (KDNR)       --email <addr>   MRDS emailAddress
  --cn, --org, --ou  subject names                     --purpose client|server|both
  --dns a,b  --ip 127.0.0.1,::1                        --key ${KEY_ALGORITHMS.join('|')}  --days N (default 365)
  --dir <pki dir>    (default ${DEFAULT_DIR})
  PKCS#12 passphrase: --passphrase-env VAR or --passphrase-file F (--passphrase works but shows in process lists)

Files written by issue: <base>.crt.pem, <base>.key.pem (0600), <base>.chain.pem, <base>.der, <base>.p12 (with a passphrase)

Examples:
  govsim pki init
  govsim pki issue --profile pkioverheid --oin 00000099123456789012 --org "Gemeente Voorbeeld" --out certs
  P12_PASS=changeit govsim pki issue --profile foces --cvr 12345674 --fid 1234 --org "Test ApS" --out certs --passphrase-env P12_PASS
  govsim pki issue --profile mrds-client --customer 4711 --org "Testfirma GmbH" --variant expired --out certs --name expired
  govsim pki inspect certs/pkioverheid.crt.pem
  govsim pki crl --revoke 4F1A9C0D2E3B4A5F6071829304A5B6C7`;

function parse(argv: string[], options: ParseArgsConfig['options']): { values: Record<string, unknown>; positionals: string[] } {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as { values: Record<string, unknown>; positionals: string[] };
  } catch (err) {
    throw new CliError(`${(err as Error).message}\nRun "govsim pki --help" for usage.`);
  }
}

function str(values: Record<string, unknown>, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new CliError(`--${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

const list = (v: string | undefined): string[] | undefined =>
  v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean);

/** Reads the passphrase without requiring it on the command line. */
function passphraseFrom(values: Record<string, unknown>): string | undefined {
  const env = str(values, 'passphrase-env');
  const file = str(values, 'passphrase-file');
  const direct = str(values, 'passphrase');
  if ([env, file, direct].filter((v) => v !== undefined).length > 1) {
    throw new CliError('give only one of --passphrase-env, --passphrase-file, --passphrase');
  }
  if (env !== undefined) {
    const v = process.env[env];
    if (!v) throw new CliError(`environment variable ${env} (from --passphrase-env) is not set or empty`);
    return v;
  }
  if (file !== undefined) {
    if (!existsSync(file)) throw new CliError(`--passphrase-file ${file} does not exist`);
    const v = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    if (!v) throw new CliError(`--passphrase-file ${file} is empty`);
    return v;
  }
  if (direct !== undefined) {
    console.error('govsim pki: warning: --passphrase is visible in process lists and shell history; prefer --passphrase-env or --passphrase-file');
    if (!direct) throw new CliError('--passphrase is empty');
  }
  return direct;
}

/** PkiError → CliError (exit 2) with its stable code, so scripts can grep for it. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof PkiError) throw new CliError(`${err.code}: ${err.message}`);
    throw err;
  }
}

async function init(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { dir: { type: 'string' }, force: { type: 'boolean' }, key: { type: 'string' } });
  if (positionals.length) throw new CliError(`unexpected argument "${positionals[0]}"`);
  const dir = str(values, 'dir') ?? DEFAULT_DIR;
  const keyAlgorithm = oneOf(str(values, 'key'), CA_KEY_ALGORITHMS, 'key');
  const existed = existsSync(`${dir}/pki.json`);
  const pki = await guarded(() => initPki({ dir, force: values.force === true, keyAlgorithm }));
  if (existed && values.force !== true) console.log(`Test PKI already present in ${dir} (use --force to replace it).`);
  else console.log(`Created test PKI in ${dir} (${pki.keyAlgorithm}).`);
  console.log(`  trust store for the system under test: ${dir}/ca/trusted-chain.pem`);
  console.log(`  CRLs: ${dir}/ca/issuing.crl.pem, ${dir}/ca/root.crl.pem`);
  return 0;
}

async function issue(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    profile: { type: 'string' }, variant: { type: 'string' }, purpose: { type: 'string' },
    oin: { type: 'string' }, cvr: { type: 'string' }, fid: { type: 'string' }, customer: { type: 'string' }, email: { type: 'string' },
    cn: { type: 'string' }, org: { type: 'string' }, ou: { type: 'string' }, dns: { type: 'string' }, ip: { type: 'string' },
    key: { type: 'string' }, days: { type: 'string' }, dir: { type: 'string' }, out: { type: 'string' }, name: { type: 'string' },
    'passphrase-env': { type: 'string' }, 'passphrase-file': { type: 'string' }, passphrase: { type: 'string' },
  });
  if (positionals.length) throw new CliError(`unexpected argument "${positionals[0]}"`);
  const profile = oneOf(str(values, 'profile'), PROFILES, 'profile');
  if (!profile) throw new CliError(`--profile is required (${PROFILES.join(', ')})`);
  const out = str(values, 'out');
  if (!out) throw new CliError('--out <dir> is required');
  const daysText = str(values, 'days');
  if (daysText !== undefined && !/^\d+$/.test(daysText)) throw new CliError(`--days must be a whole number (got "${daysText}")`);
  const dns = list(str(values, 'dns'));
  const ips = list(str(values, 'ip'));
  for (const ip of ips ?? []) if (isIP(ip) === 0) throw new CliError(`--ip: "${ip}" is not an IP address`);
  const passphrase = passphraseFrom(values);
  const request: IssueRequest = {
    profile: profile as CertificateProfile,
    variant: oneOf(str(values, 'variant'), VARIANTS, 'variant') as CertificateVariant | undefined,
    purpose: oneOf(str(values, 'purpose'), ['client', 'server', 'both'] as const, 'purpose') as CertificatePurpose | undefined,
    keyAlgorithm: oneOf(str(values, 'key'), KEY_ALGORITHMS, 'key') as KeyAlgorithm | undefined,
    validityDays: daysText === undefined ? undefined : Number(daysText),
    oin: str(values, 'oin'), cvr: str(values, 'cvr'), fid: str(values, 'fid'), customer: str(values, 'customer'), email: str(values, 'email'),
    commonName: str(values, 'cn'), organization: str(values, 'org'), organizationalUnit: str(values, 'ou'),
    dnsNames: dns, ipAddresses: ips,
  };
  const dir = str(values, 'dir') ?? DEFAULT_DIR;
  const base = str(values, 'name') ?? (request.variant && request.variant !== 'valid' ? `${profile}-${request.variant}` : profile);
  const { cert, files } = await guarded(async () => {
    const pki = await loadPki(dir);
    const cert = await pki.issue(request);
    return { cert, files: await writeCertificateBundle(out, base, cert, passphrase) };
  });
  console.log(`Issued ${profile}${request.variant && request.variant !== 'valid' ? ` (${request.variant})` : ''}: ${cert.subject}`);
  console.log(`  serial ${cert.serialHex}  valid ${cert.notBefore.toISOString()} .. ${cert.notAfter.toISOString()}`);
  for (const path of Object.values(files)) console.log(`  wrote ${path}`);
  return 0;
}

async function inspect(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    'passphrase-env': { type: 'string' }, 'passphrase-file': { type: 'string' }, passphrase: { type: 'string' }, json: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new CliError('give exactly one file: govsim pki inspect <file>');
  const file = positionals[0];
  if (!existsSync(file)) throw new CliError(`${file} does not exist`);
  const passphrase = passphraseFrom(values);
  const result = await guarded(async () => inspectCertificate(readFileSync(file), passphrase));
  console.log(values.json ? JSON.stringify(result, null, 2) : formatInspection(result));
  return 0;
}

async function crl(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    dir: { type: 'string' }, revoke: { type: 'string' }, reason: { type: 'string' }, out: { type: 'string' },
  });
  if (positionals.length) throw new CliError(`unexpected argument "${positionals[0]}"`);
  const dir = str(values, 'dir') ?? DEFAULT_DIR;
  const reason = oneOf(str(values, 'reason'), REVOCATION_REASONS, 'reason') as RevocationReason | undefined;
  if (reason && !values.revoke) throw new CliError('--reason needs --revoke <serialHex>');
  const pem = await guarded(async () => {
    const pki = await loadPki(dir);
    const serial = str(values, 'revoke');
    if (serial !== undefined) {
      await pki.revoke(serial, reason);
      console.error(`Revoked ${serial.toUpperCase()}; CRL re-signed (${dir}/ca/issuing.crl.pem).`);
    }
    return pki.crlPem();
  });
  const out = str(values, 'out');
  if (out) {
    writeFileAtomic(out, pem);
    console.error(`Wrote ${out}`);
  } else {
    process.stdout.write(pem);
  }
  return 0;
}

const SUBCOMMANDS: Record<string, (argv: string[]) => Promise<number>> = { init, issue, inspect, crl };

export const command: CliCommand = {
  name: 'pki',
  summary: 'test PKI: init a CA hierarchy, issue and inspect certificates',
  usage,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === undefined) throw new CliError(`missing sub-command: init, issue, inspect or crl\n\n${usage}`);
    const fn = SUBCOMMANDS[sub];
    if (!fn) throw new CliError(`unknown sub-command "${sub}" (init, issue, inspect, crl)`);
    return fn(rest);
  },
};
