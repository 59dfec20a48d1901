// The sample-controller: for each Foo, a Deployment with the Foo's name and replica count, and the Foo's status.

import type { appsv1, Clientset as KubeClientset } from 'kgen/kubernetes';
import type { DeploymentInformer } from 'kgen/kubernetes/informers/externalversions/apps/v1';
import {
  Action,
  BucketRateLimiter,
  type Clock,
  type DeepReadonly,
  type EventRecorderInterface,
  enqueueOwner,
  ItemExponentialFailureRateLimiter,
  isControlledBy,
  isNotFound,
  KubeError,
  MaxOfRateLimiter,
  metaNamespaceKeyFunc,
  newControllerRef,
  RateLimitingQueue,
  realClock,
  runController,
  splitMetaNamespaceKey,
} from 'kgen/runtime';
import { deepCopyFoo, type Foo, fooGVK } from './generated/apis/samplecontroller/v1alpha1/index.js';
import type { Clientset } from './generated/clientset/versioned/index.js';
import type { FooInformer } from './generated/informers/externalversions/samplecontroller/v1alpha1/index.js';

/** The field manager of every write this controller makes. */
export const fieldManager = 'sample-controller';

/** Event reasons and messages, as sample-controller spells them. */
export const successSynced = 'Synced';
export const errResourceExists = 'ErrResourceExists';
export const messageResourceSynced = 'Foo synced successfully';

/** A Deployment of the Foo's name exists and some other owner controls it. */
export class ResourceExistsError extends KubeError {
  constructor(readonly deploymentName: string) {
    super('SAMPLE_RESOURCE_EXISTS', `Resource "${deploymentName}" already exists and is not managed by Foo`);
  }
}

/** Options of {@link SampleController}. */
export interface SampleControllerOptions {
  sampleClient: Clientset;
  kubeClient: KubeClientset;
  fooInformer: FooInformer;
  deploymentInformer: DeploymentInformer;
  recorder: EventRecorderInterface;
  /** @default realClock */
  clock?: Clock;
}

/** The Deployment a Foo asks for: nginx, labelled for the Foo, controlled by it. */
export function newDeployment(foo: DeepReadonly<Foo>): appsv1.Deployment {
  const labels = { app: 'nginx', controller: foo.metadata?.name ?? '' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: foo.spec?.deploymentName ?? '',
      namespace: foo.metadata?.namespace ?? 'default',
      ownerReferences: [newControllerRef(foo as Foo, fooGVK)],
    },
    spec: {
      ...(foo.spec?.replicas !== undefined ? { replicas: foo.spec.replicas } : {}),
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'nginx', image: 'nginx:latest' }] },
      },
    },
  };
}

/**
 * kubernetes/sample-controller's controller: Foos are queued on add and update, Deployments enqueue their Foo,
 * and failures back off per item (5 ms doubling to 1000 s) under an overall bucket of 50 qps, burst 300.
 */
export class SampleController {
  readonly queue: RateLimitingQueue<string>;

  constructor(private readonly options: SampleControllerOptions) {
    const clock = options.clock ?? realClock;
    this.queue = new RateLimitingQueue<string>({
      name: 'Foos',
      clock,
      rateLimiter: new MaxOfRateLimiter<string>(
        new ItemExponentialFailureRateLimiter<string>({ baseDelayMs: 5, maxDelayMs: 1_000_000 }),
        new BucketRateLimiter<string>({ qps: 50, burst: 300, clock }),
      ),
    });
    const enqueueFoo = (foo: DeepReadonly<Foo>): void => this.queue.add(metaNamespaceKeyFunc(foo));
    options.fooInformer.informer().addEventHandler({ onAdd: enqueueFoo, onUpdate: (_old, foo) => enqueueFoo(foo) });
    const fooLister = options.fooInformer.lister();
    options.deploymentInformer.informer().addEventHandler(
      enqueueOwner<appsv1.Deployment>({
        ownerGroup: fooGVK.group,
        ownerKind: fooGVK.kind,
        enqueue: (key) => this.queue.add(key),
        ownerExists: (namespace, name) => exists(() => fooLister.foos(namespace).get(name)),
      }),
    );
  }

  /** Runs `workers` workers once both caches have synced, until `signal` aborts. */
  async run(workers: number, signal: AbortSignal): Promise<void> {
    await Promise.all([this.options.fooInformer.informer().synced, this.options.deploymentInformer.informer().synced]);
    await runController({
      queue: this.queue,
      reconcile: (key, s) => this.syncHandler(key, s),
      workers,
      name: 'sample-controller',
      signal,
    });
  }

  /** Brings the Deployment of the Foo named by `key` to the Foo's spec, then writes the Foo's status. */
  async syncHandler(key: string, signal?: AbortSignal): Promise<Action> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    let foo: DeepReadonly<Foo>;
    try {
      foo = this.options.fooInformer.lister().foos(namespace).get(name);
    } catch (err) {
      if (isNotFound(err)) {
        return Action.awaitChange();
      }
      throw err;
    }
    const deploymentName = foo.spec?.deploymentName ?? '';
    if (deploymentName === '') {
      // Nothing to do until the user names the Deployment; an error would only retry the same spec.
      return Action.awaitChange();
    }
    const deployments = this.options.kubeClient.appsV1().deployments(namespace);
    let deployment: DeepReadonly<appsv1.Deployment>;
    try {
      deployment = this.options.deploymentInformer.lister().deployments(namespace).get(deploymentName);
    } catch (err) {
      if (!isNotFound(err)) {
        throw err;
      }
      deployment = await deployments.create(newDeployment(foo), { fieldManager }, signal);
    }
    if (!isControlledBy(deployment as appsv1.Deployment, foo as Foo)) {
      const error = new ResourceExistsError(deploymentName);
      this.options.recorder.event(foo as Foo, 'Warning', errResourceExists, error.message);
      throw error;
    }
    if (foo.spec?.replicas !== undefined && foo.spec.replicas !== deployment.spec?.replicas) {
      deployment = await deployments.update(newDeployment(foo), { fieldManager }, signal);
    }
    await this.updateFooStatus(foo, deployment, signal);
    this.options.recorder.event(foo as Foo, 'Normal', successSynced, messageResourceSynced);
    return Action.awaitChange();
  }

  private async updateFooStatus(
    foo: DeepReadonly<Foo>,
    deployment: DeepReadonly<appsv1.Deployment>,
    signal?: AbortSignal,
  ): Promise<void> {
    // Never mutate the cached object: listers hand out shared copies.
    const copy = deepCopyFoo(foo);
    copy.status = { ...copy.status, availableReplicas: deployment.status?.availableReplicas ?? 0 };
    await this.options.sampleClient
      .samplecontrollerV1alpha1()
      .foos(namespace(foo))
      .updateStatus(copy, { fieldManager }, signal);
  }
}

function exists(get: () => unknown): boolean {
  try {
    get();
    return true;
  } catch (err) {
    if (isNotFound(err)) {
      return false;
    }
    throw err;
  }
}

function namespace(obj: DeepReadonly<Foo>): string {
  return obj.metadata?.namespace ?? 'default';
}
