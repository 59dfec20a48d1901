// The sample-controller example against a real API server: a Foo gets its Deployment, replicas and status follow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SampleController } from '../../examples/sample-controller/src/controller.js';
import { Clientset } from '../../examples/sample-controller/src/generated/clientset/versioned/index.js';
import { SharedInformerFactory } from '../../examples/sample-controller/src/generated/informers/externalversions/index.js';
import type { Clientset as KubeClientset } from '../../kubernetes/index.js';
import { retryOnConflict } from '../../runtime/rest/retry-on-conflict.js';
import { type ExampleHarness, exampleHarness } from './support/example-harness.js';
import { pollUntil } from './support/poll-until.js';

const crd = new URL('../../examples/sample-controller/crds/foo.yaml', import.meta.url).pathname;

describe('sample-controller (envtest)', () => {
  let h: ExampleHarness;
  let namespace: string;
  let kube: KubeClientset;
  let sample: Clientset;

  beforeAll(async () => {
    h = await exampleHarness(crd, 'sample');
    ({ namespace, kube } = h);
    sample = Clientset.fromConfig(h.config);
    const sampleFactory = new SharedInformerFactory(sample, { namespace });
    const controller = new SampleController({
      sampleClient: sample,
      kubeClient: kube,
      fooInformer: sampleFactory.samplecontroller().v1alpha1().foos(),
      deploymentInformer: h.kubeFactory.apps().v1().deployments(),
      recorder: h.recorder,
    });
    h.start([sampleFactory], (signal) => controller.run(2, signal));
  });

  afterAll(async () => {
    await h.stop();
    await sample.close();
  });

  it('creates the Deployment, follows a replica change, and reports available replicas', async () => {
    const foos = sample.samplecontrollerV1alpha1().foos(namespace);
    const deployments = kube.appsV1().deployments(namespace);
    const foo = await foos.create({
      apiVersion: 'samplecontroller.k8s.io/v1alpha1',
      kind: 'Foo',
      metadata: { name: 'example-foo' },
      spec: { deploymentName: 'example-foo', replicas: 1 },
    });
    const created = await pollUntil('the Deployment of the Foo', () => deployments.get('example-foo'));
    expect(created.spec?.replicas).toBe(1);
    expect(created.metadata?.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'Foo', name: 'example-foo', uid: foo.metadata?.uid, controller: true }),
    ]);
    expect(created.spec?.template.metadata?.labels).toEqual({ app: 'nginx', controller: 'example-foo' });

    // The controller writes the Foo's status meanwhile, so a read-modify-write may lose the race: retry as a client
    // should (client-go's RetryOnConflict).
    await retryOnConflict(async () =>
      foos.update({ ...(await foos.get('example-foo')), spec: { deploymentName: 'example-foo', replicas: 3 } }),
    );
    const scaled = await pollUntil('the Deployment to have 3 replicas', async () => {
      const d = await deployments.get('example-foo');
      return d.spec?.replicas === 3 ? d : undefined;
    });

    // No controller-manager runs here: the test reports the Deployment's pods as available.
    await deployments.updateStatus({ ...scaled, status: { replicas: 3, availableReplicas: 2, readyReplicas: 2 } });
    const synced = await pollUntil('the Foo to report 2 available replicas', async () => {
      const f = await foos.get('example-foo');
      return f.status?.availableReplicas === 2 ? f : undefined;
    });
    expect(synced.status?.availableReplicas).toBe(2);
  });

  it('refuses a Deployment it does not control and says so in a Warning event', async () => {
    const deployments = kube.appsV1().deployments(namespace);
    await deployments.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'taken' },
      spec: {
        selector: { matchLabels: { app: 'other' } },
        template: { metadata: { labels: { app: 'other' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
      },
    });
    await sample
      .samplecontrollerV1alpha1()
      .foos(namespace)
      .create({
        apiVersion: 'samplecontroller.k8s.io/v1alpha1',
        kind: 'Foo',
        metadata: { name: 'intruder' },
        spec: { deploymentName: 'taken', replicas: 2 },
      });
    const events = kube.coreV1().events(namespace);
    const warning = await pollUntil('an ErrResourceExists event', async () =>
      (await events.list()).items.find((e) => e.reason === 'ErrResourceExists' && e.involvedObject.name === 'intruder'),
    );
    expect(warning.type).toBe('Warning');
    expect((await deployments.get('taken')).metadata?.ownerReferences).toBeUndefined();
  });
});
