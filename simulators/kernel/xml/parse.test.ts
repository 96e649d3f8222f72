import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseXml, XmlError, type XmlErrorCode } from './index.ts';
import { withLibxmlDoc } from './libxml.ts';

function refusal(input: string | Uint8Array, options?: Parameters<typeof parseXml>[1]): XmlError {
  try {
    parseXml(input, options);
  } catch (e) {
    if (e instanceof XmlError) return e;
    throw e;
  }
  throw new Error('expected parseXml to refuse the input');
}

function expectCode(input: string | Uint8Array, code: XmlErrorCode, options?: Parameters<typeof parseXml>[1]): XmlError {
  const e = refusal(input, options);
  expect(e.code, e.message).toBe(code);
  return e;
}

describe('parseXml refuses DTDs (XXE, entity expansion)', () => {
  let dir: string;
  let secretFile: string;
  const secret = 'GOVSIM-SECRET-' + Math.random().toString(36).slice(2);
  let server: http.Server;
  let hits = 0;
  let port = 0;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govsim-xml-'));
    secretFile = path.join(dir, 'secret.txt');
    fs.writeFileSync(secretFile, secret);
    server = http.createServer((_req, res) => { hits++; res.end('<!ENTITY x "pwned">'); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an external entity pointing at file:///etc/passwd', () => {
    const e = expectCode('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<r>&x;</r>', 'XML_DTD_FORBIDDEN');
    expect(e.line).toBe(2);
    expect(e.column).toBe(1);
    expect(e.message).toMatch(/DOCTYPE/);
  });

  it('refuses external entities and external DTDs by http URL without contacting the server', () => {
    expectCode(`<!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:${port}/x">]><r>&x;</r>`, 'XML_DTD_FORBIDDEN');
    expectCode(`<!DOCTYPE r SYSTEM "http://127.0.0.1:${port}/ext.dtd"><r/>`, 'XML_DTD_FORBIDDEN');
    expectCode(`<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:${port}/p.dtd"> %p;]><r/>`, 'XML_DTD_FORBIDDEN');
    expect(hits).toBe(0);
  });

  it('defence in depth: even handed straight to libxml2 with our options, external entities are neither read nor fetched', () => {
    const docs = [
      `<!DOCTYPE r [<!ENTITY x SYSTEM "file://${secretFile}">]><r>a&x;b</r>`,
      `<!DOCTYPE r [<!ENTITY x SYSTEM "${secretFile}">]><r>a&x;b</r>`,
      `<!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:${port}/x">]><r>a&x;b</r>`,
      `<!DOCTYPE r SYSTEM "http://127.0.0.1:${port}/ext.dtd"><r>a&x;b</r>`,
    ];
    for (const d of docs) expect(withLibxmlDoc(Buffer.from(d), 256, (doc) => doc.root.content)).toBe('ab');
    expect(hits).toBe(0);
    // Control: the same probe does see entity text when an entity *is* defined, so it would catch a loaded one.
    expect(withLibxmlDoc(Buffer.from('<!DOCTYPE r [<!ENTITY x "internal">]><r>a&x;b</r>'), 256, (doc) => doc.root.content)).toBe('ainternalb');
  });

  it('refuses billion laughs before any expansion', () => {
    const lol = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const e = expectCode(`<?xml version="1.0"?>\n<!DOCTYPE lolz [\n${lol.join('\n')}\n]>\n<lolz>&lol9;</lolz>`, 'XML_DTD_FORBIDDEN');
    expect(e.line).toBe(2);
  });

  it('refuses a DOCTYPE hidden after comments and processing-instruction-free prolog', () => {
    expectCode('<!-- hello -->\n\n<!DOCTYPE r><r/>', 'XML_DTD_FORBIDDEN');
    expectCode(Buffer.from('\uFEFF<!DOCTYPE r><r/>'), 'XML_DTD_FORBIDDEN');
  });

  it('does not mistake DOCTYPE text inside CDATA or comments for a DTD', () => {
    const d = parseXml('<r><![CDATA[<!DOCTYPE html>]]><!-- <!DOCTYPE x> --></r>');
    expect(d.root.text()).toBe('<!DOCTYPE html>');
  });
});

describe('parseXml limits', () => {
  it('refuses 100k-deep nesting quickly and without a stack overflow', () => {
    const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
    const e = expectCode(deep, 'XML_TOO_DEEP');
    expect(e.line).toBe(1);
    expect(e.column).toBe(256 * 3 + 1);
    expect(e.path).toMatch(/^\/a\/a\/a\/a\/a\/….*more.*\/a$/);
    expectCode('<a>'.repeat(100_000), 'XML_TOO_DEEP', { maxDepth: 2048 });
  });

  it('honours a smaller maxDepth and accepts exactly the limit', () => {
    const nest = (n: number) => '<a>'.repeat(n) + '</a>'.repeat(n);
    expect(parseXml(nest(5), { maxDepth: 5 }).root.name).toBe('a');
    expectCode(nest(6), 'XML_TOO_DEEP', { maxDepth: 5 });
    expect(parseXml(nest(256)).elements.length).toBe(256);
    expectCode(nest(257), 'XML_TOO_DEEP');
    expect(parseXml(nest(1000), { maxDepth: 1000 }).elements.length).toBe(1000);
  });

  it('refuses oversized input (bytes, strings, and multi-byte strings counted in UTF-8 bytes)', () => {
    expectCode(Buffer.alloc(101, 0x20), 'XML_TOO_LARGE', { maxBytes: 100 });
    expectCode('<a>' + 'x'.repeat(200) + '</a>', 'XML_TOO_LARGE', { maxBytes: 100 });
    expectCode('<a>' + 'é'.repeat(60) + '</a>', 'XML_TOO_LARGE', { maxBytes: 100 });
    expect(parseXml('<a>' + 'é'.repeat(40) + '</a>', { maxBytes: 100 }).root.text()).toHaveLength(40);
    const big = '<a>' + 'x'.repeat(10 * 1024 * 1024) + '</a>';
    expect(refusal(big).code).toBe('XML_TOO_LARGE');
  });

  it('stays linear on pathological input (runs of &, <, quotes, comment openers)', () => {
    const n = 1_800_000;
    expectCode('<r>' + '&'.repeat(n) + '</r>', 'XML_MALFORMED');
    expectCode('<r a="' + '&'.repeat(n) + '"/>', 'XML_MALFORMED');
    expectCode('<r>' + '<!--'.repeat(n / 4), 'XML_MALFORMED');
    expectCode('<r>' + '<![CDATA['.repeat(n / 9), 'XML_MALFORMED');
    expectCode('<r ' + 'a="'.repeat(n / 3), 'XML_MALFORMED');
    expect(parseXml('<r>' + '&#x41;'.repeat(n / 6) + '</r>').root.text()).toHaveLength(n / 6);
  });

  it('refuses too many attributes and over-long names', () => {
    const attrs = Array.from({ length: 11 }, (_, i) => `a${i}="1"`).join(' ');
    expectCode(`<r ${attrs}/>`, 'XML_TOO_MANY_ATTRIBUTES', { maxAttributes: 10 });
    expect(parseXml(`<r ${attrs}/>`, { maxAttributes: 11 }).root.attributes).toHaveLength(11);
    expectCode(`<r><${'n'.repeat(65)}/></r>`, 'XML_NAME_TOO_LONG', { maxNameLength: 64 });
    expectCode(`<r ${'n'.repeat(65)}="1"/>`, 'XML_NAME_TOO_LONG', { maxNameLength: 64 });
  });

  it('refuses processing instructions unless allowed, but always accepts the XML declaration', () => {
    const e = expectCode('<?xml version="1.0"?>\n<r>\n  <?php system("id") ?>\n</r>', 'XML_PI_FORBIDDEN');
    expect([e.line, e.column, e.path]).toEqual([3, 3, '/r']);
    expectCode('<?xml-stylesheet href="x.xsl"?><r/>', 'XML_PI_FORBIDDEN');
    const d = parseXml('<r><?keep me?></r>', { allowProcessingInstructions: true });
    expect(d.root.nodes[0]).toEqual({ type: 'pi', target: 'keep', data: 'me' });
    expect(parseXml('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><r/>').declaration).toEqual({ version: '1.0', encoding: 'UTF-8', standalone: 'yes' });
  });
});

describe('parseXml errors a vendor can act on', () => {
  it('gives line, column and element path for malformed input', () => {
    const e = expectCode('<?xml version="1.0"?>\n<soap:Envelope xmlns:soap="urn:s">\n  <soap:Body>\n    <x>1</y>\n  </soap:Body>\n</soap:Envelope>', 'XML_MALFORMED', { label: 'request 7' });
    expect(e.line).toBe(4);
    expect(e.column).toBeGreaterThan(5);
    expect(e.path).toBe('/soap:Envelope/soap:Body/x');
    expect(e.message).toMatch(/^request 7: not well-formed XML: .*mismatch.*\(line 4, column \d+, in \/soap:Envelope\/soap:Body\/x\) \[XML_MALFORMED\]$/);
  });

  it.each([
    ['empty', ''],
    ['whitespace only', '  \n '],
    ['text only', 'hello'],
    ['two roots', '<a/><b/>'],
    ['unclosed', '<a><b></b>'],
    ['undeclared prefix', '<a><q:b/></a>'],
    ['undefined entity', '<a>&nbsp;</a>'],
    ['bad char ref', '<a>&#0;</a>'],
    ['duplicate attribute', '<a x="1" x="2"/>'],
    ['duplicate attribute via namespaces', '<a xmlns:p="u" xmlns:q="u" p:x="1" q:x="2"/>'],
    ['unquoted attribute', '<a x=1/>'],
    ['lt in attribute', '<a x="<"/>'],
    ['control character', '<a>\u0001</a>'],
    ['misplaced XML declaration', '<a/><?xml version="1.0"?>'],
  ])('refuses %s as XML_MALFORMED', (_name, input) => {
    const e = expectCode(input, 'XML_MALFORMED');
    expect(e.line).toBeGreaterThanOrEqual(1);
  });

  it('refuses invalid UTF-8 with the position of the bad byte', () => {
    const bytes = Buffer.concat([Buffer.from('<r>\n  <n>'), Buffer.from([0xc3, 0x28]), Buffer.from('</n>\n</r>')]);
    const e = expectCode(bytes, 'XML_BAD_ENCODING');
    expect([e.line, e.column]).toEqual([2, 6]);
    expect(e.message).toMatch(/c3 28/);
    expectCode(Buffer.from([0x3c, 0x72, 0x3e, 0xed, 0xa0, 0x80, 0x3c, 0x2f, 0x72, 0x3e]), 'XML_BAD_ENCODING'); // encoded surrogate
    expectCode(Buffer.from([0x3c, 0x72, 0x3e, 0xc0, 0xbc, 0x3c, 0x2f, 0x72, 0x3e]), 'XML_BAD_ENCODING'); // overlong '<'
    expectCode('<r>\uD800</r>', 'XML_BAD_ENCODING'); // lone surrogate in a JS string
    expectCode(Buffer.from([0xff, 0xfe, 0x3c, 0x00, 0x72, 0x00, 0x2f, 0x00, 0x3e, 0x00]), 'XML_BAD_ENCODING'); // UTF-16
  });

  it('refuses a declared non-UTF-8 encoding instead of misreading the bytes', () => {
    expectCode('<?xml version="1.0" encoding="ISO-8859-1"?><a>\u00e9</a>', 'XML_BAD_ENCODING');
    expect(parseXml('<?xml version="1.0" encoding="utf-8"?><a>\u00e9</a>').root.text()).toBe('\u00e9');
  });

  it('accepts a UTF-8 byte-order mark and keeps offsets right', () => {
    const d = parseXml(Buffer.from('\uFEFF<r><n>1</n></r>'));
    expect(d.root.child('n')!.outerXml()).toBe('<n>1</n>');
  });
});
