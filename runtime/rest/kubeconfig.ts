// Kubeconfig loading with clientcmd's rules: KUBECONFIG merging, context selection, overrides, relative paths.
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse, YAMLError } from 'yaml';
import { KubeError } from '../errors/api-error.js';
import { type ExecConfig, type ExecInteractiveMode, validateExecConfig } from './exec-credential.js';
import type { LoadedConfig, RestConfig } from './rest-config.js';

/** A kubeconfig that cannot be used; the message names the file and entry, never a secret. */
export class KubeconfigError extends KubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('KUBE_CONFIG_INVALID', message, options);
  }
}

/**
 * clientcmd's empty config: no kubeconfig file was found, or the files select no context. The deferred loader
 * (loadConfig) then falls back to in-cluster config when it is possible.
 */
export class EmptyKubeconfigError extends KubeconfigError {}

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
  } catch (err) {
    // The parser's own message quotes the offending source line, which may hold a token: keep only the position.
    const at =
      err instanceof YAMLError && err.linePos !== undefined
        ? ` at line ${err.linePos[0].line}, column ${err.linePos[0].col}`
        : '';
    const code = err instanceof YAMLError ? ` (${err.code})` : '';
    throw new KubeconfigError(`${file}: not valid YAML${at}${code}; fix the file or point KUBECONFIG elsewhere`);
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

/** Strict standard base64 (Go's StdEncoding, padding required; line breaks tolerated). */
function b64(x: unknown, file: string, entry: string, field: string): string | undefined {
  const s = str(x)?.replace(/\s+/g, '');
  if (s === undefined) {
    return undefined;
  }
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) {
    throw new KubeconfigError(`${file}: ${entry}: ${field} is not valid base64`);
  }
  return Buffer.from(s, 'base64').toString('utf8');
}

/** PEM data must hold at least one block; checked at load so the error names the entry, not a TLS handshake. */
function requirePem(pemText: string | undefined, file: string, entry: string, field: string): void {
  if (pemText !== undefined && !/-----BEGIN [A-Z0-9 ]+-----/.test(pemText)) {
    throw new KubeconfigError(`${file}: ${entry}: ${field} does not hold PEM data`);
  }
}

/** A referenced file must be readable now, as clientcmd validates, rather than fail later with a bare ENOENT. */
function requireReadable(path: string | undefined, file: string, entry: string, field: string): void {
  if (path === undefined) {
    return;
  }
  try {
    accessSync(path, constants.R_OK);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'is not readable';
    throw new KubeconfigError(`${file}: ${entry}: ${field} file ${path} ${why}`);
  }
}

/** The server must be an absolute http(s) URL; the value itself is not echoed, since it may hold userinfo. */
function validServer(server: string, file: string, entry: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new KubeconfigError(`${file}: ${entry}: server is not a URL; use https://host:port`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new KubeconfigError(
      `${file}: ${entry}: server has scheme ${JSON.stringify(url.protocol)}; only https:// and http:// are supported`,
    );
  }
  return server.replace(/\/+$/, '');
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
    throw new EmptyKubeconfigError(
      `no kubeconfig found (looked at ${paths.join(', ')}); set KUBECONFIG or pass a path`,
    );
  }
  const where = merged.files.join(', ');
  const contextName = options.context ?? merged.currentContext;
  if (contextName === undefined) {
    const message = `${where}: no current-context is set; pass a context`;
    throw options.cluster === undefined ? new EmptyKubeconfigError(message) : new KubeconfigError(message);
  }
  const ctx = merged.contexts.get(contextName);
  if (ctx === undefined && options.cluster === undefined) {
    throw new KubeconfigError(`${where}: context "${contextName}" is not defined`);
  }
  const clusterName = options.cluster ?? str(ctx?.value.cluster);
  const userName = options.user ?? str(ctx?.value.user);
  const cluster = clusterName === undefined ? undefined : merged.clusters.get(clusterName);
  if (cluster === undefined) {
    const by = options.cluster !== undefined ? 'the cluster override' : `context "${contextName}"`;
    throw new KubeconfigError(
      `${ctx?.file ?? where}: ${by} names cluster "${clusterName ?? ''}", which is not defined`,
    );
  }
  const server = str(cluster.value.server);
  if (server === undefined) {
    throw new KubeconfigError(`${cluster.file}: cluster "${clusterName}" has no server`);
  }
  const entry = `cluster "${clusterName}"`;
  const config: RestConfig = { host: validServer(server, cluster.file, entry), tls: {}, auth: {} };
  const tls = config.tls as NonNullable<RestConfig['tls']>;
  const caField = 'certificate-authority-data';
  const ca = b64(cluster.value[caField], cluster.file, entry, caField);
  const caFile = pathIn(cluster.file, cluster.value['certificate-authority']);
  if (cluster.value['insecure-skip-tls-verify'] === true && (ca !== undefined || caFile !== undefined)) {
    throw new KubeconfigError(
      `${cluster.file}: ${entry}: a certificate authority together with insecure-skip-tls-verify is not allowed; remove one`,
    );
  }
  requirePem(ca, cluster.file, entry, caField);
  if (ca === undefined) {
    requireReadable(caFile, cluster.file, entry, 'certificate-authority');
  }
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
      const by = options.user !== undefined ? 'the user override' : `context "${contextName}"`;
      throw new KubeconfigError(`${ctx?.file ?? where}: ${by} names user "${userName}", which is not defined`);
    }
    applyUser(config, user, userName, cluster);
  }
  const namespace = options.namespace ?? str(ctx?.value.namespace) ?? 'default';
  return { config, namespace };
}

function applyUser(config: RestConfig, user: Named, name: string, cluster: Named): void {
  const tls = config.tls as NonNullable<RestConfig['tls']>;
  const auth = config.auth as NonNullable<RestConfig['auth']>;
  const u = user.value;
  const entry = `user "${name}"`;
  const certData = b64(u['client-certificate-data'], user.file, entry, 'client-certificate-data');
  const keyData = b64(u['client-key-data'], user.file, entry, 'client-key-data');
  const certFile = pathIn(user.file, u['client-certificate']);
  const keyFile = pathIn(user.file, u['client-key']);
  const hasCert = certData !== undefined || certFile !== undefined;
  const hasKey = keyData !== undefined || keyFile !== undefined;
  if (hasCert !== hasKey) {
    throw new KubeconfigError(
      hasCert
        ? `${user.file}: ${entry} has a client-certificate but no client-key; set both or neither`
        : `${user.file}: ${entry} has a client-key but no client-certificate; set both or neither`,
    );
  }
  requirePem(certData, user.file, entry, 'client-certificate-data');
  requirePem(keyData, user.file, entry, 'client-key-data');
  if (certData === undefined) {
    requireReadable(certFile, user.file, entry, 'client-certificate');
  }
  if (keyData === undefined) {
    requireReadable(keyFile, user.file, entry, 'client-key');
  }
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
  const exec = record(u.exec);
  if (exec !== undefined && token === undefined && tokenFile === undefined && username === undefined) {
    auth.exec = execConfig(exec, user.file, name, cluster);
  } else if (u.exec !== undefined && exec === undefined) {
    throw new KubeconfigError(`${user.file}: user "${name}": exec must be a mapping`);
  }
  if (u['auth-provider'] !== undefined && exec === undefined) {
    throw new KubeconfigError(
      `${user.file}: user "${name}" uses an auth-provider plugin, which kgen does not support; use an exec plugin, a token or a client certificate`,
    );
  }
  const as = str(u.as);
  const asGroups = Array.isArray(u['as-groups'])
    ? u['as-groups'].filter((g): g is string => typeof g === 'string')
    : [];
  const asExtra = record(u['as-user-extra']);
  const asUid = str(u['as-uid']);
  if (as !== undefined || asGroups.length > 0 || asExtra !== undefined || asUid !== undefined) {
    config.impersonate = {
      ...(as !== undefined ? { userName: as } : {}),
      ...(asUid !== undefined ? { uid: asUid } : {}),
      ...(asGroups.length > 0 ? { groups: asGroups } : {}),
      ...(asExtra !== undefined
        ? {
            extra: Object.fromEntries(
              Object.entries(asExtra).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : [String(v)]]),
            ),
          }
        : {}),
    };
  }
}

function execConfig(e: Record<string, unknown>, file: string, name: string, cluster: Named): ExecConfig {
  const command = str(e.command);
  if (command === undefined) {
    throw new KubeconfigError(`${file}: user "${name}": exec has no command`);
  }
  const apiVersion = str(e.apiVersion) ?? '';
  const mode = str(e.interactiveMode);
  const exec: ExecConfig = {
    command: pathIn(file, command.includes('/') || command.includes('\\') ? command : undefined) ?? command,
    apiVersion,
    ...(Array.isArray(e.args) ? { args: e.args.map(String) } : {}),
    ...(Array.isArray(e.env)
      ? {
          env: e.env.map((x: unknown, i: number) => {
            const r = record(x);
            if (r === undefined || str(r.name) === undefined) {
              throw new KubeconfigError(`${file}: user "${name}": exec env[${i}] has no name`);
            }
            return { name: String(r.name), value: typeof r.value === 'string' ? r.value : '' };
          }),
        }
      : {}),
    ...(mode !== undefined ? { interactiveMode: mode as ExecInteractiveMode } : {}),
    ...(e.provideClusterInfo === true ? { provideClusterInfo: true } : {}),
    ...(str(e.installHint) !== undefined ? { installHint: str(e.installHint) as string } : {}),
  };
  const extensions = Array.isArray(cluster.value.extensions) ? cluster.value.extensions : [];
  for (const x of extensions) {
    const r = record(x);
    if (r?.name === 'client.authentication.k8s.io/exec') {
      exec.clusterConfig = r.extension;
    }
  }
  try {
    validateExecConfig(exec);
  } catch (err) {
    throw new KubeconfigError(`${file}: user "${name}": ${(err as Error).message}`, { cause: err });
  }
  return exec;
}
