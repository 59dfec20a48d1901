// Reads a coordination.k8s.io/v1 Lease from the shared envtest, for the leader-election tests' assertions.
import type { Lease } from '../../../runtime/leaderelection/leader-election-record.js';
import { ResourceClient } from '../../../runtime/rest/resource-client.js';
import { restClientFor } from './configmaps.js';
import { testEnv } from './env.js';

/** The Lease `name` in `namespace`, read with a fresh client (closed afterwards). */
export async function readLease(namespace: string, name: string): Promise<Lease> {
  const rest = restClientFor(testEnv().kubeconfigPath);
  try {
    const leases = new ResourceClient<Lease>({
      rest,
      gvr: { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' },
      namespaced: true,
      namespace,
    });
    return await leases.get(name);
  } finally {
    await rest.close();
  }
}
