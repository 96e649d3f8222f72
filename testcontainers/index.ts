/**
 * `govsim/testcontainers`: govsim as a container in your integration tests (testcontainers 11).
 *
 *   const govsim = await new GovsimContainer().withPlatforms('fitconnect').start();
 *   const tokenUrl = govsim.getUrl('fitconnect');
 *   … your software talks to it …
 *   const evidence = await govsim.getEvidence({ platform: 'fitconnect' });
 *   await govsim.stop();
 */
import { AbstractStartedContainer, GenericContainer, getContainerRuntimeClient, Wait, type StartedTestContainer } from 'testcontainers';
import { SIMULATORS } from '../simulators/registry.ts';
import { ADMIN_PORT, containerSettings, mapUrl, randomAdminToken, type SutTarget } from './settings.ts';

export { containerSettings, mapUrl, ADMIN_PORT, type GovsimContainerSettings, type SutTarget } from './settings.ts';

/** The image docker-compose.yml and the Dockerfile build (`docker build -t govsim:0.1.0 .`). */
export const DEFAULT_GOVSIM_IMAGE = 'govsim:0.1.0';

/** Undefined when Docker or Podman answers; otherwise why GovsimContainer cannot start (for test skips). */
export async function containerRuntimeUnavailable(): Promise<string | undefined> {
  try {
    await getContainerRuntimeClient();
    return undefined;
  } catch (err) {
    return `no container runtime available (${(err as Error).message}); start Docker or Podman to run them`;
  }
}

export class GovsimContainer extends GenericContainer {
  private platforms: string[] = [];
  private sut?: SutTarget;
  private environmentName?: string;
  private readonly adminToken = randomAdminToken();

  constructor(image = DEFAULT_GOVSIM_IMAGE) {
    super(image);
  }

  /** Simulators to start (default all registered platforms). */
  withPlatforms(...platforms: string[]): this {
    this.platforms = platforms.flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean);
    return this;
  }

  /**
   * Where the system under test is, for `runSuite()` in trigger mode: a webhook URL
   * reachable from the container (for a server in your test process use
   * `TestContainers.exposeHostPorts(port)` and `http://host.testcontainers.internal:<port>/…`),
   * or a command that exists in the container.
   */
  withSut(sut: SutTarget): this {
    this.sut = sut;
    return this;
  }

  /** Platform environment, e.g. FIT-Connect "test" or "refz". */
  withPlatformEnvironment(name: string): this {
    this.environmentName = name;
    return this;
  }

  override async start(): Promise<StartedGovsimContainer> {
    const s = containerSettings({ platforms: this.platforms, registry: SIMULATORS, adminToken: this.adminToken, environment: this.environmentName, sut: this.sut });
    this.withEnvironment(s.env)
      .withExposedPorts(...s.ports)
      .withCommand(s.command)
      .withWaitStrategy(Wait.forHttp('/admin/health', ADMIN_PORT).forStatusCode(200));
    const started = new StartedGovsimContainer(await super.start(), this.adminToken);
    await started.refreshUrls();
    return started;
  }
}

export interface EvidenceQuery {
  platform?: string;
  kind?: string;
  scenario?: string;
  since?: number;
  limit?: number;
}

export class StartedGovsimContainer extends AbstractStartedContainer {
  constructor(started: StartedTestContainer, private readonly adminToken: string) {
    super(started);
  }

  /** Admin API base URL on the host (`…/admin/*` needs `getAdminToken()` as bearer token). */
  getAdminUrl(): string {
    return `http://${this.getHost()}:${this.getMappedPort(ADMIN_PORT)}`;
  }

  getAdminToken(): string {
    return this.adminToken;
  }

  private async admin<T>(path: string): Promise<T> {
    const res = await fetch(`${this.getAdminUrl()}${path}`, { headers: { authorization: `Bearer ${this.adminToken}` } });
    if (!res.ok) throw new Error(`govsim admin ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  private urls: Record<string, Record<string, string>> = {};

  /** Reads the simulators' URLs from the admin API and maps them to host ports (done by start()). */
  async refreshUrls(): Promise<void> {
    const list = await this.admin<Array<{ platform: string; urls: Record<string, string> }>>('/admin/simulators');
    this.urls = Object.fromEntries(list.map((sim) => [
      sim.platform,
      Object.fromEntries(Object.entries(sim.urls).map(([k, u]) => [k, mapUrl(u, this.getHost(), (p) => this.getMappedPort(p))])),
    ]));
  }

  /** Host-reachable base URLs of one platform's simulator, by name (e.g. `{ https: … }`). */
  getUrls(platform: string): Record<string, string> {
    const urls = this.urls[platform];
    if (!urls) throw new Error(`platform "${platform}" is not running in the container (running: ${Object.keys(this.urls).join(', ')})`);
    return urls;
  }

  /** The host-reachable URL of a platform's simulator: the one named `name`, else its first. */
  getUrl(platform: string, name?: string): string {
    const urls = this.getUrls(platform);
    const key = name ?? Object.keys(urls)[0];
    if (!urls[key]) throw new Error(`${platform} has no URL named "${key}" (it has: ${Object.keys(urls).join(', ')})`);
    return urls[key];
  }

  /** Evidence records (the JSONL log as the admin API serves it), optionally filtered. */
  async getEvidence(q: EvidenceQuery = {}): Promise<unknown[]> {
    const params = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    return this.admin<unknown[]>(`/admin/exchanges${params.size ? `?${params}` : ''}`);
  }

  /** Runs `govsim run` inside the container (trigger mode when `withSut` was used). */
  async runSuite(args: string[] = []): Promise<{ exitCode: number; output: string }> {
    const res = await this.exec(['node', '/opt/govsim/cli/govsim.mjs', 'run', ...args]);
    return { exitCode: res.exitCode, output: res.output };
  }
}
