/**
 * Validates Submission API responses against the official OpenAPI document
 * (schemas/fitconnect/submission-api-1.1.3.json, a JSON rendering of the YAML file) with Ajv.
 * Used by the transport tests; OpenAPI 3.0 schema objects are close enough to draft-07 for
 * Ajv with strict mode off (unknown keywords such as `example` are ignored).
 */
import { readFileSync } from 'node:fs';
import AjvModule, { type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const Ajv = AjvModule as unknown as typeof AjvModule.default;
const DOC_ID = 'https://govsim.invalid/fitconnect/submission-api-1.1.3.json';

export interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
}

export function loadSubmissionApi(): OpenApiDocument {
  return JSON.parse(readFileSync(new URL('../../../schemas/fitconnect/submission-api-1.1.3.json', import.meta.url), 'utf8')) as OpenApiDocument;
}

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

export class ResponseValidator {
  readonly #ajv;
  readonly #cache = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenApiDocument = loadSubmissionApi()) {
    this.#ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    (addFormatsModule as unknown as (a: unknown) => void)(this.#ajv);
    this.#ajv.addSchema({ ...doc, $id: DOC_ID });
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
      v = this.#ajv.compile({ $ref: `${DOC_ID}#/${pointer('paths', pathTemplate, method.toLowerCase(), 'responses', String(status), 'content', ct, 'schema')}` });
      this.#cache.set(key, v);
    }
    return v(body) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
  }
}
