/**
 * Collects an XSD and everything it includes/imports/redefines, from local files or an in-memory
 * set, before libxml2 compiles it. Remote locations are never fetched: they must be mapped to a
 * local copy through `catalog`, otherwise compilation fails with XSD_REMOTE_FORBIDDEN.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XmlError } from './errors.ts';
import { LIBXML_HUGE_MAX_DEPTH, withLibxmlDoc } from './libxml.ts';
import { resourceKey } from './schema-provider.ts';

export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';

/** Where a schema comes from. `catalog` maps a remote schemaLocation (as written) to a local file (or a key of `files`). */
export type SchemaSource =
  | { mainFile: string; catalog?: Record<string, string> }
  | { files: Record<string, string | Uint8Array>; main: string; catalog?: Record<string, string> };

export interface SchemaBundle {
  /** Resource id of the main schema (absolute path or URL) — what libxml2 uses as base URI. */
  mainId: string;
  /** Every resource libxml2 may read, by id. */
  resources: Map<string, Uint8Array>;
  /** Human-readable name of each id, for messages (file path relative to cwd, or the in-memory key). */
  display: Map<string, string>;
}

let memoryBundleSeq = 0;
const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]+:/;

export function loadSchemaBundle(source: SchemaSource): SchemaBundle {
  const catalog = source.catalog ?? {};
  const resources = new Map<string, Uint8Array>();
  const display = new Map<string, string>();
  /** Local file (or memory key) that serves each catalog-mapped id. */
  const catalogSource = new Map<string, string>();
  let read: (id: string) => Uint8Array | undefined;
  let mainId: string;
  let catalogTarget: (target: string) => string;

  if ('mainFile' in source) {
    mainId = resourceKey(path.resolve(source.mainFile));
    const baseDir = path.dirname(mainId);
    read = (id) => {
      try { return fs.readFileSync(id); } catch { return undefined; }
    };
    catalogTarget = (t) => resourceKey(path.resolve(baseDir, /^file:/i.test(t) ? fileURLToPath(t) : t));
  } else {
    const root = `/govsim-xsd-memory/${++memoryBundleSeq}`;
    const mem = new Map<string, Uint8Array>();
    for (const [k, v] of Object.entries(source.files)) {
      mem.set(path.posix.join(root, k), typeof v === 'string' ? Buffer.from(v, 'utf8') : v);
    }
    mainId = path.posix.join(root, source.main);
    read = (id) => mem.get(id);
    catalogTarget = (t) => path.posix.join(root, t);
    for (const k of mem.keys()) display.set(k, k.slice(root.length + 1));
  }

  const queue: Array<{ id: string; from?: string; location?: string }> = [{ id: mainId }];
  while (queue.length) {
    const item = queue.shift()!;
    if (resources.has(item.id)) continue;
    const catalogFile = catalogSource.get(item.id);
    const bytes = read(catalogFile ?? item.id);
    if (!bytes) {
      const what = item.from ? `schemaLocation "${item.location}" in ${nameOf(item.from)}` : 'the main schema';
      throw new XmlError('XSD_FILE_NOT_FOUND', `${what} points to ${catalogFile ?? item.id}, which cannot be read`);
    }
    resources.set(item.id, bytes);
    if (!display.has(item.id)) display.set(item.id, catalogFile ? `${item.id} (local copy ${nameOf(catalogFile)})` : displayPath(item.id));
    for (const location of schemaLocations(bytes, item.id, nameOf(item.id))) {
      const id = resolveLocation(location, item.id);
      queue.push({ id, from: item.id, location });
    }
  }
  return { mainId, resources, display };

  function nameOf(id: string): string { return display.get(id) ?? id; }

  function resolveLocation(location: string, from: string): string {
    if (Object.prototype.hasOwnProperty.call(catalog, location)) {
      // libxml2 will ask for the location resolved against the including document's base.
      const id = SCHEME.test(from) || SCHEME.test(location) ? new URL(location, SCHEME.test(from) ? from : 'file://' + from).href : resourceKey(path.posix.resolve(path.posix.dirname(from), location));
      const key = id.startsWith('file://') ? resourceKey(id) : id;
      catalogSource.set(key, catalogTarget(catalog[location]));
      return key;
    }
    if (SCHEME.test(from) && !/^file:/i.test(from)) {
      const abs = new URL(location, from).href;
      if (Object.prototype.hasOwnProperty.call(catalog, abs)) {
        catalogSource.set(abs, catalogTarget(catalog[abs]));
        return abs;
      }
      throw remote(abs, location, from);
    }
    if (/^file:/i.test(location)) {
      if (!('mainFile' in source)) throw remote(location, location, from);
      return resourceKey(location);
    }
    if (SCHEME.test(location)) throw remote(location, location, from);
    return resourceKey(path.posix.resolve(path.posix.dirname(from), location));
  }

  function remote(abs: string, location: string, from: string): XmlError {
    return new XmlError('XSD_REMOTE_FORBIDDEN',
      `${nameOf(from)} refers to the remote schema "${location}"${abs !== location ? ` (${abs})` : ''}; govsim never fetches schemas over the network — store a local copy and map it with catalog: { "${location}": "<local file>" }`);
  }
}

function schemaLocations(bytes: Uint8Array, id: string, name: string): string[] {
  try {
    return withLibxmlDoc(bytes, LIBXML_HUGE_MAX_DEPTH, (doc) => {
      const nodes = doc.find(
        '//xs:include/@schemaLocation | //xs:import/@schemaLocation | //xs:redefine/@schemaLocation | //xs:override/@schemaLocation',
        { xs: XSD_NS },
      );
      return nodes.map((n) => n.content.trim()).filter((s) => s !== '');
    }, id);
  } catch (e) {
    const details = (e as { details?: Array<{ message: string; line: number; col: number }> }).details ?? [];
    const d = details[0];
    throw new XmlError('XSD_COMPILE_FAILED', `schema ${name} is not well-formed XML: ${d ? d.message.trim() : String(e)}`, { line: d?.line, column: d?.col || undefined, label: name });
  }
}

function displayPath(id: string): string {
  const rel = path.relative(process.cwd(), id);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : id;
}
