/**
 * The kernel self-test simulator: an mTLS endpoint that echoes the caller's identity,
 * an XML guard + schema endpoint and payload endpoints for fault injection. It proves
 * the kernel works before any platform exists, and the kernel suite runs against it.
 */
import type { SimulatorContext } from '../kernel/context.ts';
import { createKernelServer, type KernelServer } from '../kernel/http/index.ts';
import type { Simulator } from '../kernel/types.ts';
import { selftestRoutes } from './routes.ts';

export const SELFTEST_DEFECTS = {
  'accept-any-certificate': 'accepts refused certificates and any identity shape',
  'ignore-faults': 'does not apply fault rules',
  'skip-xml-guard': 'accepts XML without parsing or validating it',
  'leak-secret': 'writes the bearer token into the exchange summary',
  'buffered-evidence': 'acknowledges evidence records before they reach the file (used by the survival step)',
} as const;

export function createSelftestSimulator(ctx: SimulatorContext): Simulator {
  const defects = ctx.defects ?? [];
  const counters = { requests: 0 };
  const routes = selftestRoutes({ defects, counters });
  const faults = defects.includes('ignore-faults') ? undefined : ctx.faults;
  const server = ctx.pki.serverCertificate();
  let https: KernelServer | undefined;
  let http: KernelServer | undefined;
  const urls: Record<string, string> = {};

  return {
    platform: 'kernel',
    async start() {
      const cert = await server;
      https = createKernelServer({
        platform: 'kernel', recorder: ctx.recorder, faults, routes, environment: ctx.environment,
        tls: {
          cert: cert.certPem + cert.chainPem, key: cert.keyPem,
          ca: ctx.pki.trustedCaPem(), crl: ctx.pki.crls(), requestCert: true,
          acceptUnauthorized: defects.includes('accept-any-certificate'),
        },
      });
      http = createKernelServer({ platform: 'kernel', recorder: ctx.recorder, faults, routes, environment: ctx.environment });
      urls.https = await https.listen(ctx.ports?.https ?? 0, ctx.host);
      urls.http = await http.listen(ctx.ports?.http ?? 0, ctx.host);
    },
    async stop() {
      await Promise.all([https?.close(), http?.close()]);
    },
    urls: () => ({ ...urls }),
    admin: {
      reset() { counters.requests = 0; },
      seed(data) { return { accepted: false, reason: 'the self-test simulator has no seed data', received: data }; },
      state: () => ({ requests: counters.requests, defects }),
    },
  };
}
