import type { Simulator } from '../../simulators/kernel/types.ts';

/** What the bench runner hands a scenario's setup inside the govsim target process. */
export interface BenchSetupContext {
  /** PEM of the load generator's client certificate (PKIoverheid-shaped, OIN 00000099000000000901). */
  clientCertPem: string;
  /** Trusted CA certificates of the bench PKI (for setup calls over HTTPS). */
  trustedCaPem: string[];
}

/** One request shape measured against govsim, bare node:https and WireMock. */
export interface BenchScenario {
  name: string;
  platform: string;
  environment?: string;
  /** The simulator asks for a client certificate (mTLS); false: server-side TLS only (bearer tokens). Default true. */
  mtls?: boolean;
  /** Runs inside the govsim target process after start: seeds what the request needs. */
  setup?(sim: Simulator, ctx: BenchSetupContext): Promise<Record<string, unknown>>;
  /** The request, built from the simulator's URLs and what setup returned. */
  request(urls: Record<string, string>, info: Record<string, unknown>): { url: string; method: string; headers?: Record<string, string>; body?: string; status: number };
}

export const BENCH_CLIENT_OIN = '00000099000000000901';
