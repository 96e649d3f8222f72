/**
 * Fault rules are plain JSON data, so the admin API, Gherkin steps and a remote
 * container all speak the same language. Applying them is the HTTP kernel's job.
 */

export type FaultAction =
  | { type: 'latency'; ms: number }
  | { type: 'status'; status: number; body?: string; contentType?: string }
  | { type: 'drop' }                       // destroy the socket without a response
  | { type: 'truncate'; bytes?: number }   // send headers + the first `bytes` of the body, then close
  | { type: 'corrupt'; seed?: number };    // flip bytes of the real response body

export interface FaultRuleInput {
  /** Platform key; omit for every platform. */
  platform?: string;
  /** HTTP method; omit for any. */
  method?: string;
  /** Path prefix, or a pattern with `*` wildcards (matched against the path without query). */
  path?: string;
  /** How many matching requests to affect; omit for unlimited. */
  times?: number;
  action: FaultAction;
}

export interface FaultRule extends FaultRuleInput {
  id: string;
  /** Matching requests affected so far. */
  hits: number;
}

const ACTIONS = new Set(['latency', 'status', 'drop', 'truncate', 'corrupt']);
const RULE_FIELDS = new Set(['platform', 'method', 'path', 'times', 'action']);
const ACTION_FIELDS: Record<string, string[]> = {
  latency: ['type', 'ms'], status: ['type', 'status', 'body', 'contentType'], drop: ['type'], truncate: ['type', 'bytes'], corrupt: ['type', 'seed'],
};

/** Throws an Error with a precise message when `input` is not a valid rule. */
export function validateFaultRule(input: unknown): FaultRuleInput {
  if (!input || typeof input !== 'object') throw new Error('fault rule must be a JSON object');
  const r = input as Record<string, unknown>;
  const a = r.action as Record<string, unknown> | undefined;
  if (!a || typeof a !== 'object' || !ACTIONS.has(String(a.type))) {
    throw new Error(`fault rule action.type must be one of ${[...ACTIONS].join(', ')}`);
  }
  // A misspelt field (say `pth`) would otherwise widen the rule to every request.
  const quote = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
  const unknown = Object.keys(r).filter((k) => !RULE_FIELDS.has(k));
  if (unknown.length) throw new Error(`fault rule has unknown field ${quote(unknown)} (allowed: ${[...RULE_FIELDS].join(', ')})`);
  const allowed = ACTION_FIELDS[String(a.type)];
  const unknownAction = Object.keys(a).filter((k) => !allowed.includes(k));
  if (unknownAction.length) throw new Error(`${String(a.type)} fault action has unknown field ${quote(unknownAction)} (allowed: ${allowed.join(', ')})`);
  for (const k of ['body', 'contentType'] as const) {
    if (a[k] !== undefined && typeof a[k] !== 'string') throw new Error(`status fault action.${k} must be a string`);
  }
  if (a.seed !== undefined && !Number.isInteger(a.seed)) throw new Error('corrupt fault action.seed must be an integer');
  if (a.type === 'latency' && !(Number.isInteger(a.ms) && (a.ms as number) >= 0 && (a.ms as number) <= 600_000)) {
    throw new Error('latency fault needs action.ms, an integer from 0 to 600000');
  }
  if (a.type === 'status' && !(Number.isInteger(a.status) && (a.status as number) >= 100 && (a.status as number) <= 599)) {
    throw new Error('status fault needs action.status, an HTTP status from 100 to 599');
  }
  if (a.type === 'truncate' && a.bytes !== undefined && !(Number.isInteger(a.bytes) && (a.bytes as number) >= 0)) {
    throw new Error('truncate fault action.bytes must be a non-negative integer');
  }
  for (const k of ['platform', 'method', 'path'] as const) {
    if (r[k] !== undefined && typeof r[k] !== 'string') throw new Error(`fault rule ${k} must be a string`);
  }
  if (r.times !== undefined && !(Number.isInteger(r.times) && (r.times as number) > 0)) {
    throw new Error('fault rule times must be a positive integer');
  }
  return r as unknown as FaultRuleInput;
}

function pathMatches(pattern: string | undefined, path: string): boolean {
  if (pattern === undefined || pattern === '' || pattern === '*') return true;
  if (!pattern.includes('*')) return path.startsWith(pattern);
  const re = new RegExp('^' + pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(path);
}

/** The live set of fault rules. First matching rule wins; exhausted rules stay listed. */
export class FaultStore {
  private rules: FaultRule[] = [];
  private next = 1;

  add(input: unknown): FaultRule {
    const rule: FaultRule = { ...validateFaultRule(input), id: `fault-${this.next++}`, hits: 0 };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  clear(platform?: string): void {
    this.rules = platform === undefined ? [] : this.rules.filter((r) => r.platform !== platform);
  }

  /** Finds the rule for a request and counts the hit; undefined when none applies. */
  take(platform: string, method: string, path: string): FaultRule | undefined {
    const rule = this.rules.find((r) =>
      (r.platform === undefined || r.platform === platform) &&
      (r.method === undefined || r.method.toUpperCase() === method.toUpperCase()) &&
      (r.times === undefined || r.hits < r.times) &&
      pathMatches(r.path, path));
    if (rule) rule.hits++;
    return rule;
  }
}
