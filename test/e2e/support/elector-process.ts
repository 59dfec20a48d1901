// Spawns test/e2e/fixtures/elector.ts as a separate node process and collects the JSON lines it reports.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('../fixtures/elector.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** One line a candidate printed; `at` and `observedAt` are its wall clock (same machine, so comparable). */
export interface ElectorEvent {
  readonly event: 'ready' | 'observed' | 'new-leader' | 'leading' | 'lost-leading' | 'stopped-leading' | 'exit';
  readonly identity: string;
  readonly at: number;
  readonly leader?: string;
  readonly holder?: string;
  readonly observedAt?: number;
}

/** Settings shared by the candidates of one election. */
export interface ElectionSettings {
  readonly kubeconfigPath: string;
  readonly namespace: string;
  readonly lease: string;
  readonly leaseDurationMs: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;
  /** Replaces the kubeconfig's server URL, e.g. a FaultProxy's. @default the kubeconfig's */
  readonly server?: string;
}

/** A candidate process. Stop it with kill(); every test must, by PID, in afterEach. */
export class ElectorProcess {
  readonly events: ElectorEvent[] = [];
  private stderr = '';
  private readonly child: ChildProcess;
  private waiters: { pred: (e: ElectorEvent) => boolean; resolve: (e: ElectorEvent) => void }[] = [];
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;

  constructor(
    readonly identity: string,
    settings: ElectionSettings,
  ) {
    this.child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fixture,
        settings.kubeconfigPath,
        settings.namespace,
        settings.lease,
        identity,
        String(settings.leaseDurationMs),
        String(settings.renewDeadlineMs),
        String(settings.retryPeriodMs),
        ...(settings.server !== undefined ? [settings.server] : []),
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KGEN_LOG: 'warn' } },
    );
    let buffered = '';
    this.child.stdout?.setEncoding('utf8');
    this.child.stdout?.on('data', (chunk: string) => {
      buffered += chunk;
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.startsWith('{')) {
          this.push(JSON.parse(line) as ElectorEvent);
        }
      }
    });
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) {
      throw new Error(`candidate ${this.identity} did not start: ${this.stderr}`);
    }
    return this.child.pid;
  }

  /** Whether the process has not exited yet. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The first reported event matching `pred` (already seen, or the next one); fails after `limitMs`. */
  waitFor(pred: (e: ElectorEvent) => boolean, what: string, limitMs = 60_000): Promise<ElectorEvent> {
    const seen = this.events.find(pred);
    if (seen !== undefined) {
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`${this.identity}: gave up waiting for ${what}; stderr: ${this.stderr}`));
      }, limitMs);
      const done = (e: ElectorEvent): void => {
        clearTimeout(timer);
        resolve(e);
      };
      this.waiters.push({ pred, resolve: done });
    });
  }

  /** Whether it ever reported leading. */
  get led(): boolean {
    return this.events.some((e) => e.event === 'leading');
  }

  /** Sends `signal` to the process by PID; resolves once it exited. Safe to call after exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | string> {
    if (this.running) {
      process.kill(this.pid, signal);
    }
    return this.exited;
  }

  private push(e: ElectorEvent): void {
    this.events.push(e);
    for (const w of this.waiters.filter((x) => x.pred(e))) {
      this.waiters = this.waiters.filter((x) => x !== w);
      w.resolve(e);
    }
  }
}
