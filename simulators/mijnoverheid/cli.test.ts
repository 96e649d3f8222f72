/** `govsim mijnoverheid cpa create` and `person add` against a started simulator behind the real admin API. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAdminServer, type AdminServer } from '../kernel/admin/index.ts';
import { command } from '../../cli/commands/mijnoverheid.ts';
import { readCpa } from './domain/index.ts';
import { startKit, type Kit } from './testkit.ts';

const TOKEN = 'mijnoverheid-cli-test-token-0123456789';
let kit: Kit;
let admin: AdminServer;
let url: string;
const dir = mkdtempSync(join(tmpdir(), 'govsim-mo-cli-'));

beforeAll(async () => {
  kit = await startKit({ register: false });
  admin = createAdminServer({ recorder: kit.recorder, faults: kit.faults, simulators: () => [kit.sim], token: TOKEN, version: 'test' });
  url = await admin.listen(0);
}, 60_000);
afterAll(async () => { await admin?.close(); await kit?.close(); });

function capture() {
  const out: string[] = [];
  const err = vi.spyOn(console, 'error').mockImplementation((...a) => { out.push(a.join(' ')); });
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => { out.push(a.join(' ')); });
  return { out, restore: () => { err.mockRestore(); log.mockRestore(); } };
}

describe('govsim mijnoverheid', () => {
  it('cpa create: Consumerspecificatie → CPA with the chosen profile, loaded into the simulator and written to --out', async () => {
    const spec = join(dir, 'consumer.xml');
    writeFileSync(spec, kit.adapter.consumerSpec());
    const out = join(dir, 'cpa.xml');
    const c = capture();
    const code = await command.run(['cpa', 'create', '--spec', spec, '--profile', 'osb-rm-s', '--retries', '3', '--out', out, '--admin', url, '--token', TOKEN]).finally(c.restore);
    expect(code, c.out.join('\n')).toBe(0);
    const cpa = readCpa(readFileSync(out, 'utf8')).cpa!;
    expect(cpa.profile).toBe('osb-rm-s');
    expect(cpa.parties[0].docExchange.reliableMessaging?.retries).toBe(3);
    expect(kit.sim.mijnoverheid.state.findCpa(cpa.cpaId)).toBeDefined();
  });

  it('cpa create reports every issue of a bad Consumerspecificatie and exits 1', async () => {
    const spec = join(dir, 'bad.xml');
    writeFileSync(spec, kit.adapter.consumerSpec().replace(/https:\/\/127\.0\.0\.1:\d+/, 'http://127.0.0.1:1').replace('<parameter name="PartyId">00000099000000042000_OTA', '<parameter name="PartyId">123'));
    const c = capture();
    const code = await command.run(['cpa', 'create', '--spec', spec, '--admin', url, '--token', TOKEN]).finally(c.restore);
    expect(code).toBe(1);
    expect(c.out.join('\n')).toMatch(/SPEC_BAD_OIN[^]*SPEC_ENDPOINT_NOT_HTTPS|SPEC_ENDPOINT_NOT_HTTPS[^]*SPEC_BAD_OIN/);
  });

  it('person add: a new test person with a test DigiD account, registered at once with --register; a duplicate is refused', async () => {
    const c = capture();
    const code = await command.run(['person', 'add', '--bsn', '999980051', '--naam', 'P. Toegevoegd', '--register', '--admin', url, '--token', TOKEN]).finally(c.restore);
    expect(code, c.out.join('\n')).toBe(0);
    expect(kit.sim.mijnoverheid.state.persons.get('999980051')?.digid.username).toBe('test999980051');
    expect(kit.sim.mijnoverheid.state.persons.account('999980051')?.registeredAt).toBeDefined();
    const again = capture();
    expect(await command.run(['person', 'add', '--bsn', '999980051', '--naam', 'P. Dubbel', '--admin', url, '--token', TOKEN]).finally(again.restore)).toBe(1);
    const invalid = capture();
    expect(await command.run(['person', 'add', '--bsn', '999980052', '--naam', 'P. Ongeldig', '--admin', url, '--token', TOKEN]).finally(invalid.restore)).toBe(1);
    expect(invalid.out.join('\n')).toMatch(/BSN/);
  });

  it('refuses without a token or with a wrong one', async () => {
    const saved = process.env.GOVSIM_ADMIN_TOKEN;
    delete process.env.GOVSIM_ADMIN_TOKEN;
    await expect(command.run(['person', 'add', '--bsn', '999980063', '--naam', 'X', '--admin', url])).rejects.toThrow(/admin token is missing/);
    if (saved !== undefined) process.env.GOVSIM_ADMIN_TOKEN = saved;
    await expect(command.run(['person', 'add', '--bsn', '999980063', '--naam', 'X', '--admin', url, '--token', 'wrong'])).rejects.toThrow(/401/);
  });
});
