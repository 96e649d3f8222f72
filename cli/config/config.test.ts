import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { command as init } from '../commands/init.ts';
import {
  checkSutSettings, CONFIG_ENV_VARS, ConfigError, loadConfig, parseJsonc, printConfig, starterConfig, validateConfigValue,
  type PlatformPorts,
} from './index.ts';

const PLATFORMS: PlatformPorts = { kernel: { ports: { https: 8440, http: 8040 } }, fitconnect: { ports: { https: 8443 } } };

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'govsim-config-'));
}

async function configError(p: Promise<unknown>): Promise<ConfigError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('precedence: flags > env > file > defaults', () => {
  it('takes each setting from the highest layer that sets it and says which one', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'govsim.config.json'), JSON.stringify({
      environment: 'refz', host: '0.0.0.0', admin: { port: 7000 }, sut: { mode: 'trigger', command: 'from-file' }, outDir: 'out',
    }));
    const cfg = await loadConfig({
      cwd, platforms: PLATFORMS,
      env: { GOVSIM_ENV: 'test', GOVSIM_ADMIN_PORT: '7100', GOVSIM_SUT_COMMAND: 'from-env' },
      flags: [['admin.port', '--admin-port', '7200', 'integer'], ['tags', '--tags', undefined]],
    });
    expect(cfg.environment).toBe('test');
    expect(cfg.host).toBe('0.0.0.0');
    expect(cfg.admin).toEqual({ port: 7200, host: '127.0.0.1', allowRemote: false });
    expect(cfg.sut).toEqual({ mode: 'trigger', command: 'from-env' });
    expect(cfg.outDir).toBe(join(cwd, 'out'));
    expect(cfg.tags).toBeUndefined();
    expect(cfg.sources['admin.port']).toEqual({ origin: 'flag', name: '--admin-port' });
    expect(cfg.sources['environment']).toEqual({ origin: 'env', name: 'GOVSIM_ENV' });
    expect(cfg.sources['host'].origin).toBe('file');
    expect(cfg.sources['admin.host'].origin).toBe('default');
    expect(printConfig(cfg)).toMatch(/admin\.port = 7200 {4}\/\/ flag: --admin-port/);
  });

  it('resolves relative paths in the file against the file folder, flags against cwd', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'conf'));
    writeFileSync(join(cwd, 'conf', 'c.json'), JSON.stringify({ pkiDir: 'pki', outDir: 'o' }));
    const cfg = await loadConfig({ cwd, env: { GOVSIM_CONFIG: 'conf/c.json' }, platforms: PLATFORMS, flags: [['outDir', '--out', 'flag-out']] });
    expect(cfg.pkiDir).toBe(join(cwd, 'conf', 'pki'));
    expect(cfg.outDir).toBe(join(cwd, 'flag-out'));
    expect(cfg.file).toBe(join(cwd, 'conf', 'c.json'));
  });

  it('lets a higher layer switch the trigger from a command to a webhook', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'govsim.config.json'), JSON.stringify({ sut: { mode: 'trigger', command: './drive.sh' } }));
    const cfg = await loadConfig({ cwd, env: {}, platforms: PLATFORMS, flags: [['sut.webhook', '--sut-webhook', 'http://127.0.0.1:9000/x']] });
    expect(cfg.sut).toEqual({ mode: 'trigger', webhook: 'http://127.0.0.1:9000/x' });
    expect(() => checkSutSettings(cfg)).not.toThrow();
  });

  it('loads govsim.config.ts (default export)', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'govsim.config.ts'), "const platforms: string[] = ['fitconnect'];\nexport default { platforms, ephemeralPorts: true };\n");
    const cfg = await loadConfig({ cwd, env: {}, platforms: PLATFORMS });
    expect(cfg.platforms).toEqual(['fitconnect']);
    expect(cfg.ephemeralPorts).toBe(true);
  });
});

describe('precise errors', () => {
  const cases: Array<[string, object, string, RegExp]> = [
    ['unknown key with a suggestion', { sut: { comand: 'x' } }, 'CONFIG_INVALID', /unknown setting "sut\.comand" \(did you mean "sut\.command"\?\)/],
    ['unknown top-level key', { plattforms: ['kernel'] }, 'CONFIG_INVALID', /unknown setting "plattforms" \(did you mean "platforms"\?\)/],
    ['enum', { sut: { mode: 'auto' } }, 'CONFIG_INVALID', /"sut\.mode" must be one of reference, trigger, manual \(got "auto"\)/],
    ['type', { admin: { port: '7070' } }, 'CONFIG_INVALID', /"admin\.port" must be an integer \(got "7070"\)/],
    ['range', { admin: { port: 70000 } }, 'CONFIG_INVALID', /"admin\.port" must be at most 65535 \(got 70000\)/],
    ['webhook URL', { sut: { webhook: 'ftp://x' } }, 'CONFIG_INVALID', /"sut\.webhook" must be an http:\/\/ or https:\/\/ URL/],
    ['unknown platform', { platforms: ['fitconect'] }, 'CONFIG_UNKNOWN_PLATFORM', /unknown platform "fitconect" .*did you mean "fitconnect"\?/],
    ['unknown port name', { ports: { kernel: { htps: 1 } } }, 'CONFIG_UNKNOWN_PORT', /kernel has no port named "htps".*\(it has: https, http\)/],
  ];
  for (const [name, config, code, message] of cases) {
    it(`reports ${name} with the file name`, async () => {
      const cwd = tempDir();
      writeFileSync(join(cwd, 'govsim.config.json'), JSON.stringify(config));
      const err = await configError(loadConfig({ cwd, env: {}, platforms: PLATFORMS }));
      expect(err.code).toBe(code);
      expect(err.message).toMatch(message);
      if (code === 'CONFIG_INVALID') expect(err.message).toContain(join(cwd, 'govsim.config.json'));
    });
  }

  it('gives line and column of a JSON syntax error, comments allowed', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'govsim.config.json'), '{\n  // comment with "quotes" and a // inside\n  /* block\n  comment */ "host": "a//b"\n  "tags": "x"\n}\n');
    const err = await configError(loadConfig({ cwd, env: {}, platforms: PLATFORMS }));
    expect(err.code).toBe('CONFIG_JSON_SYNTAX');
    expect(err.message).toContain('govsim.config.json:5:3');
    expect(parseJsonc('{ "host": "a//b" /* c */ } // d')).toEqual({ ok: true, value: { host: 'a//b' } });
  });

  it('names the environment variable or flag that is wrong', async () => {
    const cwd = tempDir();
    expect((await configError(loadConfig({ cwd, env: { GOVSIM_EPHEMERAL_PORTS: 'maybe' }, platforms: PLATFORMS }))).message)
      .toMatch(/CONFIG_ENV_INVALID: GOVSIM_EPHEMERAL_PORTS must be true or false \(got "maybe"\)/);
    expect((await configError(loadConfig({ cwd, env: { GOVSIM_ADMIN_PORT: '80a' }, platforms: PLATFORMS }))).message)
      .toMatch(/GOVSIM_ADMIN_PORT must be a whole number/);
    expect((await configError(loadConfig({ cwd, env: { GOVSIM_SUT: 'trgger' }, platforms: PLATFORMS }))).message)
      .toMatch(/environment: GOVSIM_SUT: "sut\.mode" must be one of/);
    expect((await configError(loadConfig({ cwd, env: {}, platforms: PLATFORMS, flags: [['sut.timeoutMs', '--timeout', '10s', 'integer']] }))).message)
      .toMatch(/CONFIG_FLAG_INVALID: command line: --timeout: "sut\.timeoutMs" must be an integer \(got "10s"\)/);
  });

  it('refuses a missing explicit file and two candidate files', async () => {
    const cwd = tempDir();
    expect((await configError(loadConfig({ cwd, env: {}, configFile: 'nope.json', platforms: PLATFORMS }))).code).toBe('CONFIG_NOT_FOUND');
    writeFileSync(join(cwd, 'govsim.config.json'), '{}');
    writeFileSync(join(cwd, 'govsim.config.ts'), 'export default {};');
    expect((await configError(loadConfig({ cwd, env: {}, platforms: PLATFORMS }))).code).toBe('CONFIG_AMBIGUOUS');
  });

  it('checks the SUT settings run needs, naming where each value came from', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'govsim.config.json'), JSON.stringify({ sut: { variant: 'no-cty' } }));
    const trigger = await loadConfig({ cwd, env: { GOVSIM_SUT: 'trigger' }, platforms: PLATFORMS });
    expect(() => checkSutSettings(trigger)).toThrow(/CONFIG_CONFLICT: sut\.mode is "trigger" \(from GOVSIM_SUT\) but no trigger is set/);
    const both = await loadConfig({ cwd, env: { GOVSIM_SUT: 'trigger', GOVSIM_SUT_COMMAND: 'a', GOVSIM_SUT_WEBHOOK: 'http://x' }, platforms: PLATFORMS });
    expect(() => checkSutSettings(both)).toThrow(/not both/);
    const variant = await loadConfig({ cwd, env: { GOVSIM_SUT: 'manual' }, platforms: PLATFORMS });
    expect(() => checkSutSettings(variant)).toThrow(/variant \(from .*govsim\.config\.json \(sut\.variant\)\) only applies to sut mode "reference", but the mode is "manual" \(from GOVSIM_SUT\)/);
  });

  it('documents every environment variable in the schema (negative control: an undocumented one is caught)', () => {
    const schema = readFileSync(new URL('./govsim.config.schema.json', import.meta.url), 'utf8');
    const undocumented = (names: string[]) => names.filter((n) => !schema.includes(`Env: ${n}`) && !schema.includes(`${n}.`) && !schema.includes(`${n}=`));
    expect(undocumented(Object.keys(CONFIG_ENV_VARS))).toEqual([]);
    expect(undocumented(['GOVSIM_NOT_A_SETTING'])).toEqual(['GOVSIM_NOT_A_SETTING']);
  });
});

describe('starter config (govsim init)', () => {
  for (const sutMode of ['reference', 'trigger', 'manual'] as const) {
    for (const format of ['json', 'ts'] as const) {
      it(`is valid and loads: ${sutMode}, ${format}`, async () => {
        const text = starterConfig({ platform: 'fitconnect', title: 'FIT-Connect', ports: { https: 8443 }, sutMode, format, schemaRef: './schema.json' });
        expect(text).toMatch(/^\/\/ govsim configuration for FIT-Connect/);
        expect(text).toContain('GOVSIM_SUT_COMMAND');
        const cwd = tempDir();
        writeFileSync(join(cwd, `govsim.config.${format}`), text);
        if (format === 'json') {
          const parsed = parseJsonc(text);
          expect(parsed.ok && validateConfigValue(parsed.value)).toEqual([]);
        }
        const cfg = await loadConfig({ cwd, env: {}, platforms: PLATFORMS });
        expect(cfg.platforms).toEqual(['fitconnect']);
        expect(cfg.sut.mode).toBe(sutMode);
        expect(() => checkSutSettings(cfg)).not.toThrow();
        if (sutMode === 'trigger') expect(cfg.sut.command).toBe('npx govsim reference-client');
      });
    }
  }

  it('init writes the file, refuses to overwrite it, and rejects a wrong platform', async () => {
    const cwd = tempDir();
    const file = join(cwd, 'govsim.config.json');
    const log = console.log;
    console.log = () => {};
    try {
      expect(await init.run(['--platform', 'kernel', '--sut', 'trigger', '--sut-webhook', 'http://127.0.0.1:9000/hook', '--file', file])).toBe(0);
      const parsed = parseJsonc(readFileSync(file, 'utf8'));
      expect(parsed.ok && (parsed.value as { sut: unknown }).sut).toEqual({ mode: 'trigger', webhook: 'http://127.0.0.1:9000/hook', timeoutMs: 60000 });
      await expect(init.run(['--file', file])).rejects.toThrow(/CONFIG_EXISTS/);
      await expect(init.run(['--platform', 'nope', '--file', join(cwd, 'x.json')])).rejects.toThrow(/CONFIG_UNKNOWN_PLATFORM/);
    } finally {
      console.log = log;
    }
  });
});
