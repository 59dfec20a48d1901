// Connects `--from-cluster` to the runtime's kubeconfig loading and REST client (runtime/rest), when that is available.
import { GeneratorError } from '../errors.js';
import type { OpenApiFetcher } from './cluster.js';

export interface ClusterOptions {
  /** Kubeconfig path. @default $KUBECONFIG or ~/.kube/config */
  readonly kubeconfig?: string;
  /** Kubeconfig context. @default the current context */
  readonly context?: string;
}

/** The runtime/rest module; imported by a computed specifier so the generator builds before that module exists. */
const restModule = '../../runtime/rest/index.js';

/**
 * A fetcher over the runtime's REST client. Throws KGEN_FROM_CLUSTER_UNAVAILABLE while runtime/rest does not provide
 * `loadConfig` and a client that can GET a raw path.
 */
export async function clusterFetcher(options: ClusterOptions, signal?: AbortSignal): Promise<OpenApiFetcher> {
  let mod: unknown;
  try {
    mod = await import(restModule);
  } catch (cause) {
    throw unavailable(cause);
  }
  return adaptRestModule(mod, options, signal);
}

function unavailable(cause?: unknown): GeneratorError {
  return new GeneratorError(
    'KGEN_FROM_CLUSTER_UNAVAILABLE',
    '--from-cluster is not available yet: the runtime REST client (runtime/rest) has not landed',
    {
      hint: 'Download the documents instead (kubectl get --raw /openapi/v3/apis/<group>/<version> > doc.json) and pass the files as inputs.',
      cause,
    },
  );
}

/** Narrows the REST module to what the fetcher needs. */
async function adaptRestModule(mod: unknown, options: ClusterOptions, signal?: AbortSignal): Promise<OpenApiFetcher> {
  void mod;
  void options;
  signal?.throwIfAborted();
  throw unavailable();
}
