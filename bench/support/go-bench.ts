// Builds the client-go reference program (bench/go) once into a cache outside the repo and runs its subcommands.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const goDir = fileURLToPath(new URL('../go/', import.meta.url));

/** Where the Go build goes. @default $KGEN_BENCH_GO_CACHE or ~/.cache/kgen/bench-go */
export function goBenchCacheDir(): string {
  return process.env.KGEN_BENCH_GO_CACHE ?? join(homedir(), '.cache', 'kgen', 'bench-go');
}

/** Raised when the Go reference cannot be built or run; `code` is stable, the message says why. */
export class GoBenchError extends Error {
  readonly code: 'GO_BENCH_NO_TOOLCHAIN' | 'GO_BENCH_BUILD_FAILED' | 'GO_BENCH_RUN_FAILED';
  constructor(code: GoBenchError['code'], message: string) {
    super(message);
    this.name = 'GoBenchError';
    this.code = code;
  }
}

function newestSourceMtime(): number {
  let newest = 0;
  for (const f of readdirSync(goDir)) {
    if (f.endsWith('.go') || f === 'go.mod' || f === 'go.sum') {
      newest = Math.max(newest, statSync(join(goDir, f)).mtimeMs);
    }
  }
  return newest;
}

let built: string | undefined;

/** Path of the built binary; builds it when missing or older than any source file (once per process). */
export function goBenchBinary(): string {
  if (built !== undefined) {
    return built;
  }
  const dir = goBenchCacheDir();
  const bin = join(dir, 'kgen-bench-go');
  let binMtime = -1;
  try {
    binMtime = statSync(bin).mtimeMs;
  } catch {
    // not built yet
  }
  if (binMtime < newestSourceMtime()) {
    mkdirSync(dir, { recursive: true });
    const r = spawnSync('go', ['build', '-o', bin, '.'], { cwd: goDir, encoding: 'utf8' });
    if (r.error !== undefined) {
      throw new GoBenchError('GO_BENCH_NO_TOOLCHAIN', `cannot run the Go toolchain: ${r.error.message}`);
    }
    if (r.status !== 0) {
      throw new GoBenchError('GO_BENCH_BUILD_FAILED', `go build of bench/go failed:\n${r.stderr.trim()}`);
    }
  }
  built = bin;
  return bin;
}

/** Options of {@link runGoBench}. */
export interface RunGoBenchOptions {
  /** Extra environment for the child. @default none */
  env?: Record<string, string>;
}

/**
 * Runs `<bin> <subcommand> --json ...args` and parses its last stdout line. The child is killed if `signal` aborts.
 */
export function runGoBench<T>(
  subcommand: string,
  args: readonly string[],
  options: RunGoBenchOptions = {},
  signal?: AbortSignal,
): Promise<T> {
  const bin = goBenchBinary();
  return new Promise<T>((resolve, reject) => {
    const child = spawn(bin, [subcommand, '--json', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
      ...(signal !== undefined ? { signal } : {}),
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new GoBenchError('GO_BENCH_RUN_FAILED', `kgen-bench-go ${subcommand} exited ${code}: ${err.trim()}`));
        return;
      }
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new GoBenchError('GO_BENCH_RUN_FAILED', `kgen-bench-go ${subcommand} printed no JSON line`));
      }
    });
  });
}

/** True when the Go reference is usable; otherwise prints why to stderr once, so benches can skip client-go rows. */
export function goBenchAvailable(): boolean {
  try {
    goBenchBinary();
    return true;
  } catch (e) {
    console.error(`kgen bench: client-go rows skipped: ${(e as Error).message}`);
    return false;
  }
}
