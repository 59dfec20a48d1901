// Kubeconfig loading with clientcmd's rules: KUBECONFIG merging, context selection, overrides, relative paths.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { KubeError } from '../errors/api-error.js';
import type { LoadedConfig, RestConfig } from './rest-config.js';

/** A kubeconfig that cannot be used; the message names the file and entry, never a secret. */
export class KubeconfigError extends KubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('KUBE_CONFIG_INVALID', message, options);
  }
}

export interface KubeconfigOptions {
  /** An explicit file, used unmerged; it must exist. @default $KUBECONFIG path list, else ~/.kube/config */
  kubeconfig?: string;
  /** @default the merged current-context */
  context?: string;
  cluster?: string;
  user?: string;
  namespace?: string;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
}

interface Named {
  readonly file: string;
  readonly value: Record<string, unknown>;
}

interface Merged {
  clusters: Map<string, Named>;
  users: Map<string, Named>;
  contexts: Map<string, Named>;
  currentContext: string | undefined;
  files: string[];
}

function record(x: unknown): Record<string, unknown> | undefined {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined;
}

function str(x: unknown): string | undefined {
  return typeof x === 'string' && x !== '' ? x : undefined;
}

function readFile(file: string, merged: Merged): void {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new KubeconfigError(`${file}: not valid YAML; fix the file or point KUBECONFIG elsewhere`, { cause });
  }
  const root = doc === null || doc === undefined ? {} : record(doc);
  if (root === undefined) {
    throw new KubeconfigError(`${file}: a kubeconfig must be a mapping (apiVersion: v1, kind: Config)`);
  }
  merged.files.push(file);
  for (const [section, target, inner] of [
    ['clusters', merged.clusters, 'cluster'],
    ['users', merged.users, 'user'],
    ['contexts', merged.contexts, 'context'],
  ] as const) {
    const list = root[section];
    if (list === undefined || list === null) {
      continue;
    }
    if (!Array.isArray(list)) {
      throw new KubeconfigError(`${file}: ${section} must be a list`);
    }
    list.forEach((entry: unknown, i) => {
      const e = record(entry);
      const name = str(e?.name);
      if (e === undefined || name === undefined) {
        throw new KubeconfigError(`${file}: ${section}[${i}] has no name`);
      }
      // The first file to define a name wins, and its entry is kept whole.
      if (!target.has(name)) {
        target.set(name, { file, value: record(e[inner]) ?? {} });
      }
    });
  }
  const current = str(root['current-context']);
  if (merged.currentContext === undefined && current !== undefined) {
    merged.currentContext = current;
  }
}

/** The files clientcmd would read, in precedence order. */
export function kubeconfigPaths(options: KubeconfigOptions = {}): string[] {
  if (options.kubeconfig !== undefined) {
    return [options.kubeconfig];
  }
  const env = options.env ?? process.env;
  const list = env.KUBECONFIG;
  if (list !== undefined && list !== '') {
    return [...new Set(list.split(delimiter).filter((p) => p !== ''))];
  }
  return [join(env.HOME ?? homedir(), '.kube', 'config')];
}

function pathIn(file: string, p: unknown): string | undefined {
  const s = str(p);
  return s === undefined ? undefined : isAbsolute(s) ? s : resolve(dirname(file), s);
}

function b64(x: unknown): string | undefined {
  const s = str(x);
  return s === undefined ? undefined : Buffer.from(s, 'base64').toString('utf8');
}

/** True when some kubeconfig file exists (for the deferred fallback to in-cluster config). */
export function kubeconfigExists(options: KubeconfigOptions = {}): boolean {
  return kubeconfigPaths(options).some((p) => existsSync(p));
}

/** Loads and merges kubeconfig files and resolves the selected context into a RestConfig. */
export function loadKubeconfig(options: KubeconfigOptions = {}): LoadedConfig {
  const merged: Merged = {
    clusters: new Map(),
    users: new Map(),
    contexts: new Map(),
    currentContext: undefined,
    files: [],
  };
  const paths = kubeconfigPaths(options);
  if (options.kubeconfig !== undefined && !existsSync(options.kubeconfig)) {
    throw new KubeconfigError(`${options.kubeconfig}: kubeconfig file does not exist`);
  }
  for (const p of paths) {
    if (existsSync(p)) {
      readFile(p, merged);
    }
  }
  if (merged.files.length === 0) {
    throw new KubeconfigError(`no kubeconfig found (looked at ${paths.join(', ')}); set KUBECONFIG or pass a path`);
  }
  const where = merged.files.join(', ');
  const contextName = options.context ?? merged.currentContext;
  if (contextName === undefined) {
    throw new KubeconfigError(`${where}: no current-context is set; pass a context`);
  }
  const ctx = merged.contexts.get(contextName);
  if (ctx === undefined && options.cluster === undefined) {
    throw new KubeconfigError(`${where}: context "${contextName}" is not defined`);
  }
  const clusterName = options.cluster ?? str(ctx?.value.cluster);
  const userName = options.user ?? str(ctx?.value.user);
  const cluster = clusterName === undefined ? undefined : merged.clusters.get(clusterName);
  if (cluster === undefined) {
    throw new KubeconfigError(
      `${ctx?.file ?? where}: context "${contextName}" names cluster "${clusterName ?? ''}", which is not defined`,
    );
  }
  const server = str(cluster.value.server);
  if (server === undefined) {
    throw new KubeconfigError(`${cluster.file}: cluster "${clusterName}" has no server`);
  }
  const config: RestConfig = { host: server.replace(/\/+$/, ''), tls: {}, auth: {} };
  const tls = config.tls as NonNullable<RestConfig['tls']>;
  const ca = b64(cluster.value['certificate-authority-data']);
  const caFile = pathIn(cluster.file, cluster.value['certificate-authority']);
  if (ca !== undefined) {
    tls.caData = ca;
  } else if (caFile !== undefined) {
    tls.caFile = caFile;
  }
  const serverName = str(cluster.value['tls-server-name']);
  if (serverName !== undefined) {
    tls.serverName = serverName;
  }
  if (cluster.value['insecure-skip-tls-verify'] === true) {
    tls.insecure = true;
  }
  if (userName !== undefined) {
    const user = merged.users.get(userName);
    if (user === undefined) {
      throw new KubeconfigError(
        `${ctx?.file ?? where}: context "${contextName}" names user "${userName}", which is not defined`,
      );
    }
    applyUser(config, user, userName);
  }
  const namespace = options.namespace ?? str(ctx?.value.namespace) ?? 'default';
  return { config, namespace };
}

function applyUser(config: RestConfig, user: Named, name: string): void {
  const tls = config.tls as NonNullable<RestConfig['tls']>;
  const auth = config.auth as NonNullable<RestConfig['auth']>;
  const u = user.value;
  const certData = b64(u['client-certificate-data']);
  const keyData = b64(u['client-key-data']);
  const certFile = pathIn(user.file, u['client-certificate']);
  const keyFile = pathIn(user.file, u['client-key']);
  if (certData !== undefined) {
    tls.certData = certData;
  } else if (certFile !== undefined) {
    tls.certFile = certFile;
  }
  if (keyData !== undefined) {
    tls.keyData = keyData;
  } else if (keyFile !== undefined) {
    tls.keyFile = keyFile;
  }
  const token = str(u.token);
  const tokenFile = pathIn(user.file, u.tokenFile);
  if (token !== undefined) {
    auth.bearerToken = token;
  } else if (tokenFile !== undefined) {
    auth.bearerTokenFile = tokenFile;
  }
  const username = str(u.username);
  if (username !== undefined) {
    if (token !== undefined || tokenFile !== undefined) {
      throw new KubeconfigError(`${user.file}: user "${name}" sets both a token and basic auth; keep one`);
    }
    auth.username = username;
    auth.password = str(u.password) ?? '';
  }
  if (u.exec !== undefined || u['auth-provider'] !== undefined) {
    throw new KubeconfigError(
      `${user.file}: user "${name}" uses an exec or auth-provider plugin, which kgen does not support yet; use a token or client certificate`,
    );
  }
}
