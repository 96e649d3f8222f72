/**
 * Validates responses against the official OpenAPI documents
 * (schemas/fitconnect/submission-api-1.1.3.json and routing-api-2.0.0.json, JSON renderings
 * of the YAML files) with Ajv. The transport checks every response it sends (verdict
 * `FC_OPENAPI_RESPONSE`) and the transport tests use it directly. OpenAPI 3.0 schema objects
 * are close enough to draft-07 for Ajv with strict mode off (unknown keywords such as
 * `example` are ignored).
 */
import { readFileSync } from 'node:fs';
import AjvModule, { type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const Ajv = AjvModule as unknown as typeof AjvModule.default;
const SUBMISSION_API_ID = 'https://govsim.invalid/fitconnect/submission-api-1.1.3.json';
const ROUTING_API_ID = 'https://govsim.invalid/fitconnect/routing-api-2.0.0.json';

export interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
}

export function loadSubmissionApi(): OpenApiDocument {
  return JSON.parse(readFileSync(new URL('../../../schemas/fitconnect/submission-api-1.1.3.json', import.meta.url), 'utf8')) as OpenApiDocument;
}

export function loadRoutingApi(): OpenApiDocument {
  return JSON.parse(readFileSync(new URL('../../../schemas/fitconnect/routing-api-2.0.0.json', import.meta.url), 'utf8')) as OpenApiDocument;
}

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

export class ResponseValidator {
  readonly #ajv;
  readonly #cache = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenApiDocument = loadSubmissionApi(), private readonly docId = SUBMISSION_API_ID) {
    this.#ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    (addFormatsModule as unknown as (a: unknown) => void)(this.#ajv);
    this.#ajv.addSchema({ ...doc, $id: docId });
  }

  static routingApi(): ResponseValidator {
    return new ResponseValidator(loadRoutingApi(), ROUTING_API_ID);
  }

  /** True when the document describes `method pathTemplate`. */
  describes(method: string, pathTemplate: string): boolean {
    return this.doc.paths[pathTemplate]?.[method.toLowerCase()] !== undefined;
  }

  /** Errors of a streamed response whose body is not inspected: documented status and media type only. */
  validateHead(method: string, pathTemplate: string, status: number, contentType: string): string[] {
    const op = this.doc.paths[pathTemplate]?.[method.toLowerCase()];
    if (!op) return [`${method} ${pathTemplate} is not in the OpenAPI document`];
    const response = op.responses?.[String(status)];
    if (!response) return [`${method} ${pathTemplate} has no documented ${status} response (documented: ${Object.keys(op.responses ?? {}).join(', ')})`];
    const ct = contentType.split(';')[0].trim();
    if (!response.content) return ct === '' ? [] : [`the ${status} response of ${method} ${pathTemplate} has no body in the OpenAPI document`];
    return response.content[ct] ? [] : [`the ${status} response of ${method} ${pathTemplate} is documented as ${Object.keys(response.content).join(', ')}, not ${ct || '(none)'}`];
  }

  /** Errors (empty when valid) of `body` as the `status` response of `method path` with `contentType`. */
  validate(method: string, pathTemplate: string, status: number, contentType: string, body: unknown): string[] {
    const op = this.doc.paths[pathTemplate]?.[method.toLowerCase()];
    if (!op) return [`${method} ${pathTemplate} is not in the OpenAPI document`];
    const response = op.responses?.[String(status)];
    if (!response) return [`${method} ${pathTemplate} has no documented ${status} response (documented: ${Object.keys(op.responses ?? {}).join(', ')})`];
    const ct = contentType.split(';')[0].trim();
    if (!response.content) return body === undefined || body === '' ? [] : [`the ${status} response of ${method} ${pathTemplate} has no body in the OpenAPI document`];
    if (!response.content[ct]) return [`the ${status} response of ${method} ${pathTemplate} is documented as ${Object.keys(response.content).join(', ')}, not ${ct}`];
    const key = `${method} ${pathTemplate} ${status} ${ct}`;
    let v = this.#cache.get(key);
    if (!v) {
      v = this.#ajv.compile({ $ref: `${this.docId}#/${pointer('paths', pathTemplate, method.toLowerCase(), 'responses', String(status), 'content', ct, 'schema')}` });
      this.#cache.set(key, v);
    }
    return v(body) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
  }
}
