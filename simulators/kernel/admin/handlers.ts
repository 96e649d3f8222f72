import type { FaultStore } from '../faults/rules.ts';
import type { Recorder } from '../evidence/index.ts';
import type { Simulator } from '../types.ts';
import { checkFaultRuleInput } from './fault-input.ts';
import { AdminError } from './problem.ts';
import { intParam } from './query.ts';

export interface AdminContext {
  recorder: Recorder;
  faults: FaultStore;
  simulators: () => Simulator[];
  version: string;
  extraInfo?: () => Record<string, unknown>;
}

export interface AdminCall {
  params: Record<string, string>;
  query: Record<string, string>;
  body?: unknown;
}

export interface AdminResult {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

export const DEFAULT_EXCHANGE_LIMIT = 1000;
const MAX_EXCHANGE_LIMIT = 100_000;

type Handler = (ctx: AdminContext, call: AdminCall) => Promise<AdminResult> | AdminResult;

/** JSON operations by operationId; the dashboard, OpenAPI document and event stream are served by the server itself. */
export const JSON_HANDLERS: Record<string, Handler> = {
  getHealth: (ctx) => ({
    status: 200,
    json: { status: 'ok', version: ctx.version, runId: ctx.recorder.runId, ...(ctx.extraInfo ? { info: ctx.extraInfo() } : {}) },
  }),

  listSimulators: (ctx) => ({
    status: 200,
    json: ctx.simulators().map((sim) => {
      const entry: Record<string, unknown> = { platform: sim.platform, urls: {}, state: null };
      const errors: string[] = [];
      try { entry.urls = sim.urls(); } catch (err) { errors.push(`urls: ${(err as Error).message}`); }
      try { entry.state = sim.admin.state() ?? null; } catch (err) { errors.push(`state: ${(err as Error).message}`); }
      if (errors.length > 0) entry.error = errors.join('; ');
      return entry;
    }),
  }),

  seedSimulator: async (ctx, call) => {
    const sim = findSimulator(ctx, call.params.platform);
    let result: unknown;
    try {
      result = await sim.admin.seed(call.body);
    } catch (err) {
      throw simulatorFailure(sim.platform, 'seed', err, true);
    }
    note(ctx, `seed: ${sim.platform}`, { operation: 'seed', platform: sim.platform, input: call.body, result });
    return { status: 200, json: { platform: sim.platform, result: result ?? null } };
  },

  reset: async (ctx, call) => {
    const platform = call.query.platform;
    const targets = platform === undefined ? ctx.simulators() : [findSimulator(ctx, platform)];
    for (const sim of targets) {
      try {
        await sim.admin.reset();
      } catch (err) {
        throw simulatorFailure(sim.platform, 'reset', err, false);
      }
    }
    const before = ctx.faults.list().length;
    ctx.faults.clear(platform);
    const faultsCleared = before - ctx.faults.list().length;
    const names = targets.map((s) => s.platform);
    note(ctx, `reset: ${platform ?? 'all simulators'} (${faultsCleared} fault rule${faultsCleared === 1 ? '' : 's'} cleared)`,
      { operation: 'reset', platform: platform ?? null, reset: names, faultsCleared });
    return { status: 200, json: { reset: names, faultsCleared } };
  },

  listExchanges: (ctx, call) => {
    const q = call.query;
    const records = ctx.recorder.query({
      platform: q.platform,
      kind: q.kind,
      scenarioId: q.scenario,
      sinceSeq: intParam(q, 'since', 0, Number.MAX_SAFE_INTEGER),
      text: q.q === '' ? undefined : q.q,
      limit: intParam(q, 'limit', 1, MAX_EXCHANGE_LIMIT) ?? DEFAULT_EXCHANGE_LIMIT,
    });
    return { status: 200, json: records, headers: { 'x-govsim-last-seq': String(ctx.recorder.lastSeq) } };
  },

  getExchange: (ctx, call) => {
    const raw = call.params.seq;
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
      throw new AdminError('ADMIN_BAD_REQUEST', `evidence seq must be a positive integer (got ${JSON.stringify(raw)})`, { parameter: 'seq' });
    }
    const seq = Number(raw);
    const rec = ctx.recorder.query({ sinceSeq: seq - 1 }).find((r) => r.seq === seq);
    if (!rec) {
      const why = seq > ctx.recorder.lastSeq
        ? `the run has ${ctx.recorder.lastSeq} records so far`
        : 'it is no longer in the in-memory window; the evidence file keeps every record';
      throw new AdminError('ADMIN_NOT_FOUND', `no evidence record with seq ${seq}: ${why}`);
    }
    return { status: 200, json: rec };
  },

  listFaults: (ctx) => ({ status: 200, json: ctx.faults.list() }),

  addFault: (ctx, call) => {
    const input = checkFaultRuleInput(call.body, ctx.simulators().map((s) => s.platform));
    const rule = ctx.faults.add(input);
    note(ctx, `fault added: ${describeRule(rule)}`, { operation: 'fault-add', rule });
    return { status: 201, json: rule, headers: { location: `/admin/faults/${encodeURIComponent(rule.id)}` } };
  },

  deleteFault: (ctx, call) => {
    const rule = ctx.faults.list().find((r) => r.id === call.params.id);
    if (!rule || !ctx.faults.remove(rule.id)) {
      throw new AdminError('ADMIN_NOT_FOUND', `no fault rule with id "${call.params.id}"`);
    }
    note(ctx, `fault removed: ${describeRule(rule)}`, { operation: 'fault-remove', rule });
    return { status: 204 };
  },

  clearFaults: (ctx, call) => {
    const platform = call.query.platform;
    const before = ctx.faults.list().length;
    ctx.faults.clear(platform);
    const removed = before - ctx.faults.list().length;
    note(ctx, `faults cleared: ${removed} rule${removed === 1 ? '' : 's'}${platform !== undefined ? ` for ${platform}` : ''}`,
      { operation: 'fault-clear', platform: platform ?? null, removed });
    return { status: 200, json: { removed } };
  },
};

/** One line for dashboards and evidence, e.g. `fault-1 fitconnect POST /submissions* → status 503 (times 1)`. */
export function describeRule(rule: { id?: string; platform?: string; method?: string; path?: string; times?: number; action: { type: string } & Record<string, unknown> }): string {
  const a = rule.action;
  const what = a.type === 'latency' ? `latency ${String(a.ms)} ms`
    : a.type === 'status' ? `status ${String(a.status)}`
    : a.type === 'truncate' && a.bytes !== undefined ? `truncate after ${String(a.bytes)} bytes`
    : a.type;
  return [rule.id, rule.platform ?? 'any platform', rule.method ?? 'any method', rule.path ?? '*', '→', what,
    rule.times !== undefined ? `(times ${rule.times})` : ''].filter(Boolean).join(' ');
}

function findSimulator(ctx: AdminContext, platform: string): Simulator {
  const sims = ctx.simulators();
  const sim = sims.find((s) => s.platform === platform);
  if (!sim) {
    throw new AdminError('ADMIN_UNKNOWN_PLATFORM',
      `no simulator for platform "${platform}" (known: ${sims.map((s) => s.platform).join(', ') || 'none'})`, { platform });
  }
  return sim;
}

/**
 * A simulator error that carries a stable string `code` is a domain refusal (the seed
 * data was wrong); anything else is a fault in the simulator.
 */
function simulatorFailure(platform: string, operation: string, err: unknown, domainRefusalPossible: boolean): AdminError {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  if (domainRefusalPossible && typeof code === 'string' && code !== '') {
    return new AdminError('ADMIN_SEED_REJECTED', `${platform} refused the seed data: ${message}`, { platform, simulatorCode: code });
  }
  return new AdminError('ADMIN_SIMULATOR_ERROR', `${platform} ${operation} failed: ${message}`, { platform });
}

function note(ctx: AdminContext, summary: string, data: unknown): void {
  ctx.recorder.record({ kind: 'note', platform: 'admin', summary, data });
}
