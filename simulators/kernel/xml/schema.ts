/** XSD validation with libxml2: compile once per process, validate in microseconds. */
import path from 'node:path';
import { XmlDocument, XmlValidateError, XmlLibError, XsdValidator, type ErrorDetail, type XmlElement as LibElement } from 'libxml2-wasm';
import { XmlError } from './errors.ts';
import { LIBXML_HUGE_MAX_DEPTH, safeParseOptions, withLibxmlDoc } from './libxml.ts';
import { XmlDoc, XmlElement } from './model.ts';
import { parseXml, sourceBytesOf, type ParseXmlOptions } from './parse.ts';
import { loadSchemaBundle, type SchemaSource } from './schema-loader.ts';
import { withAllowedResources } from './schema-provider.ts';

export type { SchemaSource } from './schema-loader.ts';

export interface XsdIssue {
  /** libxml2's message, e.g. `Element '{urn:x}amount': 'abc' is not a valid value of the atomic type 'xs:decimal'.` */
  message: string;
  line: number;
  column?: number;
  /** Element path with the document's prefixes, when the element could be identified. */
  path?: string;
}

export interface XsdResult {
  valid: boolean;
  errors: XsdIssue[];
}

export interface CompiledSchema {
  /** Resource ids (absolute paths or mapped URLs) that make up this schema. */
  readonly files: readonly string[];
  /**
   * Validates a parsed document, one element of it (e.g. the payload inside a SOAP Body), or raw
   * XML (parsed with parseXml first, so a malformed or unsafe input throws XmlError instead).
   */
  validate(target: XmlDoc | XmlElement | string | Uint8Array, parseOptions?: ParseXmlOptions): XsdResult;
  /** Frees the compiled schema. Further validate calls throw XSD_DISPOSED. */
  dispose(): void;
}

export function compileSchema(source: SchemaSource): CompiledSchema {
  const bundle = loadSchemaBundle(source);
  const mainName = bundle.display.get(bundle.mainId) ?? bundle.mainId;
  const mainBytes = bundle.resources.get(bundle.mainId)!;
  let xsdDoc: XmlDocument | undefined;
  let validator: XsdValidator | undefined;
  try {
    const { refused } = withAllowedResources(bundle.resources, () => {
      xsdDoc = XmlDocument.fromBuffer(mainBytes, { url: bundle.mainId, option: safeParseOptions(LIBXML_HUGE_MAX_DEPTH) });
      validator = XsdValidator.fromDoc(xsdDoc);
    });
    if (refused.length) {
      throw new XmlError('XSD_COMPILE_FAILED', `while compiling ${mainName}, libxml2 asked for ${refused.map((r) => `"${r}"`).join(', ')}, which is not part of the schema set; add it (or map it in catalog)`);
    }
  } catch (e) {
    validator?.dispose();
    xsdDoc?.dispose();
    if (e instanceof XmlError) throw e;
    if (e instanceof XmlLibError) {
      const d = e.details.find((x) => x.level >= 2) ?? e.details[0];
      const file = d?.file ? bundle.display.get(d.file) ?? d.file : mainName;
      throw new XmlError('XSD_COMPILE_FAILED', `schema ${mainName} does not compile: ${d ? d.message.trim() : e.message}${d?.file ? ` (in ${file})` : ''}`, { line: d?.line || undefined, label: file });
    }
    throw e;
  }
  return new LibxmlSchema(validator!, xsdDoc!, [...bundle.resources.keys()]);
}

class LibxmlSchema implements CompiledSchema {
  private disposed = false;
  constructor(private readonly validator: XsdValidator, private readonly xsdDoc: XmlDocument, readonly files: readonly string[]) {}

  validate(target: XmlDoc | XmlElement | string | Uint8Array, parseOptions?: ParseXmlOptions): XsdResult {
    if (this.disposed) throw new XmlError('XSD_DISPOSED', 'this compiled schema has been disposed');
    let doc: XmlDoc;
    let element: XmlElement | undefined;
    if (target instanceof XmlElement) { doc = target.doc; element = target; }
    else if (target instanceof XmlDoc) doc = target;
    else doc = parseXml(target, parseOptions);
    const { bytes, maxDepth } = sourceBytesOf(doc);
    return withLibxmlDoc(bytes, maxDepth, (ldoc) => {
      try {
        if (element && element.index > 0) {
          const node = ldoc.get(`(//*)[${element.index + 1}]`);
          if (!node) throw new XmlError('XML_INTERNAL', `element ${element.path()} could not be located for validation`);
          this.validator.validate(node as LibElement);
        } else {
          this.validator.validate(ldoc);
        }
        return { valid: true, errors: [] };
      } catch (e) {
        if (!(e instanceof XmlValidateError)) throw e;
        const errors = e.details.filter((d) => d.level >= 2).map((d) => toIssue(d, doc));
        return { valid: errors.length === 0, errors };
      }
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.validator.dispose();
    this.xsdDoc.dispose();
  }
}

const ELEMENT_IN_MESSAGE = /^Element '(?:\{([^}]*)\})?([^']+)'/;

function toIssue(d: ErrorDetail, doc: XmlDoc): XsdIssue {
  const issue: XsdIssue = { message: d.message.trim(), line: d.line };
  if (d.col) issue.column = d.col;
  const m = ELEMENT_IN_MESSAGE.exec(issue.message);
  if (m) {
    const [, ns = '', local] = m;
    const here = doc.elementsOnLine(d.line).filter((e) => e.name === local && e.ns === ns);
    if (here.length) issue.path = here[0].path();
  }
  return issue;
}

const cache = new Map<string, CompiledSchema>();

/** The compiled schema for an XSD file, compiled on first use and shared for the life of the process. */
export function getSchema(mainFile: string, catalog?: Record<string, string>): CompiledSchema {
  const key = path.resolve(mainFile) + (catalog ? '\0' + JSON.stringify(Object.entries(catalog).sort()) : '');
  let s = cache.get(key);
  if (!s) {
    s = compileSchema({ mainFile, catalog });
    cache.set(key, s);
  }
  return s;
}

/** Disposes every cached schema (tests, or a long-running process reloading its schemas). */
export function clearSchemaCache(): void {
  for (const s of cache.values()) s.dispose();
  cache.clear();
}
