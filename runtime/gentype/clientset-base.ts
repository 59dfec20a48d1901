// The base of every generated Clientset: its provider, discovery, constructors from a config or a kubeconfig, close().
import { DiscoveryClient } from '../discovery/discovery-client.js';
import { KubeError } from '../errors/api-error.js';
import { loadConfig } from '../rest/in-cluster.js';
import type { KubeconfigOptions } from '../rest/kubeconfig.js';
import type { RestClient, RestClientOptions } from '../rest/rest-client.js';
import type { RestConfig } from '../rest/rest-config.js';
import type { DiscoveryInterface } from './discovery-interface.js';
import type { ResourceClientProvider } from './resource-client.js';
import { newClientsetRestClient, RestResourceClientProvider } from './rest-provider.js';

/** Options of a clientset built on a provider. */
export interface ClientsetOptions {
  /** Makes what discovery() returns, once, on first use. @default none: discovery() throws KUBE_NO_DISCOVERY */
  discovery?: () => DiscoveryInterface;
  /** The REST client behind the provider, if there is one (restClient()). @default undefined */
  rest?: RestClient;
  /** The namespace the config selected (the kubeconfig context's, the pod's). @default 'default' */
  namespace?: string;
}

/** Options of {@link ClientsetBase.fromConfig}. */
export interface ClientsetConfigOptions extends RestClientOptions {
  /** Makes the discovery client over the clientset's RestClient. @default runtime/discovery's DiscoveryClient */
  discovery?: (rest: RestClient) => DiscoveryInterface;
  /** Recorded as the clientset's defaultNamespace(). @default 'default' */
  namespace?: string;
}

/** Options of {@link ClientsetBase.fromKubeconfig}: where the kubeconfig is, and the RestClient's options. */
export interface ClientsetKubeconfigOptions extends KubeconfigOptions {
  /** @default {} */
  client?: Omit<ClientsetConfigOptions, 'namespace'>;
}

/** A generated clientset's constructor, as the static constructors below call it. */
export type ClientsetConstructor<C> = new (provider: ResourceClientProvider, options?: ClientsetOptions) => C;

/** The provider and options of a clientset over one RestClient for `config`. */
function restBacked(config: RestConfig, options: ClientsetConfigOptions): [ResourceClientProvider, ClientsetOptions] {
  const { discovery = (rest) => new DiscoveryClient(rest), namespace, ...restOptions } = options;
  const rest = newClientsetRestClient(config, restOptions);
  return [
    new RestResourceClientProvider(rest),
    { rest, discovery: () => discovery(rest), ...(namespace === undefined ? {} : { namespace }) },
  ];
}

/**
 * What every generated Clientset extends (client-go's clientset.go without the per-group fields): generated
 * subclasses add one accessor per group/version.
 */
export class ClientsetBase {
  readonly #provider: ResourceClientProvider;
  readonly #options: ClientsetOptions;
  #discovery: DiscoveryInterface | undefined;

  /** A clientset whose resource clients come from `provider` (the REST provider, or a fake one in tests). */
  constructor(provider: ResourceClientProvider, options: ClientsetOptions = {}) {
    this.#provider = provider;
    this.#options = options;
  }

  /**
   * A clientset for the API server of `config` (client-go's NewForConfig): one RestClient, hence one connection
   * pool and one QPS/Burst token bucket, shared by every typed client.
   */
  static fromConfig<C>(this: ClientsetConstructor<C>, config: RestConfig, options: ClientsetConfigOptions = {}): C {
    return new this(...restBacked(config, options));
  }

  /**
   * A clientset from the kubeconfig (client-go's deferred loading rules: $KUBECONFIG or ~/.kube/config, else the
   * in-cluster service account); defaultNamespace() is the context's or the pod's namespace.
   */
  static fromKubeconfig<C>(this: ClientsetConstructor<C>, options: ClientsetKubeconfigOptions = {}): C {
    const { client, ...kubeconfig } = options;
    const loaded = loadConfig(kubeconfig);
    return new this(...restBacked(loaded.config, { ...client, namespace: loaded.namespace }));
  }

  /** The provider every typed client of this clientset delegates to. */
  provider(): ResourceClientProvider {
    return this.#provider;
  }

  /** The discovery client (server version, groups and resources). */
  discovery(): DiscoveryInterface {
    if (this.#discovery === undefined) {
      const make = this.#options.discovery;
      if (make === undefined) {
        throw new KubeError('KUBE_NO_DISCOVERY', 'this clientset was built without a discovery client');
      }
      this.#discovery = make();
    }
    return this.#discovery;
  }

  /** The RestClient behind the typed clients, or undefined for a clientset over another provider (a fake). */
  restClient(): RestClient | undefined {
    return this.#options.rest;
  }

  /** The namespace the config selected, for callers that act on "the current namespace". */
  defaultNamespace(): string {
    return this.#options.namespace ?? 'default';
  }

  /** Closes the RestClient's pooled connections, so that the process can exit; a no-op without one. */
  async close(): Promise<void> {
    await this.#options.rest?.close();
  }
}
