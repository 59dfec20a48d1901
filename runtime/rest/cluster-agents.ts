// The connection pools of one cluster: a keep-alive undici Agent with the config's TLS, and one for exec-plugin certs.
import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
import { logger } from '../util/logger.js';
import type { Authorization } from './authenticator.js';
import { KubeconfigError } from './kubeconfig.js';
import type { RestConfig } from './rest-config.js';

// A file that vanished since the config was loaded is reported as a config error naming it, not a bare ENOENT.
function pem(data: string | undefined, file: string | undefined, field: string): string | undefined {
  if (data !== undefined || file === undefined) {
    return data;
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new KubeconfigError(`cannot read the TLS ${field} file ${file} (${why})`);
  }
}

/**
 * One pooled keep-alive Agent per cluster, built from the config's TLS settings (read once, so a rotated file needs a
 * new client). An exec plugin may return a client certificate; requests it authorises go through a second pool with
 * that certificate, replaced when the plugin returns another one.
 */
export class ClusterAgents {
  private readonly agent: Agent;
  private readonly tlsBase: { ca?: string; servername?: string; rejectUnauthorized: boolean };
  private execAgent: { cert: string; key: string; agent: Agent } | undefined;

  constructor(config: RestConfig) {
    const tls = config.tls ?? {};
    if (tls.insecure === true) {
      logger().warn('TLS verification is disabled for this cluster (insecure-skip-tls-verify)', { host: config.host });
    }
    const ca = pem(tls.caData, tls.caFile, 'certificate-authority');
    const cert = pem(tls.certData, tls.certFile, 'client-certificate');
    const key = pem(tls.keyData, tls.keyFile, 'client-key');
    this.tlsBase = {
      ...(ca !== undefined ? { ca } : {}),
      ...(tls.serverName !== undefined ? { servername: tls.serverName } : {}),
      rejectUnauthorized: tls.insecure !== true,
    };
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      connect: { ...this.tlsBase, ...(cert !== undefined ? { cert } : {}), ...(key !== undefined ? { key } : {}) },
    });
  }

  /** The pool for a request authorised by `authz`. */
  for(authz: Authorization): Agent {
    const cert = authz.exec?.clientCertificateData;
    const key = authz.exec?.clientKeyData;
    if (cert === undefined || key === undefined) {
      return this.agent;
    }
    if (this.execAgent === undefined || this.execAgent.cert !== cert || this.execAgent.key !== key) {
      // In-flight requests on the old pool finish; close() lets them drain.
      void this.execAgent?.agent.close();
      this.execAgent = {
        cert,
        key,
        agent: new Agent({ keepAliveTimeout: 30_000, connect: { ...this.tlsBase, cert, key } }),
      };
    }
    return this.execAgent.agent;
  }

  /** Closes both pools; requests in flight finish first. */
  async close(): Promise<void> {
    await Promise.all([this.agent.close(), this.execAgent?.agent.close()]);
  }
}
