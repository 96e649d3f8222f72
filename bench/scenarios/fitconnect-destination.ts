import { request } from 'node:https';
import type { BenchScenario } from './types.ts';

const LEIKA = 'urn:de:fim:leika:leistung:99123456760610';

function postForm(url: string, form: Record<string, string>, ca: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(new URLSearchParams(form).toString());
  });
}

/** Submission API `GET /v1/destinations/{id}` with an OAuth bearer token (server-side TLS, as FIT-Connect). */
export const scenario: BenchScenario = {
  name: 'FIT-Connect GET /v1/destinations/{id} (TLS + bearer)',
  platform: 'fitconnect',
  environment: 'test',
  mtls: false,
  async setup(sim, ctx) {
    const seeded = await sim.admin.seed({
      destinations: [{
        services: [{ identifier: LEIKA, regions: ['DE09162'], submissionSchemas: [{ schemaUri: 'https://schema.fitko.de/fim/s00000121_1.0.0.schema.json', mimeType: 'application/json' }] }],
        metadataVersions: ['1.0.0', '2.1.0'], withSubscriber: true,
      }],
    }) as { destinations: { destinationId: string; subscriber: { clientId: string; clientSecret: string; scopes: string[] } }[] };
    const d = seeded.destinations[0];
    const t = await postForm(sim.urls().token, { grant_type: 'client_credentials', client_id: d.subscriber.clientId, client_secret: d.subscriber.clientSecret, scope: d.subscriber.scopes.join(' ') }, ctx.trustedCaPem);
    if (t.status !== 200) throw new Error(`bench token request failed: HTTP ${t.status} ${t.body}`);
    return { destinationId: d.destinationId, token: (JSON.parse(t.body) as { access_token: string }).access_token };
  },
  request: (urls, info) => ({
    url: `${urls.https}/v1/destinations/${String(info.destinationId)}`, method: 'GET', status: 200,
    headers: { authorization: `Bearer ${String(info.token)}` },
  }),
};
