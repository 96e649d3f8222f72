import { describe, expect, it } from 'vitest';
import { escapeAttr, escapeXml, parseXml, rawXml, xml, XmlError } from './index.ts';

describe('escaping and the xml template', () => {
  it('escapes markup characters so the text round-trips', () => {
    const nasty = `a<b>&c"d'e]]>`;
    expect(escapeXml(nasty)).toBe('a&lt;b&gt;&amp;c&quot;d&apos;e]]&gt;');
    expect(parseXml(`<r a="${escapeAttr(nasty)}">${escapeXml(nasty)}</r>`).root.text()).toBe(nasty);
  });

  it('keeps tabs and newlines in attributes through attribute normalisation', () => {
    const v = 'line1\nline2\tx\r';
    expect(parseXml(`<r a="${escapeAttr(v)}"/>`).root.attr('a')).toBe(v);
    expect(parseXml(`<r a="${escapeXml(v)}"/>`).root.attr('a')).not.toBe(v); // negative control: plain escaping loses them
  });

  it('refuses characters XML 1.0 cannot carry', () => {
    expect(() => escapeXml('a\u0000b')).toThrowError(expect.objectContaining({ code: 'XML_INVALID_CHAR' }));
    expect(() => escapeXml('\uD800')).toThrowError(XmlError);
    expect(escapeXml('😀')).toBe('😀');
  });

  it('xml`` escapes interpolations, nests fragments, joins arrays and drops empty values', () => {
    const oin = '00000099000000000001';
    const party = (type: string, id: string) => xml`<eb:PartyId eb:type="${type}">${id}</eb:PartyId>`;
    const out = xml`<eb:From xmlns:eb="urn:eb">${[party('urn:osb:oin', oin), party('x"<', '&')]}${null}${undefined}${false}${rawXml('<eb:Role>r</eb:Role>')}</eb:From>`;
    expect(String(out)).toBe('<eb:From xmlns:eb="urn:eb"><eb:PartyId eb:type="urn:osb:oin">00000099000000000001</eb:PartyId><eb:PartyId eb:type="x&quot;&lt;">&amp;</eb:PartyId><eb:Role>r</eb:Role></eb:From>');
    const d = parseXml(String(out));
    expect(d.root.children('PartyId').map((p) => [p.attr('type', 'urn:eb'), p.text()])).toEqual([['urn:osb:oin', oin], ['x"<', '&']]);
    expect(String(xml`<n>${42}</n>`)).toBe('<n>42</n>');
  });
});
