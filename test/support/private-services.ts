// Private Redis, NATS and Postgres instances for tests that stop, kill and restart them (the fault
// suite) or check a server's own set-up (the private NATS's users): the machine's shared servers are
// never touched. They run in a temp dir on free ports and are started with the bootstrap's own service
// code (scripts/services.mjs), so NATS runs with its users like the bootstrap's. Redis keeps no data
// across a restart; NATS keeps its JetStream store and passwords; Postgres keeps its data dir.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../../engine/platform/config.js';

export type ServiceName = 'redis' | 'nats' | 'postgres';

/** The parts of a service definition in scripts/services.mjs this module uses. */
interface ServiceDefinition {
  name: ServiceName;
  comm: string;
  pidFile(dir: string): string;
  envVar: 'REDIS_URL' | 'NATS_URL' | 'DATABASE_URL';
  /** with the instance's dir: a private NATS has users, and its URL carries the engine's */
  url(port: number, dir?: string): string;
  findBinary(): string | null;
  start(dir: string, port: number, bin: string): void | Promise<void>;
}

interface ServicesModule {
  services: ServiceDefinition[];
  freePort(): Promise<number>;
  serviceEnv(svc: ServiceDefinition, port: number, dir: string): NodeJS.ProcessEnv;
  isOurs(pid: number | undefined, comm: string, port: number): boolean;
  run(file: string, args: string[], what: string): void;
  waitForAnswer(svc: ServiceDefinition, dir: string, port: number, timeoutMs?: number): Promise<void>;
  stopInstance(svc: ServiceDefinition, dir: string, port: number, options?: { signal?: NodeJS.Signals; timeoutMs?: number }): Promise<boolean>;
}

// a runtime import: the module is plain JS under scripts/, outside what tsc compiles into dist/
const shared = (await import(pathToFileURL(join(projectRoot, 'scripts', 'services.mjs')).href)) as ServicesModule;

export class PrivateService {
  private paused = false;

  constructor(
    private readonly svc: ServiceDefinition,
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
  ) {}

  get name(): ServiceName {
    return this.svc.name;
  }

  get url(): string {
    return this.svc.url(this.port, this.dir);
  }

  /** The environment that points the engine at it (NATS: also the auth role's own user, AUTH_NATS_URL). */
  env(): NodeJS.ProcessEnv {
    return shared.serviceEnv(this.svc, this.port, this.dir);
  }

  async start(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    await this.svc.start(this.dir, this.port, this.bin);
    await shared.waitForAnswer(this.svc, this.dir, this.port, 60_000);
  }

  /** A clean stop (Postgres: fast shutdown); answers false when it was not running. */
  stop(): Promise<boolean> {
    this.resume(); // a stopped process handles no signal but SIGKILL
    return shared.stopInstance(this.svc, this.dir, this.port);
  }

  /**
   * SIGSTOP: the server keeps its connections and its listen socket open but answers nothing, as a
   * hung, swapped-out or overloaded server does (Postgres: the postmaster and every backend).
   */
  pause(): void {
    this.signalProcessTree('SIGSTOP');
    this.paused = true;
  }

  /** SIGCONT after pause(): the server answers again, with everything it was sent meanwhile. */
  resume(): void {
    if (!this.paused || !this.runningPid()) return;
    this.signalProcessTree('SIGCONT');
    this.paused = false;
  }

  /**
   * The server's process, then its children (Postgres' backends each run in a session of their own, so
   * a process group signal would miss them); read after the parent is stopped, it forks none meanwhile.
   */
  private signalProcessTree(signal: NodeJS.Signals): void {
    const pid = this.runningPid();
    if (!pid) throw new Error(`${this.name} is not running`);
    process.kill(pid, signal);
    let children = '';
    try {
      children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8');
    } catch {
      // no procfs (not Linux): the parent alone
    }
    for (const child of children.split(' ').filter(Boolean)) process.kill(Number(child), signal);
  }

  /** Its pid while it runs (its pid file, checked against the process' name and port), for the cleanup at exit. */
  runningPid(): number | undefined {
    let pid: number | undefined;
    try {
      pid = parseInt(readFileSync(this.svc.pidFile(this.dir), 'utf8'), 10) || undefined;
    } catch {
      return undefined;
    }
    return shared.isOurs(pid, this.svc.comm, this.port) ? pid : undefined;
  }

  /** kill -9: what a crash or an OOM kill does. */
  kill9(): Promise<boolean> {
    this.resume(); // Postgres' backends exit on their own once the postmaster is gone, unless stopped
    return shared.stopInstance(this.svc, this.dir, this.port, { signal: 'SIGKILL' });
  }

  /** Stopped (or killed), down for `downMs`, then started again on the same port and data. */
  async restart(options: { kill?: boolean; downMs?: number } = {}): Promise<void> {
    await (options.kill ? this.kill9() : this.stop());
    if (options.downMs) await new Promise((r) => setTimeout(r, options.downMs));
    await this.start();
  }
}

export class PrivateServices {
  private constructor(
    readonly root: string,
    readonly redis: PrivateService,
    readonly nats: PrivateService,
    readonly postgres: PrivateService,
    private readonly closeAll: () => Promise<void>,
  ) {}

  /** Starts all three; on failure whatever started is stopped again. */
  static async start(): Promise<PrivateServices> {
    const { root, started, close } = await startInstances(['redis', 'nats', 'postgres']);
    const [redis, nats, postgres] = started;
    return new PrivateServices(root, redis, nats, postgres, close);
  }

  get(name: ServiceName): PrivateService {
    return this[name];
  }

  /** REDIS_URL, NATS_URL (and AUTH_NATS_URL) and DATABASE_URL of the private instances. */
  env(): NodeJS.ProcessEnv {
    return { ...this.redis.env(), ...this.nats.env(), ...this.postgres.env() };
  }

  close(): Promise<void> {
    return this.closeAll();
  }
}

/** One private instance alone, for a test of that server itself; close() kills it and removes its dir. */
export async function startPrivateService(name: ServiceName): Promise<{ service: PrivateService; close(): Promise<void> }> {
  const { started, close } = await startInstances([name]);
  return { service: started[0], close };
}

/** The named services, started in one temp dir (in the bootstrap's order); on failure whatever started is stopped again. */
async function startInstances(names: readonly ServiceName[]): Promise<{ root: string; started: PrivateService[]; close(): Promise<void> }> {
  const root = mkdtempSync(join(tmpdir(), 'gopang-faults-'));
  chmodSync(root, 0o755); // as root, Postgres runs as the postgres user, which must reach its dir inside
  const started: PrivateService[] = [];
  try {
    for (const svc of shared.services.filter((s) => names.includes(s.name))) {
      const bin = svc.findBinary();
      if (!bin) throw new Error(`${svc.name} is not installed (scripts/bootstrap.mjs installs it on a fresh machine)`);
      const service = new PrivateService(svc, join(root, svc.name), await shared.freePort(), bin);
      await service.start();
      started.push(service);
    }
  } catch (err) {
    await stopAll(started, root);
    throw err;
  }
  // a test process that crashes never runs its after() hooks: don't leave servers running behind it
  const killAtExit = () => {
    for (const service of started) {
      service.resume(); // a paused (SIGSTOPped) tree would outlive its postmaster
      const pid = service.runningPid();
      if (pid) process.kill(pid, 'SIGKILL'); // Postgres' backends exit on their own once the postmaster is gone
    }
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', killAtExit);
  return {
    root,
    started,
    async close() {
      process.removeListener('exit', killAtExit);
      await stopAll(started, root);
    },
  };
}

async function stopAll(services: PrivateService[], root: string): Promise<void> {
  // killed, not stopped: their data is thrown away with the temp dir
  await Promise.allSettled(services.map((s) => s.kill9()));
  rmSync(root, { recursive: true, force: true });
}
