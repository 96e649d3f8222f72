import type { BenchScenario } from './types.ts';

/**
 * Diagnostic (not a target of the issue): the kernel self-test echo with a 900-byte POST body,
 * to tell the cost of reading request bodies in the kernel from a platform's own work.
 */
export const scenario: BenchScenario = {
  name: 'kernel POST /echo, 900-byte body (mTLS; diagnostic)',
  platform: 'kernel',
  request: (urls) => ({ url: `${urls.https}/echo`, method: 'POST', status: 200, headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(900) }),
};
