// A child process that is stopped by PID (SIGTERM, then SIGKILL), keeps its last output lines, and dies with Node.
import { type ChildProcess, spawn } from 'node:child_process';
import { logger } from '../util/logger.js';

/** How a supervised process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Options of {@link SupervisedProcess.start}. */
export interface SupervisedProcessOptions {
  /** Short name used in messages, e.g. 'etcd'. */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default process.cwd() */
  readonly cwd?: string;
  /** Lines of combined stdout/stderr kept for error messages. @default 40 */
  readonly tailLines?: number;
}

/** Options of {@link SupervisedProcess.stop}. */
export interface StopOptions {
  /** Send SIGKILL at once instead of SIGTERM. @default false */
  readonly kill?: boolean;
  /** Milliseconds between SIGTERM and SIGKILL. @default 10_000 */
  readonly graceMs?: number;
}

// Children still running, killed synchronously if Node exits without stopping them (a test crashed, say).
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killLiveChildren(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone: nothing to do.
    }
  }
  live.clear();
}

function installExitHook(): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', killLiveChildren);
  }
}

/** A long-running child process owned by a test environment. */
export class SupervisedProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves once the process has exited (never rejects). */
  readonly exited: Promise<ProcessExit>;
  private readonly tail: string[] = [];
  private readonly tailLines: number;
  // Unfinished last line of each stream, so stdout and stderr fragments never merge into one line.
  private readonly partial = { stdout: '', stderr: '' };
  private exit: ProcessExit | undefined;

  private constructor(child: ChildProcess, options: SupervisedProcessOptions) {
    this.name = options.name;
    this.pid = child.pid as number;
    this.tailLines = options.tailLines ?? 40;
    child.stdout?.on('data', (chunk: Buffer) => this.record('stdout', chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => this.record('stderr', chunk.toString('utf8')));
    this.exited = new Promise((resolve) => {
      let status: ProcessExit | undefined;
      const finish = () => {
        if (status !== undefined && this.exit === undefined) {
          this.exit = status;
          resolve(status);
        }
      };
      child.once('exit', (code, signal) => {
        live.delete(child);
        status = { code, signal };
        logger().debug('envtest process exited', { name: this.name, pid: this.pid, code, signal });
        // 'close' follows once the pipes are drained, so the tail holds the last words; a grandchild holding
        // the pipes open must not delay us for long.
        setTimeout(finish, 500).unref();
      });
      child.once('close', finish);
    });
  }

  /** Spawns the process; rejects if it cannot be spawned (e.g. the binary is not executable). */
  static start(options: SupervisedProcessOptions): Promise<SupervisedProcess> {
    return new Promise((resolve, reject) => {
      const child = spawn(options.command, [...options.args], {
        env: options.env ?? process.env,
        cwd: options.cwd ?? process.cwd(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.once('error', reject);
      child.once('spawn', () => {
        child.removeListener('error', reject);
        child.on('error', (err) => logger().warn('envtest process error', { name: options.name, err }));
        installExitHook();
        live.add(child);
        resolve(new SupervisedProcess(child, options));
      });
    });
  }

  /** True until the process has exited. */
  get running(): boolean {
    return this.exit === undefined;
  }

  /** How the process ended, once it has. */
  get exitStatus(): ProcessExit | undefined {
    return this.exit;
  }

  /** The last lines the process printed (stdout and stderr interleaved). */
  outputTail(): string {
    const unfinished = [this.partial.stdout, this.partial.stderr].filter((p) => p !== '');
    return [...this.tail, ...unfinished].join('\n');
  }

  /**
   * Ends the process and waits for it to exit: SIGTERM, then SIGKILL after `graceMs` (or SIGKILL at once with
   * `kill: true`). Safe to call more than once and after the process has exited.
   */
  async stop(options: StopOptions = {}): Promise<ProcessExit> {
    if (this.exit !== undefined) {
      return this.exit;
    }
    this.signal(options.kill === true ? 'SIGKILL' : 'SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), options.graceMs ?? 10_000);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  private signal(sig: NodeJS.Signals): void {
    if (this.exit === undefined) {
      try {
        process.kill(this.pid, sig);
      } catch {
        // ESRCH: exited between the check and the kill.
      }
    }
  }

  private record(stream: 'stdout' | 'stderr', text: string): void {
    const parts = (this.partial[stream] + text).split('\n');
    // A line without a newline is kept only up to a bound, so a chatty process cannot grow it forever.
    this.partial[stream] = (parts.pop() ?? '').slice(-4096);
    for (const line of parts) {
      this.tail.push(line);
    }
    if (this.tail.length > this.tailLines) {
      this.tail.splice(0, this.tail.length - this.tailLines);
    }
  }
}
