/**
 * Negative controls for the FIT-Connect Sender suite: every broken variant of the reference
 * Sender turns exactly its checklist scenarios red; the reference passes on both
 * environments; a token of one environment is refused by the other.
 */
import { describe, expect, it } from 'vitest';
import { govsimRun, PROJECT_ROOT } from '../../../cli/testing/govsim-run.ts';
import { OPENAPI_CHECK } from '../transport/openapi-check.ts';
import { createEphemeralPki } from '../../kernel/pki/index.ts';
import { createRecorder } from '../../kernel/evidence/index.ts';
import { FaultStore } from '../../kernel/faults/rules.ts';
import { systemClock } from '../../kernel/types.ts';
import { createFitConnectSimulator } from '../index.ts';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SeedResult } from '../transport/seed.ts';
import { SENDER_VARIANTS, type SenderVariant } from './sender.ts';

const CONTROLS: Record<SenderVariant, { tags: string[]; message: RegExp }> = {
  'basic-auth': { tags: ['@FC-SND-01'], message: /client_secret_post/ },
  'ignores-token-error': { tags: ['@FC-SND-02'], message: /without a valid token/ },
  'skips-key-check': { tags: ['@FC-SND-04'], message: /reported success|sent a submission/ },
  'wrong-schema': { tags: ['@FC-SND-05'], message: /submission schema .* the destination accepts/ },
  'unannounced-attachment': { tags: ['@FC-SND-06'], message: /attachment uploads were refused/ },
  'wrong-kid': { tags: ['@FC-SND-07'], message: /kid of/ },
  'missing-cty': { tags: ['@FC-SND-07'], message: /has no cty/ },
  'unsupported-metadata-version': { tags: ['@FC-SND-08'], message: /not accepted for sending|metadata-version-unsupported|Metadata schema version/ },
  'wrong-hash': { tags: ['@FC-SND-09'], message: /hash/i },
  'sends-before-upload': { tags: ['@FC-SND-10'], message: /before uploading announced attachment/ },
  'skips-set-verification': { tags: ['@FC-SND-11', '@FC-SND-12'], message: /never fetched the platform JWKS/ },
  'ignores-reject': { tags: ['@FC-SND-13'], message: /status the system under test reports/ },
  'skips-callback-hmac': { tags: ['@FC-SND-14'], message: /accepted \d+ of \d+ callbacks with a wrong callback-authentication/ },
  'accepts-stale-callback': { tags: ['@FC-SND-15'], message: /accepted \d+ of \d+ callbacks stamped 10 minutes in the past/ },
  'reuses-expired-token': { tags: ['@FC-SND-17'], message: /expired access token|requested no new access token/ },
  'ignores-key-ops': { tags: ['@FC-SND-18'], message: /reported success|sent a submission/ },
};

/** Scenarios of the FIT-Connect suite (every feature file), counted from the Gherkin. */
const SCENARIOS = readdirSync(join(PROJECT_ROOT, 'features/fitconnect')).filter((f) => f.endsWith('.feature'))
  .reduce((n, f) => n + (readFileSync(join(PROJECT_ROOT, 'features/fitconnect', f), 'utf8').match(/^\s*Scenario:/gm) ?? []).length, 0);

/** FC_OPENAPI_RESPONSE verdicts of a run's evidence: how many passed, and the failures. */
function openApiVerdicts(runDir: string): { ok: number; failed: string[] } {
  const out = { ok: 0, failed: [] as string[] };
  for (const line of readFileSync(join(runDir, 'evidence.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { kind?: string; verdicts?: { check: string; ok: boolean; message?: string }[] };
    for (const v of r.verdicts ?? []) {
      if (v.check !== OPENAPI_CHECK) continue;
      if (v.ok) out.ok++;
      else out.failed.push(v.message ?? '');
    }
  }
  return out;
}

const run = (args: string[]) => govsimRun(['--platform', 'fitconnect', ...args]);

describe('FIT-Connect Sender suite negative controls', () => {
  it('has a control for every broken variant', () => {
    expect(Object.keys(CONTROLS).sort()).toEqual(Object.keys(SENDER_VARIANTS).sort());
  });

  for (const env of ['test', 'refz']) {
    it(`the reference Sender passes the whole suite on ${env}, and every simulator response conforms to the OpenAPI documents`, () => {
      const { code, run: r, output, runDir } = run(['--env', env]);
      expect(r.scenarios.length, output).toBe(SCENARIOS);
      expect(r.scenarios.filter((s) => s.status !== 'PASSED').map((s) => `${s.name}: ${s.message}`), output).toEqual([]);
      expect(code).toBe(0);
      const verdicts = openApiVerdicts(runDir);
      expect(verdicts.failed).toEqual([]);
      // Every scenario talks to the Submission API, so the check ran many times.
      expect(verdicts.ok).toBeGreaterThan(SCENARIOS * 3);
    }, 180_000);
  }

  for (const [variant, c] of Object.entries(CONTROLS)) {
    it(`"${variant}" turns ${c.tags.join(', ')} red`, () => {
      const { code, run: r, output } = run(['--env', 'test', '--variant', variant, '--tags', c.tags.join(' or ')]);
      expect(r.scenarios.length, output).toBe(c.tags.length);
      for (const s of r.scenarios) {
        expect(s.status, `${s.name} should fail with ${variant}`).toBe('FAILED');
        expect(s.message ?? '').toMatch(c.message);
      }
      expect(code).toBe(1);
    }, 120_000);
  }

  it('a token of one environment is refused by the other', async () => {
    const pki = await createEphemeralPki();
    const recorder = createRecorder({ file: join(mkdtempSync(join(tmpdir(), 'govsim-fc-env-')), 'evidence.jsonl'), runId: 'fc-env' });
    const base = { recorder, faults: new FaultStore(), pki, clock: systemClock, host: '127.0.0.1' };
    const test = createFitConnectSimulator({ ...base, environment: 'test' });
    const refz = createFitConnectSimulator({ ...base, environment: 'refz' });
    await Promise.all([test.start(), refz.start()]);
    try {
      const ca = pki.trustedCaPem();
      const { httpsCall } = await import('./http.ts');
      const tokenFrom = async (sim: typeof test) => {
        const seeded = await sim.admin.seed({ clients: [{ type: 'sender', name: 'Onlinedienst (fiktiv)' }], destinations: [{
          services: [{ identifier: 'urn:de:fim:leika:leistung:99123456760610', regions: ['DE09162'], submissionSchemas: [{ schemaUri: 'https://schema.fitko.de/fim/s00000121_1.0.0.schema.json', mimeType: 'application/json' }] }],
          metadataVersions: ['2.1.0'],
        }] }) as SeedResult;
        const c = seeded.clients[0];
        const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret });
        const r = await httpsCall(sim.urls().token, { method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
        expect(r.status).toBe(200);
        return { token: (JSON.parse(r.text) as { access_token: string }).access_token, destinationId: seeded.destinations[0].destinationId };
      };
      const t = await tokenFrom(test);
      const z = await tokenFrom(refz);
      const get = (sim: typeof test, token: string, id: string) => httpsCall(`${sim.urls().submissionApi}/v1/destinations/${id}`, { ca, headers: { authorization: `Bearer ${token}` } });
      expect((await get(test, t.token, t.destinationId)).status).toBe(200);
      expect((await get(refz, z.token, z.destinationId)).status).toBe(200);
      for (const [sim, token, id] of [[refz, t.token, z.destinationId], [test, z.token, t.destinationId]] as const) {
        const r = await get(sim, token, id);
        expect(r.status).toBe(401);
        expect(JSON.parse(r.text)).toMatchObject({ type: 'https://schema.fitko.de/fit-connect/submission-api/problems/token-wrong-environment', code: 'FC_TOKEN_WRONG_ENVIRONMENT' });
      }
    } finally {
      await Promise.all([test.stop(), refz.stop()]);
      recorder.close();
    }
  }, 60_000);
});
