// Ports of kubernetes/sample-controller's controller_test.go, over the generated fake clientsets.
import type { appsv1 } from 'kgen/kubernetes';
import { SharedInformerFactory as KubeInformerFactory } from 'kgen/kubernetes';
import { newSimpleClientset as newKubeClientset } from 'kgen/kubernetes/fake';
import { FakeRecorder } from 'kgen/runtime';
import type { Action } from 'kgen/runtime/fake';
import { describe, expect, it } from 'vitest';
import { newDeployment, ResourceExistsError, SampleController } from '../src/controller.js';
import type { Foo } from '../src/generated/apis/samplecontroller/v1alpha1/index.js';
import { newSimpleClientset } from '../src/generated/clientset/versioned/fake/index.js';
import { SharedInformerFactory } from '../src/generated/informers/externalversions/index.js';

function newFoo(name: string, replicas: number): Foo {
  return {
    apiVersion: 'samplecontroller.k8s.io/v1alpha1',
    kind: 'Foo',
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { deploymentName: `${name}-deployment`, replicas },
  };
}

/** The fixture of controller_test.go: fakes seeded with the objects, listers seeded through their indexers. */
function fixture(foos: Foo[], deployments: appsv1.Deployment[]) {
  const client = newSimpleClientset(...foos);
  const kubeClient = newKubeClientset(...deployments);
  const fooInformer = new SharedInformerFactory(client).samplecontroller().v1alpha1().foos();
  const deploymentInformer = new KubeInformerFactory(kubeClient).apps().v1().deployments();
  for (const f of foos) {
    fooInformer.informer().getIndexer().add(f);
  }
  for (const d of deployments) {
    deploymentInformer.informer().getIndexer().add(d);
  }
  const recorder = new FakeRecorder();
  const controller = new SampleController({
    sampleClient: client,
    kubeClient,
    fooInformer,
    deploymentInformer,
    recorder,
  });
  return { client, kubeClient, controller, recorder };
}

/** controller_test.go's filterInformerActions: list and watch calls of informers are not the controller's doing. */
function writes(actions: Action[]): Action[] {
  return actions.filter((a) => a.verb !== 'list' && a.verb !== 'watch');
}

function fooStatusUpdate(foo: Foo, availableReplicas: number) {
  return expect.objectContaining({
    verb: 'update',
    resource: expect.objectContaining({ resource: 'foos' }),
    subresource: 'status',
    object: { ...foo, status: { availableReplicas } },
  });
}

describe('sample-controller (controller_test.go)', () => {
  it('TestCreatesDeployment: creates the Deployment, then updates the Foo status', async () => {
    const foo = newFoo('test', 1);
    const f = fixture([foo], []);
    await f.controller.syncHandler('default/test');
    expect(writes(f.kubeClient.actions())).toEqual([
      expect.objectContaining({
        verb: 'create',
        resource: expect.objectContaining({ group: 'apps', resource: 'deployments' }),
        namespace: 'default',
        object: newDeployment(foo),
      }),
    ]);
    expect(writes(f.client.actions())).toEqual([fooStatusUpdate(foo, 0)]);
    expect(f.recorder.events).toEqual(['Normal Synced Foo synced successfully']);
  });

  it('TestDoNothing: an up-to-date Deployment only refreshes the Foo status', async () => {
    const foo = newFoo('test', 1);
    const d = newDeployment(foo);
    const f = fixture([foo], [d]);
    await f.controller.syncHandler('default/test');
    expect(writes(f.kubeClient.actions())).toEqual([]);
    expect(writes(f.client.actions())).toEqual([fooStatusUpdate(foo, 0)]);
  });

  it('TestUpdateDeployment: a replica change updates the Deployment, then the Foo status', async () => {
    const foo = newFoo('test', 1);
    const d = newDeployment(foo);
    foo.spec = { deploymentName: 'test-deployment', replicas: 2 };
    const f = fixture([foo], [d]);
    await f.controller.syncHandler('default/test');
    expect(writes(f.kubeClient.actions())).toEqual([
      expect.objectContaining({ verb: 'update', subresource: '', object: newDeployment(foo) }),
    ]);
    expect(writes(f.client.actions())).toEqual([fooStatusUpdate(foo, 0)]);
  });

  it('TestNotControlledByUs: a Deployment owned by someone else is an error and a Warning event', async () => {
    const foo = newFoo('test', 1);
    const d = newDeployment(foo);
    d.metadata = { ...d.metadata, ownerReferences: [] };
    const f = fixture([foo], [d]);
    await expect(f.controller.syncHandler('default/test')).rejects.toBeInstanceOf(ResourceExistsError);
    expect(writes(f.kubeClient.actions())).toEqual([]);
    expect(writes(f.client.actions())).toEqual([]);
    expect(f.recorder.events).toEqual([
      'Warning ErrResourceExists Resource "test-deployment" already exists and is not managed by Foo',
    ]);
  });

  it('ignores a key whose Foo is gone, as the lister says NotFound', async () => {
    const f = fixture([], []);
    await f.controller.syncHandler('default/missing');
    expect(writes(f.client.actions())).toEqual([]);
  });
});
