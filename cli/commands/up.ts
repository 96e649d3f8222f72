import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { createAdminServer, type AdminServer } from '../../simulators/kernel/admin/index.ts';
import { createRecorder } from '../../simulators/kernel/evidence/index.ts';
import { FaultStore } from '../../simulators/kernel/faults/rules.ts';
import { initPki } from '../../simulators/kernel/pki/index.ts';
import { systemClock, type Simulator } from '../../simulators/kernel/types.ts';
import { platformKeys, SIMULATORS } from '../../simulators/registry.ts';
import { harnessVersion } from '../api/run-suites.ts';
import { listOption, parseCliArgs } from '../args.ts';
import { CliError, type CliCommand } from '../command.ts';
import { loadConfig, platformPorts, printConfig } from '../config/index.ts';

const usage = `Usage: govsim up [options]

Starts the simulators with their web pages, the admin API and the dashboard, on fixed
documented ports, with evidence written to govsim-out/up/<runId>/evidence.jsonl.
Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.

Options:
  --platform <p>        simulators to start, comma-separated (default: all: ${platformKeys().join(', ')})
  --host <addr>         address the simulators listen on (default 127.0.0.1)
  --admin-port <n>      admin API + dashboard port (default 7070; 0 = any free port)
  --admin-host <addr>   address the admin API listens on (default 127.0.0.1)
  --admin-allow-remote  allow a non-loopback --admin-host (containers; needs a
                        GOVSIM_ADMIN_TOKEN of at least 24 characters)
  --ephemeral-ports     every simulator on a free port instead of its fixed default
  --env <environment>   platform environment, e.g. FIT-Connect "test" or "refz"
  --pki <dir>           persistent test PKI (default .govsim/pki; created on first start)
  --out <dir>           evidence folder parent (default <outDir>/up, i.e. govsim-out/up)
  --config <file>       configuration file (default ./govsim.config.ts or .json, or GOVSIM_CONFIG)
  --print-config        print the resolved settings and where each came from, then exit

Settings come from flags, then GOVSIM_* environment variables, then govsim.config.json,
then defaults (see "govsim init"). The admin token comes from GOVSIM_ADMIN_TOKEN, or is
generated and printed.

Fixed ports: ${Object.entries(SIMULATORS).map(([k, s]) => `${k} ${Object.entries(s.ports).map(([n, p]) => `${n}:${p}`).join(' ')}`).join('; ')}; admin 7070.`;

export const command: CliCommand = {
  name: 'up',
  summary: 'start the simulators and the dashboard',
  usage,
  async run(argv) {
    const started = Date.now();
    const { values: v } = parseCliArgs(argv, {
      platform: { type: 'string', multiple: true },
      host: { type: 'string' },
      'admin-port': { type: 'string' },
      'admin-host': { type: 'string' },
      'admin-allow-remote': { type: 'boolean' },
      'ephemeral-ports': { type: 'boolean' },
      env: { type: 'string' },
      pki: { type: 'string' },
      out: { type: 'string' },
      config: { type: 'string' },
      'print-config': { type: 'boolean' },
    });
    const cfg = await loadConfig({
      configFile: v.config,
      flags: [
        ['platforms', '--platform', listOption(v.platform)],
        ['host', '--host', v.host],
        ['admin.port', '--admin-port', v['admin-port'], 'integer'],
        ['admin.host', '--admin-host', v['admin-host']],
        ['admin.allowRemote', '--admin-allow-remote', v['admin-allow-remote']],
        ['ephemeralPorts', '--ephemeral-ports', v['ephemeral-ports']],
        ['environment', '--env', v.env],
        ['pkiDir', '--pki', v.pki],
      ],
    });
    if (v['print-config']) {
      console.log(printConfig(cfg));
      return 0;
    }
    const selected = cfg.platforms ?? platformKeys();
    const adminPort = cfg.admin.port;

    const runId = `up-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const evidenceFile = resolve(v.out ?? join(cfg.outDir, 'up'), runId, 'evidence.jsonl');
    const recorder = createRecorder({ file: evidenceFile, runId });
    const faults = new FaultStore();
    const pkiDir = cfg.pkiDir ?? resolve('.govsim/pki');
    const pki = await initPki({ dir: pkiDir });
    const simulators: Simulator[] = [];
    const token = process.env.GOVSIM_ADMIN_TOKEN || randomBytes(18).toString('base64url');
    let admin: AdminServer;
    try {
      admin = createAdminServer({
        recorder, faults, token, host: cfg.admin.host, allowRemote: cfg.admin.allowRemote,
        simulators: () => simulators, extraInfo: () => ({ runId, environment: cfg.environment ?? 'default' }),
      });
    } catch (err) {
      recorder.close();
      throw new CliError((err as Error).message);
    }

    const stop = async () => {
      await Promise.allSettled([admin.close(), ...simulators.map((s) => s.stop())]);
      recorder.close();
    };
    try {
      // Simulators start side by side; a failure stops the ones that did start.
      const results = await Promise.allSettled(selected.map(async (platform) => {
        const entry = SIMULATORS[platform];
        const factory = await entry.load();
        const sim = factory({
          recorder, faults, pki, clock: systemClock, host: cfg.host, environment: cfg.environment,
          ports: cfg.ephemeralPorts ? undefined : platformPorts(cfg, platform, entry.ports),
          // Durable state (e.g. MijnOverheid's outbox) is kept per --out folder, not per run, so a restart picks it up.
          dataDir: resolve(v.out ?? join(cfg.outDir, 'up'), 'state'),
        });
        await sim.start();
        return sim;
      }));
      for (const r of results) if (r.status === 'fulfilled') simulators.push(r.value);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      await admin.listen(adminPort);
    } catch (err) {
      await stop();
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EADDRINUSE') throw new CliError(`a port is already in use (${e.message}); stop the other process or use --ephemeral-ports / --admin-port 0`);
      throw err;
    }

    const width = Math.max(9, ...simulators.map((s) => s.platform.length));
    console.log(`govsim ${harnessVersion()} up in ${Date.now() - started} ms (run ${runId})`);
    console.log(`  ${'dashboard'.padEnd(width)}  ${admin.dashboardUrl()}`);
    console.log(`  ${'admin API'.padEnd(width)}  ${admin.url}/admin  (Authorization: Bearer ${token})`);
    for (const s of simulators) {
      console.log(`  ${s.platform.padEnd(width)}  ${Object.entries(s.urls()).map(([k, u]) => `${k} ${u}`).join('   ')}`);
    }
    console.log(`  ${'evidence'.padEnd(width)}  ${evidenceFile}`);
    console.log(`  ${'test PKI'.padEnd(width)}  ${pkiDir} (trust its root CA; never use it outside testing)`);
    console.log('Press Ctrl-C to stop.');

    return new Promise<number>((resolveExit) => {
      let stopping = false;
      const onSignal = (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`\n${signal}: stopping…`);
        stop().then(() => {
          console.log('govsim stopped.');
          resolveExit(0);
        }, (err) => {
          console.error(`govsim: error while stopping: ${(err as Error).message}`);
          resolveExit(3);
        });
      };
      process.once('SIGINT', () => onSignal('SIGINT'));
      process.once('SIGTERM', () => onSignal('SIGTERM'));
    });
  },
};
