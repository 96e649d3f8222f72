import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_AUTHORITIES, TEST_INTEGRATOR } from './domain/index.ts';
import { startBom, type BomTestkit } from './testing/testkit.ts';

const NORDBY = TEST_AUTHORITIES.nordby.cvr;
let kit: BomTestkit;
beforeAll(async () => { kit = await startBom(); });
afterAll(async () => kit?.close());

describe('admin seed operations (admin API: POST /admin/simulators/bygogmiljo/seed)', () => {
  it('registers certificates and agreements, refuses bad input with a stable code, and records each change', async () => {
    const admin = kit.sim.admin;
    expect(await admin.seed({ op: 'register-certificate', cvr: NORDBY, subject: 'CN=Nordby ESDH, serialNumber=CVR:99990007-FID:42, O=Testkommune Nordby // CVR:99990007, C=DK' })).toMatchObject({ ok: true, registration: { cvr: NORDBY } });
    expect(await admin.seed({ op: 'register-certificate', cvr: '99990008', subject: 'CN=x' })).toMatchObject({ ok: false, code: 'BOM_CVR_UGYLDIG' });
    const ag = await admin.seed({ op: 'create-agreement', integratorCvr: TEST_INTEGRATOR.cvr, authorityCvr: NORDBY, sagOmraader: ['byg', 'miljoe'] }) as { agreement: { id: string } };
    expect(await admin.seed({ op: 'revoke-agreement', id: ag.agreement.id })).toMatchObject({ ok: true, agreement: { revokedAt: expect.any(String) } });
    expect(await admin.seed({ op: 'nonsense' })).toMatchObject({ ok: false, code: 'SEED_UNKNOWN_OP' });
    const notes = kit.recorder.query().filter((r) => r.kind === 'note' && r.platform === 'bygogmiljo').map((r) => (r.data as { bomAdmin: { op: string } }).bomAdmin.op);
    expect(notes).toEqual(['register-certificate', 'create-agreement', 'revoke-agreement']);
  });

  it('submits an application, moves time to a deadline, and resets to the seeded state', async () => {
    const admin = kit.sim.admin;
    const sub = await admin.seed({ op: 'submit-application', myndighedCvr: NORDBY }) as { ok: boolean; sagId: string };
    expect(sub.ok).toBe(true);
    const moved = await admin.seed({ op: 'advance-time', days: 29 }) as { beskeder: Array<{ sagId: string }> };
    expect(moved.beskeder.map((b) => b.sagId)).toContain(sub.sagId);
    const state = admin.state() as { applications: unknown[]; documents: Array<Record<string, unknown>> };
    expect(state.applications).toHaveLength(5);
    expect(state.documents.every((d) => !('content' in d))).toBe(true);
    await admin.reset();
    expect((admin.state() as { applications: unknown[]; registrations: unknown[] }).applications).toHaveLength(4);
    expect((admin.state() as { registrations: unknown[] }).registrations).toHaveLength(0);
  });

  it('answers malformed admin input with a stable code instead of crashing', async () => {
    const admin = kit.sim.admin;
    const bad: unknown[] = [
      null, 'register-certificate', [], { op: 'register-certificate', cvr: { $ne: 1 }, subject: ['CN=x'] },
      { op: 'create-agreement', integratorCvr: 99990023, authorityCvr: NORDBY, sagOmraader: 'byg,miljoe' },
      { op: 'create-agreement', integratorCvr: TEST_INTEGRATOR.cvr, authorityCvr: NORDBY, sagOmraader: [{}] },
      { op: 'create-agreement', integratorCvr: TEST_INTEGRATOR.cvr, authorityCvr: NORDBY, sagOmraader: ['byg'], sagTyper: 7 },
      { op: 'submit-application', myndighedCvr: NORDBY, sagType: { x: 1 }, n: 'x' },
      { op: 'change-status', sagId: 1, statusKode: null },
      { op: 'advance-time', days: 'forever' }, { op: 'advance-time', days: -1 },
      { op: 'add-authority', cvr: '99990031', name: { a: 1 } },
    ];
    for (const input of bad) {
      const out = await admin.seed(input) as { ok: boolean; code?: string };
      expect(typeof out.ok, JSON.stringify(input)).toBe('boolean');
      if (!out.ok) expect(out.code, JSON.stringify(input)).toMatch(/^(BOM|SEED)_[A-Z_]+$/);
    }
    // A string list is read as one area: "byg,miljoe" is not a case area.
    expect(await admin.seed(bad[4])).toMatchObject({ ok: false, code: 'BOM_SAGOMRAADE_UKENDT' });
  });
});

