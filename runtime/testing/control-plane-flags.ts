// Command lines of etcd and kube-apiserver for envtest, and how user-supplied flags are merged into them.

/** Extra flags: a map of flag name (with or without `--`) to value, or raw `--flag=value` arguments. */
export type ExtraFlags = Readonly<Record<string, string>> | readonly string[];

/** Where etcd listens and keeps its data. */
export interface EtcdFlagInputs {
  readonly clientPort: number;
  readonly peerPort: number;
  readonly dataDir: string;
}

/** Everything kube-apiserver's command line refers to. */
export interface ApiServerFlagInputs {
  readonly securePort: number;
  readonly etcdUrl: string;
  readonly certDir: string;
  readonly servingCertFile: string;
  readonly servingKeyFile: string;
  readonly clientCaFile: string;
  readonly tokenAuthFile: string;
  readonly serviceAccountKeyFile: string;
  readonly serviceAccountSigningKeyFile: string;
}

/** etcd's arguments: one member on loopback, no fsync (test data is disposable), JSON gateway on the client URL. */
export function etcdArgs(inputs: EtcdFlagInputs): string[] {
  const client = `http://127.0.0.1:${inputs.clientPort}`;
  const peer = `http://127.0.0.1:${inputs.peerPort}`;
  return [
    '--name=envtest',
    `--data-dir=${inputs.dataDir}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=envtest=${peer}`,
    '--initial-cluster-state=new',
    '--unsafe-no-fsync=true',
    '--log-level=warn',
  ];
}

/**
 * kube-apiserver's default flags for envtest, as a map without the `--` prefix. The ServiceAccount admission
 * plugin is off (as in controller-runtime's envtest): without kube-controller-manager no namespace ever gets
 * its `default` ServiceAccount, and that plugin would reject every pod.
 */
export function defaultApiServerFlags(inputs: ApiServerFlagInputs): Map<string, string> {
  const issuer = `https://127.0.0.1:${inputs.securePort}`;
  return new Map([
    ['etcd-servers', inputs.etcdUrl],
    ['bind-address', '127.0.0.1'],
    ['advertise-address', '127.0.0.1'],
    ['secure-port', String(inputs.securePort)],
    ['cert-dir', inputs.certDir],
    ['tls-cert-file', inputs.servingCertFile],
    ['tls-private-key-file', inputs.servingKeyFile],
    ['client-ca-file', inputs.clientCaFile],
    ['token-auth-file', inputs.tokenAuthFile],
    ['authorization-mode', 'RBAC'],
    ['service-account-issuer', issuer],
    ['service-account-key-file', inputs.serviceAccountKeyFile],
    ['service-account-signing-key-file', inputs.serviceAccountSigningKeyFile],
    ['service-cluster-ip-range', '10.0.0.0/24'],
    ['disable-admission-plugins', 'ServiceAccount'],
    ['allow-privileged', 'true'],
    // No Endpoints/EndpointSlice upkeep for the `kubernetes` Service: nothing in a test reads it.
    ['endpoint-reconciler-type', 'none'],
    ['profiling', 'false'],
  ]);
}

function flagName(raw: string): string {
  return raw.replace(/^--?/, '');
}

/**
 * Merges extra flags into the defaults: a map entry or a `--name=value` argument replaces the default of the same
 * name; an argument without `=` is appended as is. The result is `--name=value` arguments, defaults first.
 */
export function mergeFlags(defaults: ReadonlyMap<string, string>, extra: ExtraFlags | undefined): string[] {
  const merged = new Map(defaults);
  const raw: string[] = [];
  if (Array.isArray(extra)) {
    for (const arg of extra as readonly string[]) {
      const eq = arg.indexOf('=');
      if (arg.startsWith('-') && eq > 0) {
        merged.set(flagName(arg.slice(0, eq)), arg.slice(eq + 1));
      } else {
        raw.push(arg);
      }
    }
  } else if (extra !== undefined) {
    for (const [name, value] of Object.entries(extra as Readonly<Record<string, string>>)) {
      merged.set(flagName(name), value);
    }
  }
  return [...[...merged].map(([name, value]) => `--${name}=${value}`), ...raw];
}

/** kube-apiserver's full argument list: the defaults for `inputs` with `extra` merged in. */
export function apiServerArgs(inputs: ApiServerFlagInputs, extra?: ExtraFlags): string[] {
  return mergeFlags(defaultApiServerFlags(inputs), extra);
}
