// The default User-Agent, `kgen/<version> (<os>/<arch>)`, with the version read once from the package's package.json.
import { readFileSync } from 'node:fs';
import { arch, platform } from 'node:os';

let cached: string | undefined;

/**
 * The `version` of kgen's package.json, read on first use. The file is found relative to this module (the CLI
 * bundle keeps each module's own import.meta.url); "unknown" if it cannot be read, as client-go says for a
 * missing build version.
 */
export function kgenVersion(): string {
  if (cached === undefined) {
    try {
      const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
      const v = (pkg as { version?: unknown } | null)?.version;
      cached = typeof v === 'string' && v !== '' ? v : 'unknown';
    } catch {
      cached = 'unknown';
    }
  }
  return cached;
}

/** client-go's DefaultKubernetesUserAgent, for kgen: `kgen/<version> (<os>/<arch>)`. */
export function defaultUserAgent(): string {
  return `kgen/${kgenVersion()} (${platform()}/${arch()})`;
}
