// 429 handling against a second kube-apiserver with max-requests-inflight 1, reached as an impersonated non-admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKubeconfig } from '../../runtime/rest/kubeconfig.js';
import { RestClient, type RetryEvent } from '../../runtime/rest/rest-client.js';
import { type Envtest, startEnvtest } from '../../runtime/testing/envtest.js';
import { childProcesses } from './support/child-processes.js';

// system:masters is exempt from in-flight limits, so the burst is sent as this impersonated user, bound to cluster-admin.
const user = 'kgen-throttled';

describe('a throttled API server', () => {
  let env: Envtest;
  let admin: RestClient;
  beforeAll(async () => {
    env = await startEnvtest({
      apiServerFlags: {
        'max-requests-inflight': '1',
        'max-mutating-requests-inflight': '1',
        // The legacy in-flight filter answers 429 at once; priority and fairness would queue instead.
        'enable-priority-and-fairness': 'false',
      },
    });
    admin = new RestClient({ ...loadKubeconfig({ kubeconfig: env.kubeconfigPath }).config, qps: -1 });
    await admin.request({
      method: 'POST',
      path: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: user },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
      },
    });
  });
  afterAll(async () => {
    await admin?.close();
    const pids = [env?.apiServerPid, env?.etcdPid];
    await env?.stop();
    const left = childProcesses().filter((c) => pids.includes(c.pid));
    expect(left).toEqual([]);
  });

  it('impersonates the user, groups and extra fields', async () => {
    const rest = new RestClient({
      ...loadKubeconfig({ kubeconfig: env.kubeconfigPath }).config,
      qps: -1,
      impersonate: { userName: user, groups: ['dev', 'system:authenticated'], extra: { 'example.com/team': ['blue'] } },
    });
    try {
      const review = await rest.request<{ status: { userInfo: Record<string, unknown> } }>({
        method: 'POST',
        path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      });
      expect(review.status.userInfo).toMatchObject({
        username: user,
        groups: expect.arrayContaining(['dev', 'system:authenticated']),
        extra: { 'example.com/team': ['blue'] },
      });
    } finally {
      await rest.close();
    }
  });

  it('retries 429 Too Many Requests after Retry-After until every request succeeds', async () => {
    const retries: RetryEvent[] = [];
    const rest = new RestClient(
      {
        ...loadKubeconfig({ kubeconfig: env.kubeconfigPath }).config,
        qps: -1,
        impersonate: { userName: user, groups: ['system:authenticated'] },
      },
      { onRetry: (e) => retries.push(e) },
    );
    try {
      // A burst of concurrent lists; with one request allowed in flight some are refused with 429 and Retry-After.
      // Every refused request retries on the same second, and at least one of them gets through each time, so a burst
      // no larger than the 10 retries client-go allows always completes; 32 once ran out of retries on a loaded CI.
      for (let burst = 0; burst < 10 && retries.length === 0; burst++) {
        const results = await Promise.all(
          Array.from({ length: 8 }, () =>
            rest.request<{ kind: string }>({ method: 'GET', path: '/api/v1/namespaces/kube-system/configmaps' }),
          ),
        );
        expect(results.every((r) => r.kind === 'ConfigMapList')).toBe(true);
      }
      console.log(
        `[throttling] ${retries.length} retries after 429 (max attempt ${Math.max(...retries.map((r) => r.attempt))})`,
      );
      expect(retries.length).toBeGreaterThan(0);
      expect(retries.every((r) => r.statusCode === 429 && r.delayMs >= 1000)).toBe(true);
      expect(rest.retryCount).toBe(retries.length);
    } finally {
      await rest.close();
    }
  });
});
