// Generated clients against a real API server: two corpus CRDs (namespaced with status and scale; cluster-scoped) and
// the built-in core/v1 and apps/v1, through every verb, status, scale, apply and its conflict, watch, an informer and
// the extra methods of the built-in clientset.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cluster } from '../../fixtures/cases/corpus-clients/expected/applyconfiguration/postgresql/v1/index.js';
import { Clientset } from '../../fixtures/cases/corpus-clients/expected/clientset/versioned/index.js';
import {
  deployment,
  extractDeployment,
  extractDeploymentStatus,
} from '../../kubernetes/applyconfiguration/apps/v1/index.js';
import { Clientset as KubeClientset, SharedInformerFactory as KubeInformerFactory } from '../../kubernetes/index.js';
import type { WatchEvent } from '../../runtime/api/watch-event.js';
import { isApplyConflict } from '../../runtime/apply/index.js';
import { isNotFound } from '../../runtime/errors/index.js';
import { loadKubeconfig } from '../../runtime/rest/kubeconfig.js';
import { installCrds, loadCrds } from '../../runtime/testing/index.js';
import { testEnv, uniqueNamespace } from './support/env.js';
import { pollUntil } from './support/poll-until.js';

const corpus = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'crds');

describe('generated clients (envtest)', () => {
  let crds: Clientset;
  let kube: KubeClientset;
  let namespace: string;

  beforeAll(async () => {
    const env = testEnv();
    await installCrds(
      { server: env.server, caPem: env.caPem, token: env.token },
      await loadCrds([join(corpus, 'cloudnative-pg__Cluster.yaml'), join(corpus, 'gateway-api__GatewayClass.yaml')]),
    );
    const config = loadKubeconfig({ kubeconfig: env.kubeconfigPath }).config;
    crds = Clientset.fromConfig(config);
    kube = KubeClientset.fromConfig(config);
    namespace = await uniqueNamespace('generated');
  });

  afterAll(async () => {
    await crds?.close();
    await kube?.close();
  });

  it('a namespaced CRD with status and scale: every verb, status, scale, apply and its conflict', async () => {
    const clusters = crds.postgresqlV1().clusters(namespace);
    const created = await clusters.create({
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: { name: 'pg', labels: { tier: 'db' } },
      spec: { instances: 1 },
    });
    expect(created.metadata?.uid).toBeTruthy();
    expect((await clusters.get('pg')).spec?.instances).toBe(1);
    expect((await clusters.list({ labelSelector: 'tier=db' })).items.map((c) => c.metadata?.name)).toEqual(['pg']);

    const updated = await clusters.update({ ...created, spec: { ...created.spec, instances: 2 } });
    expect(updated.spec?.instances).toBe(2);
    const withStatus = await clusters.updateStatus({ ...updated, status: { phase: 'Setting up', instances: 2 } });
    expect(withStatus.status?.phase).toBe('Setting up');
    // update never writes status, and updateStatus never writes spec.
    const specOnly = await clusters.update({ ...withStatus, spec: { instances: 3 }, status: { phase: 'ignored' } });
    expect(specOnly.status?.phase).toBe('Setting up');

    const scale = await clusters.getScale('pg');
    expect(scale.spec?.replicas).toBe(3);
    await clusters.updateScale('pg', { ...scale, spec: { replicas: 4 } });
    expect((await clusters.get('pg')).spec?.instances).toBe(4);

    const patched = await clusters.patch('pg', 'merge', { metadata: { labels: { patched: 'yes' } } });
    expect(patched.metadata?.labels).toMatchObject({ tier: 'db', patched: 'yes' });

    const applied = await clusters.apply(
      { ...cluster('applied', namespace), spec: { instances: 1, description: 'first' } },
      { fieldManager: 'team-a' },
    );
    expect(applied.spec?.description).toBe('first');
    const conflict = await clusters
      .apply(
        { ...cluster('applied', namespace), spec: { instances: 1, description: 'second' } },
        { fieldManager: 'team-b' },
      )
      .catch((e: unknown) => e);
    expect(isApplyConflict(conflict)).toBe(true);
    expect(String(conflict)).toContain('team-a');
    const forced = await clusters.apply(
      { ...cluster('applied', namespace), spec: { instances: 1, description: 'second' } },
      { fieldManager: 'team-b', force: true },
    );
    expect(forced.spec?.description).toBe('second');

    await clusters.delete('pg');
    await expect(clusters.get('pg')).rejects.toSatisfy(isNotFound);
    await clusters.deleteCollection({}, {});
    expect((await clusters.list()).items).toEqual([]);
  });

  it('a cluster-scoped CRD: no namespace argument, status, watch and delete', async () => {
    const classes = crds.gatewayV1().gatewayClasses();
    const name = `kgen-${namespace}`;
    const events: WatchEvent<unknown>[] = [];
    const w = await classes.watch({ fieldSelector: `metadata.name=${name}` });
    const watching = (async () => {
      for await (const e of w) {
        events.push(e);
        if (e.type === 'DELETED') {
          break;
        }
      }
    })();
    const gc = await classes.create({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name },
      spec: { controllerName: 'example.com/gateway-controller' },
    });
    await classes.updateStatus({
      ...gc,
      status: {
        conditions: [
          {
            type: 'Accepted',
            status: 'True',
            reason: 'Accepted',
            message: 'ok',
            lastTransitionTime: '2026-12-01T00:00:00Z',
            observedGeneration: 1,
          },
        ],
      },
    });
    expect((await classes.get(name)).status?.conditions?.[0]?.type).toBe('Accepted');
    await classes.delete(name);
    await watching;
    w.stop();
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
  });

  it('core/v1 and apps/v1 from kgen/kubernetes: CRUD, status, scale, apply, an informer with its lister, deleteCollection', async () => {
    const configMaps = kube.coreV1().configMaps(namespace);
    await configMaps.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: { app: 'x' } } });
    await configMaps.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', labels: { app: 'x' } } });

    const factory = new KubeInformerFactory(kube, { namespace });
    const informer = factory.core().v1().configMaps();
    // As with client-go, an informer is registered with the factory when first asked for, before start().
    informer.informer();
    const stop = new AbortController();
    factory.start(stop.signal);
    await factory.waitForCacheSync(stop.signal);
    expect(
      informer
        .lister()
        .configMaps(namespace)
        .list('app=x')
        .map((c) => c.metadata?.name)
        .sort(),
    ).toEqual(['a', 'b']);

    const deployments = kube.appsV1().deployments(namespace);
    const labels = { app: 'web' };
    const d = await deployments.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
      },
    });
    await deployments.updateStatus({ ...d, status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 } });
    const scale = await deployments.getScale('web');
    await deployments.updateScale('web', { ...scale, spec: { replicas: 3 } });
    expect((await deployments.get('web')).spec?.replicas).toBe(3);
    const strategic = await deployments.patch('web', 'strategic', {
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
    });
    expect(strategic.spec?.template.spec?.containers.map((c) => c.image)).toEqual(['nginx:1.27']);

    await configMaps.deleteCollection({}, { labelSelector: 'app=x' });
    await pollUntil('the informer to see the deletions', () =>
      informer.lister().configMaps(namespace).list('app=x').length === 0 ? true : undefined,
    );
    stop.abort();
    await factory.shutdown();
  });

  it('extra methods of kgen/kubernetes against the server: createToken, createBinding, createEviction, updateEphemeralContainers, updateFinalize', async () => {
    const accounts = kube.coreV1().serviceAccounts(namespace);
    await accounts.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } });
    const token = await accounts.createToken('robot', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { audiences: ['kgen-e2e'], expirationSeconds: 600 },
    });
    const jwt = token.status?.token ?? '';
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      sub?: string;
      aud?: string[];
    };
    expect(claims.sub).toBe(`system:serviceaccount:${namespace}:robot`);
    expect(claims.aud).toEqual(['kgen-e2e']);

    const pods = kube.coreV1().pods(namespace);
    const pod = (name: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
    await pods.create(pod('bound'));
    await pods.createBinding('bound', {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'bound' },
      target: { apiVersion: 'v1', kind: 'Node', name: 'node-a' },
    });
    expect((await pods.get('bound')).spec?.nodeName).toBe('node-a');

    const current = await pods.get('bound');
    const debug = await pods.updateEphemeralContainers('bound', {
      ...current,
      spec: { ...current.spec!, ephemeralContainers: [{ name: 'debug', image: 'busybox' }] },
    });
    expect(debug.spec?.ephemeralContainers?.map((c) => c.name)).toEqual(['debug']);

    // An unscheduled pod has no kubelet to wait for: the eviction deletes it at once.
    await pods.create(pod('evicted'));
    await pods.createEviction('evicted', {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'evicted', namespace },
    });
    const gone = await pods.get('evicted').catch((e: unknown) => e);
    expect(isNotFound(gone)).toBe(true);

    const namespaces = kube.coreV1().namespaces();
    const ns = await namespaces.get(await uniqueNamespace('finalize'));
    expect(ns.spec?.finalizers).toEqual(['kubernetes']);
    const finalized = await namespaces.updateFinalize(ns.metadata!.name!, { ...ns, spec: { finalizers: [] } });
    expect(finalized.spec?.finalizers ?? []).toEqual([]);
  });

  it('apps/v1 from kgen/kubernetes: apply, its conflict and force, extract, applyStatus, patchStatus, watch to the deletion', async () => {
    const deployments = kube.appsV1().deployments(namespace);
    const labels = { app: 'applied' };
    const desired = (replicas: number) => ({
      ...deployment('applied', namespace),
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
      },
    });
    const types: string[] = [];
    const w = await deployments.watch({ fieldSelector: 'metadata.name=applied' });
    const watching = (async () => {
      for await (const e of w) {
        types.push(e.type);
        if (e.type === 'DELETED') {
          break;
        }
      }
    })();

    const first = await deployments.apply(desired(2), { fieldManager: 'team-a' });
    expect(first.spec?.replicas).toBe(2);
    // What team-a owns, read back from the server's managedFields.
    const owned = extractDeployment(first, 'team-a');
    expect(owned).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'applied', namespace },
    });
    expect(owned.spec?.replicas).toBe(2);
    expect(owned.spec?.template?.spec?.containers?.map((c) => c.image)).toEqual(['nginx']);
    expect(extractDeployment(first, 'team-b').spec).toBeUndefined();

    const conflict = await deployments.apply(desired(5), { fieldManager: 'team-b' }).catch((e: unknown) => e);
    expect(isApplyConflict(conflict)).toBe(true);
    expect(String(conflict)).toContain('team-a');
    const forced = await deployments.apply(
      { ...deployment('applied', namespace), spec: { replicas: 5 } },
      { fieldManager: 'team-b', force: true },
    );
    expect(forced.spec?.replicas).toBe(5);
    expect(extractDeployment(forced, 'team-b').spec).toEqual({ replicas: 5 });
    expect(extractDeployment(forced, 'team-a').spec?.replicas).toBeUndefined();

    const withStatus = await deployments.applyStatus(
      { ...deployment('applied', namespace), status: { replicas: 5, readyReplicas: 1 } },
      { fieldManager: 'status-writer' },
    );
    expect(withStatus.status?.readyReplicas).toBe(1);
    expect(withStatus.spec?.replicas).toBe(5);
    expect(extractDeploymentStatus(withStatus, 'status-writer').status).toEqual({ replicas: 5, readyReplicas: 1 });
    const patched = await deployments.patchStatus('applied', 'merge', { status: { readyReplicas: 3 } });
    expect(patched.status?.readyReplicas).toBe(3);
    // patchStatus writes status only: a spec change in the same patch is dropped by the server.
    const ignored = await deployments.patchStatus('applied', 'merge', { spec: { replicas: 9 } });
    expect(ignored.spec?.replicas).toBe(5);

    await deployments.delete('applied');
    await watching;
    w.stop();
    expect(types[0]).toBe('ADDED');
    expect(types.at(-1)).toBe('DELETED');
    expect(types.slice(1, -1).every((t) => t === 'MODIFIED')).toBe(true);
  });
});
