import { describe, expect, it } from 'vitest';
import { TestPersonRegistry, SEEDED_TEST_PERSONS } from './test-persons.ts';
import { queryProfiel } from './profielservice.ts';

const now = new Date('2026-03-01T10:00:00Z');

describe('test persons and DigiD accounts', () => {
  it('seeds the RvIG test BSNs with unique DigiD usernames', () => {
    const r = new TestPersonRegistry();
    expect(r.list()).toHaveLength(SEEDED_TEST_PERSONS.length);
    expect(new Set(r.list().map((p) => p.digid.username)).size).toBe(SEEDED_TEST_PERSONS.length);
    expect(r.get('000009921')?.bsn).toBe('000009921');
  });
  it('first login registers the account; wrong password and unknown user fail', () => {
    const r = new TestPersonRegistry();
    const p = SEEDED_TEST_PERSONS[0];
    expect(r.login(p.digid.username, 'wrong', now)).toEqual({ ok: false, code: 'DIGID_WRONG_PASSWORD' });
    expect(r.login('nobody', 'x', now)).toEqual({ ok: false, code: 'DIGID_UNKNOWN_USER' });
    expect(r.account(p.bsn)?.registeredAt).toBeUndefined();
    const first = r.login(p.digid.username, p.digid.password, now);
    expect(first).toMatchObject({ ok: true, firstLogin: true });
    expect(r.login(p.digid.username, p.digid.password, now)).toMatchObject({ ok: true, firstLogin: false });
    expect(r.account(p.bsn)).toEqual({ bsn: p.bsn, registeredAt: now.toISOString(), zaakPostbusActive: true });
  });
  it('refuses invalid and duplicate persons', () => {
    const r = new TestPersonRegistry();
    expect(r.add({ bsn: '123456789', naam: 'x', situatie: '', digid: { username: 'u1', password: 'p' } })[0].code).toBe('BSN_ELFPROEF');
    expect(r.add({ ...SEEDED_TEST_PERSONS[1], digid: { username: 'other', password: 'p' } })[0].code).toBe('PERSON_DUPLICATE_BSN');
    expect(r.add({ bsn: '123456782', naam: 'x', situatie: '', digid: { ...SEEDED_TEST_PERSONS[1].digid } })[0].code).toBe('PERSON_DUPLICATE_USERNAME');
    expect(r.add({ bsn: '123456782', naam: 'x', situatie: '', digid: { username: 'new', password: 'p' } })).toEqual([]);
  });
  it('snapshot/restore keeps persons and account state', () => {
    const r = new TestPersonRegistry();
    r.register('999993653', now);
    const copy = TestPersonRegistry.restore(r.snapshot());
    expect(copy.account('999993653')?.registeredAt).toBe(now.toISOString());
    expect(copy.account('999993847')?.registeredAt).toBeUndefined();
    copy.register('999993847', now);
    expect(r.account('999993847')?.registeredAt).toBeUndefined();
  });
});

describe('Profielservice (modelled)', () => {
  it('answers account and postbus state per BSN', () => {
    const r = new TestPersonRegistry();
    expect(queryProfiel(r, '999993847')).toEqual({ ok: true, antwoord: { bsn: '999993847', heeftAccount: false, zaakPostbusActief: false } });
    r.register('999993847', now);
    expect(queryProfiel(r, '999993847')).toEqual({ ok: true, antwoord: { bsn: '999993847', heeftAccount: true, zaakPostbusActief: true } });
    expect(r.setZaakPostbus('999993847', false)).toEqual([]);
    expect(queryProfiel(r, '999993847')).toMatchObject({ ok: true, antwoord: { heeftAccount: true, zaakPostbusActief: false } });
    expect(r.setZaakPostbus('999990408', true)[0].code).toBe('ACCOUNT_NOT_REGISTERED');
    expect(queryProfiel(r, '123456782')).toMatchObject({ ok: true, antwoord: { heeftAccount: false } });
  });
  it('rejects a BSN that fails the 11-proef', () => {
    const res = queryProfiel(new TestPersonRegistry(), '999993848');
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.issues[0].code).toBe('BSN_ELFPROEF');
  });
});
