// RestConfig: everything needed to reach one API server (client-go's rest.Config), independent of where it came from.
import type { ExecConfig } from './exec-credential.js';

/** TLS settings; `*Data` fields hold PEM text, `*File` fields paths. */
export interface TlsConfig {
  caData?: string;
  caFile?: string;
  certData?: string;
  certFile?: string;
  keyData?: string;
  keyFile?: string;
  serverName?: string;
  /** Skips server certificate verification. Only ever set explicitly; a warning is logged when used. */
  insecure?: boolean;
}

/** Credentials. A token and basic auth together are rejected, as client-go does. */
export interface AuthConfig {
  bearerToken?: string;
  /** Re-read at most once a minute; the last good token is kept when a read fails. */
  bearerTokenFile?: string;
  username?: string;
  password?: string;
  /** An exec credential plugin, run when no token or basic auth is set. */
  exec?: ExecConfig;
}

/** Headers for impersonation. */
export interface ImpersonationConfig {
  userName?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export interface RestConfig {
  /** `https://host:port`, without a trailing slash. */
  host: string;
  tls?: TlsConfig;
  auth?: AuthConfig;
  impersonate?: ImpersonationConfig;
  /** Requests per second; 0 means the default, negative disables rate limiting. @default 5 */
  qps?: number;
  /** Token bucket size. @default 10 */
  burst?: number;
  /** Per-request timeout in ms (not applied to watches). @default 0 (none) */
  timeoutMs?: number;
  /**
   * Ends a watch that requested bookmarks when no byte arrived for this long (a half-open connection); 0 disables.
   * A watch call's own `idleTimeoutMs` wins. @default defaultWatchIdleTimeoutMs (180 s)
   */
  watchIdleTimeoutMs?: number;
  /** Longest watch event line accepted; a longer one ends the watch with an error. @default 16 MiB */
  watchMaxLineBytes?: number;
  /** @default kgen/<version> (<os>/<arch>) */
  userAgent?: string;
  /** Receives `Warning` response headers. @default log through logger().warn */
  warningHandler?: (warning: string) => void;
}

/** A config plus the namespace its source selected (the context's, the pod's, or `default`). */
export interface LoadedConfig {
  config: RestConfig;
  namespace: string;
}
