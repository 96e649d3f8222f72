/** The one place this domain reaches the shared XML kernel (safe parsing, XSD validation, C14N). */
export { parseXml, XmlError, isXmlError, getSchema, canonicalize, c14nFromAlgorithmUri, type XmlDoc, type XmlElement } from '../../kernel/xml/index.ts';
