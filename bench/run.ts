/**
 * `npm run bench`: govsim against bare node:https and WireMock in the same run, on
 * loopback, with bounded request counts and durations. Prints ratios and writes
 * bench/results/latest.json. Options: --scenario <name> (repeatable), --seconds N,
 * --connections N, --no-wiremock.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initPki } from '../simulators/kernel/pki/index.ts';
import { runLoad, type LoadResult, type LoadTarget } from './lib/load.ts';
import { startJsonChild } from './lib/process.ts';
import { startWireMock } from './targets/wiremock.ts';
import type { BenchScenario } from './scenarios/types.ts';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', multiple: true },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '8' },
    'no-wiremock': { type: 'boolean' },
  },
});
const SCENARIOS = values.scenario?.length ? values.scenario : ['kernel-identity'];
const load = { seconds: Number(values.seconds), connections: Number(values.connections), maxRequests: 200_000, warmupRequests: 1000 };
const here = import.meta.dirname;
const work = mkdtempSync(join(tmpdir(), 'govsim-bench-'));
const pkiDir = join(work, 'pki');
const pki = await initPki({ dir: pkiDir });
const client = await pki.issue({ profile: 'pkioverheid', oin: '00000099000000000901', commonName: 'bench client', organization: 'Bench BV', purpose: 'client', keyAlgorithm: 'ec-p256' });
const server = await pki.serverCertificate();
const clientTls = { cert: client.certPem, key: client.keyPem, ca: pki.trustedCaPem() };

interface Row { scenario: string; target: string; result: LoadResult }
const rows: Row[] = [];
const report = (scenario: string, target: string, result: LoadResult) => {
  rows.push({ scenario, target, result });
  console.log(`  ${target.padEnd(28)} ${result.rps.toFixed(0).padStart(7)} req/s   p50 ${result.p50ms.toFixed(2)} ms   p99 ${result.p99ms.toFixed(2)} ms   ${result.requests} requests, ${result.errors} errors${result.firstError ? ` (${result.firstError})` : ''}`);
};

for (const name of SCENARIOS) {
  const { scenario } = (await import(`./scenarios/${name}.ts`)) as { scenario: BenchScenario };
  console.log(`\n${scenario.name}`);
  const out = join(work, name);
  mkdirSync(out, { recursive: true });
  const govsim = await startJsonChild<{ urls: Record<string, string>; info: Record<string, unknown> }>([join(here, 'targets/govsim.ts'), name, pkiDir, out, 'file']);
  const req = scenario.request(govsim.ready.urls, govsim.ready.info);
  const target = (url: string): LoadTarget => ({ url, method: req.method, headers: req.headers, body: req.body, status: req.status, tls: clientTls });

  // The bytes govsim answers with, replayed by the baselines.
  const sample = await fetchOnce(target(req.url));
  const path = new URL(req.url).pathname;
  const govsimResult = await runLoad(target(req.url), load);
  report(name, 'govsim (evidence to file)', govsimResult);
  await govsim.stop();

  const memory = await startJsonChild<{ urls: Record<string, string>; info: Record<string, unknown> }>([join(here, 'targets/govsim.ts'), name, pkiDir, out, 'memory']);
  const memReq = scenario.request(memory.ready.urls, memory.ready.info);
  report(name, 'govsim (evidence in memory)', await runLoad(target(memReq.url), load));
  await memory.stop();

  const tlsFile = join(out, 'tls.json');
  writeFileSync(tlsFile, JSON.stringify({ cert: server.certPem + server.chainPem, key: server.keyPem, ca: pki.trustedCaPem(), crl: pki.crls() }));
  const responseFile = join(out, 'response.json');
  writeFileSync(responseFile, JSON.stringify({ status: sample.status, contentType: sample.contentType, bodyBase64: sample.body.toString('base64') }));
  const bare = await startJsonChild<{ url: string }>([join(here, 'targets/bare-https.ts'), tlsFile, responseFile]);
  report(name, 'bare node:https', await runLoad(target(bare.ready.url + path), load));
  await bare.stop();

  if (!values['no-wiremock']) {
    const wm = await startWireMock({
      dir: join(out, 'wiremock'), keystoreP12: await server.toPkcs12('bench-pass'), keystorePassword: 'bench-pass',
      trustedCaPem: pki.trustedCaPem(), stub: { method: req.method, path, status: sample.status, contentType: sample.contentType, body: sample.body },
    });
    report(name, 'WireMock 3.13.2 (HTTPS)', await runLoad(target(wm.url + path), { ...load, warmupRequests: 3000 }));
    await wm.stop();
  }
}

const ratio = (scenario: string, a: string, b: string) => {
  const x = rows.find((r) => r.scenario === scenario && r.target.startsWith(a));
  const y = rows.find((r) => r.scenario === scenario && r.target.startsWith(b));
  return x && y ? x.result.rps / y.result.rps : undefined;
};
console.log('\nRatios (throughput)');
const summary = SCENARIOS.map((s) => ({
  scenario: s,
  govsimVsBare: ratio(s, 'govsim (evidence to file)', 'bare'),
  govsimVsWireMock: ratio(s, 'govsim (evidence to file)', 'WireMock'),
  evidenceFileVsMemory: ratio(s, 'govsim (evidence to file)', 'govsim (evidence in memory)'),
}));
for (const s of summary) {
  const f = (v?: number) => (v === undefined ? 'n/a' : `${v.toFixed(2)}×`);
  console.log(`  ${s.scenario}: govsim/bare ${f(s.govsimVsBare)} (target ≥ 0.70)   govsim/WireMock ${f(s.govsimVsWireMock)} (target ≥ 5)   evidence file/memory ${f(s.evidenceFileVsMemory)} (target ≥ 0.80)`);
}
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'latest.json'), JSON.stringify({ node: process.version, load, rows, summary }, null, 2) + '\n');

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
