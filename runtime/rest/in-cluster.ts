// In-cluster config: the pod's service-account token (re-read), ca.crt and namespace; the deferred loader's fallback.
import { X509Certificate } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KubeError } from '../errors/api-error.js';
import { logger } from '../util/logger.js';
import { EmptyKubeconfigError, type KubeconfigOptions, loadKubeconfig } from './kubeconfig.js';
import type { LoadedConfig } from './rest-config.js';

/** Where the kubelet mounts a pod's service-account token, ca.crt and namespace. */
export const serviceAccountDir = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Where {@link inClusterConfig} looks; both exist so that tests can stand in for a pod. */
export interface InClusterOptions {
  /** Read for KUBERNETES_SERVICE_HOST, KUBERNETES_SERVICE_PORT and POD_NAMESPACE. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** The directory holding `token`, `ca.crt` and `namespace`. @default serviceAccountDir */
  serviceAccountDir?: string;
}

/** Options of {@link loadConfig}: the kubeconfig's, plus where in-cluster config would come from. */
export interface LoadConfigOptions extends KubeconfigOptions {
  /** The service-account directory for the in-cluster fallback. @default serviceAccountDir */
  serviceAccountDir?: string;
}

function errnoCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? 'unreadable';
}

// Why the CA bundle cannot be used (client-go's certutil.NewPool: every CERTIFICATE block must parse, one at least),
// or undefined when it can.
function caProblem(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return errnoCode(err) === 'ENOENT' ? 'does not exist' : `cannot be read (${errnoCode(err)})`;
  }
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) {
    return 'holds no PEM certificate';
  }
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch {
      return `holds a certificate (block ${i + 1}) that does not parse`;
    }
  }
  return undefined;
}

/**
 * Config for a process running in a pod (client-go's rest.InClusterConfig): `https://host:port` from the service
 * env vars, the service-account token file (re-read by the client at most once a minute), and ca.crt only if it
 * holds valid PEM certificates (otherwise an error is logged naming the file and the system trust store is used,
 * as client-go does). The namespace is POD_NAMESPACE, else the `namespace` file, else "default".
 * Throws KUBE_NOT_IN_CLUSTER without the env vars, KUBE_CONFIG_INVALID when the token cannot be read.
 */
export function inClusterConfig(options: InClusterOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const dir = options.serviceAccountDir ?? serviceAccountDir;
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) {
    throw new KubeError(
      'KUBE_NOT_IN_CLUSTER',
      'not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set',
    );
  }
  const tokenFile = join(dir, 'token');
  try {
    accessSync(tokenFile, constants.R_OK);
  } catch (err) {
    throw new KubeError(
      'KUBE_CONFIG_INVALID',
      `in-cluster config: cannot read the service-account token ${tokenFile} (${errnoCode(err)})`,
      { cause: err },
    );
  }
  const ca = join(dir, 'ca.crt');
  const problem = caProblem(ca);
  if (problem !== undefined) {
    logger().error(`in-cluster config: expected to load the root CA from ${ca}, but it ${problem}`, { file: ca });
  }
  const nsFile = join(dir, 'namespace');
  const namespace = env.POD_NAMESPACE || (existsSync(nsFile) ? readFileSync(nsFile, 'utf8').trim() : '') || 'default';
  // net.JoinHostPort: an IPv6 literal goes in brackets.
  const h = host.includes(':') ? `[${host}]` : host;
  return {
    config: {
      host: `https://${h}:${port}`,
      tls: problem === undefined ? { caFile: ca } : {},
      auth: { bearerTokenFile: tokenFile },
    },
    namespace,
  };
}

/** client-go's inClusterClientConfig.Possible: the service env vars are set and the token file exists. */
export function inClusterPossible(options: InClusterOptions = {}): boolean {
  const env = options.env ?? process.env;
  if (!env.KUBERNETES_SERVICE_HOST || !env.KUBERNETES_SERVICE_PORT) {
    return false;
  }
  try {
    return !statSync(join(options.serviceAccountDir ?? serviceAccountDir, 'token')).isDirectory();
  } catch {
    return false;
  }
}

/**
 * client-go's DeferredLoadingClientConfig: the kubeconfig (the named file, else $KUBECONFIG, else ~/.kube/config);
 * when that is empty (no file found, or no context selected) and in-cluster config is possible, in-cluster config.
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const { serviceAccountDir: dir, ...kubeconfig } = options;
  const inCluster: InClusterOptions = {
    env: options.env ?? process.env,
    ...(dir !== undefined ? { serviceAccountDir: dir } : {}),
  };
  try {
    return loadKubeconfig(kubeconfig);
  } catch (err) {
    if (!(err instanceof EmptyKubeconfigError)) {
      throw err;
    }
    if (inClusterPossible(inCluster)) {
      logger().debug('Using in-cluster configuration');
      return inClusterConfig(inCluster);
    }
    throw new EmptyKubeconfigError(
      `${err.message}; in-cluster config is not possible either (KUBERNETES_SERVICE_HOST/PORT unset or no service-account token)`,
      { cause: err },
    );
  }
}
