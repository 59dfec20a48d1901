// Vitest global setup of the e2e project: one envtest (real kube-apiserver + etcd) shared by every e2e file.
import type { TestProject } from 'vitest/node';
import { type Envtest, startEnvtest } from '../../runtime/testing/index.js';
import type { TestEnvInfo } from './support/env.js';

let env: Envtest | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  env = await startEnvtest();
  const info: TestEnvInfo = {
    kubeconfigPath: env.kubeconfigPath,
    server: env.server,
    caPem: env.caPem,
    token: env.token,
    tokenContext: env.tokenContext,
    certContext: env.certContext,
    clientCertPem: env.clientCertPem,
    clientKeyPem: env.clientKeyPem,
  };
  project.provide('kgenEnvtest', info);
  return async () => {
    await env?.stop();
    env = undefined;
  };
}
