// Finds the kube-apiserver and etcd binaries that hack/setup-envtest.sh provisions.
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { EnvtestError } from './envtest-error.js';

/** The Kubernetes release envtest expects by default; keep in step with hack/setup-envtest.sh. */
export const ENVTEST_KUBE_VERSION = '1.35.4';

/** Absolute paths of the two control-plane binaries. */
export interface EnvtestBinaries {
  readonly kubeApiServer: string;
  readonly etcd: string;
}

/** Options of {@link resolveEnvtestBinaries}. */
export interface ResolveBinariesOptions {
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default env.KGEN_KUBE_VERSION ?? ENVTEST_KUBE_VERSION */
  readonly version?: string;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves the binaries: `KGEN_KUBE_APISERVER` / `KGEN_ETCD` when set, else
 * `${KGEN_ENVTEST_DIR:-~/.cache/kgen/envtest}/<version>/bin/`. Throws ENVTEST_BINARY_MISSING, naming the
 * script to run, when one is not an executable file.
 */
export function resolveEnvtestBinaries(options: ResolveBinariesOptions = {}): EnvtestBinaries {
  const env = options.env ?? process.env;
  const version = options.version ?? env.KGEN_KUBE_VERSION ?? ENVTEST_KUBE_VERSION;
  const root = env.KGEN_ENVTEST_DIR || join(homedir(), '.cache', 'kgen', 'envtest');
  const bin = join(root, version, 'bin');
  const found: EnvtestBinaries = {
    kubeApiServer: env.KGEN_KUBE_APISERVER || join(bin, 'kube-apiserver'),
    etcd: env.KGEN_ETCD || join(bin, 'etcd'),
  };
  const missing = Object.values(found).filter((p) => !executable(p));
  if (missing.length > 0) {
    throw new EnvtestError(
      'ENVTEST_BINARY_MISSING',
      `envtest binaries not found or not executable: ${missing.join(', ')}. ` +
        'Run `bash hack/setup-envtest.sh` to provision them, or set KGEN_KUBE_APISERVER and KGEN_ETCD.',
    );
  }
  return found;
}
