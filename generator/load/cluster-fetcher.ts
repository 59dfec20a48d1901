// Connects `--from-cluster` to the runtime's kubeconfig loading and REST client.
import { ApiError } from '../../runtime/errors/api-error.js';
import { loadConfig } from '../../runtime/rest/in-cluster.js';
import { RestClient } from '../../runtime/rest/rest-client.js';
import { GeneratorError } from '../errors.js';
import { FetchStatusError, type OpenApiFetcher } from './cluster.js';

export interface ClusterOptions {
  /** Kubeconfig path. @default $KUBECONFIG or ~/.kube/config, else in-cluster config */
  readonly kubeconfig?: string;
  /** Kubeconfig context. @default the current context */
  readonly context?: string;
}

/** A fetcher over the runtime's REST client; `close()` releases its connection pool. */
export async function clusterFetcher(options: ClusterOptions, signal?: AbortSignal): Promise<OpenApiFetcher> {
  signal?.throwIfAborted();
  let rest: RestClient;
  try {
    const { config } = loadConfig({
      ...(options.kubeconfig !== undefined ? { kubeconfig: options.kubeconfig } : {}),
      ...(options.context !== undefined ? { context: options.context } : {}),
    });
    // Schema documents are few and large; the default client-side rate limit would only slow the download.
    rest = new RestClient({ ...config, qps: -1 });
  } catch (cause) {
    throw new GeneratorError('KGEN_FROM_CLUSTER_CONFIG', `cannot connect to the cluster: ${(cause as Error).message}`, {
      hint: 'Pass --kubeconfig and --context, or set KUBECONFIG.',
      cause,
    });
  }
  return {
    async getJson(path: string, sig?: AbortSignal): Promise<unknown> {
      try {
        return await rest.request<unknown>({ method: 'GET', path }, sig);
      } catch (err) {
        if (err instanceof ApiError) {
          throw new FetchStatusError(err.statusCode, `GET ${path}: ${err.message}`);
        }
        throw err;
      }
    },
    close: () => rest.close(),
  };
}
