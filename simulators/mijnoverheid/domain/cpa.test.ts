import { describe, expect, it } from 'vitest';
import { parseConsumerSpec } from './consumer-spec.ts';
import { createCpa, makeCpaId } from './cpa-build.ts';
import { renderCpa } from './cpa-render.ts';
import { parseCpa, readCpa } from './cpa-parse.ts';
import { EBMS_PROFILES } from './profiles.ts';
import { fixedClock } from '../../kernel/types.ts';
import { CONSUMER_OIN, consumerSpecXml, keyInfo, serviceConfig, validSpecXml, NOT_BEFORE, NOT_AFTER } from './testing/fixtures.ts';
import { testCertificate } from './testing/certs.ts';

const clock = fixedClock('2026-06-01T00:00:00Z');
const deps = { clock, newId: () => 'a1b2c3' };

async function spec() {
  const r = parseConsumerSpec(await validSpecXml(), { clock });
  expect(r.issues).toEqual([]);
  return r.spec!;
}

async function specWith(o: Parameters<typeof consumerSpecXml>[0]) {
  const client = await testCertificate(CONSUMER_OIN, 'sut-client.example.test', NOT_BEFORE, NOT_AFTER);
  const base = { partyName: 'Gemeente Proefstad', partyId: CONSUMER_OIN, endpointUri: 'https://sut.example.test/ebms', clientCert: keyInfo(client.derBase64), serverCert: client.pem };
  return parseConsumerSpec(consumerSpecXml({ ...base, ...o }), { clock }).issues.map((i) => i.code);
}

describe('Consumerspecificatie', () => {
  it('reads all parameters, KeyInfo and PEM certificates and an OTA PartyId', async () => {
    const s = await spec();
    expect(s).toMatchObject({ partyName: 'Gemeente Proefstad', partyId: `${CONSUMER_OIN}_OTA`, endpointUri: 'https://sut.example.test/ebms' });
    expect(s.clientCert.oin).toBe(CONSUMER_OIN);
    expect(s.serverCert.subject).toContain('CN=sut.example.test');
    expect(s.partyRef).toBeUndefined();
  });
  it('reports each defect with a stable code', async () => {
    expect(await specWith({})).toEqual([]);
    expect(await specWith({ partyId: '1234' })).toEqual(['SPEC_BAD_OIN']);
    expect(await specWith({ partyId: '00000099000000043000' })).toEqual(['SPEC_CERT_OIN_MISMATCH']);
    expect(await specWith({ partyId: `${CONSUMER_OIN}_X` })).toEqual(['SPEC_OIN_BAD_SUFFIX']);
    expect(await specWith({ endpointUri: 'http://sut.example.test/ebms' })).toEqual(['SPEC_ENDPOINT_NOT_HTTPS']);
    expect(await specWith({ endpointUri: 'not a url' })).toEqual(['SPEC_ENDPOINT_INVALID']);
    expect(await specWith({ clientCert: 'hello world' })).toEqual(['SPEC_CERT_NOT_PEM_OR_KEYINFO']);
    expect(await specWith({ serverCert: keyInfo('QUJDRA==') })).toEqual(['SPEC_CERT_UNPARSEABLE']);
    expect(await specWith({ partyName: undefined })).toEqual(['SPEC_MISSING_PARAMETER']);
    expect(await specWith({ partyName: '' })).toEqual(['SPEC_EMPTY_PARAMETER']);
    expect(await specWith({ extra: '    <parameter name="Bogus">x</parameter>\n' })).toEqual(['SPEC_UNKNOWN_PARAMETER']);
    expect(await specWith({ extra: '    <parameter name="PartyName">again</parameter>\n' })).toEqual(['SPEC_DUPLICATE_PARAMETER']);
    const expired = await testCertificate(CONSUMER_OIN, 'old.example.test', new Date('2020-01-01Z'), new Date('2021-01-01Z'));
    expect(await specWith({ serverCert: expired.pem })).toEqual(['SPEC_CERT_EXPIRED']);
  });
  it('reports malformed XML, XXE and a wrong root', () => {
    expect(parseConsumerSpec('<osb-ebms-service-specificatie>').issues[0].code).toBe('SPEC_XML_INVALID');
    expect(parseConsumerSpec('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><osb-ebms-service-specificatie>&e;</osb-ebms-service-specificatie>').issues[0].code).toBe('SPEC_XML_INVALID');
    expect(parseConsumerSpec('<other/>').issues[0].code).toBe('SPEC_WRONG_ROOT');
  });
});

describe('CPA', () => {
  it('uses the Digikoppeling defaults: osb-rm, Retries 8, PT3H, P1D, syncReplyMode none, validity from certificates', async () => {
    const { cpa, issues } = createCpa(await spec(), await serviceConfig(), {}, deps);
    expect(issues).toEqual([]);
    expect(cpa!.profile).toBe('osb-rm');
    expect(cpa!.cpaId).toBe(makeCpaId('mijnoverheid:lopendezaken:1.0', `${CONSUMER_OIN}_OTA`, '00000004003214345001', 'a1b2c3'));
    expect(cpa!.cpaId).not.toMatch(/[.:]/);
    const [consumer, provider] = cpa!.parties;
    expect(consumer.docExchange).toMatchObject({ reliableMessaging: { retries: 8, retryInterval: 'PT3H', messageOrderSemantics: 'NotGuaranteed' }, persistDuration: 'P1D' });
    expect(consumer.deliveryChannel).toMatchObject({ syncReplyMode: 'none', ackRequested: 'always', duplicateElimination: 'always', ackSignatureRequested: 'never' });
    expect(provider.partyId).toBe('00000004003214345001');
    expect(consumer.collaborationRoles[0].canSend.map((a) => a.action)).toEqual(['zakLk01', 'moBericht']);
    expect(provider.collaborationRoles[0].canReceive.map((a) => a.action)).toEqual(['zakLk01', 'moBericht']);
    expect(cpa!.start).toBe(NOT_BEFORE.toISOString());
    expect(cpa!.end).toBe(NOT_AFTER.toISOString());
  });
  it('round-trips every profile and sync mode: build → render → parse gives the same model', async () => {
    const s = await spec();
    const svc = await serviceConfig();
    for (const profile of EBMS_PROFILES) {
      for (const syncReplyMode of ['none', 'mshSignalsOnly'] as const) {
        const { cpa } = createCpa(s, svc, { profile, syncReplyMode, retries: 3, retryInterval: 'PT5M' }, deps);
        const xml = renderCpa(cpa!);
        expect(parseCpa(xml), `${profile}/${syncReplyMode}`).toEqual(cpa);
      }
    }
  });
  it('best effort profiles never request acks or duplicate elimination; signed ones name SHA-256', async () => {
    const s = await spec();
    const be = createCpa(s, await serviceConfig(), { profile: 'osb-be' }, deps).cpa!;
    expect(be.parties[0].deliveryChannel).toMatchObject({ ackRequested: 'never', duplicateElimination: 'never' });
    expect(be.parties[0].docExchange.reliableMessaging).toBeUndefined();
    const rms = createCpa(s, await serviceConfig(), { profile: 'osb-rm-s' }, deps).cpa!;
    // The SignatureAlgorithm fits each party's signing (client) key: rsa-sha256 or ecdsa-sha256.
    for (const p of rms.parties) {
      const cert = p === rms.parties[0] ? s.clientCert : (await serviceConfig()).clientCert;
      expect(p.docExchange.nonRepudiation).toMatchObject({ hashFunction: 'http://www.w3.org/2001/04/xmlenc#sha256', signatureAlgorithm: `http://www.w3.org/2001/04/xmldsig-more#${cert.keyType === 'ec' ? 'ecdsa' : 'rsa'}-sha256` });
    }
  });
  it('refuses bad options and certificates without a common validity', async () => {
    const s = await spec();
    const svc = await serviceConfig();
    expect(createCpa(s, svc, { retries: -1 }, deps).issues[0].code).toBe('CPA_BAD_RETRIES');
    expect(createCpa(s, svc, { retryInterval: '3 hours' }, deps).issues[0].code).toBe('CPA_BAD_DURATION');
    expect(createCpa({ ...s, partyId: svc.oin }, svc, {}, deps).issues[0].code).toBe('CPA_SAME_PARTY');
    const later = { ...s, serverCert: { ...s.serverCert, validFrom: new Date('2029-01-01Z'), validTo: new Date('2030-01-01Z') } };
    expect(createCpa(later, svc, {}, deps).issues[0].code).toBe('CPA_NO_COMMON_VALIDITY');
    expect(createCpa(s, svc, {}, { ...deps, clock: fixedClock('2029-01-01Z') }).issues[0].code).toBe('CPA_CERT_EXPIRED');
  });
  it('parse reports structural problems', async () => {
    const { cpa } = createCpa(await spec(), await serviceConfig(), {}, deps);
    const xml = renderCpa(cpa!);
    expect(readCpa('<x/>').issues[0].code).toBe('CPA_WRONG_ROOT');
    expect(readCpa(xml.replace(/<tns:PartyInfo[\s\S]*?<\/tns:PartyInfo>/, '')).issues[0].code).toBe('CPA_PARTY_COUNT');
    expect(readCpa(xml.replace('tns:syncReplyMode="none"', 'tns:syncReplyMode="signalsAndResponse"')).issues[0].code).toBe('CPA_UNSUPPORTED_SYNC_REPLY');
    expect(readCpa(xml.replace('<tns:RetryInterval>PT3H', '<tns:RetryInterval>soon')).issues[0].code).toBe('CPA_BAD_VALUE');
    expect(readCpa(xml.replace('tns:transportId="consumer_transport">', 'tns:transportId="elsewhere">')).issues[0].code).toBe('CPA_BAD_REFERENCE');
    expect(readCpa(xml.replace(/ tns:cpaid="[^"]*"/, '')).issues[0].code).toBe('CPA_MISSING');
  });
});
