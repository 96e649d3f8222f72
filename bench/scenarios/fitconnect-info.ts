import type { BenchScenario } from './types.ts';

/**
 * Diagnostic (not a target of the issue): the unauthenticated `GET /v1/info` on the same
 * FIT-Connect server, to separate the cost of bearer-token verification from the rest.
 */
export const scenario: BenchScenario = {
  name: 'FIT-Connect GET /v1/info (TLS, no token; diagnostic)',
  platform: 'fitconnect',
  environment: 'test',
  mtls: false,
  request: (urls) => ({ url: `${urls.https}/v1/info`, method: 'GET', status: 200 }),
};
