/**
 * Micro-measure of the XML kernel (not a test): `node --import tsx bench/xml-parsers.ts`.
 * Prints microseconds per operation for parsing a ~1.5 KB ebMS-shaped envelope and validating a small document.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { ParseOption, XmlDocument } from 'libxml2-wasm';
import { canonicalize, compileSchema, parseXml, xml } from '../simulators/kernel/xml/index.ts';

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), '../simulators/kernel/xml/fixtures');
const EB = 'http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd';
const party = (oin: string) => xml`<eb:PartyId eb:type="urn:osb:oin">${oin}</eb:PartyId><eb:Role>http://example.test/role</eb:Role>`;
const envelope = Buffer.from(String(xml`<?xml version="1.0" encoding="UTF-8"?>
<SOAP:Envelope xmlns:SOAP="http://schemas.xmlsoap.org/soap/envelope/" xmlns:eb="${EB}" xmlns:xlink="http://www.w3.org/1999/xlink">
  <SOAP:Header>
    <eb:MessageHeader SOAP:mustUnderstand="1" eb:version="2.0">
      <eb:From>${party('00000099000000000001')}</eb:From>
      <eb:To>${party('00000099000000000002')}</eb:To>
      <eb:CPAId>CPA_00000099000000000001_00000099000000000002</eb:CPAId>
      <eb:ConversationId>f3b1c0de-0001-4c2a-9a7e-000000000001</eb:ConversationId>
      <eb:Service eb:type="urn:osb:services">osb:lopendezaken:1.0</eb:Service>
      <eb:Action>zakLk01</eb:Action>
      <eb:MessageData><eb:MessageId>20240101-000001@sut.example.test</eb:MessageId><eb:Timestamp>2024-01-01T12:00:00Z</eb:Timestamp></eb:MessageData>
    </eb:MessageHeader>
    <eb:AckRequested SOAP:mustUnderstand="1" eb:version="2.0" eb:signed="false"/>
  </SOAP:Header>
  <SOAP:Body>
    <eb:Manifest eb:version="2.0">
      <eb:Reference xlink:href="cid:payload-1@sut.example.test" xlink:type="simple"><eb:Description xml:lang="nl">Lopende zaak &amp; status</eb:Description></eb:Reference>
    </eb:Manifest>
  </SOAP:Body>
</SOAP:Envelope>`));

function measure(name: string, fn: () => unknown, runs = 5000): void {
  for (let i = 0; i < Math.min(1000, runs); i++) fn();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) fn();
  const us = Number(process.hrtime.bigint() - t0) / runs / 1000;
  console.log(`${name.padEnd(58)} ${us.toFixed(1).padStart(7)} µs/op`);
}

console.log(`envelope: ${envelope.length} bytes; node ${process.version}`);
measure('parseXml (checks + libxml2 well-formedness + read model)', () => parseXml(envelope));
measure('  libxml2-wasm parse + dispose only', () => XmlDocument.fromBuffer(envelope, { option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE }).dispose());
measure('  libxml2-wasm parse + copy tree via wrappers + dispose', () => {
  const d = XmlDocument.fromBuffer(envelope, { option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE });
  const walk = (e: import('libxml2-wasm').XmlElement): number => {
    let n = e.attrs.map((a) => a.value + a.namespaceUri).length + e.name.length + e.namespaceUri.length;
    for (let c = e.firstChild; c; c = c.next) n += c instanceof (d.root.constructor as typeof import('libxml2-wasm').XmlElement) ? walk(c as never) : c.content.length;
    return n;
  };
  walk(d.root);
  d.dispose();
});
const fxp = new XMLParser({ ignoreAttributes: false, parseTagValue: false, parseAttributeValue: false, preserveOrder: true });
const text = envelope.toString('utf8');
measure('fast-xml-parser 5 (preserveOrder, parseTagValue:false)', () => fxp.parse(text));

const schema = compileSchema({ mainFile: path.join(FIX, 'order.xsd') });
const small = fs.readFileSync(path.join(FIX, 'order-valid.xml'));
const doc = parseXml(small);
measure(`XSD validate parsed doc (${small.length} bytes, valid)`, () => schema.validate(doc));
measure('XSD validate from bytes (parseXml + validate)', () => schema.validate(small));
const bad = parseXml(fs.readFileSync(path.join(FIX, 'order-invalid.xml')));
measure('XSD validate parsed doc (5 errors)', () => schema.validate(bad));
const t0 = process.hrtime.bigint();
compileSchema({ mainFile: path.join(FIX, 'order.xsd') }).dispose();
console.log(`${'compileSchema order.xsd (3 files), once'.padEnd(58)} ${(Number(process.hrtime.bigint() - t0) / 1000).toFixed(1).padStart(7)} µs`);
const env = parseXml(envelope);
measure('exclusive C14N of the SOAP Header', () => canonicalize(env.root.children()[0]));
schema.dispose();
