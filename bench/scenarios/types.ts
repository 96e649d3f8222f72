import type { Simulator } from '../../simulators/kernel/types.ts';

/** One request shape measured against govsim, bare node:https and WireMock. */
export interface BenchScenario {
  name: string;
  platform: string;
  environment?: string;
  /** Runs inside the govsim target process after start: seeds what the request needs. */
  setup?(sim: Simulator): Promise<Record<string, unknown>>;
  /** The request, built from the simulator's URLs and what setup returned. */
  request(urls: Record<string, string>, info: Record<string, unknown>): { url: string; method: string; headers?: Record<string, string>; body?: string; status: number };
}
