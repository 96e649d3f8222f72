import { readFileSync } from 'node:fs';

/** Location of the admin API's OpenAPI 3.1 document. */
export const ADMIN_OPENAPI_FILE = new URL('../../../schemas/admin/openapi.json', import.meta.url);

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; [k: string]: unknown };
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [k: string]: unknown;
}

/** Reads and parses the admin OpenAPI document (fresh copy each call). */
export function loadAdminOpenApi(): OpenApiDocument {
  return JSON.parse(readFileSync(ADMIN_OPENAPI_FILE, 'utf8')) as OpenApiDocument;
}
