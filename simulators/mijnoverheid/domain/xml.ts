/** The one place this domain reaches the shared XML kernel (safe parsing, XSD validation). */
export { parseXml, XmlError, isXmlError, getSchema, type XmlDoc, type XmlElement } from '../../kernel/xml/index.ts';
