// Request credentials: bearer token (static, file re-read at most once a minute, or exec plugin), basic auth, impersonation.
import { readFileSync } from 'node:fs';
import { KubeError } from '../errors/api-error.js';
import { type Clock, realClock } from '../util/clock.js';
import { logger } from '../util/logger.js';
import { type ExecClusterInfo, type ExecCredential, ExecCredentialProvider } from './exec-credential.js';
import type { ImpersonationConfig, RestConfig } from './rest-config.js';

const tokenFileTtlMs = 60_000;

/** The credential a request went out with: its headers, and the exec credential (for the 401 refresh). */
export interface Authorization {
  readonly headers: Record<string, string | string[]>;
  readonly exec?: ExecCredential;
}

// RFC 7230 tchar: anything else in an Impersonate-Extra-<key> header name is percent-encoded, as client-go does.
const tchar = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;

/** `Impersonate-Extra-` header key for an extra-info key. */
export function impersonateExtraHeaderKey(key: string): string {
  let out = '';
  for (const b of Buffer.from(key, 'utf8')) {
    const c = String.fromCharCode(b);
    out += b < 0x80 && tchar.test(c) && c !== '%' ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `impersonate-extra-${out}`;
}

/** The impersonation headers for a config (user, uid, each group, each extra value). */
export function impersonationHeaders(imp: ImpersonationConfig | undefined): Record<string, string | string[]> {
  const h: Record<string, string | string[]> = {};
  if (imp === undefined) {
    return h;
  }
  if ((imp.userName === undefined || imp.userName === '') && (imp.groups?.length || imp.uid || imp.extra)) {
    throw new KubeError('KUBE_CONFIG_INVALID', 'impersonating groups, a uid or extra fields requires a user name');
  }
  if (imp.userName) {
    h['impersonate-user'] = imp.userName;
  }
  if (imp.uid) {
    h['impersonate-uid'] = imp.uid;
  }
  if (imp.groups !== undefined && imp.groups.length > 0) {
    h['impersonate-group'] = [...imp.groups];
  }
  for (const [k, values] of Object.entries(imp.extra ?? {})) {
    if (values.length > 0) {
      h[impersonateExtraHeaderKey(k)] = [...values];
    }
  }
  return h;
}

function clusterInfo(config: RestConfig): ExecClusterInfo {
  const tls = config.tls ?? {};
  let ca = tls.caData;
  if (ca === undefined && tls.caFile !== undefined) {
    try {
      ca = readFileSync(tls.caFile, 'utf8');
    } catch {
      ca = undefined;
    }
  }
  return {
    server: config.host,
    ...(tls.serverName !== undefined ? { 'tls-server-name': tls.serverName } : {}),
    ...(tls.insecure === true ? { 'insecure-skip-tls-verify': true } : {}),
    ...(ca !== undefined ? { 'certificate-authority-data': Buffer.from(ca).toString('base64') } : {}),
  };
}

/** Produces the auth headers of each request for one RestConfig. */
export class Authenticator {
  private readonly config: RestConfig;
  private readonly clock: Clock;
  private readonly fixed: Record<string, string | string[]>;
  private token: { value: string; readAt: number } | undefined;
  private tokenReadFailing = false;
  /** The exec plugin, when the config has one. */
  readonly exec: ExecCredentialProvider | undefined;

  constructor(config: RestConfig, clock: Clock = realClock) {
    this.config = config;
    this.clock = clock;
    const auth = config.auth ?? {};
    const hasToken = auth.bearerToken !== undefined || auth.bearerTokenFile !== undefined;
    if (hasToken && auth.username !== undefined) {
      throw new KubeError('KUBE_CONFIG_INVALID', 'a bearer token and basic auth are both set; keep one');
    }
    this.fixed = impersonationHeaders(config.impersonate);
    this.exec =
      auth.exec === undefined
        ? undefined
        : new ExecCredentialProvider(auth.exec, { clock, cluster: clusterInfo(config) });
  }

  /** Headers for the next request; runs the exec plugin if its credential is missing or expired. */
  async authorize(signal?: AbortSignal): Promise<Authorization> {
    const headers: Record<string, string | string[]> = { ...this.fixed };
    const auth = this.config.auth ?? {};
    const token = this.bearerToken();
    if (token !== undefined) {
      headers.authorization = `Bearer ${token}`;
      return { headers };
    }
    if (auth.username !== undefined) {
      headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password ?? ''}`).toString('base64')}`;
      return { headers };
    }
    if (this.exec !== undefined) {
      const cred = await this.exec.credential(signal);
      if (cred.token !== undefined) {
        headers.authorization = `Bearer ${cred.token}`;
      }
      return { headers, exec: cred };
    }
    return { headers };
  }

  /** After a 401: true when the request should be retried once with a refreshed exec credential. */
  refreshAfterUnauthorized(used: Authorization): boolean {
    return this.exec !== undefined && used.exec !== undefined && this.exec.invalidate(used.exec);
  }

  // client-go's cachingTokenSource over a fileTokenSource: after a good read the file is not read again for a
  // minute; a failed or empty read keeps the last good token and is tried again on the next request (so a token
  // rotated just after a failure is picked up at once). With no good token yet, the request fails naming the file.
  private bearerToken(): string | undefined {
    const auth = this.config.auth ?? {};
    if (auth.bearerToken !== undefined) {
      return auth.bearerToken;
    }
    const file = auth.bearerTokenFile;
    if (file === undefined) {
      return undefined;
    }
    const now = this.clock.now();
    if (this.token !== undefined && now - this.token.readAt < tokenFileTtlMs) {
      return this.token.value;
    }
    let value: string;
    try {
      value = readFileSync(file, 'utf8').trim();
    } catch (err) {
      return this.tokenReadFailed(file, (err as NodeJS.ErrnoException).code ?? 'unreadable', err);
    }
    if (value === '') {
      return this.tokenReadFailed(file, 'empty', undefined);
    }
    this.tokenReadFailing = false;
    this.token = { value, readAt: now };
    return value;
  }

  private tokenReadFailed(file: string, reason: string, cause: unknown): string {
    if (this.token === undefined) {
      throw new KubeError('KUBE_CONFIG_INVALID', `cannot read the bearer token file ${file} (${reason})`, { cause });
    }
    // Once per run of failures: every request retries the read.
    if (!this.tokenReadFailing) {
      this.tokenReadFailing = true;
      logger().warn('could not re-read the bearer token file; keeping the last token', { file, reason });
    }
    return this.token.value;
  }
}
