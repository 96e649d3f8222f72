/**
 * `npm run bench`: every figure of the performance issue in one run, on loopback, with
 * bounded request counts and durations. Prints each measurement, then a summary of ratios
 * and targets, and writes bench/results/latest.json.
 *
 * Options: --only <section> (repeatable: ratios, xsd, memory, evidence, selftest, upload),
 * --scenario <name> (repeatable; default the three of the issue), --rounds N (default 3) of
 * --seconds N (default 2) per target, --connections N (default 8), --no-wiremock, --cpu-prof
 * (write V8 CPU profiles of the govsim targets to bench/results/profiles/), --target-node-arg
 * <flag> (repeatable; a Node flag for the govsim targets, e.g. --max-old-space-size=96).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { availableSuites, suiteEnvironments } from '../cli/api/run-suites.ts';
import { initPki } from '../simulators/kernel/pki/index.ts';
import { runLoad, type LoadResult, type LoadTarget } from './lib/load.ts';
import { startJsonChild } from './lib/process.ts';
import { processMemoryMb } from './lib/proc.ts';
import { measureXsd, type XsdFigure } from './measure/xsd.ts';
import { startWireMock } from './targets/wiremock.ts';
import { BENCH_CLIENT_OIN, type BenchScenario } from './scenarios/types.ts';

const SECTIONS = ['ratios', 'xsd', 'memory', 'evidence', 'selftest', 'upload'] as const;
const ALL_SCENARIOS = ['kernel-identity', 'mijnoverheid-ping', 'fitconnect-destination'];
const { values } = parseArgs({
  options: {
    only: { type: 'string', multiple: true },
    scenario: { type: 'string', multiple: true },
    seconds: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '8' },
    'no-wiremock': { type: 'boolean' },
    'cpu-prof': { type: 'boolean' },
    'target-node-arg': { type: 'string', multiple: true },
  },
});
const sections = new Set(values.only?.length ? values.only : SECTIONS);
for (const s of sections) if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`unknown section ${s}; one of ${SECTIONS.join(', ')}`);
const SCENARIOS = values.scenario?.length ? values.scenario : ALL_SCENARIOS;
const load = { seconds: Number(values.seconds), rounds: Number(values.rounds), connections: Number(values.connections), maxRequests: 200_000, warmupRequests: 1000 };
const here = import.meta.dirname;
const root = join(here, '..');
const work = mkdtempSync(join(tmpdir(), 'govsim-bench-'));
const pkiDir = join(work, 'pki');
const profileDir = join(here, 'results', 'profiles');
const targetNodeArgs = [...(values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...(values['target-node-arg'] ?? [])];
const pki = await initPki({ dir: pkiDir });
const client = await pki.issue({ profile: 'pkioverheid', oin: BENCH_CLIENT_OIN, commonName: 'bench client', organization: 'Bench BV', purpose: 'client', keyAlgorithm: 'ec-p256' });
const clientCertFile = join(work, 'client.pem');
writeFileSync(clientCertFile, client.certPem);
const server = await pki.serverCertificate();
const clientTls = { cert: client.certPem, key: client.keyPem, ca: pki.trustedCaPem() };
const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', memoryGb: +(totalmem() / 2 ** 30).toFixed(1), loadAtStart: loadavg().map((l) => +l.toFixed(2)) };
console.log(`govsim bench — node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, load average at start ${machine.loadAtStart.join(' ')}`);

interface Row { scenario: string; target: string; result: LoadResult }
interface Check { figure: string; value: string; target: string; met: boolean | undefined; note?: string }
const rows: Row[] = [];
const checks: Check[] = [];
const ratios: Array<{ scenario: string; govsimVsBare?: number; govsimVsWireMock?: number; fileVsMemory?: number }> = [];
const extra: Record<string, unknown> = {};
const report = (scenario: string, target: string, result: LoadResult) => {
  rows.push({ scenario, target, result });
  console.log(`  ${target.padEnd(28)} ${result.rps.toFixed(0).padStart(7)} req/s   p50 ${result.p50ms.toFixed(2)} ms   p99 ${result.p99ms.toFixed(2)} ms   ${result.requests} requests, ${result.errors} errors${result.firstError ? ` (${result.firstError})` : ''}`);
};
const scenarioOf = async (name: string) => ((await import(`./scenarios/${name}.ts`)) as { scenario: BenchScenario }).scenario;
const startGovsim = (name: string, out: string, evidence: 'file' | 'memory') =>
  startJsonChild<{ urls: Record<string, string>; info: Record<string, unknown>; pid: number }>([join(here, 'targets/govsim.ts'), name, pkiDir, out, evidence, clientCertFile], 60_000, targetNodeArgs);

if (sections.has('ratios') || sections.has('evidence')) {
  for (const name of SCENARIOS) {
    const scenario = await scenarioOf(name);
    const mtls = scenario.mtls !== false;
    console.log(`\n${scenario.name}`);
    const out = join(work, name);
    mkdirSync(out, { recursive: true });
    // govsim (file and memory evidence) and bare node:https run at once and take turns in short
    // rounds, so a change in the machine's background load hits them alike; their ratios are
    // medians of per-round ratios.
    const targets: Array<{ label: string; target: LoadTarget; warmup: number; stop(): Promise<void>; results: LoadResult[] }> = [];
    const govsim = await startGovsim(name, out, 'file');
    const req = scenario.request(govsim.ready.urls, govsim.ready.info);
    const target = (url: string): LoadTarget => ({ url, method: req.method, headers: req.headers, body: req.body, status: req.status, tls: clientTls });
    const sample = await fetchOnce(target(req.url)); // the bytes govsim answers with, replayed by the baselines
    const path = new URL(req.url).pathname;
    targets.push({ label: 'govsim (evidence to file)', target: target(req.url), warmup: load.warmupRequests, stop: govsim.stop, results: [] });
    if (sections.has('evidence')) {
      const memory = await startGovsim(name, out, 'memory');
      const memReq = scenario.request(memory.ready.urls, memory.ready.info);
      targets.push({ label: 'govsim (evidence in memory)', target: { ...target(memReq.url), headers: memReq.headers, body: memReq.body }, warmup: load.warmupRequests, stop: memory.stop, results: [] });
    }
    if (sections.has('ratios')) {
      const tlsFile = join(out, 'tls.json');
      writeFileSync(tlsFile, JSON.stringify({ cert: server.certPem + server.chainPem, key: server.keyPem, ca: pki.trustedCaPem(), crl: pki.crls() }));
      const responseFile = join(out, 'response.json');
      writeFileSync(responseFile, JSON.stringify({ status: sample.status, contentType: sample.contentType, bodyBase64: sample.body.toString('base64') }));
      const bare = await startJsonChild<{ url: string }>([join(here, 'targets/bare-https.ts'), tlsFile, responseFile, mtls ? 'mtls' : 'no-mtls']);
      targets.push({ label: 'bare node:https', target: target(bare.ready.url + path), warmup: load.warmupRequests, stop: bare.stop, results: [] });
    }
    for (let round = 0; round < load.rounds; round++) {
      for (const t of targets) {
        const r = await runLoad(t.target, { connections: load.connections, seconds: load.seconds, maxRequests: load.maxRequests, warmupRequests: round === 0 ? t.warmup : 200 });
        if (r.errors > 0) throw new Error(`${t.label}: ${r.errors} requests failed (${r.firstError}); the figures would be meaningless`);
        t.results.push(r);
      }
    }
    // WireMock runs after the others, alone: its JVM keeps compiling and collecting on background
    // threads after a round, which would slow whichever target came next.
    if (sections.has('ratios') && !values['no-wiremock']) {
      const wm = await startWireMock({
        dir: join(out, 'wiremock'), keystoreP12: await server.toPkcs12('bench-pass'), keystorePassword: 'bench-pass', requireClientCert: mtls,
        trustedCaPem: pki.trustedCaPem(), stub: { method: req.method, path, status: sample.status, contentType: sample.contentType, body: sample.body },
      });
      const results: LoadResult[] = [];
      for (let round = 0; round < load.rounds; round++) {
        const r = await runLoad(target(wm.url + path), { connections: load.connections, seconds: load.seconds, maxRequests: load.maxRequests, warmupRequests: round === 0 ? 5000 : 200 });
        if (r.errors > 0) throw new Error(`WireMock: ${r.errors} requests failed (${r.firstError})`);
        results.push(r);
      }
      await wm.stop();
      targets.push({ label: 'WireMock 3.13.2 (HTTPS)', target: target(wm.url + path), warmup: 0, stop: async () => undefined, results });
    }
    for (const t of targets) {
      await t.stop();
      report(name, t.label, combine(t.results));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const roundRatio = (a: string, b: string) => {
      const x = targets.find((t) => t.label.startsWith(a));
      const y = targets.find((t) => t.label.startsWith(b));
      if (!x || !y) return undefined;
      // Pairs of rounds for targets that took turns; medians for WireMock, which ran alone afterwards.
      return b === 'WireMock' ? median(x.results.map((r) => r.rps)) / median(y.results.map((r) => r.rps)) : median(x.results.map((r, i) => r.rps / y.results[i].rps));
    };
    ratios.push({ scenario: name, govsimVsBare: roundRatio('govsim (evidence to file)', 'bare'), govsimVsWireMock: roundRatio('govsim (evidence to file)', 'WireMock'), fileVsMemory: roundRatio('govsim (evidence to file)', 'govsim (evidence in memory)') });
  }
}

const find = (scenario: string, prefix: string) => rows.find((r) => r.scenario === scenario && r.target.startsWith(prefix))?.result;
for (const r of ratios) {
  const g = find(r.scenario, 'govsim (evidence to file)');
  const wm = find(r.scenario, 'WireMock');
  if (r.govsimVsBare !== undefined) checks.push({ figure: `${r.scenario}: govsim / bare node:https throughput`, value: `${r.govsimVsBare.toFixed(2)}×`, target: '≥ 0.70×', met: r.govsimVsBare >= 0.7 });
  if (r.govsimVsWireMock !== undefined) checks.push({ figure: `${r.scenario}: govsim / WireMock throughput`, value: `${r.govsimVsWireMock.toFixed(2)}×`, target: '≥ 5×', met: r.govsimVsWireMock >= 5, note: `p99 govsim ${g?.p99ms.toFixed(2)} ms, WireMock ${wm?.p99ms.toFixed(2)} ms` });
  if (r.fileVsMemory !== undefined) checks.push({ figure: `${r.scenario}: throughput with evidence to file / in memory`, value: `${r.fileVsMemory.toFixed(2)}×`, target: '≥ 0.80× (≤ 20% cost)', met: r.fileVsMemory >= 0.8 });
}

if (sections.has('xsd')) {
  console.log('\nXSD validation (compiled schemas, cached)');
  const figures: XsdFigure[] = measureXsd();
  extra.xsd = figures;
  for (const f of figures) {
    console.log(`  ${f.message.padEnd(28)} ${f.bytes} bytes: parsed doc p50 ${f.parsedP50Us.toFixed(0)} µs p99 ${f.parsedP99Us.toFixed(0)} µs; from bytes p50 ${f.bytesP50Us.toFixed(0)} µs p99 ${f.bytesP99Us.toFixed(0)} µs; compile once ${f.compileMs.toFixed(1)} ms; ${f.errors} errors`);
    if (f.errors) throw new Error(`${f.message} is not schema-valid: the measurement would time the error path`);
    checks.push({ figure: `XSD validation ${f.message} (parse + validate, median)`, value: `${(f.bytesP50Us / 1000).toFixed(3)} ms`, target: '< 1 ms', met: f.bytesP50Us < 1000, note: `p99 ${(f.bytesP99Us / 1000).toFixed(3)} ms` });
  }
}

if (sections.has('memory')) {
  // The target keeps the recorder settings of `govsim up`; 10,000 exchanges with request and response bodies.
  console.log('\nMemory: 10,000 recorded exchanges (MijnOverheid Ping → Pong, evidence to file)');
  const out = join(work, 'memory');
  mkdirSync(out, { recursive: true });
  const name = 'mijnoverheid-ping';
  const scenario = await scenarioOf(name);
  const g = await startGovsim(name, out, 'file');
  const before = processMemoryMb(g.ready.pid);
  const req = scenario.request(g.ready.urls, g.ready.info);
  const r = await runLoad({ url: req.url, method: req.method, headers: req.headers, body: req.body, status: req.status, tls: clientTls }, { connections: load.connections, seconds: 120, maxRequests: 10_000, warmupRequests: 0 });
  const after = processMemoryMb(g.ready.pid);
  await g.stop();
  const evidenceLines = readFileSync(join(out, `evidence-${g.ready.pid}.jsonl`), 'utf8').split('\n').filter((l) => l.includes('"kind":"exchange"')).length;
  extra.memory = { before, after, requests: r.requests, errors: r.errors, evidenceExchanges: evidenceLines };
  if (!before || !after) {
    checks.push({ figure: 'RSS after 10,000 recorded exchanges', value: 'n/a', target: '< 200 MB', met: undefined, note: '/proc not available' });
  } else {
    console.log(`  RSS ${before.rssMb.toFixed(0)} MB after start → ${after.rssMb.toFixed(0)} MB after ${r.requests} requests (peak ${after.peakMb.toFixed(0)} MB); ${evidenceLines} exchange records in the evidence file`);
    checks.push({ figure: 'RSS after 10,000 recorded exchanges (peak)', value: `${after.peakMb.toFixed(0)} MB`, target: '< 200 MB', met: after.peakMb < 200 && evidenceLines >= 10_000, note: `${evidenceLines} exchanges recorded; RSS at start ${before.rssMb.toFixed(0)} MB, growth ${(after.peakMb - before.rssMb).toFixed(0)} MB` });
  }
}

if (sections.has('upload')) {
  const script = join(here, 'fitconnect-upload.ts');
  console.log('\nFIT-Connect 500 MB attachment upload');
  if (!existsSync(script)) {
    console.log('  bench/fitconnect-upload.ts is not present (owned by the FIT-Connect engineer): not measured');
    checks.push({ figure: 'FIT-Connect 500 MB upload RSS growth', value: 'not measured', target: '< 64 MB', met: undefined, note: 'bench/fitconnect-upload.ts not present' });
  } else {
    const r = await runChild(['--import', 'tsx', script], 600_000);
    process.stdout.write(r.output.split('\n').map((l) => `  ${l}`).join('\n') + '\n');
    const json = r.output.split('\n').reverse().find((l) => l.trim().startsWith('{'));
    let growth: number | undefined;
    try { growth = json ? Number((JSON.parse(json) as { rssGrowthMb?: number }).rssGrowthMb) : undefined; } catch { growth = undefined; }
    extra.upload = { exitCode: r.code, seconds: r.seconds, result: json };
    checks.push({ figure: 'FIT-Connect 500 MB upload RSS growth', value: growth === undefined || Number.isNaN(growth) ? `see output (exit ${r.code})` : `${growth.toFixed(0)} MB`, target: '< 64 MB', met: growth === undefined || Number.isNaN(growth) ? undefined : growth < 64 && r.code === 0 });
  }
}

if (sections.has('selftest')) {
  // The plans of `govsim test --suites-only` (one run for suites without declared environments,
  // one per declared environment), each as its own `govsim run` process, timed end to end.
  console.log('\nWhole self-test: every suite in reference mode, every declared environment');
  const plain = availableSuites().filter((s) => !suiteEnvironments(s));
  const plans = [
    ...(plain.length ? [['--platform', plain.join(',')]] : []),
    ...availableSuites().flatMap((s) => (suiteEnvironments(s) ?? []).map((env) => ['--platform', s, '--env', env])),
  ];
  const out = join(work, 'selftest');
  let seconds = 0;
  let failed = 0;
  const tails: string[] = [];
  for (const plan of plans) {
    const r = await runChild([join(root, 'cli/govsim.mjs'), 'run', ...plan, '--out', out], 900_000);
    seconds += r.seconds;
    if (r.code !== 0) failed++;
    const counts = /^Scenarios[^\n]*/m.exec(r.output)?.[0] ?? r.output.trim().split('\n').at(-1) ?? '';
    tails.push(`${plan.join(' ')}: ${r.seconds.toFixed(1)} s, exit ${r.code} (${counts.trim()})`);
    console.log(`  govsim run ${plan.join(' ')}: ${r.seconds.toFixed(1)} s, exit ${r.code}  ${counts.trim()}`);
  }
  console.log(`  wall time ${seconds.toFixed(1)} s for ${plans.length} runs`);
  extra.selftest = { seconds, plans: tails };
  checks.push({ figure: 'whole self-test wall time (all suites, reference mode)', value: `${seconds.toFixed(1)} s`, target: '< 60 s, all suites passing', met: seconds < 60 && failed === 0, note: failed === 0 ? `${plans.length} runs, all passed` : `${failed} of ${plans.length} runs failed` });
}

const loadAtEnd = loadavg().map((l) => +l.toFixed(2));
console.log(`\nSummary (load average at start ${machine.loadAtStart.join(' ')}, at end ${loadAtEnd.join(' ')})`);
for (const c of checks) {
  const mark = c.met === undefined ? 'n/a ' : c.met ? 'MET ' : 'MISS';
  console.log(`  [${mark}] ${c.figure}: ${c.value} (target ${c.target})${c.note ? ` — ${c.note}` : ''}`);
}
mkdirSync(join(here, 'results'), { recursive: true });
// Only a full run replaces latest.json (the figures bench/README.md quotes).
const resultFile = values.only?.length || values.scenario?.length || values['target-node-arg']?.length ? 'partial.json' : 'latest.json';
writeFileSync(join(here, 'results', resultFile), JSON.stringify({ at: new Date().toISOString(), machine: { ...machine, loadAtEnd }, load, rows, checks, ...extra }, null, 2) + '\n');
rmSync(work, { recursive: true, force: true });

/** One result for several rounds: overall throughput; p50 and p99 are the medians of the rounds' own. */
function combine(results: LoadResult[]): LoadResult {
  const requests = results.reduce((n, r) => n + r.requests, 0);
  const seconds = results.reduce((n, r) => n + r.seconds, 0);
  const sorted = (k: 'p50ms' | 'p99ms') => results.map((r) => r[k]).sort((a, b) => a - b);
  return { requests, errors: 0, seconds, rps: requests / seconds, p50ms: sorted('p50ms')[Math.floor(results.length / 2)], p99ms: sorted('p99ms')[Math.floor(results.length / 2)] };
}

function runChild(args: string[], timeoutMs: number): Promise<{ code: number | null; seconds: number; output: string }> {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, seconds: Number(process.hrtime.bigint() - t0) / 1e9, output });
    });
  });
}

async function fetchOnce(t: LoadTarget): Promise<{ status: number; contentType: string; body: Buffer }> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(t.url, { method: t.method, headers: t.headers, cert: t.tls.cert, key: t.tls.key, ca: t.tls.ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? 'application/octet-stream'), body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(t.body);
  });
}
