/** Helpers the Byg og Miljø steps share: the simulator, certificates handed to the SUT, evidence queries. */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvidenceRecord } from '../../simulators/kernel/evidence/index.ts';
import type { BygOgMiljoSimulator } from '../../simulators/bygogmiljo/index.ts';
import { TEST_INTEGRATOR, type Application } from '../../simulators/bygogmiljo/domain/index.ts';
import { CheckFailed, check } from '../support/check.ts';
import type { GovsimWorld } from '../support/world.ts';

export const PLATFORM = 'bygogmiljo';

export async function bom(world: GovsimWorld): Promise<BygOgMiljoSimulator> {
  return (await world.simulator(PLATFORM)) as BygOgMiljoSimulator;
}

/** "Testkommune Nordby" → its CVR (from the simulator's authorities). */
export async function cvrOf(world: GovsimWorld, name: string): Promise<string> {
  const sim = await bom(world);
  const a = [...sim.bom.state.registry.authorities.values()].find((x) => x.name.startsWith(name) || x.cvr === name);
  check(a, `no authority named "${name}" in the simulated Byg og Miljø`);
  return a.cvr;
}

export interface SutCert { label: string; certFile: string; keyFile: string; cvr: string; fingerprint256: string; subject: string }
interface ConnEntry { myndighedCvr: string; certFile: string; keyFile: string }

/** Issues a FOCES certificate from the run's test PKI and writes it where the SUT can read it. */
export async function issueFoces(world: GovsimWorld, label: string, cvr: string, fid: string, commonName: string, organization: string): Promise<SutCert> {
  const dir = world.sutDir();
  const issued = await world.run.pki.issue({ profile: 'foces', cvr, fid, commonName, organization, keyAlgorithm: 'ec-p256' });
  const certFile = join(dir, `${label}.crt.pem`);
  const keyFile = join(dir, `${label}.key.pem`);
  writeFileSync(certFile, issued.certPem + issued.chainPem);
  writeFileSync(keyFile, issued.keyPem, { mode: 0o600 });
  const cert: SutCert = { label, certFile, keyFile, cvr, fingerprint256: issued.fingerprint256, subject: issued.subject };
  world.values.set(`bom.cert.${label}`, cert);
  return cert;
}

export function certFor(world: GovsimWorld, label: string): SutCert {
  const c = world.values.get(`bom.cert.${label}`) as SutCert | undefined;
  check(c, `no certificate "${label}" was set up in this scenario`);
  return c;
}

/** The SUT's configuration: which certificate it uses for which municipality. */
export function configureSut(world: GovsimWorld, myndighedCvr: string, cert: SutCert): void {
  const list = (world.values.get('bom.connection') as ConnEntry[] | undefined) ?? [];
  list.push({ myndighedCvr, certFile: cert.certFile, keyFile: cert.keyFile });
  world.values.set('bom.connection', list);
}

export async function connection(world: GovsimWorld) {
  const sim = await bom(world);
  const caFile = join(world.sutDir(), 'trusted-ca.pem');
  writeFileSync(caFile, world.run.pki.trustedCaPem().join('\n'));
  return { baseUrl: sim.urls().https, caFile, certificates: (world.values.get('bom.connection') as ConnEntry[] | undefined) ?? [] };
}

export async function integratorCert(world: GovsimWorld): Promise<SutCert> {
  return (world.values.get('bom.cert.integrator') as SutCert | undefined)
    ?? issueFoces(world, 'integrator', TEST_INTEGRATOR.cvr, '70000001', 'Fiktiv Sagssystem integration (funktionscertifikat)', TEST_INTEGRATOR.name);
}

export function rememberApplication(world: GovsimWorld, app: Application): void {
  world.values.set('bom.app', app);
  const all = (world.values.get('bom.apps') as Application[] | undefined) ?? [];
  all.push(app);
  world.values.set('bom.apps', all);
}

export function newApplication(world: GovsimWorld): Application {
  const app = world.values.get('bom.app') as Application | undefined;
  check(app, 'no application was submitted in this scenario');
  return app;
}

export function tinyFile(world: GovsimWorld, name: string, content: Buffer): { file: string; sha256: string } {
  const file = join(world.sutDir(), name);
  writeFileSync(file, content);
  return { file, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
}

// ── Evidence ──────────────────────────────────────────────────────────────

export interface BomData {
  service?: string;
  operation?: string;
  ok?: boolean;
  fault?: string;
  faultMessage?: string;
  myndighedCvr?: string;
  via?: string;
  [k: string]: unknown;
}

export const bomData = (r: EvidenceRecord): BomData | undefined =>
  r.kind === 'exchange' && r.platform === PLATFORM && r.direction !== 'outbound' ? (r.data as { bom?: BomData } | undefined)?.bom : undefined;

export const isOp = (op: string, pred: (d: BomData, r: EvidenceRecord) => boolean = () => true) =>
  (r: EvidenceRecord) => { const d = bomData(r); return !!d && d.operation === op && pred(d, r); };

export function calls(world: GovsimWorld, op: string, pred?: (d: BomData, r: EvidenceRecord) => boolean): EvidenceRecord[] {
  return world.evidence(isOp(op, pred));
}

/**
 * Waits for an accepted call; when none comes, fails with what Byg og Miljø refused instead,
 * so the report names the TransaktionFault.
 */
export async function acceptedCall(world: GovsimWorld, op: string, what: string, pred: (d: BomData, r: EvidenceRecord) => boolean = () => true): Promise<EvidenceRecord> {
  // A driven SUT has finished acting: a refusal already in the evidence is the answer, no need to wait.
  const settled = world.lastOutcome && world.lastOutcome.mode !== 'manual';
  const accepted = calls(world, op, (d, r) => d.ok === true && pred(d, r))[0];
  if (accepted) return accepted;
  if (settled && calls(world, op, (d) => d.ok === false).length > 0) return refusedInstead(world, op, what, pred);
  try {
    return await world.waitForEvidence(what, isOp(op, (d, r) => d.ok === true && pred(d, r)));
  } catch (err) {
    if (calls(world, op, (d) => d.ok === false).length > 0) return refusedInstead(world, op, what, pred);
    throw err;
  }
}

function refusedInstead(world: GovsimWorld, op: string, what: string, pred: (d: BomData, r: EvidenceRecord) => boolean): never {
  const r = calls(world, op, (d, x) => d.ok === false && pred(d, x))[0] ?? calls(world, op, (d) => d.ok === false)[0];
  const d = bomData(r)!;
  throw new CheckFailed(`expected ${what}, but Byg og Miljø refused ${op} for CVR ${d.myndighedCvr ?? '?'} with TransaktionFault ${d.fault}: ${d.faultMessage}`);
}
