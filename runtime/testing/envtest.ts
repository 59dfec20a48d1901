// envtest: a real kube-apiserver and etcd on loopback for tests, as controller-runtime's envtest provides for Go.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { onAbort, throwIfAborted } from '../util/abort.js';
import { logger } from '../util/logger.js';
import { apiServerArgs, type ExtraFlags, etcdArgs } from './control-plane-flags.js';
import { installCrds, loadCrds } from './crd-install.js';
import { type EnvtestBinaries, resolveEnvtestBinaries } from './envtest-binaries.js';
import { type EnvtestCertificates, generateEnvtestCertificates } from './envtest-certificates.js';
import { EnvtestError } from './envtest-error.js';
import { createEnvtestDir, removeEnvtestDir, writeEnvtestFiles } from './envtest-files.js';
import { renderKubeconfig } from './envtest-kubeconfig.js';
import { compactEtcdAtHead } from './etcd-compaction.js';
import { freePorts } from './free-port.js';
import { loopbackRequest } from './loopback-request.js';
import { SupervisedProcess } from './supervised-process.js';
import { waitUntilReady } from './wait-until-ready.js';

/** Options of {@link startEnvtest}. */
export interface EnvtestOptions {
  /** CRDs to install before returning: file paths (YAML/JSON, multi-document, or directories) or CRD objects. */
  readonly crds?: readonly (string | object)[];
  /** Extra kube-apiserver flags; a flag named here replaces envtest's default of the same name. */
  readonly apiServerFlags?: ExtraFlags;
  /** Where the binaries are. @default resolveEnvtestBinaries() (env vars, then the setup-envtest cache) */
  readonly binaries?: EnvtestBinaries;
  /** How long etcd and then kube-apiserver each get to become ready. @default 90_000 */
  readonly startTimeoutMs?: number;
  /** Milliseconds between SIGTERM and SIGKILL when stopping a process. @default 10_000 */
  readonly stopGraceMs?: number;
  /** Aborting cancels start-up; once started, aborting stops the environment (as {@link Envtest.stop}). */
  readonly signal?: AbortSignal;
}

/** A running envtest: connection details for both admin identities and control over the processes. */
export interface Envtest {
  /** A kubeconfig with contexts `tokenContext` (current) and `certContext`. */
  readonly kubeconfigPath: string;
  /** `https://127.0.0.1:PORT`; stays the same across restarts. */
  readonly server: string;
  /** The CA (PEM) that signed the serving and client certificates. */
  readonly caPem: string;
  /** Bearer token of a user in `system:masters`. */
  readonly token: string;
  readonly tokenContext: string;
  readonly certContext: string;
  /** Client certificate (CN=kgen-admin, O=system:masters) and its key, PEM. */
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
  /** etcd's client URL (`http://127.0.0.1:PORT`). */
  readonly etcdUrl: string;
  /** The temporary directory holding certificates, etcd data and the kubeconfig; removed by stop(). */
  readonly dir: string;
  /** PID of the running kube-apiserver; undefined while it is stopped. */
  readonly apiServerPid: number | undefined;
  /** PID of the running etcd; undefined once stopped. */
  readonly etcdPid: number | undefined;
  /** Stops kube-apiserver (SIGTERM, or SIGKILL with `kill: true`) and starts it again on the same port. */
  restartApiServer(opts?: { readonly kill?: boolean }, signal?: AbortSignal): Promise<void>;
  /** SIGKILLs kube-apiserver and does not restart it. */
  killApiServer(): Promise<void>;
  /** Starts kube-apiserver again after killApiServer() and waits for /readyz; a no-op while it runs. */
  startApiServer(signal?: AbortSignal): Promise<void>;
  /**
   * Compacts etcd at its current revision R (returned). etcd keeps R itself, so a request that reaches etcd and
   * needs anything older (a watch from a resourceVersion below R - 1, a list at one below R) fails with 410 Gone.
   * With the watch cache on (the default) the API server still serves recent watches from memory; follow with
   * restartApiServer(), or start with `apiServerFlags: { 'watch-cache': 'false' }`, to make them expire too.
   */
  compactEtcd(signal?: AbortSignal): Promise<{ revision: number }>;
  /** Ends both processes by PID, waits for them to exit and removes `dir`. Safe to call twice. */
  stop(): Promise<void>;
}

const TOKEN_CONTEXT = 'envtest-token';
const CERT_CONTEXT = 'envtest-cert';

/** What a {@link RunningEnvtest} is made of, gathered by startEnvtest. */
interface EnvtestParts {
  readonly dir: string;
  readonly server: string;
  readonly etcdUrl: string;
  readonly token: string;
  readonly kubeconfigPath: string;
  readonly certs: EnvtestCertificates;
  readonly binaries: EnvtestBinaries;
  readonly apiServerArgs: readonly string[];
  readonly options: EnvtestOptions;
}

class RunningEnvtest implements Envtest {
  readonly tokenContext = TOKEN_CONTEXT;
  readonly certContext = CERT_CONTEXT;
  readonly dir: string;
  readonly server: string;
  readonly etcdUrl: string;
  readonly token: string;
  readonly kubeconfigPath: string;
  readonly caPem: string;
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
  private readonly binaries: EnvtestBinaries;
  private readonly apiArgs: readonly string[];
  private readonly options: EnvtestOptions;
  private apiServer: SupervisedProcess | undefined;
  private etcd: SupervisedProcess | undefined;
  // The start in flight, shared by concurrent startApiServer() calls so that only one process is spawned.
  private apiServerStarting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private disposeAbort: () => void = () => {};

  constructor(parts: EnvtestParts) {
    this.dir = parts.dir;
    this.server = parts.server;
    this.etcdUrl = parts.etcdUrl;
    this.token = parts.token;
    this.kubeconfigPath = parts.kubeconfigPath;
    this.caPem = parts.certs.caPem;
    this.clientCertPem = parts.certs.clientCertPem;
    this.clientKeyPem = parts.certs.clientKeyPem;
    this.binaries = parts.binaries;
    this.apiArgs = parts.apiServerArgs;
    this.options = parts.options;
  }

  get apiServerPid(): number | undefined {
    return this.apiServer?.running ? this.apiServer.pid : undefined;
  }

  get etcdPid(): number | undefined {
    return this.etcd?.running ? this.etcd.pid : undefined;
  }

  async startEtcd(args: readonly string[], signal?: AbortSignal): Promise<void> {
    const etcd = await SupervisedProcess.start({ name: 'etcd', command: this.binaries.etcd, args, cwd: this.dir });
    this.etcd = etcd;
    await waitUntilReady(
      {
        what: 'etcd',
        probe: async (s) => {
          const res = await loopbackRequest(`${this.etcdUrl}/health`, { timeoutMs: 2_000 }, s);
          return res.status === 200 && /"health":\s*"true"/.test(res.text) ? true : `${res.status} ${res.text}`;
        },
        exited: () => describeExit(etcd),
        output: () => etcd.outputTail(),
        timeoutMs: this.options.startTimeoutMs ?? 90_000,
      },
      signal,
    );
  }

  async startApiServer(signal?: AbortSignal): Promise<void> {
    if (this.stopping !== undefined) {
      throw new EnvtestError('ENVTEST_STOPPED', 'envtest was stopped');
    }
    if (this.apiServerStarting === undefined && this.apiServer?.running) {
      return;
    }
    this.apiServerStarting ??= this.spawnApiServer(signal).finally(() => {
      this.apiServerStarting = undefined;
    });
    return this.apiServerStarting;
  }

  private async spawnApiServer(signal: AbortSignal | undefined): Promise<void> {
    const apiServer = await SupervisedProcess.start({
      name: 'kube-apiserver',
      command: this.binaries.kubeApiServer,
      args: this.apiArgs,
      cwd: this.dir,
    });
    this.apiServer = apiServer;
    await waitUntilReady(
      {
        what: 'kube-apiserver',
        probe: async (s) => {
          const res = await loopbackRequest(
            `${this.server}/readyz`,
            { ca: this.caPem, token: this.token, timeoutMs: 5_000 },
            s,
          );
          return res.status === 200 ? true : `${res.status} ${res.text.split('\n').filter(failing).join('; ')}`;
        },
        exited: () => describeExit(apiServer),
        output: () => apiServer.outputTail(),
        timeoutMs: this.options.startTimeoutMs ?? 90_000,
      },
      signal,
    );
  }

  async killApiServer(): Promise<void> {
    await this.apiServer?.stop({ kill: true });
  }

  async restartApiServer(opts: { readonly kill?: boolean } = {}, signal?: AbortSignal): Promise<void> {
    await this.apiServer?.stop({ kill: opts.kill === true, graceMs: this.options.stopGraceMs ?? 10_000 });
    await this.startApiServer(signal);
  }

  compactEtcd(signal?: AbortSignal): Promise<{ revision: number }> {
    return compactEtcdAtHead(this.etcdUrl, signal);
  }

  watchAbort(signal: AbortSignal | undefined): void {
    this.disposeAbort = onAbort(signal, () => {
      this.stop().catch((err: unknown) => logger().warn('envtest stop after abort failed', { err }));
    });
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    this.disposeAbort();
    const graceMs = this.options.stopGraceMs ?? 10_000;
    // The API server first, so that it does not spend its shutdown retrying a vanished etcd.
    await this.apiServer?.stop({ graceMs });
    await this.etcd?.stop({ graceMs });
    await removeEnvtestDir(this.dir);
  }
}

function describeExit(p: SupervisedProcess): string | undefined {
  const exit = p.exitStatus;
  return exit === undefined ? undefined : exit.signal !== null ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

// /readyz?verbose-style bodies mark failing checks with "[-]"; only those are worth quoting.
function failing(line: string): boolean {
  return line.startsWith('[-]');
}

// A port found free can be taken by another process before etcd or kube-apiserver binds it (several test runs
// share this machine); such a start is retried on fresh ports.
const PORT_ATTEMPTS = 3;

function portClash(err: unknown): boolean {
  return (
    err instanceof EnvtestError && err.code === 'ENVTEST_PROCESS_EXITED' && /address already in use/.test(err.message)
  );
}

async function startOnce(
  options: EnvtestOptions,
  binaries: EnvtestBinaries,
  crds: readonly Record<string, unknown>[],
): Promise<RunningEnvtest> {
  const signal = options.signal;
  const dir = await createEnvtestDir();
  let env: RunningEnvtest | undefined;
  try {
    const [etcdClientPort, etcdPeerPort, securePort] = (await freePorts(3)) as [number, number, number];
    const token = randomBytes(24).toString('hex');
    const certs = await generateEnvtestCertificates();
    const files = await writeEnvtestFiles(dir, certs, token);
    const etcdUrl = `http://127.0.0.1:${etcdClientPort}`;
    const server = `https://127.0.0.1:${securePort}`;
    const args = apiServerArgs({ securePort, etcdUrl, certDir: dir, ...files }, options.apiServerFlags);
    env = new RunningEnvtest({
      dir,
      server,
      etcdUrl,
      token,
      kubeconfigPath: files.kubeconfigPath,
      certs,
      binaries,
      apiServerArgs: args,
      options,
    });
    await writeFile(
      files.kubeconfigPath,
      renderKubeconfig({
        server,
        caPem: certs.caPem,
        token,
        clientCertPem: certs.clientCertPem,
        clientKeyPem: certs.clientKeyPem,
        tokenContext: TOKEN_CONTEXT,
        certContext: CERT_CONTEXT,
      }),
      { mode: 0o600 },
    );
    await env.startEtcd(
      etcdArgs({ clientPort: etcdClientPort, peerPort: etcdPeerPort, dataDir: join(dir, 'etcd') }),
      signal,
    );
    await env.startApiServer(signal);
    if (crds.length > 0) {
      await installCrds({ server, caPem: certs.caPem, token }, crds, {}, signal);
    }
    env.watchAbort(signal);
    return env;
  } catch (err) {
    if (env !== undefined) {
      await env.stop();
    } else {
      await removeEnvtestDir(dir);
    }
    throw err;
  }
}

/**
 * Starts etcd and kube-apiserver on free loopback ports with fresh certificates, two cluster-admin identities
 * (a static bearer token and a client certificate in `system:masters`) and RBAC; waits for `/readyz`; writes a
 * kubeconfig; installs `crds` and waits until they are Established. On failure everything started is stopped.
 */
export async function startEnvtest(options: EnvtestOptions = {}): Promise<Envtest> {
  throwIfAborted(options.signal);
  const binaries = options.binaries ?? resolveEnvtestBinaries();
  const crds = await loadCrds(options.crds ?? []);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options, binaries, crds);
    } catch (err) {
      if (attempt >= PORT_ATTEMPTS || !portClash(err)) {
        throw err;
      }
      logger().info('envtest port taken by another process, retrying on new ports', { attempt });
    }
  }
}
