// The cnat controller: moves each At from PENDING to RUNNING at its schedule, runs its Pod, and marks it DONE.

import type { corev1, Clientset as KubeClientset } from 'kgen/kubernetes';
import type { PodInformer } from 'kgen/kubernetes/informers/externalversions/core/v1';
import {
  Action,
  type Clock,
  type DeepReadonly,
  type EventRecorderInterface,
  enqueueOwner,
  isNotFound,
  metaNamespaceKeyFunc,
  newControllerRef,
  type RateLimiter,
  RateLimitingQueue,
  realClock,
  runController,
  splitMetaNamespaceKey,
} from 'kgen/runtime';
import type { At } from './generated/apis/cnat/v1alpha1/index.js';
import { atGVK, deepCopyAt } from './generated/apis/cnat/v1alpha1/index.js';
import type { Clientset } from './generated/clientset/versioned/index.js';
import type { AtInformer } from './generated/informers/externalversions/cnat/v1alpha1/index.js';
import { parseSchedule, ScheduleError } from './schedule.js';

/** The field manager of every write this controller makes. */
export const fieldManager = 'cnat-controller';

/** Options of {@link CnatController}. */
export interface CnatControllerOptions {
  cnatClient: Clientset;
  kubeClient: KubeClientset;
  atInformer: AtInformer;
  podInformer: PodInformer;
  recorder: EventRecorderInterface;
  /** @default realClock */
  clock?: Clock;
  /** How failed Ats are retried. @default the default controller limiter (5 ms .. 1000 s per item, 10 qps overall) */
  rateLimiter?: RateLimiter<string>;
}

/** The Pod an At runs: `<at>-pod`, busybox, the command split on spaces, owned by the At. */
export function newPodForAt(at: DeepReadonly<At>): corev1.Pod {
  const name = at.metadata?.name ?? '';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${name}-pod`,
      namespace: at.metadata?.namespace ?? 'default',
      labels: { app: name },
      ownerReferences: [newControllerRef(at as At, atGVK)],
    },
    spec: {
      restartPolicy: 'OnFailure',
      containers: [{ name: 'busybox', image: 'busybox', command: (at.spec?.command ?? '').split(' ') }],
    },
  };
}

/**
 * cnat-client-go's controller: Ats are queued by key on add and update, and Pods enqueue the At that controls
 * them, so a finished Pod moves its At to DONE without polling.
 */
export class CnatController {
  readonly queue: RateLimitingQueue<string>;
  private readonly clock: Clock;

  constructor(private readonly options: CnatControllerOptions) {
    this.clock = options.clock ?? realClock;
    this.queue = new RateLimitingQueue<string>({
      name: 'Ats',
      clock: this.clock,
      ...(options.rateLimiter !== undefined ? { rateLimiter: options.rateLimiter } : {}),
    });
    const enqueueAt = (obj: DeepReadonly<At>): void => this.queue.add(metaNamespaceKeyFunc(obj));
    options.atInformer.informer().addEventHandler({
      onAdd: enqueueAt,
      onUpdate: (_old, obj) => enqueueAt(obj),
    });
    options.podInformer.informer().addEventHandler(
      enqueueOwner<corev1.Pod>({
        ownerGroup: atGVK.group,
        ownerKind: atGVK.kind,
        enqueue: (key) => this.queue.add(key),
      }),
    );
  }

  /** Runs `workers` workers once both caches have synced, until `signal` aborts. */
  async run(workers: number, signal: AbortSignal): Promise<void> {
    await Promise.all([this.options.atInformer.informer().synced, this.options.podInformer.informer().synced]);
    await runController({
      queue: this.queue,
      reconcile: (key, s) => this.reconcile(key, s),
      workers,
      name: 'cnat',
      signal,
    });
  }

  /** One pass over the At named by `key`: the requeue delay while PENDING, nothing otherwise. */
  async reconcile(key: string, signal?: AbortSignal): Promise<Action> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    let original: DeepReadonly<At>;
    try {
      original = this.options.atInformer.lister().ats(namespace).get(name);
    } catch (err) {
      if (isNotFound(err)) {
        return Action.awaitChange();
      }
      throw err;
    }
    const at = deepCopyAt(original);
    at.status ??= {};
    const status = at.status;
    status.phase ??= 'PENDING';

    switch (status.phase) {
      case 'PENDING': {
        const remaining = this.untilSchedule(at);
        if (remaining > 0) {
          // PENDING is not written: the At is looked at again exactly when its time comes.
          return Action.requeue(remaining);
        }
        status.phase = 'RUNNING';
        break;
      }
      case 'RUNNING': {
        const pod = newPodForAt(at);
        const pods = this.options.kubeClient.coreV1().pods(namespace);
        let found: corev1.Pod;
        try {
          found = await pods.get(pod.metadata?.name ?? '', {}, signal);
        } catch (err) {
          if (!isNotFound(err)) {
            throw err;
          }
          await pods.create(pod, { fieldManager }, signal);
          this.options.recorder.event(at, 'Normal', 'PodCreated', `created pod ${pod.metadata?.name}`);
          return Action.awaitChange();
        }
        if (found.status?.phase === 'Succeeded' || found.status?.phase === 'Failed') {
          status.phase = 'DONE';
        }
        // Otherwise the Pod's next change enqueues this At again.
        break;
      }
      case 'DONE':
        return Action.awaitChange();
    }

    if (status.phase !== original.status?.phase) {
      await this.options.cnatClient.cnatV1alpha1().ats(namespace).updateStatus(at, { fieldManager }, signal);
    }
    return Action.awaitChange();
  }

  private untilSchedule(at: At): number {
    try {
      return parseSchedule(at.spec?.schedule ?? '') - this.clock.now();
    } catch (err) {
      if (err instanceof ScheduleError) {
        this.options.recorder.event(at, 'Warning', 'InvalidSchedule', err.message);
      }
      throw err;
    }
  }
}
