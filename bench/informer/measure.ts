// What each informer child process reports, and the process-level measurements shared by the TypeScript children.

/** One informer run, as printed (one JSON line) by every implementation, the Go one included. */
export interface InformerRunResult {
  events: number;
  seconds: number;
  syncSeconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  heapBytes: number;
  cachedObjects: number;
  heapBytesPerObject: number;
}

/** Command-line flags every informer child takes. */
export interface InformerChildArgs {
  server: string;
  /** Events (adds + updates + deletes) to observe before stopping. */
  expect: number;
  /** Objects the cache must hold at the end. */
  objects: number;
  stripManagedFields: boolean;
}

export function parseChildArgs(argv: readonly string[] = process.argv.slice(2)): InformerChildArgs {
  const get = (name: string): string => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0 || argv[i + 1] === undefined) {
      throw new Error(`missing --${name}`);
    }
    return argv[i + 1] as string;
  };
  return {
    server: get('server'),
    expect: Number(get('expect')),
    objects: Number(get('objects')),
    stripManagedFields: argv.includes('--strip-managed-fields'),
  };
}

/** Heap in use after two full collections (the process runs with --expose-gc). */
export function liveHeapBytes(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) {
    throw new Error('run with --expose-gc');
  }
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** CPU seconds (user + system) since `since`. */
export function cpuSecondsSince(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

/** Peak resident set size of this process. */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** A counter that resolves `done` when it reaches `target`, or rejects after `timeoutMs`. */
export function eventCounter(
  target: number,
  timeoutMs: number,
): { count: () => void; done: Promise<void>; seen: () => number } {
  let seen = 0;
  let resolve: () => void = () => {};
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    timer = setTimeout(() => rej(new Error(`timed out after ${seen} of ${target} events`)), timeoutMs);
  });
  return {
    count: () => {
      seen++;
      if (seen === target) {
        clearTimeout(timer);
        resolve();
      }
    },
    done,
    seen: () => seen,
  };
}
