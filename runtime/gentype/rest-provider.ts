// The REST-backed ResourceClientProvider: one RestClient (one connection pool, one rate limiter) for every typed client.
import type { KubernetesList, KubernetesObject } from '../api/meta.js';
import { KubeError } from '../errors/api-error.js';
import { ResourceClient } from '../rest/resource-client.js';
import { RestClient, type RestClientOptions } from '../rest/rest-client.js';
import type { RestConfig } from '../rest/rest-config.js';
import type { ResourceClientMethods, ResourceClientProvider, ResourceRef } from './resource-client.js';

/**
 * A RestClient for a clientset, after client-go's NewForConfig check: with a positive QPS the token bucket needs a
 * positive Burst (0 means the default).
 */
export function newClientsetRestClient(config: RestConfig, options: RestClientOptions = {}): RestClient {
  if ((config.qps ?? 0) > 0 && (config.burst ?? 0) < 0) {
    throw new KubeError('KUBE_INVALID_CONFIG', 'burst must be positive (or 0 for the default) when qps is positive');
  }
  return new RestClient(config, options);
}

/** Serves each resource through a runtime/rest ResourceClient on the one shared RestClient. */
export class RestResourceClientProvider implements ResourceClientProvider {
  constructor(readonly rest: RestClient) {}

  resource<T extends KubernetesObject, L = KubernetesList<T>>(
    ref: ResourceRef,
    namespace?: string,
  ): ResourceClientMethods<T, L> {
    return new ResourceClient<T, L>({
      rest: this.rest,
      gvr: ref.gvr,
      namespaced: ref.namespaced,
      kind: ref.kind,
      ...(namespace === undefined ? {} : { namespace }),
    });
  }
}
