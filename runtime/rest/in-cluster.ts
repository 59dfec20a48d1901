// In-cluster config: the pod's service-account token (re-read), ca.crt and namespace.
import { existsSync, readFileSync } from 'node:fs';
import { KubeError } from '../errors/api-error.js';
import { type KubeconfigOptions, kubeconfigExists, loadKubeconfig } from './kubeconfig.js';
import type { LoadedConfig } from './rest-config.js';

const saDir = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Config for a process running in a pod; throws KUBE_NOT_IN_CLUSTER elsewhere. */
export function inClusterConfig(env: NodeJS.ProcessEnv = process.env, dir = saDir): LoadedConfig {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) {
    throw new KubeError('KUBE_NOT_IN_CLUSTER', 'not running in a cluster: KUBERNETES_SERVICE_HOST/PORT are not set');
  }
  const ca = `${dir}/ca.crt`;
  const nsFile = `${dir}/namespace`;
  const namespace = env.POD_NAMESPACE || (existsSync(nsFile) ? readFileSync(nsFile, 'utf8').trim() : '') || 'default';
  const h = host.includes(':') ? `[${host}]` : host;
  return {
    config: {
      host: `https://${h}:${port}`,
      tls: existsSync(ca) ? { caFile: ca } : {},
      auth: { bearerTokenFile: `${dir}/token` },
    },
    namespace,
  };
}

/** client-go's deferred loading: a kubeconfig if one exists (or is named), else in-cluster config. */
export function loadConfig(options: KubeconfigOptions = {}): LoadedConfig {
  if (options.kubeconfig !== undefined || kubeconfigExists(options)) {
    return loadKubeconfig(options);
  }
  return inClusterConfig(options.env ?? process.env);
}
