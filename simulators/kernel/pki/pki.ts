/**
 * The test PKI: a trusted root + issuing CA, a foreign root + issuing CA for negative
 * tests, CRLs, and issuing of profile-shaped certificates. Stored as PEM in a directory,
 * or kept in memory (ephemeral).
 */
import { X509Certificate, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { systemClock, type Clock } from '../types.ts';
import { CA_NAMES, createIssuingCa, createRootCa, loadAuthority, signLeaf, type Authority } from './authority.ts';
import { REVOCATION_REASONS, buildCrl, normaliseSerial, type RevokedEntry } from './crl.ts';
import { PkiError } from './errors.ts';
import { readText, writeFileAtomic } from './files.ts';
import { makeIssued } from './issued.ts';
import { CA_KEY_ALGORITHMS, assertKeyAlgorithm, exportKeyPem, generateKeys, importKeyPairPem, type KeyAlgorithm } from './keys.ts';
import { planCertificate, DEFAULT_SERVER_HOSTS, DEFAULT_SERVER_IPS } from './profiles.ts';
import { x509 } from './x509.ts';
import type { InitPkiOptions, IssueRequest, IssuedCertificate, Pki, PkiOptions, RevocationReason } from './types.ts';

const STATE_FILE = 'pki.json';
const FORMAT = 'govsim-pki/1';
const DAY = 86_400_000;
const CA_FILES = { root: 'ca/root', issuing: 'ca/issuing', foreignRoot: 'ca/foreign-root', foreignIssuing: 'ca/foreign-issuing' } as const;
type CaRole = keyof typeof CA_FILES;

interface PkiState {
  format: typeof FORMAT;
  createdAt: string;
  keyAlgorithm: KeyAlgorithm;
  crlNumber: number;
  revoked: RevokedEntry[];
}

interface Hierarchy {
  root: Authority;
  issuing: Authority;
  foreignRoot: Authority;
  foreignIssuing: Authority;
}

class TestPki implements Pki {
  private issuingCrl = '';
  private rootCrl = '';
  private readonly cache = new Map<string, Promise<IssuedCertificate>>();
  private readonly labelledKeys = new Map<string, Promise<CryptoKeyPair>>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string | undefined,
    private readonly ca: Hierarchy,
    private readonly state: PkiState,
    private readonly clock: Clock,
    private readonly random: (n: number) => Buffer,
    private readonly crlValidityDays: number,
  ) {}

  get keyAlgorithm(): KeyAlgorithm {
    return this.state.keyAlgorithm;
  }

  /** Runs state changes one at a time so concurrent revokes never lose an entry. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async issue(request: IssueRequest): Promise<IssuedCertificate> {
    const plan = planCertificate(request, this.clock.now(), this.state.keyAlgorithm);
    const [ca, chain] = plan.issuer === 'foreign'
      ? [this.ca.foreignIssuing, [this.ca.foreignIssuing.certPem, this.ca.foreignRoot.certPem]]
      : [this.ca.issuing, [this.ca.issuing.certPem, this.ca.root.certPem]];
    const existing = request.keyLabel === undefined ? undefined : await this.labelledKey(request.keyLabel, plan.keyAlgorithm);
    const { cert, keyPem } = await signLeaf(plan, ca, this.random, existing);
    const issued = makeIssued(cert.toString('pem') + '\n', keyPem, chain.map(ensureNewline));
    if (plan.revoke) await this.revoke(issued.serialHex, 'keyCompromise');
    return issued;
  }

  /** The key pair kept under `label` for `alg`: from memory, from `<dir>/keys/`, or new. */
  private labelledKey(label: string, alg: KeyAlgorithm): Promise<CryptoKeyPair> {
    if (!/^[A-Za-z0-9._/-]{1,120}$/.test(label)) {
      return Promise.reject(new PkiError('PKI_BAD_REQUEST', `keyLabel must be 1-120 characters of A-Z a-z 0-9 . _ / - (got ${JSON.stringify(label)})`));
    }
    const id = `${label.replace(/\//g, '__')}.${alg}`;
    let pair = this.labelledKeys.get(id);
    if (!pair) {
      const file = this.dir ? join(this.dir, 'keys', `${id}.key.pem`) : undefined;
      pair = (async () => {
        const stored = file ? readText(file) : undefined;
        if (stored) return importKeyPairPem(stored);
        const keys = await generateKeys(alg);
        if (file) {
          mkdirSync(join(this.dir!, 'keys'), { recursive: true });
          writeFileAtomic(file, await exportKeyPem(keys.privateKey), true);
        }
        return keys;
      })();
      this.labelledKeys.set(id, pair);
    }
    return pair;
  }

  revoke(serialHex: string, reason: RevocationReason = 'unspecified'): Promise<void> {
    const serial = normaliseSerial(serialHex);
    if (!serial) return Promise.reject(new PkiError('PKI_BAD_SERIAL', `not a hexadecimal serial number: ${JSON.stringify(serialHex)}`));
    if (!REVOCATION_REASONS.includes(reason)) {
      return Promise.reject(new PkiError('PKI_BAD_REQUEST', `revocation reason must be one of ${REVOCATION_REASONS.join(', ')}`));
    }
    return this.exclusive(async () => {
      if (this.state.revoked.some((e) => e.serialHex === serial)) return;
      this.state.revoked.push({ serialHex: serial, reason, revokedAt: this.clock.now().toISOString() });
      await this.signCrls(false);
    });
  }

  refreshCrls(): Promise<void> {
    return this.exclusive(() => this.signCrls(true));
  }

  /** Re-signs the issuing CA's CRL (and the root's when `both`), then persists. */
  async signCrls(both: boolean): Promise<void> {
    const now = this.clock.now();
    this.state.crlNumber += 1;
    this.issuingCrl = await buildCrl(this.ca.issuing, this.state.revoked, this.state.crlNumber, now, this.crlValidityDays);
    if (both || !this.rootCrl) this.rootCrl = await buildCrl(this.ca.root, [], this.state.crlNumber, now, this.crlValidityDays);
    this.persistState();
  }

  setCrls(issuing: string, root: string): void {
    this.issuingCrl = issuing;
    this.rootCrl = root;
  }

  persistState(): void {
    if (!this.dir) return;
    writeFileAtomic(join(this.dir, 'ca/issuing.crl.pem'), this.issuingCrl);
    writeFileAtomic(join(this.dir, 'ca/root.crl.pem'), this.rootCrl);
    writeFileAtomic(join(this.dir, STATE_FILE), `${JSON.stringify(this.state, null, 2)}\n`);
  }

  crlPem(): string {
    return this.issuingCrl;
  }

  crls(): string[] {
    return [this.issuingCrl, this.rootCrl];
  }

  trustedCaPem(): string[] {
    return [ensureNewline(this.ca.issuing.certPem), ensureNewline(this.ca.root.certPem)];
  }

  foreignCaPem(): string[] {
    return [ensureNewline(this.ca.foreignIssuing.certPem), ensureNewline(this.ca.foreignRoot.certPem)];
  }

  revokedSerials(): string[] {
    return this.state.revoked.map((e) => e.serialHex);
  }

  serverCertificate(hostnames?: string[]): Promise<IssuedCertificate> {
    const hosts = hostnames && hostnames.length ? [...new Set(hostnames)].sort() : undefined;
    const key = hosts ? hosts.join(',') : '';
    const fileBase = `issued/server-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
    const request: IssueRequest = hosts
      ? { profile: 'server', dnsNames: hosts.filter((h) => isIP(h) === 0), ipAddresses: hosts.filter((h) => isIP(h) !== 0) }
      : { profile: 'server', dnsNames: DEFAULT_SERVER_HOSTS, ipAddresses: DEFAULT_SERVER_IPS };
    return this.cached(`server:${key}`, fileBase, request);
  }

  reportSigner(): Promise<IssuedCertificate> {
    return this.cached('report-signer', 'issued/report-signer', { profile: 'report-signer' });
  }

  /** Reuses a stored certificate while it is valid and issued by the current issuing CA. */
  private cached(cacheKey: string, fileBase: string, request: IssueRequest): Promise<IssuedCertificate> {
    const hit = this.cache.get(cacheKey);
    if (hit) {
      return hit.then((c) => (this.usable(c) ? c : (this.cache.delete(cacheKey), this.cached(cacheKey, fileBase, request))));
    }
    const p = (async () => {
      const stored = this.dir ? this.loadIssued(fileBase) : undefined;
      if (stored && this.usable(stored)) return stored;
      const issued = await this.issue(request);
      if (this.dir) {
        writeFileAtomic(join(this.dir, `${fileBase}.crt.pem`), issued.certPem);
        writeFileAtomic(join(this.dir, `${fileBase}.key.pem`), issued.keyPem, true);
      }
      return issued;
    })();
    this.cache.set(cacheKey, p);
    p.catch(() => this.cache.delete(cacheKey));
    return p;
  }

  private loadIssued(fileBase: string): IssuedCertificate | undefined {
    const certPem = readText(join(this.dir!, `${fileBase}.crt.pem`));
    const keyPem = readText(join(this.dir!, `${fileBase}.key.pem`));
    if (!certPem || !keyPem) return undefined;
    try {
      return makeIssued(certPem, keyPem, this.trustedCaPem());
    } catch {
      return undefined;
    }
  }

  private usable(c: IssuedCertificate): boolean {
    const now = this.clock.now().getTime();
    if (c.notBefore.getTime() > now || c.notAfter.getTime() < now + DAY) return false;
    if (this.state.revoked.some((e) => e.serialHex === c.serialHex)) return false;
    const issuer = new X509Certificate(this.ca.issuing.certPem);
    const cert = new X509Certificate(c.certPem);
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  }
}

function ensureNewline(pem: string): string {
  return pem.endsWith('\n') ? pem : `${pem}\n`;
}

function resolveOptions(options: PkiOptions | undefined) {
  const crlValidityDays = options?.crlValidityDays ?? 30;
  if (!Number.isInteger(crlValidityDays) || crlValidityDays < 1 || crlValidityDays > 3650) {
    throw new PkiError('PKI_BAD_VALIDITY', 'crlValidityDays must be a whole number from 1 to 3650');
  }
  return {
    clock: options?.clock ?? systemClock,
    random: options?.random ?? randomBytes,
    crlValidityDays,
    keyAlgorithm: assertKeyAlgorithm(options?.keyAlgorithm ?? 'rsa2048', CA_KEY_ALGORITHMS),
  };
}

async function createHierarchy(alg: KeyAlgorithm, now: Date, random: (n: number) => Buffer): Promise<Hierarchy> {
  const [root, foreignRoot] = await Promise.all([
    createRootCa(CA_NAMES.root, alg, now, random),
    createRootCa(CA_NAMES.foreignRoot, alg, now, random),
  ]);
  const [issuing, foreignIssuing] = await Promise.all([
    createIssuingCa(CA_NAMES.issuing, root, alg, now, random),
    createIssuingCa(CA_NAMES.foreignIssuing, foreignRoot, alg, now, random),
  ]);
  return { root, issuing, foreignRoot, foreignIssuing };
}

async function fresh(dir: string | undefined, options: PkiOptions | undefined): Promise<TestPki> {
  const o = resolveOptions(options);
  const now = o.clock.now();
  const ca = await createHierarchy(o.keyAlgorithm, now, o.random);
  const state: PkiState = { format: FORMAT, createdAt: now.toISOString(), keyAlgorithm: o.keyAlgorithm, crlNumber: 0, revoked: [] };
  const pki = new TestPki(dir, ca, state, o.clock, o.random, o.crlValidityDays);
  if (dir) {
    for (const role of Object.keys(CA_FILES) as CaRole[]) {
      writeFileAtomic(join(dir, `${CA_FILES[role]}.crt.pem`), ensureNewline(ca[role].certPem));
      writeFileAtomic(join(dir, `${CA_FILES[role]}.key.pem`), ca[role].keyPem, true);
    }
    // What a system under test imports as its trust store.
    writeFileAtomic(join(dir, 'ca/trusted-chain.pem'), pki.trustedCaPem().join(''));
  }
  await pki.signCrls(true);
  return pki;
}

/** An in-memory PKI (nothing written to disk), for tests and `govsim up` without a configured dir. */
export function createEphemeralPki(options?: PkiOptions): Promise<Pki> {
  return fresh(undefined, options);
}

/** Creates the hierarchy in `dir`, or loads it when present (unless `force`). */
export async function initPki(options: InitPkiOptions): Promise<Pki> {
  const { dir, force } = options;
  if (existsSync(join(dir, STATE_FILE)) && !force) return loadPki(dir, options);
  if (force) {
    // Only what this module writes; anything else the user keeps there stays.
    rmSync(join(dir, 'ca'), { recursive: true, force: true });
    rmSync(join(dir, 'issued'), { recursive: true, force: true });
    rmSync(join(dir, STATE_FILE), { force: true });
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return fresh(dir, options);
}

/** Loads a PKI created by `initPki`; re-signs CRLs that are due within a day. */
export async function loadPki(dir: string, options?: PkiOptions): Promise<Pki> {
  const raw = readText(join(dir, STATE_FILE));
  if (raw === undefined) throw new PkiError('PKI_NOT_INITIALIZED', `no test PKI in ${dir} (run "govsim pki init --dir ${dir}")`);
  let state: PkiState;
  try {
    state = JSON.parse(raw) as PkiState;
    if (state.format !== FORMAT || !Array.isArray(state.revoked) || !Number.isInteger(state.crlNumber)) throw new Error('shape');
    assertKeyAlgorithm(state.keyAlgorithm, CA_KEY_ALGORITHMS);
  } catch {
    throw new PkiError('PKI_CORRUPT', `${join(dir, STATE_FILE)} is not a govsim PKI state file`);
  }
  const o = resolveOptions({ ...options, keyAlgorithm: state.keyAlgorithm });
  const ca = {} as Hierarchy;
  for (const role of Object.keys(CA_FILES) as CaRole[]) {
    const certPem = readText(join(dir, `${CA_FILES[role]}.crt.pem`));
    const keyPem = readText(join(dir, `${CA_FILES[role]}.key.pem`));
    if (!certPem || !keyPem) throw new PkiError('PKI_CORRUPT', `missing ${CA_FILES[role]}.crt.pem or .key.pem in ${dir}`);
    try {
      ca[role] = await loadAuthority(certPem, keyPem);
    } catch (err) {
      throw new PkiError('PKI_CORRUPT', `cannot read ${CA_FILES[role]} in ${dir}: ${(err as Error).message}`);
    }
  }
  const pki = new TestPki(dir, ca, state, o.clock, o.random, o.crlValidityDays);
  const issuingCrl = readText(join(dir, 'ca/issuing.crl.pem'));
  const rootCrl = readText(join(dir, 'ca/root.crl.pem'));
  if (issuingCrl && rootCrl && !crlDue(issuingCrl, o.clock) && !crlDue(rootCrl, o.clock)) pki.setCrls(issuingCrl, rootCrl);
  else await pki.refreshCrls();
  return pki;
}

function crlDue(pem: string, clock: Clock): boolean {
  try {
    const next = new x509.X509Crl(pem).nextUpdate;
    return !next || next.getTime() < clock.now().getTime() + DAY;
  } catch {
    return true;
  }
}
