/**
 * Routing API (`GET /routes?leikaKey=…&ars=…|ags=…|areaId=…`): finds active destinations
 * offering `urn:de:fim:leika:leistung:<leikaKey>` for an area. Each route carries
 * `destinationSignature` (JWS PS512 by the platform over the addressing information, payload
 * shaped like the routing OpenAPI 2.0.0 example: submissionHost, iss, services[{gebietIDs,
 * leistungIDs}], destinationId, iat, jti) and — modelled from the platform brief, not in the
 * 2.0.0 document — `destinationParameters` with its own `destinationParametersSignature`.
 */
import { CompactSign, compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import type { Clock } from '../../kernel/types.ts';
import type { Destination, DestinationRegistry, SubmissionSchemaRef } from './destinations.ts';
import type { IdGenerator } from './ids.ts';
import type { FitConnectKey, PublicJwk } from './keys.ts';
import { fail, ok, problem, type Result } from './problems.ts';

export const LEIKA_URN_PREFIX = 'urn:de:fim:leika:leistung:';
const RS_URN_PREFIX = 'urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:rs:';

export interface RouteQuery {
  leikaKey?: string;
  ars?: string;
  ags?: string;
  areaId?: string;
  offset?: number;
  limit?: number;
}

export interface DestinationParameters {
  status: string;
  encryptionKid: string;
  metadataVersions: string[];
  publicKeys: { keys: PublicJwk[] };
  submissionSchemas: SubmissionSchemaRef[];
  submissionUrl: string;
}

export interface Route {
  destinationId: string;
  destinationSignature: string;
  destinationName?: string;
  destinationShortName?: string;
  destinationParameters: DestinationParameters;
  destinationParametersSignature: string;
}

export interface RouteResult {
  count: number;
  offset: number;
  totalCount: number;
  routes: Route[];
}

export interface RoutingOptions {
  clock: Clock;
  ids: IdGenerator;
  destinations: DestinationRegistry;
  signingKey: FitConnectKey;
  /** iss of destinationSignature (the platform portal/auth issuer). */
  issuer: string;
  /** Submission API base URL of this environment (read at query time: ports are known late). */
  submissionApiUrl: () => string;
}

export class RoutingService {
  constructor(private readonly o: RoutingOptions) {}

  async findRoutes(q: RouteQuery): Promise<Result<RouteResult>> {
    const bad = validateQuery(q);
    if (bad) return fail(problem('FC_ROUTING_BAD_REQUEST', bad));
    const service = LEIKA_URN_PREFIX + q.leikaKey!;
    const matches = this.o.destinations.list().filter((d) => d.status === 'active' && d.services.some((s) => s.identifier === service && areaMatches(d, s.regions, q)));
    const offset = q.offset ?? 0;
    const limit = Math.min(q.limit ?? 100, 500);
    const page = matches.slice(offset, offset + limit);
    const routes: Route[] = [];
    for (const d of page) routes.push(await this.#route(d, service));
    return ok({ count: routes.length, offset, totalCount: matches.length, routes });
  }

  async #route(d: Destination, service: string): Promise<Route> {
    const svc = d.services.find((s) => s.identifier === service)!;
    const submissionUrl = this.o.submissionApiUrl();
    const addressing = {
      submissionHost: new URL(submissionUrl).host,
      iss: this.o.issuer,
      services: d.services.map((s) => ({ gebietIDs: s.regions.map((r) => RS_URN_PREFIX + r.slice(2)), leistungIDs: [s.identifier] })),
      destinationId: d.destinationId,
      iat: Math.floor(this.o.clock.now().getTime() / 1000),
      jti: this.o.ids.uuid(),
    };
    const keys: PublicJwk[] = [];
    for (const k of d.keys.filter((x) => x.purpose === 'encryption')) {
      const jwk = this.o.destinations.getKey(d.destinationId, k.kid);
      if (jwk.ok) keys.push(jwk.value);
    }
    const params: DestinationParameters = {
      status: d.status, encryptionKid: d.encryptionKid, metadataVersions: [...d.metadataVersions],
      publicKeys: { keys }, submissionSchemas: svc.submissionSchemas.map((s) => ({ ...s })), submissionUrl,
    };
    const route: Route = {
      destinationId: d.destinationId,
      destinationSignature: await this.#sign(addressing, 'jwt'),
      destinationParameters: params,
      destinationParametersSignature: await this.#sign(params, 'jose'),
    };
    if (d.routing?.name) route.destinationName = d.routing.name;
    if (d.routing?.shortName) route.destinationShortName = d.routing.shortName;
    return route;
  }

  async #sign(payload: unknown, typ: string): Promise<string> {
    return new CompactSign(Buffer.from(JSON.stringify(payload), 'utf8'))
      .setProtectedHeader({ kid: this.o.signingKey.kid, typ, alg: 'PS512' })
      .sign(this.o.signingKey.privateKey);
  }
}

function validateQuery(q: RouteQuery): string | undefined {
  if (typeof q.leikaKey !== 'string' || !/^99\d{12}$/.test(q.leikaKey)) return 'leikaKey is required: 14 digits starting with 99';
  const given = [q.ars, q.ags, q.areaId].filter((x) => x !== undefined);
  if (given.length !== 1) return 'exactly one of ars, ags or areaId is required';
  if (q.ars !== undefined && !/^(\d{2}|\d{3}|\d{5}|\d{9}|\d{12})$/.test(q.ars)) return 'ars must have 2, 3, 5, 9 or 12 digits';
  if (q.ags !== undefined && !/^(\d{2}|\d{3}|\d{5}|\d{8})$/.test(q.ags)) return 'ags must have 2, 3, 5 or 8 digits';
  if (q.areaId !== undefined && !/^\d+$/.test(q.areaId)) return 'areaId must be digits';
  if (q.offset !== undefined && !(Number.isInteger(q.offset) && q.offset >= 0)) return 'offset must be a non-negative integer';
  if (q.limit !== undefined && !(Number.isInteger(q.limit) && q.limit >= 1 && q.limit <= 500)) return 'limit must be 1..500';
  return undefined;
}

/**
 * A destination serves the queried area when one of its service regions contains it:
 * ARS — the region's digits are a prefix of the queried ARS; AGS (Land 2, RB 1, Kreis 2,
 * Gemeinde 3) — compared with the ARS parts it shares (the 4-digit Verband part of a
 * 12-digit ARS is skipped, a 9-digit Verband region matches on its Kreis prefix);
 * areaId — listed in the destination's routing data.
 */
function areaMatches(d: Destination, regions: string[], q: RouteQuery): boolean {
  if (q.areaId !== undefined) return d.routing?.areaIds?.includes(q.areaId) ?? false;
  return regions.some((region) => {
    const r = region.slice(2);
    if (q.ars !== undefined) return q.ars.startsWith(r);
    const ags = q.ags!;
    if (r.length <= 5) return ags.startsWith(r);
    if (ags.length < 8) return false;
    if (r.length === 12) return r.slice(0, 5) === ags.slice(0, 5) && r.slice(9) === ags.slice(5);
    return r.slice(0, 5) === ags.slice(0, 5);
  });
}

export type RouteVerification = { ok: true } | { ok: false; code: 'ROUTE_BAD_SIGNATURE' | 'ROUTE_PAYLOAD_MISMATCH'; reason: string };

/** What a Sender should do with a route: verify both signatures against the platform JWKS. */
export async function verifyRoute(route: Route, jwks: JSONWebKeySet): Promise<RouteVerification> {
  const keySet = createLocalJWKSet(jwks);
  let addressing: { destinationId?: unknown };
  let params: unknown;
  try {
    addressing = JSON.parse(Buffer.from((await compactVerify(route.destinationSignature, keySet, { algorithms: ['PS512'] })).payload).toString('utf8'));
    params = JSON.parse(Buffer.from((await compactVerify(route.destinationParametersSignature, keySet, { algorithms: ['PS512'] })).payload).toString('utf8'));
  } catch (e) {
    return { ok: false, code: 'ROUTE_BAD_SIGNATURE', reason: e instanceof Error ? e.message : 'signature check failed' };
  }
  if (addressing.destinationId !== route.destinationId) return { ok: false, code: 'ROUTE_PAYLOAD_MISMATCH', reason: 'destinationSignature is for another destination' };
  if (JSON.stringify(params) !== JSON.stringify(route.destinationParameters)) {
    return { ok: false, code: 'ROUTE_PAYLOAD_MISMATCH', reason: 'destinationParameters differ from the signed parameters' };
  }
  return { ok: true };
}
