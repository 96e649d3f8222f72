import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/** The JSON Schema that documents and validates govsim.config.json. */
export const CONFIG_SCHEMA_URL = new URL('./govsim.config.schema.json', import.meta.url);

let validator: ValidateFunction | undefined;

function compiled(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    validator = ajv.compile(JSON.parse(readFileSync(CONFIG_SCHEMA_URL, 'utf8')) as object);
  }
  return validator;
}

/** One problem in a config value: the dotted setting path and a sentence about it. */
export interface ConfigProblem {
  path: string;
  message: string;
}

/** Validates a config object against the schema; returns every problem (empty when valid). */
export function validateConfigValue(value: unknown): ConfigProblem[] {
  const validate = compiled();
  if (validate(value)) return [];
  const problems = (validate.errors ?? []).map((e) => describe(e, value));
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function dotted(instancePath: string): string {
  return instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
}

function valueAt(root: unknown, instancePath: string): unknown {
  let v = root;
  for (const part of instancePath.split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}

function describe(e: ErrorObject, root: unknown): ConfigProblem {
  const path = dotted(e.instancePath);
  const got = JSON.stringify(valueAt(root, e.instancePath));
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      const full = path ? `${path}.${name}` : name;
      const known = knownKeys(e.schemaPath);
      const hint = closest(name, known);
      return { path: full, message: `unknown setting "${full}"${hint ? ` (did you mean "${path ? `${path}.` : ''}${hint}"?)` : known.length ? ` (known: ${known.join(', ')})` : ''}` };
    }
    case 'enum':
      return { path, message: `"${path}" must be one of ${(p.allowedValues as unknown[]).join(', ')} (got ${got})` };
    case 'type':
      return { path, message: `"${path}" must be ${article(String(p.type))} (got ${got})` };
    case 'minimum':
    case 'maximum':
      return { path, message: `"${path}" must be ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${String(p.limit)} (got ${got})` };
    case 'minLength':
      return { path, message: `"${path}" must not be empty` };
    case 'minItems':
      return { path, message: `"${path}" must list at least one entry` };
    case 'uniqueItems':
      return { path, message: `"${path}" lists the same entry twice` };
    case 'pattern':
      return { path, message: `"${path}" ${patternText(String(p.pattern))} (got ${got})` };
    default:
      return { path, message: `"${path || '(top level)'}" ${e.message ?? 'is invalid'}` };
  }
}

function patternText(pattern: string): string {
  if (pattern === '^https?://') return 'must be an http:// or https:// URL';
  if (pattern.startsWith('^[a-z]')) return 'must be a platform key in lower case (e.g. "fitconnect")';
  return `must match ${pattern}`;
}

function article(type: string): string {
  return type === 'integer' ? 'an integer' : type === 'object' || type === 'array' ? `an ${type}` : `a ${type}`;
}

/** Property names the schema allows at the place an additionalProperties error points to. */
function knownKeys(schemaPath: string): string[] {
  const schema = JSON.parse(readFileSync(CONFIG_SCHEMA_URL, 'utf8')) as Record<string, unknown>;
  let node: unknown = schema;
  for (const part of schemaPath.replace(/^#\//, '').split('/').slice(0, -1)) {
    if (node === null || typeof node !== 'object') return [];
    node = (node as Record<string, unknown>)[part];
  }
  const props = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props).filter((k) => k !== '$schema') : [];
}

/** The known name within edit distance 2 of `name`, if any. */
export function closest(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) { best = c; bestDistance = d; }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
