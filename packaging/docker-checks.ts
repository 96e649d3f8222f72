/**
 * Static checks of the Dockerfile and docker-compose.yml against the CLI's real settings
 * (registry ports, the admin port, the GOVSIM_* variables the config loader reads), for
 * machines without a Docker engine. Each check returns problems as sentences; empty = ok.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { YamlValue } from './yaml-subset.ts';

export interface DockerInstruction { op: string; args: string; line: number }
export interface DockerStage { name?: string; base: string; instructions: DockerInstruction[] }

/** Splits a Dockerfile into stages (comments dropped, `\` continuations joined). */
export function parseDockerfile(text: string): DockerStage[] {
  const stages: DockerStage[] = [];
  let pending = '';
  let startLine = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) return;
    if (!pending) startLine = i + 1;
    if (line.startsWith('#')) return;
    pending += (pending ? ' ' : '') + line.replace(/\\$/, '').trim();
    if (line.endsWith('\\')) return;
    const [op, ...rest] = pending.split(/\s+/);
    const args = rest.join(' ');
    pending = '';
    if (op.toUpperCase() === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ base: m?.[1] ?? args, name: m?.[2], instructions: [] });
    } else if (stages.length) {
      stages[stages.length - 1].instructions.push({ op: op.toUpperCase(), args, line: startLine });
    }
  });
  return stages;
}

export interface CheckContext {
  root: string;
  /** Platform → fixed ports, from simulators/registry.ts. */
  platformPorts: Record<string, Record<string, number>>;
  adminPort: number;
  /** Every GOVSIM_* variable govsim reads. */
  knownEnv: string[];
}

function expectedPorts(ctx: CheckContext): number[] {
  return [ctx.adminPort, ...Object.values(ctx.platformPorts).flatMap((p) => Object.values(p))].sort((a, b) => a - b);
}

/** Variables set by ENV instructions (`ENV A=1 B=2` form). */
export function dockerEnv(stage: DockerStage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const i of stage.instructions.filter((x) => x.op === 'ENV')) {
    for (const m of i.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) env[m[1]] = m[2].replace(/^"|"$/g, '');
  }
  return env;
}

/** COPY sources of a stage that come from the build context (not --from). */
export function contextCopies(stage: DockerStage): string[] {
  return stage.instructions
    .filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'))
    .flatMap((i) => i.args.replace(/--\S+\s+/g, '').split(/\s+/).slice(0, -1));
}

export function checkDockerfile(text: string, ctx: CheckContext): string[] {
  const problems: string[] = [];
  const stages = parseDockerfile(text);
  if (stages.length < 2) problems.push(`Dockerfile has ${stages.length} stage(s); it must be multi-stage`);
  const final = stages[stages.length - 1];
  if (!final) return ['Dockerfile has no FROM'];
  const users = final.instructions.filter((i) => i.op === 'USER').map((i) => i.args);
  const user = users[users.length - 1];
  if (!user || /^(root|0)(:|$)/.test(user)) problems.push(`the final stage runs as ${user ?? 'root (no USER)'}; it must switch to a non-root user`);
  const lastUserIndex = final.instructions.findLastIndex((i) => i.op === 'USER');
  if (final.instructions.slice(lastUserIndex + 1).some((i) => i.op === 'RUN' && /apt-get|chown/.test(i.args))) problems.push('root-only RUN steps come after USER');
  const runs = final.instructions.filter((i) => i.op === 'RUN').map((i) => i.args).join(' ');
  if (!/apt-get install[^&]*\bchromium\b/.test(runs)) problems.push('the final stage does not install Debian chromium (PDF report and portal checks need it)');
  if (!/rm -rf \/var\/lib\/apt\/lists/.test(runs)) problems.push('the final stage keeps apt lists (image size)');
  if (!/^\S*bookworm|^\S*debian/.test(final.base)) problems.push(`the final stage is based on ${final.base}, not Debian (Chromium comes from Debian)`);
  const expose = final.instructions.filter((i) => i.op === 'EXPOSE').flatMap((i) => i.args.split(/\s+/)).map((p) => Number(p.replace(/\/tcp$/, ''))).sort((a, b) => a - b);
  const want = expectedPorts(ctx);
  for (const p of want) if (!expose.includes(p)) problems.push(`EXPOSE lacks port ${p} (${portName(ctx, p)})`);
  for (const p of expose) if (!want.includes(p)) problems.push(`EXPOSE lists port ${p}, which no simulator or the admin API uses`);
  const env = dockerEnv(final);
  for (const name of Object.keys(env)) if (name.startsWith('GOVSIM_') && !ctx.knownEnv.includes(name)) problems.push(`ENV ${name} is not a variable govsim reads`);
  if (env.GOVSIM_HOST !== '0.0.0.0') problems.push('ENV GOVSIM_HOST must be 0.0.0.0 so published ports reach the simulators');
  if (env.GOVSIM_ADMIN_HOST !== '0.0.0.0' || env.GOVSIM_ADMIN_ALLOW_REMOTE !== 'true') problems.push('the admin API must listen on 0.0.0.0 with GOVSIM_ADMIN_ALLOW_REMOTE=true inside the container');
  const volumes = final.instructions.filter((i) => i.op === 'VOLUME').map((i) => i.args).join(' ');
  for (const key of ['GOVSIM_PKI_DIR', 'GOVSIM_OUT_DIR']) {
    if (!env[key] || !volumes.includes(`"${env[key].split('/').slice(0, 2).join('/')}"`)) problems.push(`${key} (${env[key] ?? 'unset'}) is not inside a VOLUME`);
  }
  const entry = final.instructions.find((i) => i.op === 'ENTRYPOINT')?.args ?? '';
  if (!entry.includes('cli/govsim.mjs')) problems.push('ENTRYPOINT does not run cli/govsim.mjs');
  for (const stage of stages) {
    for (const src of contextCopies(stage)) if (!existsSync(join(ctx.root, src))) problems.push(`COPY ${src}: not in the build context`);
  }
  return problems;
}

function portName(ctx: CheckContext, port: number): string {
  if (port === ctx.adminPort) return 'admin API';
  for (const [platform, ports] of Object.entries(ctx.platformPorts)) {
    for (const [name, p] of Object.entries(ports)) if (p === port) return `${platform} ${name}`;
  }
  return 'unknown';
}

/** Replaces `${VAR:-default}` / `${VAR:?message}` / `${VAR}` as docker compose would. */
export function substituteCompose(value: string, env: Record<string, string | undefined>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g, (_, name: string, op: string | undefined, arg: string) => {
    const v = env[name];
    if (op?.endsWith('?') && (v === undefined || (op === ':?' && v === ''))) throw new Error(`compose: ${name} is required: ${arg}`);
    if (op?.endsWith('-') && (v === undefined || (op === ':-' && v === ''))) return arg;
    return v ?? '';
  });
}

function asMap(v: YamlValue | undefined): Record<string, YamlValue> {
  return v !== undefined && typeof v === 'object' && !Array.isArray(v) ? v : {};
}

/** Container port → host binding of a compose `ports` list (short syntax). */
export function composePorts(list: YamlValue | undefined): Array<{ host?: string; hostPort: number; containerPort: number; raw: string }> {
  return (Array.isArray(list) ? list : []).map((raw) => {
    const s = String(raw);
    const parts = s.split(':');
    const containerPort = Number(parts[parts.length - 1]);
    const hostPort = Number(parts.length >= 2 ? parts[parts.length - 2] : containerPort);
    return { host: parts.length === 3 ? parts[0] : undefined, hostPort, containerPort, raw: s };
  });
}

export function checkCompose(doc: YamlValue, ctx: CheckContext, dockerfile: DockerStage[]): string[] {
  const problems: string[] = [];
  const services = asMap(asMap(doc).services);
  const govsim = asMap(services.govsim);
  if (!services.govsim) return ['docker-compose.yml has no "govsim" service'];
  const ports = composePorts(govsim.ports);
  const want = expectedPorts(ctx);
  for (const p of want) if (!ports.some((x) => x.containerPort === p)) problems.push(`service govsim does not publish port ${p} (${portName(ctx, p)})`);
  for (const p of ports) {
    if (!want.includes(p.containerPort)) problems.push(`service govsim publishes ${p.raw}, but no simulator or the admin API listens on ${p.containerPort}`);
    if (p.hostPort !== p.containerPort) problems.push(`service govsim maps ${p.raw}: keep host and container port equal so the documented ports hold`);
    if (p.host !== '127.0.0.1') problems.push(`service govsim publishes ${p.raw} on all interfaces; bind 127.0.0.1`);
  }
  const env = asMap(govsim.environment);
  for (const name of Object.keys(env)) if (name.startsWith('GOVSIM_') && !ctx.knownEnv.includes(name)) problems.push(`environment ${name} is not a variable govsim reads`);
  const volumes = (Array.isArray(govsim.volumes) ? govsim.volumes : []).map(String);
  const mounts = volumes.map((v) => v.split(':')[1]).filter(Boolean);
  for (const key of ['GOVSIM_PKI_DIR', 'GOVSIM_OUT_DIR']) {
    const dir = String(env[key] ?? dockerEnv(dockerfile[dockerfile.length - 1] ?? { base: '', instructions: [] })[key] ?? '');
    if (!mounts.some((m) => dir === m || dir.startsWith(`${m}/`))) problems.push(`${key} (${dir || 'unset'}) is not on a mounted volume, so evidence would be lost with the container`);
  }
  for (const v of volumes) {
    const name = v.split(':')[0];
    if (!name.startsWith('.') && !name.startsWith('/') && !(name in asMap(asMap(doc).volumes))) problems.push(`volume ${name} is not declared under top-level volumes`);
  }
  const command = Array.isArray(govsim.command) ? govsim.command.map(String) : String(govsim.command ?? '').split(/\s+/);
  if (command[0] !== 'up') problems.push(`service govsim runs "${command.join(' ')}", not "up"`);
  const test = Array.isArray(asMap(govsim.healthcheck).test) ? (asMap(govsim.healthcheck).test as YamlValue[]).join(' ') : '';
  if (!test.includes(`:${ctx.adminPort}/admin/health`)) problems.push(`healthcheck does not probe the admin health endpoint on port ${ctx.adminPort}`);
  const build = asMap(govsim.build);
  if (build.dockerfile && !existsSync(join(ctx.root, String(build.context ?? '.'), String(build.dockerfile)))) problems.push(`build.dockerfile ${String(build.dockerfile)} does not exist`);
  const mail = asMap(services.mail);
  if (services.mail) {
    if (!(Array.isArray(mail.profiles) && mail.profiles.includes('mail'))) problems.push('the mail relay must be optional (profiles: ["mail"])');
    const relay = String(env.GOVSIM_MRDS_SMTP_RELAY ?? '');
    const relayDefault = /\$\{GOVSIM_MRDS_SMTP_RELAY:-([^}]*)\}/.exec(relay);
    if (env.GOVSIM_MRDS_SMTP_RELAY === undefined) problems.push('service govsim has no GOVSIM_MRDS_SMTP_RELAY to reach the mail relay');
    else if (!relayDefault || relayDefault[1] !== '') problems.push('GOVSIM_MRDS_SMTP_RELAY must default to empty: the mail service only runs with --profile mail');
    const bind = String(asMap(mail.environment).MP_SMTP_BIND_ADDR ?? '');
    if (!/:1025$/.test(bind)) problems.push('the mail relay must accept SMTP on port 1025 (documented as mail:1025)');
  }
  return problems;
}

/** GOVSIM_* variables the code under `dirs` reads (`env.GOVSIM_X`, `env['GOVSIM_X']`), e.g. platform settings. */
export function envVarsReadBy(root: string, dirs: string[]): string[] {
  const names = new Set<string>();
  for (const dir of dirs) {
    for (const file of walkTs(join(root, dir))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\benv\s*(?:\.\s*|\[\s*['"])(GOVSIM_[A-Z0-9_]+)/g)) names.add(m[1]);
    }
  }
  return [...names].sort();
}

/**
 * Relative imports of the TypeScript under `dirs` (tests excluded) that resolve to files
 * outside `dirs`: a Docker stage that copies only `dirs` could not load them.
 */
export function importsOutside(root: string, dirs: string[], allowed: string[] = dirs): string[] {
  const inside = (f: string) => allowed.some((d) => !relative(join(root, d), f).startsWith('..'));
  const problems: string[] = [];
  for (const dir of dirs) {
    for (const file of walkTs(join(root, dir))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g)) {
        const target = resolve(dirname(file), m[1]);
        if (!inside(target)) problems.push(`${relative(root, file)} imports ${m[1]} (outside ${allowed.join(', ')})`);
      }
    }
  }
  return problems;
}

function walkTs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' || name === 'fixtures' ? [] : walkTs(p);
    return /\.(ts|mjs)$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}
