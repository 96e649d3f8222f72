/**
 * `govsim/msw`: MSW 2 request handlers backed by govsim's simulators running in this
 * process. Every request a handler intercepts is served by the platform's real simulator
 * (the same factory `govsim up` starts: domain core, routes, evidence, faults), reached
 * over loopback with the test PKI's trust anchors, so there is no second implementation.
 *
 *   const govsim = await createGovsimHandlers({ platforms: ['fitconnect'] });
 *   const server = setupServer(...govsim.handlers);
 *   server.listen();
 *   await fetch(`${govsim.url('fitconnect')}/token`, …)   // no CA setup in your code
 */
import { http, type HttpHandler } from 'msw';
import type { EvidenceQuery, EvidenceRecord } from '../simulators/kernel/evidence/index.ts';
import { startSimulators, type RunningSimulators, type StartSimulatorsOptions } from '../packaging/exports/start.ts';
import { forward, type ForwardTls } from './forward.ts';

export interface GovsimHandlersOptions extends Pick<StartSimulatorsOptions, 'environment' | 'clock' | 'pkiDir' | 'evidenceFile'> {
  /** Platforms to serve (registry keys). */
  platforms: string[];
  /**
   * Extra origins your code already uses, served by a platform, e.g.
   * `{ 'https://auth-testing.fit-connect.fitko.dev': 'fitconnect' }`. The simulator's own
   * origin in response bodies and Location headers is rewritten to the alias (URLs inside
   * signed tokens keep the simulator's origin: rewriting them would break the signature).
   */
  aliases?: Record<string, string | { platform: string; url: string }>;
  /** Client certificate (PEM) for platforms that require mutual TLS. */
  clientCertificate?: { certPem: string; keyPem: string; chainPem?: string };
}

export interface GovsimHandlers {
  handlers: HttpHandler[];
  /** A platform's base URLs by name, as its simulator reports them. */
  urls(platform: string): Record<string, string>;
  /** A platform's main base URL (the first it reports, or the one named `name`). */
  url(platform: string, name?: string): string;
  /** Evidence of the exchanges so far (the same records `govsim up` writes). */
  evidence(q?: EvidenceQuery): EvidenceRecord[];
  /** The running simulators (seed data through `simulators[p].admin.seed`, faults, PKI). */
  running: RunningSimulators;
  close(): Promise<void>;
}

const TEXTUAL = /^(application\/(.+\+)?(json|xml|problem\+json|x-www-form-urlencoded)|text\/)/;

export async function createGovsimHandlers(o: GovsimHandlersOptions): Promise<GovsimHandlers> {
  const running = await startSimulators({ platforms: o.platforms, environment: o.environment, clock: o.clock, pkiDir: o.pkiDir, evidenceFile: o.evidenceFile });
  const tls: ForwardTls = {
    ca: running.pki.trustedCaPem(),
    cert: o.clientCertificate ? o.clientCertificate.certPem + (o.clientCertificate.chainPem ?? '') : undefined,
    key: o.clientCertificate?.keyPem,
  };
  const handlers: HttpHandler[] = [];
  const route = (origin: string, targetOrigin: string, rewrite: boolean) => {
    const resolver = async ({ request }: { request: Request }) => {
      const incoming = new URL(request.url);
      const target = new URL(`${incoming.pathname}${incoming.search}`, targetOrigin);
      const response = await forward(request, target, tls);
      return rewrite ? rewriteOrigin(response, targetOrigin, origin) : response;
    };
    handlers.push(http.all(`${origin}/*`, resolver), http.all(origin, resolver));
  };
  for (const platform of o.platforms) {
    const origins = new Set(Object.values(running.urls(platform)).map((u) => new URL(u).origin));
    for (const origin of origins) route(origin, origin, false);
  }
  for (const [alias, to] of Object.entries(o.aliases ?? {})) {
    const { platform, url } = typeof to === 'string' ? { platform: to, url: undefined } : to;
    if (!o.platforms.includes(platform)) throw new Error(`alias ${alias}: platform "${platform}" is not in platforms (${o.platforms.join(', ')})`);
    const urls = running.urls(platform);
    const base = url ? urls[url] : Object.values(urls)[0];
    if (!base) throw new Error(`alias ${alias}: ${platform} has no URL named "${url}" (it has: ${Object.keys(urls).join(', ')})`);
    route(new URL(alias).origin, new URL(base).origin, true);
  }
  return {
    handlers,
    running,
    urls: (platform) => running.urls(platform),
    url(platform, name) {
      const urls = running.urls(platform);
      const u = name ? urls[name] : Object.values(urls)[0];
      if (!u) throw new Error(`${platform} has no URL named "${name}" (it has: ${Object.keys(urls).join(', ')})`);
      return u;
    },
    evidence: (q) => running.recorder.query(q),
    close: () => running.stop(),
  };
}

/** Like a reverse proxy's location rewriting: the simulator origin becomes the alias in text bodies and Location. */
async function rewriteOrigin(response: Response, from: string, to: string): Promise<Response> {
  const headers = new Headers(response.headers);
  const location = headers.get('location');
  if (location?.startsWith(from)) headers.set('location', to + location.slice(from.length));
  const type = headers.get('content-type') ?? '';
  if (!TEXTUAL.test(type) || response.body === null) return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  const text = (await response.text()).split(from).join(to);
  headers.delete('content-length');
  return new Response(text, { status: response.status, statusText: response.statusText, headers });
}
