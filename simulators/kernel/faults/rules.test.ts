import { describe, expect, it } from 'vitest';
import { FaultStore, validateFaultRule } from './rules.ts';

describe('fault rules', () => {
  it('validates actions and fields with precise messages', () => {
    expect(() => validateFaultRule({ action: { type: 'explode' } })).toThrow(/action.type must be one of/);
    expect(() => validateFaultRule({ action: { type: 'latency' } })).toThrow(/latency fault needs action.ms/);
    expect(() => validateFaultRule({ action: { type: 'status', status: 700 } })).toThrow(/HTTP status from 100 to 599/);
    expect(() => validateFaultRule({ pth: '/x', action: { type: 'drop' } })).toThrow(/unknown field "pth"/);
    expect(() => validateFaultRule({ action: { type: 'drop', ms: 5 } })).toThrow(/drop fault action has unknown field "ms"/);
    expect(() => validateFaultRule({ times: 0, action: { type: 'drop' } })).toThrow(/times must be a positive integer/);
    expect(validateFaultRule({ platform: 'kernel', method: 'GET', path: '/echo', times: 2, action: { type: 'status', status: 503 } })).toBeTruthy();
  });

  it('matches by platform, method, prefix or wildcard path, and honours times', () => {
    const store = new FaultStore();
    const once = store.add({ platform: 'kernel', method: 'get', path: '/echo', times: 1, action: { type: 'drop' } });
    const wild = store.add({ path: '/v1/*/attachments/*', action: { type: 'latency', ms: 10 } });
    expect(store.take('other', 'GET', '/echo')).toBeUndefined();
    expect(store.take('kernel', 'POST', '/echo')).toBeUndefined();
    expect(store.take('kernel', 'GET', '/echo/sub')?.id).toBe(once.id);
    expect(store.take('kernel', 'GET', '/echo')).toBeUndefined();
    expect(store.take('x', 'PUT', '/v1/subs/attachments/a1')?.id).toBe(wild.id);
    expect(store.take('x', 'PUT', '/v1/subs/other/a1')).toBeUndefined();
    expect(store.list().map((r) => r.hits)).toEqual([1, 1]);
    expect(store.remove(once.id)).toBe(true);
    store.clear();
    expect(store.list()).toEqual([]);
  });
});
