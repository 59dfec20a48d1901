// Runs a TypeScript file in its own Node process (so CPU, RSS and heap figures are its own) and reads its JSON line.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Options of {@link runNodeChild} and {@link startNodeChild}. */
export interface NodeChildOptions {
  /** Extra Node flags, e.g. `--max-old-space-size=8192`. `--expose-gc` is always added. @default none */
  execArgv?: readonly string[];
  /** Extra environment. @default none */
  env?: Record<string, string>;
}

function spawnChild(file: string | URL, args: readonly string[], options: NodeChildOptions, signal?: AbortSignal) {
  const path = typeof file === 'string' ? file : fileURLToPath(file);
  return spawn(process.execPath, ['--expose-gc', ...(options.execArgv ?? []), '--import', 'tsx', path, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ...options.env },
    ...(signal !== undefined ? { signal } : {}),
  });
}

function lastJsonLine<T>(out: string, what: string): T {
  const last = out.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as T;
  } catch {
    throw new Error(`${what} printed no JSON line`);
  }
}

/** Runs `file` to completion and returns its last stdout line parsed as JSON. */
export function runNodeChild<T>(
  file: string | URL,
  args: readonly string[],
  options: NodeChildOptions = {},
  signal?: AbortSignal,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const child = spawnChild(file, args, options, signal);
    child.stdin?.end();
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`${String(file)} exited with ${code}`));
        return;
      }
      try {
        resolve(lastJsonLine<T>(out, String(file)));
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** A long-running child (a server) that printed one JSON line when ready. */
export interface RunningChild<T> {
  readonly ready: T;
  readonly process: ChildProcess;
  /** Closes its stdin and sends SIGTERM; resolves when it has exited. */
  stop(): Promise<void>;
}

/** Starts `file` and waits for its first stdout line (JSON); the child keeps running until stop(). */
export function startNodeChild<T>(
  file: string | URL,
  args: readonly string[],
  options: NodeChildOptions = {},
  signal?: AbortSignal,
): Promise<RunningChild<T>> {
  return new Promise((resolve, reject) => {
    const child = spawnChild(file, args, options, signal);
    let out = '';
    let exited = false;
    const exitedPromise = new Promise<void>((r) => {
      child.on('exit', () => {
        exited = true;
        r();
      });
    });
    const onData = (d: Buffer): void => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) {
        return;
      }
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      try {
        const ready = JSON.parse(out.slice(0, nl)) as T;
        resolve({
          ready,
          process: child,
          stop: async () => {
            if (!exited) {
              child.stdin?.end();
              child.kill('SIGTERM');
            }
            await exitedPromise;
          },
        });
      } catch (e) {
        child.kill('SIGKILL');
        reject(e);
      }
    };
    child.stdout?.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => {
      reject(new Error(`${String(file)} exited with ${code} before it was ready`));
    });
  });
}
