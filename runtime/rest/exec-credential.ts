// Exec credential plugins (client.authentication.k8s.io v1/v1beta1): run the plugin, validate and cache what it prints.
import { spawn } from 'node:child_process';
import { KubeError } from '../errors/api-error.js';
import { type Clock, realClock } from '../util/clock.js';

/** The API versions of the ExecCredential protocol that kgen speaks. */
export const execApiVersions = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'] as const;
export type ExecApiVersion = (typeof execApiVersions)[number];

/** When the plugin may use the terminal (stdin). Without a TTY, `Always` is an error. */
export type ExecInteractiveMode = 'Never' | 'IfAvailable' | 'Always';

/** A kubeconfig user's `exec` block. */
export interface ExecConfig {
  command: string;
  args?: string[];
  /** Added to the process environment. */
  env?: { name: string; value: string }[];
  apiVersion: string;
  /** Required for v1; defaults to IfAvailable for v1beta1. */
  interactiveMode?: ExecInteractiveMode;
  /** Pass the cluster's connection details to the plugin in KUBERNETES_EXEC_INFO. @default false */
  provideClusterInfo?: boolean;
  /** Printed in the error when the command cannot be found. */
  installHint?: string;
  /** The cluster's `client.authentication.k8s.io/exec` extension, passed as `spec.cluster.config`. */
  clusterConfig?: unknown;
}

/** `spec.cluster` of KUBERNETES_EXEC_INFO, with the kubeconfig's field names. */
export interface ExecClusterInfo {
  server: string;
  'tls-server-name'?: string;
  'insecure-skip-tls-verify'?: boolean;
  /** Base64 of the CA bundle. */
  'certificate-authority-data'?: string;
  config?: unknown;
}

/** What a plugin returned. `expiresAt` is epoch ms; undefined means the credential never expires. */
export interface ExecCredential {
  readonly token?: string;
  readonly clientCertificateData?: string;
  readonly clientKeyData?: string;
  readonly expiresAt?: number;
}

/** A plugin that could not be run or printed an unusable credential. Names the command, never the credential. */
export class ExecPluginError extends KubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('KUBE_EXEC_PLUGIN', message, options);
  }
}

export interface ExecCredentialProviderOptions {
  /** @default realClock */
  clock?: Clock;
  /** Sent as `spec.cluster` when the config sets provideClusterInfo. */
  cluster?: ExecClusterInfo;
  /** Whether a terminal is attached. @default process.stdin.isTTY === true */
  isTerminal?: boolean;
  /** The base environment of the plugin. @default process.env */
  env?: NodeJS.ProcessEnv;
}

/** Validates an exec block (as clientcmd does) and returns its effective interactive mode. */
export function validateExecConfig(exec: ExecConfig): ExecInteractiveMode {
  if (typeof exec.command !== 'string' || exec.command === '') {
    throw new ExecPluginError('exec plugin: no command is set');
  }
  if (!(execApiVersions as readonly string[]).includes(exec.apiVersion)) {
    throw new ExecPluginError(
      `exec plugin ${exec.command}: apiVersion ${JSON.stringify(exec.apiVersion)} is not supported (use ${execApiVersions.join(' or ')})`,
    );
  }
  const mode = exec.interactiveMode;
  if (mode === undefined) {
    if (exec.apiVersion === 'client.authentication.k8s.io/v1') {
      throw new ExecPluginError(`exec plugin ${exec.command}: interactiveMode must be set for ${exec.apiVersion}`);
    }
    return 'IfAvailable';
  }
  if (mode !== 'Never' && mode !== 'IfAvailable' && mode !== 'Always') {
    throw new ExecPluginError(`exec plugin ${exec.command}: interactiveMode ${JSON.stringify(mode)} is not valid`);
  }
  return mode;
}

/**
 * Runs an exec plugin on demand and caches its credential until `expirationTimestamp` (forever without one).
 * Concurrent callers share one plugin run.
 */
export class ExecCredentialProvider {
  private readonly exec: ExecConfig;
  private readonly mode: ExecInteractiveMode;
  private readonly clock: Clock;
  private readonly options: ExecCredentialProviderOptions;
  private cached: ExecCredential | undefined;
  private inFlight: Promise<ExecCredential> | undefined;
  private runs = 0;

  constructor(exec: ExecConfig, options: ExecCredentialProviderOptions = {}) {
    this.mode = validateExecConfig(exec);
    this.exec = exec;
    this.clock = options.clock ?? realClock;
    this.options = options;
  }

  /** How many times the plugin has been started (for tests and metrics). */
  get runCount(): number {
    return this.runs;
  }

  /** The current credential, running the plugin when none is cached or the cached one expired. */
  credential(signal?: AbortSignal): Promise<ExecCredential> {
    const c = this.cached;
    if (c !== undefined && (c.expiresAt === undefined || this.clock.now() < c.expiresAt)) {
      return Promise.resolve(c);
    }
    if (this.inFlight === undefined) {
      this.inFlight = this.run(signal).then(
        (cred) => {
          this.cached = cred;
          this.inFlight = undefined;
          return cred;
        },
        (err: unknown) => {
          this.inFlight = undefined;
          throw err;
        },
      );
    }
    return this.inFlight;
  }

  /**
   * Called after a 401. Drops the cached credential if it is the one the failed request used (another request
   * may already have refreshed it); returns true when a retry with a fresh credential makes sense.
   */
  invalidate(used: ExecCredential): boolean {
    if (this.cached === used) {
      this.cached = undefined;
      return true;
    }
    return this.cached !== undefined || this.inFlight !== undefined;
  }

  private interactive(): boolean {
    const tty = this.options.isTerminal ?? process.stdin.isTTY === true;
    if (this.mode === 'Never') {
      return false;
    }
    if (this.mode === 'Always' && !tty) {
      throw new ExecPluginError(
        `exec plugin ${this.exec.command}: interactiveMode is Always but no terminal is attached; run it interactively or use IfAvailable`,
      );
    }
    return tty;
  }

  private async run(signal?: AbortSignal): Promise<ExecCredential> {
    const interactive = this.interactive();
    const { command, args = [], apiVersion } = this.exec;
    const info = {
      kind: 'ExecCredential',
      apiVersion,
      spec: {
        interactive,
        ...(this.exec.provideClusterInfo === true && this.options.cluster !== undefined
          ? { cluster: { ...this.options.cluster, config: this.exec.clusterConfig } }
          : {}),
      },
    };
    const env: NodeJS.ProcessEnv = { ...(this.options.env ?? process.env) };
    for (const e of this.exec.env ?? []) {
      env[e.name] = e.value;
    }
    env.KUBERNETES_EXEC_INFO = JSON.stringify(info);
    this.runs++;
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = spawn(command, args, {
        env,
        // The plugin talks to the user through stderr (and stdin when interactive), as with kubectl.
        stdio: [interactive ? 'inherit' : 'ignore', 'pipe', 'inherit'],
        ...(signal !== undefined ? { signal } : {}),
      });
      const out: Buffer[] = [];
      child.stdout?.on('data', (b: Buffer) => out.push(b));
      child.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') {
          const hint = this.exec.installHint ? `: ${this.exec.installHint}` : '';
          reject(new ExecPluginError(`exec plugin ${command} was not found${hint}`, { cause: err }));
        } else if (err.name === 'AbortError') {
          reject(err);
        } else {
          reject(new ExecPluginError(`exec plugin ${command} could not be started: ${err.message}`, { cause: err }));
        }
      });
      child.on('close', (code, sig) => {
        if (code === 0) {
          resolve(Buffer.concat(out).toString('utf8'));
        } else {
          reject(new ExecPluginError(`exec plugin ${command} failed (${sig ?? `exit code ${code}`})`));
        }
      });
    });
    return this.parse(stdout);
  }

  // Never quote stdout in an error: it holds the credential.
  private parse(stdout: string): ExecCredential {
    const cmd = this.exec.command;
    let doc: unknown;
    try {
      doc = JSON.parse(stdout);
    } catch {
      throw new ExecPluginError(`exec plugin ${cmd} did not print a JSON ExecCredential`);
    }
    const o = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
    if (o.kind !== 'ExecCredential') {
      throw new ExecPluginError(
        `exec plugin ${cmd} printed an object whose kind is not ExecCredential (kind: ${quoteIdentifier(o.kind)})`,
      );
    }
    if (o.apiVersion !== this.exec.apiVersion) {
      throw new ExecPluginError(
        `exec plugin ${cmd} is configured for ${this.exec.apiVersion} but returned another apiVersion (${quoteIdentifier(o.apiVersion)})`,
      );
    }
    const status = o.status;
    if (typeof status !== 'object' || status === null) {
      throw new ExecPluginError(`exec plugin ${cmd} returned no status`);
    }
    const s = status as Record<string, unknown>;
    const token = typeof s.token === 'string' && s.token !== '' ? s.token : undefined;
    const cert =
      typeof s.clientCertificateData === 'string' && s.clientCertificateData !== ''
        ? s.clientCertificateData
        : undefined;
    const key = typeof s.clientKeyData === 'string' && s.clientKeyData !== '' ? s.clientKeyData : undefined;
    if ((cert === undefined) !== (key === undefined)) {
      throw new ExecPluginError(`exec plugin ${cmd} returned only a client certificate or a key, not both`);
    }
    if (token === undefined && cert === undefined) {
      throw new ExecPluginError(`exec plugin ${cmd} returned neither a token nor a client certificate and key`);
    }
    let expiresAt: number | undefined;
    if (s.expirationTimestamp !== undefined && s.expirationTimestamp !== null) {
      expiresAt = typeof s.expirationTimestamp === 'string' ? Date.parse(s.expirationTimestamp) : Number.NaN;
      if (Number.isNaN(expiresAt)) {
        throw new ExecPluginError(`exec plugin ${cmd} returned an expirationTimestamp that is not RFC 3339`);
      }
    }
    return {
      ...(token !== undefined ? { token } : {}),
      ...(cert !== undefined && key !== undefined ? { clientCertificateData: cert, clientKeyData: key } : {}),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
    };
  }
}

// Names what the plugin printed only when it is a known kind or apiVersion; anything else is not echoed, because
// a plugin that misplaced its token would otherwise have it quoted into an error message.
const nameable = new Set<string>(['ExecCredential', 'client.authentication.k8s.io/v1alpha1', ...execApiVersions]);
function quoteIdentifier(v: unknown): string {
  if (v === undefined) {
    return 'none';
  }
  return typeof v === 'string' && nameable.has(v) ? JSON.stringify(v) : 'another value (not shown)';
}
