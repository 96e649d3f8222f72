/** The XML kernel: safe parsing, a namespace-aware read model, XSD validation, C14N and escaping. */
export { XmlError, isXmlError, type XmlErrorCode, type XmlErrorDetails } from './errors.ts';
export { parseXml, DEFAULT_PARSE_LIMITS, type ParseXmlOptions } from './parse.ts';
export {
  XmlDoc, XmlElement, XML_NS, XMLNS_NS,
  type XmlAttribute, type XmlChildNode, type XmlTextNode, type XmlCDataNode, type XmlCommentNode, type XmlPiNode,
  type XmlDeclaration, type SourceSpan,
} from './model.ts';
export type { NsMap } from './path.ts';
export { compileSchema, getSchema, clearSchemaCache, type CompiledSchema, type XsdResult, type XsdIssue, type SchemaSource } from './schema.ts';
export { canonicalize, c14nFromAlgorithmUri, type C14nAlgorithm, type C14nOptions } from './c14n.ts';
export { escapeXml, escapeAttr, xml, rawXml, XmlFragment, type XmlValue } from './escape.ts';
