// Vitest global setup of the e2e project: one envtest (real kube-apiserver + etcd) shared by every e2e file.
import type { TestProject } from 'vitest/node';
import { type Envtest, startEnvtest } from '../../runtime/testing/index.js';
import type { TestEnvInfo } from './support/env.js';
import { markedServers, testRunMarker } from './support/leftover-processes.js';

let env: Envtest | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Every process of the run (test workers, the envtests they start) inherits the marker, so the teardown can
  // prove none of its etcd or kube-apiserver processes outlived it.
  const runId = `${process.pid}-${Date.now()}`;
  process.env[testRunMarker] = runId;
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
    // A process may take a moment to exit after its stop() resolved on a SIGKILL; give it that, then fail.
    let left = markedServers(runId);
    for (let i = 0; i < 50 && left.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = markedServers(runId);
    }
    if (left.length > 0) {
      throw new Error(
        `the e2e run left ${left.length} API server process(es) running: ${left.map((p) => `${p.command} (pid ${p.pid})`).join(', ')}`,
      );
    }
    console.log('e2e teardown: no etcd or kube-apiserver process of this run is left running');
  };
}
