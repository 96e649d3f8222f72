import { randomBytes } from 'node:crypto';

/** What the container needs for a set of platforms: env, ports to expose, command. Pure, so it is testable without Docker. */
export interface GovsimContainerSettings {
  env: Record<string, string>;
  ports: number[];
  command: string[];
}

export type SutTarget = { webhook: string } | { command: string };

export const ADMIN_PORT = 7070;

export function containerSettings(o: {
  platforms: string[];
  registry: Record<string, { ports: Record<string, number> }>;
  adminToken: string;
  environment?: string;
  sut?: SutTarget;
}): GovsimContainerSettings {
  const known = Object.keys(o.registry);
  const platforms = o.platforms.length ? o.platforms : known;
  for (const p of platforms) if (!o.registry[p]) throw new Error(`unknown platform "${p}" (known: ${known.join(', ')})`);
  if (o.adminToken.length < 24) throw new Error('the admin token must have at least 24 characters (the admin API listens on the container network)');
  const env: Record<string, string> = {
    GOVSIM_PLATFORMS: platforms.join(','),
    GOVSIM_HOST: '0.0.0.0',
    GOVSIM_ADMIN_HOST: '0.0.0.0',
    GOVSIM_ADMIN_ALLOW_REMOTE: 'true',
    GOVSIM_ADMIN_PORT: String(ADMIN_PORT),
    GOVSIM_ADMIN_TOKEN: o.adminToken,
  };
  if (o.environment) env.GOVSIM_ENV = o.environment;
  if (o.sut) {
    env.GOVSIM_SUT = 'trigger';
    if ('webhook' in o.sut) env.GOVSIM_SUT_WEBHOOK = o.sut.webhook;
    else env.GOVSIM_SUT_COMMAND = o.sut.command;
  }
  const ports = [ADMIN_PORT, ...platforms.flatMap((p) => Object.values(o.registry[p].ports))];
  return { env, ports: [...new Set(ports)], command: ['up'] };
}

export function randomAdminToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Rewrites a simulator URL seen inside the container (0.0.0.0:<port>) to the host-mapped address. */
export function mapUrl(inside: string, host: string, mappedPort: (port: number) => number): string {
  const u = new URL(inside);
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  u.hostname = host;
  u.port = String(mappedPort(port));
  return u.toString().replace(/\/$/, '');
}
