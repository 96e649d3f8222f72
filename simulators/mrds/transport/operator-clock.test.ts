import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../kernel/types.ts';
import { HOUSEKEEPING_INTERVAL_MS } from '../index.ts';
import { startHarness, type Harness } from './test-setup.ts';

const TWO_DAYS = 2 * 24 * 60 * 60 * 1000;
const START = '2025-03-03T09:00:00.000Z';
const clock = fixedClock(START);
let h: Harness;

beforeAll(async () => { h = await startHarness({ operatorDelayMs: TWO_DAYS }, [], undefined, clock); }, 30_000);
afterAll(async () => { await h?.sim.stop(); });

const kopplung = (ags: string) => h.sim.mrds.state.mandanten.get(ags)!.kopplung;
const kundennummerMails = () => h.sim.mrds.mails().filter((m) => m.parsed.subject.includes('Kundennummer'));

describe("AG MiN's asynchronous step follows the injected clock", () => {
  it('is not done by real time passing, only once the clock reaches the configured delay', async () => {
    const outcome = await h.sim.mrds.order({ mandant: '03241001', email: 'hauptadmin@ordnung-hannover.example', passphrase: 'Uhr-gesteuert-2025', consent: true });
    expect(outcome.result).toBe('accepted');
    expect(kopplung('03241001').status).toBe('certificate-issued');
    // Real time passes (the housekeeping asks several times) but the simulated clock stands still.
    await new Promise((r) => setTimeout(r, HOUSEKEEPING_INTERVAL_MS * 6));
    expect(await h.sim.mrds.tick()).toEqual([]);
    expect(kopplung('03241001').kundennummer).toBeUndefined();
    clock.advance(TWO_DAYS - 1);
    expect(await h.sim.mrds.tick()).toEqual([]);
    expect(kundennummerMails()).toHaveLength(0);
    clock.advance(1);
    expect(await h.sim.mrds.tick()).toEqual(['03241001']);
    expect(kopplung('03241001')).toMatchObject({ status: 'kundennummer-assigned', kundennummer: '03241001' });
    const due = new Date(Date.parse(START) + TWO_DAYS).toISOString();
    expect(kopplung('03241001').assignedAt).toBe(due);
    expect(h.sim.mrds.state.rechnungen.at(-1)?.at).toBe(due);
    expect(kundennummerMails()).toHaveLength(1);
    expect(await h.sim.mrds.tick()).toEqual([]);
  });

  it('the ticker picks a due step up by itself, and "run now" joins a running step instead of repeating it', async () => {
    await h.sim.mrds.order({ mandant: '03351006', email: 'it-admin@buergeramt-celle.example', passphrase: 'Celle-Uhr-2025', consent: true });
    const [a, b] = await Promise.all([h.sim.mrds.runOperator('03351006'), h.sim.mrds.runOperator('03351006')]);
    expect(a).toMatch(/^MIN-\d{6}$/);
    expect(b).toBe(a);
    expect(kundennummerMails().filter((m) => m.to.includes('it-admin@buergeramt-celle.example'))).toHaveLength(1);
    await h.sim.mrds.order({ mandant: '03101000', email: 'min-admin@polizei-braunschweig.example', passphrase: 'Polizei-Uhr-2025', consent: true });
    clock.advance(TWO_DAYS);
    const until = Date.now() + 5000;
    while (!kopplung('03101000').kundennummer && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(kopplung('03101000').kundennummer).toMatch(/^MIN-\d{6}$/);
    expect(kopplung('03101000').kundennummer).not.toBe(a);
  });
});
