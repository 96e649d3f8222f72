/** Scenario set-up for the FIT-Connect suite: seed data and the parameters handed to the SUT. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Simulator } from '../../simulators/kernel/types.ts';
import type { DestinationSeed, SeedResult, SeededClient, SeededDestination } from '../../simulators/fitconnect/transport/seed.ts';
import { check } from '../support/check.ts';
import type { GovsimWorld } from '../support/world.ts';

export const SCHEMA = { schemaUri: 'https://schema.fitko.de/fim/s00000121_1.0.0.schema.json', mimeType: 'application/json' as const };

export interface CurrentDestination extends SeededDestination {
  definition: DestinationSeed;
}

export async function fitconnect(world: GovsimWorld): Promise<Simulator> {
  return world.simulator('fitconnect');
}

export async function seed(world: GovsimWorld, data: unknown): Promise<SeedResult> {
  return (await fitconnect(world)).admin.seed(data) as Promise<SeedResult>;
}

export function destinationSeed(leikaKey: string, region: string, versions: string[], extra: Partial<DestinationSeed> = {}): DestinationSeed {
  return {
    services: [{ identifier: `urn:de:fim:leika:leistung:${leikaKey}`, regions: [region], submissionSchemas: [SCHEMA] }],
    metadataVersions: versions,
    routing: { name: 'Stadtverwaltung Musterstadt (fiktiv) – Bürgeramt', shortName: 'Bürgeramt Musterstadt (fiktiv)' },
    ...extra,
  };
}

export async function addDestination(world: GovsimWorld, definition: DestinationSeed): Promise<CurrentDestination> {
  const r = await seed(world, { destinations: [definition] });
  const d: CurrentDestination = { ...r.destinations[0], definition };
  world.values.set('fc.destination', d);
  world.values.set('fc.leikaKey', definition.services[0].identifier.split(':').pop());
  return d;
}

export function destination(world: GovsimWorld): CurrentDestination {
  const d = world.values.get('fc.destination') as CurrentDestination | undefined;
  check(d, 'no destination was set up in this scenario');
  return d;
}

export function sender(world: GovsimWorld): SeededClient {
  const s = world.values.get('fc.sender') as SeededClient | undefined;
  check(s, 'the system under test has no Sender client in this scenario');
  return s;
}

/** Files the SUT needs: platform TLS CAs, the key trust root, the application. */
export function writeApplication(world: GovsimWorld): Record<string, unknown> {
  const dir = world.sutDir();
  const cas = world.run.pki.trustedCaPem();
  const caFile = join(dir, 'fit-connect-tls-ca.pem');
  const trustRootFile = join(dir, 'fit-connect-trust-root.pem');
  writeFileSync(caFile, cas.join('\n'));
  writeFileSync(trustRootFile, cas[cas.length - 1]);
  const dataFile = join(dir, 'antrag.json');
  writeFileSync(dataFile, JSON.stringify({ antragsteller: { vorname: 'Erika', familienname: 'Musterfrau (fiktiv)' }, anliegen: 'Anmeldung einer Wohnung (Testfall)' }));
  const pdf = join(dir, 'nachweis.pdf');
  writeFileSync(pdf, `%PDF-1.4\n% fictitious govsim test attachment ${world.scenario.id}\n%%EOF\n`);
  return { caFile, trustRootFile, application: { dataFile, ...SCHEMA, attachments: [{ file: pdf, mimeType: 'application/pdf', filename: 'nachweis.pdf' }] } };
}

export async function submitParams(world: GovsimWorld, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const urls = (await fitconnect(world)).urls();
  const s = sender(world);
  const app = world.values.get('fc.application') as Record<string, unknown> | undefined;
  check(app, 'no application was prepared in this scenario');
  const d = destination(world);
  return {
    environment: world.parameters.environment ?? 'test',
    tokenUrl: urls.token, submissionApiUrl: urls.submissionApi, routingApiUrl: urls.routingApi,
    clientId: s.clientId, clientSecret: s.clientSecret,
    destinationId: d.destinationId, leikaKey: world.values.get('fc.leikaKey'), serviceName: 'Anmeldung einer Wohnung (fiktiv)',
    waitForDecisionMs: 3000,
    ...app,
    ...extra,
  };
}

export const SUBMIT_INSTRUCTIONS = [
  'Submit one application through FIT-Connect as the Sender client given (client_secret_post at tokenUrl),',
  'to destinationId (or, without one, to the destination the routing API at routingApiUrl finds for leikaKey and ars),',
  'with the form data from application.dataFile and the attachments listed; trust caFile for TLS and trustRootFile',
  'for key certificates; then read the event log. In trigger mode print JSON: {submissionId, caseId, status, problems?, events: [{event, verified, reason?}], callbacks?: [...]}.',
].join(' ');
