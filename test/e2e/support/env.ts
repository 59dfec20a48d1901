// The e2e contract: connection details of the suite's envtest (provided by global-setup.ts) and small helpers.
import { randomBytes } from 'node:crypto';
import { request } from 'node:https';
import { inject } from 'vitest';

/** What every e2e test gets about the shared envtest: both admin identities and the kubeconfig. */
export interface TestEnvInfo {
  readonly kubeconfigPath: string;
  /** `https://127.0.0.1:PORT` */
  readonly server: string;
  readonly caPem: string;
  /** Bearer token of a user in `system:masters`. */
  readonly token: string;
  /** kubeconfig context using the token (the current context). */
  readonly tokenContext: string;
  /** kubeconfig context using the client certificate. */
  readonly certContext: string;
  /** Client certificate (CN=kgen-admin, O=system:masters) and key, PEM. */
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    kgenEnvtest: TestEnvInfo;
  }
}

/** The shared envtest of the e2e project. Throws outside it (no global setup ran). */
export function testEnv(): TestEnvInfo {
  const info = inject('kgenEnvtest');
  if (info === undefined) {
    throw new Error('no envtest: run e2e tests with `npm run test:e2e` (vitest --project e2e)');
  }
  return info;
}

/**
 * Creates a namespace named `<prefix>-<random>` (as the token identity) and returns its name. Namespaces are
 * left behind: the envtest is thrown away after the run.
 */
export function uniqueNamespace(prefix: string, signal?: AbortSignal): Promise<string> {
  const env = testEnv();
  const name = `${prefix}-${randomBytes(4).toString('hex')}`.toLowerCase().slice(0, 63);
  const body = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return new Promise((resolve, reject) => {
    const req = request(
      `${env.server}/api/v1/namespaces`,
      {
        method: 'POST',
        ca: env.caPem,
        headers: { authorization: `Bearer ${env.token}`, 'content-type': 'application/json' },
        ...(signal !== undefined ? { signal } : {}),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('error', reject);
        res.on('end', () =>
          res.statusCode === 201
            ? resolve(name)
            : reject(new Error(`creating namespace ${name} failed (${res.statusCode}): ${text}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
