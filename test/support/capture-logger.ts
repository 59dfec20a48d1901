// Captures the runtime's log lines in a test instead of printing them.
import { afterEach, beforeEach } from 'vitest';
import { type LogFields, type Logger, setLogger } from '../../runtime/util/logger.js';

/** One captured line. */
export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly fields: LogFields | undefined;
}

/** Routes logger() into an array for each test of the calling file; returns that (live) array. */
export function captureLogs(): LogLine[] {
  const lines: LogLine[] = [];
  let previous: Logger | undefined;
  beforeEach(() => {
    lines.length = 0;
    const push = (level: LogLine['level']) => (msg: string, fields?: LogFields) => {
      lines.push({ level, msg, fields });
    };
    previous = setLogger({ debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') });
  });
  afterEach(() => {
    if (previous !== undefined) {
      setLogger(previous);
    }
  });
  return lines;
}
