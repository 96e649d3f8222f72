import { describe, expect, it } from 'vitest';
import { c14nFromAlgorithmUri, canonicalize, parseXml, XmlError } from './index.ts';

const DS = 'http://www.w3.org/2000/09/xmldsig#';
const DOC = `<?xml version="1.0"?>
<s:Envelope xmlns:s="urn:s" xmlns:unused="urn:u" xmlns:ds="${DS}">
  <s:Body Id="body" b = 'x' a="1"><p:Data xmlns:p="urn:p">0012 &amp; <![CDATA[<x>]]><!-- note --><e/></p:Data></s:Body>
  <ds:Signature><ds:SignedInfo/></ds:Signature>
</s:Envelope>`;

describe('canonicalize', () => {
  const doc = parseXml(DOC);
  const body = doc.find('//s:Body', { s: 'urn:s' })!;

  it('exclusive C14N of an element renders only visibly used namespaces, sorted attributes, expanded CDATA and empty tags', () => {
    expect(canonicalize(body)).toBe('<s:Body xmlns:s="urn:s" Id="body" a="1" b="x"><p:Data xmlns:p="urn:p">0012 &amp; &lt;x&gt;<e></e></p:Data></s:Body>');
  });

  it('inclusive C14N carries the in-scope namespaces; WithComments keeps comments', () => {
    const out = canonicalize(body, { algorithm: 'c14n', withComments: true });
    expect(out).toContain('xmlns:unused="urn:u"');
    expect(out).toContain('<!-- note -->');
  });

  it('enveloped-signature: excluded elements are left out', () => {
    const sig = doc.find('//ds:Signature', { ds: DS })!;
    const whole = canonicalize(doc, { exclude: [sig] });
    expect(whole).not.toContain('Signature');
    expect(whole).toContain('<s:Body');
    expect(canonicalize(doc)).toContain('ds:Signature');
    expect(() => canonicalize(body, { exclude: [doc.root] })).toThrowError(XmlError);
  });

  it('maps XMLDSIG algorithm URIs', () => {
    expect(c14nFromAlgorithmUri('http://www.w3.org/2001/10/xml-exc-c14n#')).toEqual({ algorithm: 'exc-c14n', withComments: false });
    expect(c14nFromAlgorithmUri('http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments')).toEqual({ algorithm: 'c14n', withComments: true });
    expect(c14nFromAlgorithmUri('http://example.org/other')).toBeUndefined();
  });
});
