import { describe, expect, it } from 'vitest';
import { parseXml, XML_NS, XmlError } from './index.ts';

const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const EB = 'http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd';
const NS = { soap: SOAP, eb: EB };

const ENVELOPE = `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP}" xmlns:eb="${EB}">
  <SOAP-ENV:Header>
    <eb:MessageHeader SOAP-ENV:mustUnderstand="1" eb:version="2.0">
      <eb:From><eb:PartyId eb:type="urn:osb:oin">00000099000000000001</eb:PartyId></eb:From>
      <ebx:To xmlns:ebx="${EB}"><ebx:PartyId ebx:type="urn:osb:oin">00000099000000000002</ebx:PartyId></ebx:To>
    </eb:MessageHeader>
  </SOAP-ENV:Header>
  <SOAP-ENV:Body/>
</SOAP-ENV:Envelope>`;

describe('read model', () => {
  const doc = parseXml(ENVELOPE);

  it('keeps leading zeros and never converts text', () => {
    expect(parseXml('<oin>00000099000000000001</oin>').root.text()).toBe('00000099000000000001');
    expect(parseXml('<r a="007" b="1e3" c="true"> 0012.50 </r>').root.attr('a')).toBe('007');
    expect(parseXml('<r> 0012.50 </r>').root.text()).toBe(' 0012.50 ');
    expect(parseXml('<r b="1e3"/>').root.attr('b')).toBe('1e3');
  });

  it('resolves namespaces by URI, whatever the prefix', () => {
    expect(doc.root.name).toBe('Envelope');
    expect(doc.root.ns).toBe(SOAP);
    expect(doc.root.prefix).toBe('SOAP-ENV');
    const from = doc.find('/soap:Envelope/soap:Header/eb:MessageHeader/eb:From/eb:PartyId', NS)!;
    const to = doc.find('/soap:Envelope/soap:Header/eb:MessageHeader/eb:To/eb:PartyId', NS)!;
    expect(from.ns).toBe(to.ns);
    expect(from.prefix).toBe('eb');
    expect(to.prefix).toBe('ebx');
    expect(to.text()).toBe('00000099000000000002');
    expect(doc.findAll('//eb:PartyId', NS).map((e) => e.text())).toEqual(['00000099000000000001', '00000099000000000002']);
    expect(doc.find('/soap:Envelope/soap:Header', { soap: 'urn:wrong' })).toBeUndefined();
  });

  it('reads namespaced attributes (eb:type, soap:mustUnderstand) by URI', () => {
    const header = doc.find('//eb:MessageHeader', NS)!;
    expect(header.attr('mustUnderstand', SOAP)).toBe('1');
    expect(header.attr('mustUnderstand')).toBeUndefined();
    expect(header.attr('version', EB)).toBe('2.0');
    const to = doc.find('//eb:To/eb:PartyId', NS)!;
    expect(to.attr('type', EB)).toBe('urn:osb:oin');
    expect(to.attributes).toEqual([{ name: 'type', prefix: 'ebx', ns: EB, qname: 'ebx:type', value: 'urn:osb:oin' }]);
  });

  it('handles default namespaces, undeclaring them, and unprefixed attributes in no namespace', () => {
    const d = parseXml('<r xmlns="urn:a" id="1"><c><d xmlns=""><e/></d></c><x:f xmlns:x="urn:b" x:k="v" k="w"/></r>');
    expect([d.root.ns, d.root.prefix]).toEqual(['urn:a', '']);
    expect(d.root.attributes[0]).toMatchObject({ name: 'id', ns: '' });
    expect(d.root.child('c')!.ns).toBe('urn:a');
    expect(d.find('c/d/e', { '': '' })).toBeUndefined();
    expect(d.find('/a:r/a:c/d/e', { a: 'urn:a' })!.ns).toBe('');
    expect(d.find('/r/c', { '': 'urn:a' })!.name).toBe('c');
    const f = d.find('b:f', { b: 'urn:b' })!;
    expect([f.attr('k', 'urn:b'), f.attr('k')]).toEqual(['v', 'w']);
    expect(d.root.declarations.get('')).toBe('urn:a');
    expect(d.root.lookupNamespace('')).toBe('urn:a');
    expect(d.find('//e', { '': '' })!.lookupNamespace('')).toBeUndefined();
  });

  it('knows the xml prefix without a declaration', () => {
    const d = parseXml('<r xml:lang="nl"/>');
    expect(d.root.attr('lang', XML_NS)).toBe('nl');
  });

  it('children/child filter by local name and optional namespace', () => {
    const d = parseXml('<r xmlns:a="urn:a" xmlns:b="urn:b"><a:x>1</a:x><b:x>2</b:x><x>3</x><y/></r>');
    expect(d.root.children().map((e) => e.qname)).toEqual(['a:x', 'b:x', 'x', 'y']);
    expect(d.root.children('x').map((e) => e.text())).toEqual(['1', '2', '3']);
    expect(d.root.children('x', 'urn:b').map((e) => e.text())).toEqual(['2']);
    expect(d.root.children('x', '').map((e) => e.text())).toEqual(['3']);
    expect(d.root.child('x', 'urn:b')!.text()).toBe('2');
    expect(d.root.child('z')).toBeUndefined();
  });

  it('decodes entities, character references, CDATA and normalises line ends and attribute whitespace', () => {
    const d = parseXml('<r a="x&#10;y\tz\r\nw" b="&lt;&amp;&gt;&quot;&apos;&#x1F600;">1 &amp; 2\r\n<![CDATA[<raw> &amp;]]>&#13;<!-- c --></r>');
    expect(d.root.attr('a')).toBe('x\ny z w');
    expect(d.root.attr('b')).toBe('<&>"\'😀');
    expect(d.root.text()).toBe('1 & 2\n<raw> &amp;\r');
    expect(d.root.nodes.map((n) => n.type)).toEqual(['text', 'cdata', 'text', 'comment']);
  });

  it('gives source lines, columns and readable paths', () => {
    const to = doc.find('//eb:To', NS)!;
    expect([to.line, to.column]).toEqual([6, 7]);
    expect(to.path()).toBe('/SOAP-ENV:Envelope/SOAP-ENV:Header/eb:MessageHeader/ebx:To');
    const d = parseXml('<r><i/><i/><j/></r>');
    expect(d.root.children('i')[1].path()).toBe('/r/i[2]');
    expect(d.root.child('j')!.path()).toBe('/r/j');
  });

  it('returns the exact source text of an element', () => {
    const from = doc.find('//eb:From', NS)!;
    expect(from.outerXml()).toBe('<eb:From><eb:PartyId eb:type="urn:osb:oin">00000099000000000001</eb:PartyId></eb:From>');
    expect(from.innerXml()).toBe('<eb:PartyId eb:type="urn:osb:oin">00000099000000000001</eb:PartyId>');
    expect(doc.find('//soap:Body', NS)!.outerXml()).toBe('<SOAP-ENV:Body/>');
    expect(doc.find('//soap:Body', NS)!.innerXml()).toBe('');
    const tricky = parseXml("<r><a x='>' y=\"/>\" >t</a ></r>");
    expect(tricky.root.child('a')!.outerXml()).toBe("<a x='>' y=\"/>\" >t</a >");
    expect(tricky.root.child('a')!.innerXml()).toBe('t');
  });

  it('resolves QName-valued content against in-scope namespaces', () => {
    const d = parseXml(`<s:Fault xmlns:s="${SOAP}"><faultcode>s:Client</faultcode></s:Fault>`);
    const code = d.root.child('faultcode')!;
    expect(code.resolveQName(code.text())).toEqual({ ns: SOAP, name: 'Client', prefix: 's' });
    expect(code.resolveQName('nope:Client')).toBeUndefined();
  });

  it('path language: relative, positional, wildcards, errors', () => {
    const d = parseXml('<r xmlns:a="urn:a"><a:x><a:y>1</a:y><a:y>2</a:y></a:x><a:x><a:y>3</a:y></a:x></r>');
    const m = { p: 'urn:a' };
    expect(d.findAll('p:x/p:y', m).map((e) => e.text())).toEqual(['1', '2', '3']);
    expect(d.findAll('p:x/p:y[2]', m).map((e) => e.text())).toEqual(['2']);
    expect(d.findAll('p:x[2]/*', m).map((e) => e.text())).toEqual(['3']);
    expect(d.findAll('/r/p:*', m)).toHaveLength(2);
    expect(d.findAll('//*:y', m)).toHaveLength(3);
    expect(d.root.child('x')!.find('/r', m)!.name).toBe('r');
    expect(() => d.find('q:x', m)).toThrowError(expect.objectContaining({ code: 'XML_PATH_UNKNOWN_PREFIX' }));
    expect(() => d.find('p:x[0]', m)).toThrowError(XmlError);
    expect(() => d.find('', m)).toThrowError(expect.objectContaining({ code: 'XML_PATH_INVALID' }));
  });
});
