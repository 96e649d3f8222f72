import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { XmlDocument, XsdValidator } from 'libxml2-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearSchemaCache, compileSchema, getSchema, parseXml, XmlError } from './index.ts';
import { withAllowedResources } from './schema-provider.ts';

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const ORDER_XSD = path.join(FIX, 'order.xsd');
const valid = fs.readFileSync(path.join(FIX, 'order-valid.xml'));
const invalid = fs.readFileSync(path.join(FIX, 'order-invalid.xml'));

function thrown(fn: () => unknown): XmlError {
  try { fn(); } catch (e) { if (e instanceof XmlError) return e; throw e; }
  throw new Error('expected an XmlError');
}

describe('compileSchema from disk with xs:include and xs:import', () => {
  const schema = compileSchema({ mainFile: ORDER_XSD });
  afterAll(() => schema.dispose());

  it('loads the include and the import of a second namespace', () => {
    expect(schema.files.map((f) => path.relative(FIX, f))).toEqual(['order.xsd', 'order-types.xsd', path.join('sub', 'party.xsd')]);
  });

  it('accepts a valid document (bytes, string, parsed doc)', () => {
    expect(schema.validate(valid)).toEqual({ valid: true, errors: [] });
    expect(schema.validate(valid.toString('utf8')).valid).toBe(true);
    expect(schema.validate(parseXml(valid)).valid).toBe(true);
  });

  it('reports every violation with line numbers and element paths', () => {
    const r = schema.validate(invalid);
    expect(r.valid).toBe(false);
    expect(r.errors.map((e) => [e.line, e.path])).toEqual([
      [2, '/Order'],
      [4, '/Order/Party/Oin'],
      [6, '/Order/Amount'],
      [7, '/Order/Line'],
      [8, '/Order/Unexpected'],
    ]);
    expect(r.errors[0].message).toMatch(/ORD-42.*pattern/);
    expect(r.errors[4].message).toMatch(/Unexpected.*not expected/);
  });

  it('catches a value that lost its leading zeros (negative control for text handling)', () => {
    const stripped = valid.toString('utf8').replace('00000099000000000001', String(Number('00000099000000000001')));
    const r = schema.validate(stripped);
    expect(r.valid).toBe(false);
    expect(r.errors[0].path).toBe('/o:Order/p:Party/p:Oin');
  });

  it('validates one element of a larger document (e.g. a SOAP Body payload)', () => {
    const wrapped = `<env:Envelope xmlns:env="urn:govsim:test:envelope"><env:Body>\n${valid.toString('utf8').replace(/^<\?xml[^>]*>\s*/, '')}</env:Body></env:Envelope>`;
    const doc = parseXml(wrapped);
    const payload = doc.find('//o:Order', { o: 'urn:govsim:test:order' })!;
    expect(schema.validate(payload).valid).toBe(true);
    expect(schema.validate(doc).valid).toBe(false);
    const broken = parseXml(wrapped.replace('<o:Amount>0012.50', '<o:Amount>-1'));
    const r = schema.validate(broken.find('//o:Order', { o: 'urn:govsim:test:order' })!);
    expect(r.valid).toBe(false);
    expect(r.errors[0].path).toBe('/env:Envelope/env:Body/o:Order/o:Amount');
  });

  it('finds the element of an error reported on the last line of a multi-line start tag', () => {
    const multi = valid.toString('utf8').replace('<o:Line qty="2">', '<o:Line\n     qty="-2"\n  >');
    const r = schema.validate(multi);
    expect(r.errors.map((e) => [e.line, e.path])).toEqual([[10, '/o:Order/o:Line']]);
  });

  it('refuses unsafe or malformed input with XmlError rather than a validation result', () => {
    expect(thrown(() => schema.validate('<!DOCTYPE o:Order><o:Order/>')).code).toBe('XML_DTD_FORBIDDEN');
    expect(thrown(() => schema.validate('<o:Order')).code).toBe('XML_MALFORMED');
  });
});

describe('compileSchema never fetches remote schemas', () => {
  let server: http.Server;
  let hits = 0;
  let base = '';
  const party = fs.readFileSync(path.join(FIX, 'sub', 'party.xsd'), 'utf8');
  beforeAll(async () => {
    server = http.createServer((_req, res) => { hits++; res.setHeader('content-type', 'application/xml'); res.end(party); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => { await new Promise((r) => server.close(r)); });

  const mainImporting = (loc: string) => `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:p="urn:govsim:test:party" targetNamespace="urn:t" elementFormDefault="qualified">
  <xs:import namespace="urn:govsim:test:party" schemaLocation="${loc}"/>
  <xs:element name="E"><xs:complexType><xs:sequence><xs:element ref="p:Party"/></xs:sequence></xs:complexType></xs:element>
</xs:schema>`;

  it('refuses an xs:import of a remote URL with XSD_REMOTE_FORBIDDEN, and the server is never contacted', () => {
    const e = thrown(() => compileSchema({ files: { 'main.xsd': mainImporting(`${base}/party.xsd`) }, main: 'main.xsd' }));
    expect(e.code).toBe('XSD_REMOTE_FORBIDDEN');
    expect(e.message).toContain(`${base}/party.xsd`);
    expect(e.message).toContain('catalog');
    expect(thrown(() => compileSchema({ mainFile: path.join(FIX, 'remote-import.xsd') })).code).toBe('XSD_REMOTE_FORBIDDEN');
    expect(hits).toBe(0);
  });

  it('defence in depth: libxml2 itself does not fetch an import that bypasses the loader', () => {
    const { refused } = withAllowedResources(new Map(), () => {
      const doc = XmlDocument.fromString(mainImporting(`${base}/party.xsd`));
      try {
        try { XsdValidator.fromDoc(doc).dispose(); } catch { /* the missing import makes the schema unusable */ }
      } finally { doc.dispose(); }
    });
    expect(refused).toContain(`${base}/party.xsd`);
    expect(hits).toBe(0);
  });

  it('uses a local copy when the remote location is mapped in the catalog', () => {
    const s = compileSchema({ mainFile: path.join(FIX, 'remote-import.xsd'), catalog: { 'http://schemas.example.invalid/party.xsd': 'sub/party.xsd' } });
    try {
      expect(s.files).toContain('http://schemas.example.invalid/party.xsd');
      const ok = '<Envelope xmlns="urn:govsim:test:envelope"><Party xmlns="urn:govsim:test:party"><Oin>00000099000000000001</Oin></Party></Envelope>';
      expect(s.validate(ok).valid).toBe(true);
      expect(s.validate(ok.replace('00000099000000000001', '1')).valid).toBe(false);
    } finally { s.dispose(); }
    expect(hits).toBe(0);
  });
});

describe('compileSchema errors and in-memory sets', () => {
  it('compiles an in-memory set with relative includes', () => {
    const s = compileSchema({
      main: 'a/main.xsd',
      files: {
        'a/main.xsd': '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:m" xmlns:m="urn:m"><xs:include schemaLocation="../b/types.xsd"/><xs:element name="v" type="m:T"/></xs:schema>',
        'b/types.xsd': '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:m"><xs:simpleType name="T"><xs:restriction base="xs:string"><xs:length value="3"/></xs:restriction></xs:simpleType></xs:schema>',
      },
    });
    try {
      expect(s.validate('<v xmlns="urn:m">007</v>').valid).toBe(true);
      expect(s.validate('<v xmlns="urn:m">7</v>').errors[0].message).toMatch(/length/);
    } finally { s.dispose(); }
  });

  it('names a missing include', () => {
    const e = thrown(() => compileSchema({ files: { 'm.xsd': '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:include schemaLocation="gone.xsd"/></xs:schema>' }, main: 'm.xsd' }));
    expect(e.code).toBe('XSD_FILE_NOT_FOUND');
    expect(e.message).toMatch(/gone\.xsd.*m\.xsd/);
    expect(thrown(() => compileSchema({ mainFile: path.join(FIX, 'nope.xsd') })).code).toBe('XSD_FILE_NOT_FOUND');
  });

  it('reports a broken schema with XSD_COMPILE_FAILED and its line', () => {
    const e = thrown(() => compileSchema({ files: { 'bad.xsd': '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n<xs:element name="x" type="xs:nosuchtype"/>\n</xs:schema>' }, main: 'bad.xsd' }));
    expect(e.code).toBe('XSD_COMPILE_FAILED');
    expect(e.message).toMatch(/nosuchtype/);
    expect(e.line).toBe(2);
    expect(thrown(() => compileSchema({ files: { 'bad.xsd': '<xs:schema' }, main: 'bad.xsd' })).code).toBe('XSD_COMPILE_FAILED');
  });

  it('getSchema compiles once per file and clearSchemaCache disposes', () => {
    const a = getSchema(ORDER_XSD);
    expect(getSchema(path.relative(process.cwd(), ORDER_XSD))).toBe(a);
    clearSchemaCache();
    expect(thrown(() => a.validate(valid)).code).toBe('XSD_DISPOSED');
    const b = getSchema(ORDER_XSD);
    expect(b).not.toBe(a);
    expect(b.validate(valid).valid).toBe(true);
    clearSchemaCache();
  });
});
