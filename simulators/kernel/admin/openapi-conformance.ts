/**
 * Checks that the admin OpenAPI document and the implementation agree: the same
 * (method, path) pairs, operation ids, authentication and query parameters, and
 * responses that validate against their documented schemas.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { OpenApiDocument } from './openapi.ts';
import type { AdminRoute } from './routes.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
const DOC_ID = 'urn:govsim:admin-openapi';

interface Operation {
  operationId?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ $ref?: string; name?: string; in?: string }>;
  requestBody?: unknown;
  responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: unknown }> }>;
}

export interface DocumentedOperation {
  method: string;
  path: string;
  operationId?: string;
  auth: AdminRoute['auth'] | 'unknown';
  query: string[];
  hasBody: boolean;
}

export function documentedOperations(doc: OpenApiDocument): DocumentedOperation[] {
  const out: DocumentedOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of METHODS) {
      const op = item[m] as Operation | undefined;
      if (!op) continue;
      const security = op.security ?? (doc.security as Operation['security']) ?? [];
      const schemes = security.map((s) => Object.keys(s).sort().join('+')).sort().join(',');
      const auth = schemes === '' ? 'none'
        : schemes === 'adminBearer' ? 'bearer'
        : schemes === 'adminBearer,adminQueryToken' ? 'bearer-or-query'
        : 'unknown';
      const query = (op.parameters ?? []).map((p) => resolve<{ name: string; in: string }>(doc, p)).filter((p) => p.in === 'query').map((p) => p.name);
      out.push({ method: m.toUpperCase(), path, operationId: op.operationId, auth, query, hasBody: op.requestBody !== undefined });
    }
  }
  return out;
}

/** Every disagreement between the document and the route table, as readable lines; empty when they agree. */
export function compareWithRoutes(doc: OpenApiDocument, routes: readonly AdminRoute[]): string[] {
  const problems: string[] = [];
  const documented = new Map(documentedOperations(doc).map((o) => [`${o.method} ${o.path}`, o]));
  const implemented = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  for (const key of implemented.keys()) if (!documented.has(key)) problems.push(`implemented but not documented: ${key}`);
  for (const key of documented.keys()) if (!implemented.has(key)) problems.push(`documented but not implemented: ${key}`);
  for (const [key, r] of implemented) {
    const o = documented.get(key);
    if (!o) continue;
    if (o.operationId !== r.operationId) problems.push(`${key}: operationId ${o.operationId} in the document, ${r.operationId} in the code`);
    if (o.auth !== r.auth) problems.push(`${key}: security ${o.auth} in the document, ${r.auth} in the code`);
    const dq = [...o.query].sort().join(',');
    const rq = [...r.query].sort().join(',');
    if (dq !== rq) problems.push(`${key}: query parameters [${dq}] in the document, [${rq}] in the code`);
    if (o.hasBody !== Boolean(r.body)) problems.push(`${key}: request body ${o.hasBody ? 'documented' : 'not documented'} but ${r.body ? 'read' : 'not read'} by the code`);
  }
  return problems;
}

export interface ResponseValidator {
  /** Problems with one response; empty when it matches the document. */
  check(method: string, path: string, status: number, contentType: string | null, body: unknown): string[];
}

export function createResponseValidator(doc: OpenApiDocument): ResponseValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
  (addFormatsModule as unknown as (a: Ajv2020) => Ajv2020)(ajv);
  ajv.addSchema(rewriteRefs({ $id: DOC_ID, $defs: doc.components?.schemas ?? {} }) as object);
  const cache = new Map<string, ValidateFunction>();
  return {
    check(method, path, status, contentType, body) {
      const op = doc.paths[path]?.[method.toLowerCase()] as Operation | undefined;
      if (!op) return [`${method} ${path} is not documented`];
      const documented = op.responses?.[String(status)];
      if (!documented) return [`${method} ${path}: status ${status} is not documented (documented: ${Object.keys(op.responses ?? {}).join(', ')})`];
      const response = resolve<{ content?: Record<string, { schema?: unknown }> }>(doc, documented);
      if (!response.content) return body === undefined || body === '' ? [] : [`${method} ${path} ${status}: documented without a body, got one`];
      const essence = (contentType ?? '').split(';')[0].trim().toLowerCase();
      const media = response.content[essence];
      if (!media) return [`${method} ${path} ${status}: content type ${essence || '(none)'} not documented (documented: ${Object.keys(response.content).join(', ')})`];
      if (media.schema === undefined) return [];
      const key = `${method} ${path} ${status} ${essence}`;
      let validate = cache.get(key);
      if (!validate) {
        validate = ajv.compile(rewriteRefs(media.schema) as object);
        cache.set(key, validate);
      }
      if (validate(body)) return [];
      return (validate.errors ?? []).map((e) => `${method} ${path} ${status}: ${e.instancePath || '(body)'} ${e.message ?? ''}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
    },
  };
}

/**
 * Compiles every component schema and every request and response schema of every
 * operation, so a broken $ref or keyword fails even where no test response reaches it.
 */
export function compileAllSchemas(doc: OpenApiDocument): string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
  (addFormatsModule as unknown as (a: Ajv2020) => Ajv2020)(ajv);
  const errors: string[] = [];
  const attempt = (where: string, fn: () => unknown): void => {
    try { fn(); } catch (err) { errors.push(`${where}: ${(err as Error).message}`); }
  };
  attempt('components.schemas', () => ajv.addSchema(rewriteRefs({ $id: DOC_ID, $defs: doc.components?.schemas ?? {} }) as object));
  if (errors.length > 0) return errors;
  for (const name of Object.keys(doc.components?.schemas ?? {})) {
    attempt(`components.schemas.${name}`, () => ajv.compile({ $ref: `${DOC_ID}#/$defs/${name}` }));
  }
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of METHODS) {
      const op = item[m] as Operation | undefined;
      if (!op) continue;
      const bodies: Array<[string, unknown]> = [];
      const request = op.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined;
      for (const [type, media] of Object.entries(request?.content ?? {})) bodies.push([`request ${type}`, media.schema]);
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        attempt(`${m.toUpperCase()} ${path} ${status}`, () => {
          const response = resolve<{ content?: Record<string, { schema?: unknown }> }>(doc, r);
          for (const [type, media] of Object.entries(response.content ?? {})) bodies.push([`${status} ${type}`, media.schema]);
        });
      }
      for (const [where, schema] of bodies) {
        if (schema !== undefined) attempt(`${m.toUpperCase()} ${path} ${where}`, () => ajv.compile(rewriteRefs(schema) as object));
      }
    }
  }
  return errors;
}

function rewriteRefs(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${DOC_ID}#/$defs/`));
}

function resolve<T>(doc: OpenApiDocument, node: unknown): T {
  let current = node as { $ref?: string };
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 10; hops++) {
    const parts = current.$ref.replace(/^#\//, '').split('/').map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
    let target: unknown = doc;
    for (const p of parts) target = (target as Record<string, unknown> | undefined)?.[p];
    if (target === undefined) throw new Error(`unresolvable $ref ${current.$ref}`);
    current = target as { $ref?: string };
  }
  return current as T;
}
