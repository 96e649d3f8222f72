import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEphemeralPki, type IssuedCertificate } from '../../../kernel/pki/index.ts';
import { signEnvelope, signedReferences, verifyEnvelopeSignature } from './index.ts';

const ENVELOPE = `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:eb="http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd" xmlns:xlink="http://www.w3.org/1999/xlink">
<soap:Header>
<eb:MessageHeader eb:version="2.0" soap:mustUnderstand="1"><eb:From><eb:PartyId eb:type="urn:osb:oin">00000099000000042000</eb:PartyId><eb:Role>Zaakleverancier</eb:Role></eb:From><eb:To><eb:PartyId eb:type="urn:osb:oin">00000004003214345001</eb:PartyId><eb:Role>LopendeZaken</eb:Role></eb:To><eb:CPAId>cpa-1</eb:CPAId><eb:ConversationId>c-1</eb:ConversationId><eb:Service eb:type="urn:osb:services">mijnoverheid:lopendezaken:1.0</eb:Service><eb:Action>zakLk01</eb:Action><eb:MessageData><eb:MessageId>m-1@test</eb:MessageId><eb:Timestamp>2026-06-01T12:00:00Z</eb:Timestamp></eb:MessageData><eb:DuplicateElimination/></eb:MessageHeader>
<eb:SyncReply eb:version="2.0" soap:mustUnderstand="1" soap:actor="http://schemas.xmlsoap.org/soap/actor/next"/>
</soap:Header>
<soap:Body><eb:Manifest eb:version="2.0"><eb:Reference xlink:href="cid:payload-1@test" xlink:type="simple"/></eb:Manifest></soap:Body>
</soap:Envelope>
`;
const PAYLOAD = Buffer.from('<zakLk01 xmlns="http://www.egem.nl/StUF/sector/zkn/0310"/>');
const der = (c: IssuedCertificate) => new X509Certificate(c.certPem).raw.toString('base64');

let ec: IssuedCertificate;
let rsa: IssuedCertificate;
let other: IssuedCertificate;

beforeAll(async () => {
  const pki = await createEphemeralPki({ keyAlgorithm: 'ec-p256' });
  ec = await pki.issue({ profile: 'pkioverheid', oin: '00000099000000042000', organization: 'Gemeente Proefstad', commonName: 'zaaksysteem.example.test', purpose: 'client' });
  other = await pki.issue({ profile: 'pkioverheid', oin: '00000099000000042000', organization: 'Gemeente Proefstad', commonName: 'ander.example.test', purpose: 'client' });
  rsa = await pki.issue({ profile: 'pkioverheid', oin: '00000099000000043000', organization: 'Gemeente Voorbeeld', commonName: 'rsa.example.test', purpose: 'client', keyAlgorithm: 'rsa2048' });
}, 60_000);

const attachments = [{ contentId: 'payload-1@test', body: PAYLOAD }];
const ctx = (c: IssuedCertificate, payload: Buffer = PAYLOAD) => ({
  certificateDer: der(c), attachment: (href: string) => (href === 'cid:payload-1@test' ? payload : undefined), requiredReferences: ['cid:payload-1@test'],
});
const rules = (r: { issues: { rule: string }[] }) => r.issues.map((i) => i.rule);

describe('XMLDSIG for signed ebMS profiles', () => {
  it('signs with exclusive C14N and SHA-256 and verifies against the CPA certificate (EC and RSA keys)', () => {
    for (const c of [ec, rsa]) {
      const signed = signEnvelope(ENVELOPE, { keyPem: c.keyPem, certPem: c.certPem, attachments });
      expect(signed).toContain('<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>');
      expect(signed).toContain('Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"');
      const r = verifyEnvelopeSignature(signed, ctx(c));
      expect(r.issues).toEqual([]);
      expect(r.ok && r.report.valueVerified && r.report.keyInfoMatchesCpa).toBe(true);
      expect(r.report.references.map((x) => x.uri)).toEqual(['', 'cid:payload-1@test']);
    }
    expect(signEnvelope(ENVELOPE, { keyPem: rsa.keyPem, certPem: rsa.certPem })).toContain('xmldsig-more#rsa-sha256');
    expect(signEnvelope(ENVELOPE, { keyPem: ec.keyPem, certPem: ec.certPem })).toContain('xmldsig-more#ecdsa-sha256');
  });

  it('detects a tampered body, a tampered header and a tampered payload', () => {
    const signed = signEnvelope(ENVELOPE, { keyPem: ec.keyPem, certPem: ec.certPem, attachments });
    const body = verifyEnvelopeSignature(signed.replace('xlink:type="simple"', 'xlink:type="simple" xlink:role="x"'), ctx(ec));
    expect(rules(body)).toEqual(['EBMS_SIGNATURE_DIGEST_MISMATCH']);
    const header = verifyEnvelopeSignature(signed.replace('<eb:Action>zakLk01</eb:Action>', '<eb:Action>moBericht</eb:Action>'), ctx(ec));
    expect(rules(header)).toEqual(['EBMS_SIGNATURE_DIGEST_MISMATCH']);
    expect(header.issues[0]).toMatchObject({ errorCode: 'SecurityFailure', location: "//Header/Signature/SignedInfo/Reference[@URI='']/DigestValue" });
    const payload = verifyEnvelopeSignature(signed, ctx(ec, Buffer.from('<zakLk01 xmlns="http://www.egem.nl/StUF/sector/zkn/0310"><x/></zakLk01>')));
    expect(rules(payload)).toEqual(['EBMS_SIGNATURE_DIGEST_MISMATCH']);
    const signedInfo = verifyEnvelopeSignature(signed.replace(/(<ds:Reference URI="cid:payload-1@test">.*?<ds:DigestValue>)[^<]+/, `$1${Buffer.alloc(32).toString('base64')}`), ctx(ec));
    expect(rules(signedInfo)).toEqual(['EBMS_SIGNATURE_DIGEST_MISMATCH', 'EBMS_SIGNATURE_INVALID']);
  });

  it('leaves blocks for intermediaries (SyncReply, actor next) out of the signed node-set, as the ebMS XPath filter says', () => {
    const signed = signEnvelope(ENVELOPE, { keyPem: ec.keyPem, certPem: ec.certPem, attachments });
    const changed = signed.replace(/<eb:SyncReply [^>]*\/>/, '');
    expect(changed).not.toContain('SyncReply');
    expect(verifyEnvelopeSignature(changed, ctx(ec)).ok).toBe(true);
  });

  it('refuses a signature by another certificate than the CPA names', () => {
    const signed = signEnvelope(ENVELOPE, { keyPem: other.keyPem, certPem: other.certPem, attachments });
    const r = verifyEnvelopeSignature(signed, ctx(ec));
    expect(rules(r)).toEqual(['EBMS_SIGNATURE_CERTIFICATE_NOT_CPA', 'EBMS_SIGNATURE_INVALID']);
    const noKeyInfo = verifyEnvelopeSignature(signed.replace(/<ds:KeyInfo>.*<\/ds:KeyInfo>/, ''), ctx(ec));
    expect(rules(noKeyInfo)).toEqual(['EBMS_SIGNATURE_INVALID']);
  });

  it('flags SHA-1 digests and signature methods as non-compliant (SIGN003/SIGN004) even when the value verifies', () => {
    const signed = signEnvelope(ENVELOPE, { keyPem: rsa.keyPem, certPem: rsa.certPem, attachments, hash: 'sha1' });
    expect(signed).toContain('xmldsig#rsa-sha1');
    const r = verifyEnvelopeSignature(signed, ctx(rsa));
    expect(r.report.valueVerified).toBe(true);
    expect(rules(r)).toEqual(['EBMS_SIGNATURE_METHOD_WEAK', 'EBMS_SIGNATURE_DIGEST_WEAK', 'EBMS_SIGNATURE_DIGEST_WEAK']);
    expect(r.issues.every((i) => i.errorCode === 'SecurityFailure')).toBe(true);
  });

  it('requires a signature, the envelope reference and every Manifest payload', () => {
    expect(rules(verifyEnvelopeSignature(ENVELOPE, ctx(ec)))).toEqual(['EBMS_SIGNATURE_MISSING']);
    const headerOnly = signEnvelope(ENVELOPE, { keyPem: ec.keyPem, certPem: ec.certPem });
    expect(rules(verifyEnvelopeSignature(headerOnly, ctx(ec)))).toEqual(['EBMS_SIGNATURE_PAYLOAD_NOT_SIGNED']);
    const cpaAlg = verifyEnvelopeSignature(headerOnly, { ...ctx(ec), requiredReferences: [], cpaSignatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256' });
    expect(rules(cpaAlg)).toEqual(['EBMS_SIGNATURE_METHOD_NOT_CPA']);
  });

  it('lists the signed references for a signed Acknowledgment', () => {
    const refs = signedReferences(signEnvelope(ENVELOPE, { keyPem: ec.keyPem, certPem: ec.certPem, attachments }));
    expect(refs).toHaveLength(2);
    expect(refs[0]).toMatch(/^<ds:Reference xmlns:ds="http:\/\/www.w3.org\/2000\/09\/xmldsig#" URI="">/);
  });
});
