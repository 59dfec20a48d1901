// The runtime's logging seam: one replaceable Logger, so applications route logs and tests capture them.

/** Structured fields attached to a log line. Never put secrets here: values are printed as-is. */
export type LogFields = Readonly<Record<string, unknown>>;

/** What the runtime logs through. Levels follow klog's usage: debug ≈ V(4), info ≈ V(1). */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

function stderrLine(level: string, msg: string, fields?: LogFields): void {
  const extra = fields && Object.keys(fields).length > 0 ? ` ${safeJson(fields)}` : '';
  process.stderr.write(`kgen ${level}: ${msg}${extra}\n`);
}

function safeJson(x: unknown): string {
  try {
    return JSON.stringify(x, (_k, v: unknown) => (v instanceof Error ? `${v.name}: ${v.message}` : v));
  } catch {
    return '[unserialisable]';
  }
}

/** The default logger: warnings and errors to stderr; debug and info are dropped unless KGEN_LOG=debug|info. */
export function createStderrLogger(level: 'debug' | 'info' | 'warn' | 'error' = 'warn'): Logger {
  const rank = { debug: 0, info: 1, warn: 2, error: 3 } as const;
  const min = rank[level];
  return {
    debug: (m, f) => min <= 0 && stderrLine('debug', m, f),
    info: (m, f) => min <= 1 && stderrLine('info', m, f),
    warn: (m, f) => min <= 2 && stderrLine('warn', m, f),
    error: (m, f) => stderrLine('error', m, f),
  };
}

function levelFromEnv(): 'debug' | 'info' | 'warn' | 'error' {
  const v = process.env.KGEN_LOG;
  return v === 'debug' || v === 'info' || v === 'error' ? v : 'warn';
}

let current: Logger = createStderrLogger(levelFromEnv());

/** The logger the runtime uses now. Modules call this at log time, so a later setLogger takes effect. */
export function logger(): Logger {
  return current;
}

/** Replaces the runtime's logger; returns the previous one (tests restore it). */
export function setLogger(next: Logger): Logger {
  const prev = current;
  current = next;
  return prev;
}
