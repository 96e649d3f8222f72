/**
 * Trigger mode: the reference client as a per-action command (`govsim reference-client`), its
 * adapter endpoint kept alive between actions by a background process that the scenario's final
 * action stops. Runs the connectivity scenarios (both Ping directions need the endpoint).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOVSIM_BIN, govsimRun } from '../../../cli/testing/govsim-run.ts';
import { callDaemon, isOneShotProcess, stopDaemon } from './remote.ts';

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

describe('MijnOverheid reference client in trigger mode', () => {
  it('knows when it runs as a one-shot trigger command, and says so when no background adapter runs', async () => {
    expect(isOneShotProcess({ GOVSIM_ACTION: 'ping' })).toBe(true);
    expect(isOneShotProcess({})).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'govsim-mo-adapter-'));
    await expect(callDaemon(dir, 'ping', {}, undefined)).rejects.toThrow(/no background adapter runs for .*register the Consumerspecificatie first/);
    expect(await stopDaemon(dir)).toBe(false);
  });

  it('passes the connectivity scenarios as a trigger command and stops its background adapters', { timeout: 120_000 }, () => {
    const { code, run, runDir, output } = govsimRun(['--platform', 'mijnoverheid', '--tags', '@LZ-CON-01 or @LZ-CON-02', '--sut', 'trigger', '--sut-command', `"${process.execPath}" "${GOVSIM_BIN}" reference-client`]);
    expect(run.scenarios.map((s) => `${s.name}: ${s.status} ${s.message ?? ''}`), output).toEqual([
      expect.stringMatching(/pings MijnOverheid and gets a Pong: PASSED/),
      expect.stringMatching(/MijnOverheid pings the system under test and gets a Pong: PASSED/),
    ]);
    expect(code).toBe(0);
    const sutDirs = readdirSync(join(runDir, 'sut')).map((d) => join(runDir, 'sut', d));
    expect(sutDirs).toHaveLength(2);
    for (const d of sutDirs) {
      expect(existsSync(join(d, 'adapter.json')), `${d} still has a running adapter`).toBe(false);
      const log = readFileSync(join(d, 'adapter.log'), 'utf8');
      const pid = Number(/background adapter pid (\d+) listening/.exec(log)?.[1]);
      expect(log).toContain(`background adapter pid ${pid} stopping`);
      expect(alive(pid)).toBe(false);
    }
  });

  it('negative control: a broken variant is passed on to the background adapter (wrong SOAPAction turns LZ-CON-01 red)', { timeout: 120_000 }, () => {
    const { code, run, output } = govsimRun(['--platform', 'mijnoverheid', '--tags', '@LZ-CON-01', '--sut', 'trigger', '--sut-command', `"${process.execPath}" "${GOVSIM_BIN}" reference-client --variant wrong-soapaction`]);
    expect(run.scenarios.map((s) => s.status), output).toEqual(['FAILED']);
    expect(run.scenarios[0].message).toMatch(/SOAP Fault EBMS_SOAPACTION/);
    expect(code).toBe(1);
  });
});
