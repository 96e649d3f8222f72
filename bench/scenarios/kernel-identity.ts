import type { BenchScenario } from './types.ts';

/** The kernel self-test identity echo: mTLS, identity per connection, JSON answer. */
export const scenario: BenchScenario = {
  name: 'kernel GET /identity (mTLS)',
  platform: 'kernel',
  request: (urls) => ({ url: `${urls.https}/identity`, method: 'GET', status: 200 }),
};
