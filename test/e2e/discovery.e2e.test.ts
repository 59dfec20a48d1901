// DiscoveryClient against a real kube-apiserver: aggregated discovery v2 and the per-group-version fallback agree.
import { describe, expect, it } from 'vitest';
import { DiscoveryClient } from '../../runtime/discovery/discovery-client.js';
import { loadKubeconfig } from '../../runtime/rest/kubeconfig.js';
import { RestClient } from '../../runtime/rest/rest-client.js';
import { testEnv } from './support/env.js';

describe.each([true, false])('DiscoveryClient (aggregated: %s)', (aggregated) => {
  it('lists the built-in groups, their resources and the server version', async () => {
    const env = testEnv();
    const rest = new RestClient({ ...loadKubeconfig({ kubeconfig: env.kubeconfigPath }).config, qps: -1 });
    try {
      const d = new DiscoveryClient(rest, { aggregated });
      const version = await d.serverVersion();
      expect(version.gitVersion).toMatch(/^v1\.35\./);
      const { groups } = await d.serverGroups();
      const names = groups.map((g) => g.name);
      expect(names[0]).toBe('');
      for (const g of [
        'apps',
        'batch',
        'coordination.k8s.io',
        'events.k8s.io',
        'apiextensions.k8s.io',
        'rbac.authorization.k8s.io',
      ]) {
        expect(names).toContain(g);
      }
      expect(groups.find((g) => g.name === 'apps')?.preferredVersion?.groupVersion).toBe('apps/v1');

      const apps = await d.serverResourcesForGroupVersion('apps/v1');
      const deployments = apps.resources.find((r) => r.name === 'deployments');
      expect(deployments).toMatchObject({ kind: 'Deployment', namespaced: true, singularName: 'deployment' });
      expect(deployments?.verbs).toEqual(expect.arrayContaining(['create', 'get', 'list', 'watch', 'patch']));
      expect(deployments?.shortNames).toContain('deploy');
      expect(apps.resources.find((r) => r.name === 'deployments/scale')?.kind).toBe('Scale');
      const core = await d.serverResourcesForGroupVersion('v1');
      expect(core.resources.find((r) => r.name === 'namespaces')?.namespaced).toBe(false);
      expect(core.resources.find((r) => r.name === 'pods/log')).toBeDefined();

      const preferred = await d.serverPreferredResources();
      const leases = preferred.find((l) => l.groupVersion === 'coordination.k8s.io/v1');
      expect(leases?.resources.map((r) => r.name)).toContain('leases');
      expect(preferred.find((l) => l.groupVersion === 'events.k8s.io/v1')?.resources.map((r) => r.name)).toContain(
        'events',
      );
    } finally {
      await rest.close();
    }
  });
});
