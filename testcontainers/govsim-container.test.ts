import { describe, expect, it } from 'vitest';
import { SIMULATORS } from '../simulators/registry.ts';
import { CONFIG_ENV_VARS, OTHER_ENV_VARS } from '../cli/config/index.ts';
import { containerRuntimeUnavailable, GovsimContainer } from './index.ts';
import { containerSettings, mapUrl } from './settings.ts';

const reason = await containerRuntimeUnavailable();
const registry = Object.fromEntries(Object.entries(SIMULATORS).map(([k, s]) => [k, { ports: s.ports }]));

describe('GovsimContainer settings (no container runtime needed)', () => {
  it('exposes the admin port and the chosen platforms\' fixed ports, with real GOVSIM_* settings only', () => {
    const s = containerSettings({ platforms: ['kernel'], registry, adminToken: 'x'.repeat(32), sut: { webhook: 'http://host.testcontainers.internal:9000/govsim' } });
    expect(s.ports).toEqual([7070, ...Object.values(SIMULATORS.kernel.ports)]);
    expect(s.command).toEqual(['up']);
    const known = [...Object.keys(CONFIG_ENV_VARS), ...OTHER_ENV_VARS];
    expect(Object.keys(s.env).filter((k) => !known.includes(k))).toEqual([]);
    expect(s.env).toMatchObject({ GOVSIM_PLATFORMS: 'kernel', GOVSIM_HOST: '0.0.0.0', GOVSIM_SUT: 'trigger', GOVSIM_SUT_WEBHOOK: 'http://host.testcontainers.internal:9000/govsim' });
    expect(containerSettings({ platforms: [], registry, adminToken: 'x'.repeat(32) }).env.GOVSIM_PLATFORMS).toBe(Object.keys(SIMULATORS).join(','));
  });

  it('refuses an unknown platform and a short admin token', () => {
    expect(() => containerSettings({ platforms: ['nope'], registry, adminToken: 'x'.repeat(32) })).toThrow(/unknown platform "nope"/);
    expect(() => containerSettings({ platforms: ['kernel'], registry, adminToken: 'short' })).toThrow(/at least 24/);
  });

  it('maps a URL from inside the container to the host port', () => {
    expect(mapUrl('https://0.0.0.0:8440', 'localhost', (p) => p + 40000)).toBe('https://localhost:48440');
  });
});

describe.skipIf(reason !== undefined)(`GovsimContainer in a container runtime${reason ? ` — SKIPPED: ${reason}` : ''}`, () => {
  it('starts the kernel simulator, serves it on a mapped port and returns its evidence', async () => {
    const govsim = await new GovsimContainer(process.env.GOVSIM_IMAGE ?? 'govsim:0.1.0').withPlatforms('kernel').start();
    try {
      const http = govsim.getUrl('kernel', 'http');
      expect(http).toMatch(/^http:\/\/.+:\d+$/);
      const res = await fetch(`${http}/health`).catch(() => undefined);
      expect(res).toBeDefined();
      const evidence = await govsim.getEvidence({ platform: 'kernel' });
      expect(evidence.length).toBeGreaterThan(0);
    } finally {
      await govsim.stop();
    }
  }, 180_000);
});

if (reason) console.info(`testcontainers: container tests skipped: ${reason}`);
