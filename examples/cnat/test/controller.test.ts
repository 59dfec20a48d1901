// cnat's phases over the generated fakes and a fake clock: PENDING until the schedule, RUNNING with a Pod, then DONE.
import type { corev1 } from 'kgen/kubernetes';
import { SharedInformerFactory as KubeInformerFactory } from 'kgen/kubernetes';
import { newSimpleClientset as newKubeClientset } from 'kgen/kubernetes/fake';
import { FakeRecorder } from 'kgen/runtime';
import type { Action } from 'kgen/runtime/fake';
import { FakeClock } from 'kgen/runtime/testing';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/support/wait-for.js';
import { CnatController, newPodForAt } from '../src/controller.js';
import type { At } from '../src/generated/apis/cnat/v1alpha1/index.js';
import { newSimpleClientset } from '../src/generated/clientset/versioned/fake/index.js';
import { SharedInformerFactory } from '../src/generated/informers/externalversions/index.js';
import { formatSchedule } from '../src/schedule.js';

const clock = () => new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));

function newAt(schedule: string, phase?: 'PENDING' | 'RUNNING' | 'DONE'): At {
  return {
    apiVersion: 'cnat.programming-kubernetes.info/v1alpha1',
    kind: 'At',
    metadata: { name: 'hello', namespace: 'default', uid: 'uid-hello' },
    spec: { schedule, command: 'echo hello world' },
    ...(phase !== undefined ? { status: { phase } } : {}),
  };
}

function fixture(ats: At[], pods: corev1.Pod[], fakeClock = clock()) {
  const client = newSimpleClientset(...ats);
  const kubeClient = newKubeClientset(...pods);
  const cnatFactory = new SharedInformerFactory(client, { clock: fakeClock });
  const kubeFactory = new KubeInformerFactory(kubeClient, { clock: fakeClock });
  const atInformer = cnatFactory.cnat().v1alpha1().ats();
  const podInformer = kubeFactory.core().v1().pods();
  for (const at of ats) {
    atInformer.informer().getIndexer().add(at);
  }
  const recorder = new FakeRecorder();
  const controller = new CnatController({
    cnatClient: client,
    kubeClient,
    atInformer,
    podInformer,
    recorder,
    clock: fakeClock,
  });
  return { client, kubeClient, controller, recorder, cnatFactory, kubeFactory, clock: fakeClock };
}

function writes(actions: Action[]): Action[] {
  return actions.filter((a) => a.verb !== 'list' && a.verb !== 'watch' && a.verb !== 'get');
}

function statusUpdate(phase: string) {
  return expect.objectContaining({
    verb: 'update',
    subresource: 'status',
    object: expect.objectContaining({ status: { phase } }),
  });
}

describe('cnat controller phases', () => {
  it('PENDING: requeues after exactly the time left and writes nothing', async () => {
    const c = clock();
    const f = fixture([newAt(formatSchedule(c.now() + 90_000))], [], c);
    const action = await f.controller.reconcile('default/hello');
    expect(action.requeueAfterMs).toBe(90_000);
    expect(writes(f.client.actions())).toEqual([]);
    expect(writes(f.kubeClient.actions())).toEqual([]);
  });

  it('PENDING at the scheduled second: the At becomes RUNNING', async () => {
    const c = clock();
    const f = fixture([newAt(formatSchedule(c.now()), 'PENDING')], [], c);
    const action = await f.controller.reconcile('default/hello');
    expect(action.requeueAfterMs).toBeUndefined();
    expect(writes(f.client.actions())).toEqual([statusUpdate('RUNNING')]);
  });

  it('RUNNING without a Pod: creates <at>-pod, busybox, the command split on spaces, owned by the At', async () => {
    const at = newAt('2026-01-01T00:00:00Z', 'RUNNING');
    const f = fixture([at], []);
    await f.controller.reconcile('default/hello');
    const created = writes(f.kubeClient.actions());
    expect(created).toEqual([expect.objectContaining({ verb: 'create', object: newPodForAt(at) })]);
    const pod = newPodForAt(at);
    expect(pod.metadata).toMatchObject({
      name: 'hello-pod',
      labels: { app: 'hello' },
      ownerReferences: [{ kind: 'At', name: 'hello', uid: 'uid-hello', controller: true, blockOwnerDeletion: true }],
    });
    expect(pod.spec).toMatchObject({
      restartPolicy: 'OnFailure',
      containers: [{ image: 'busybox', command: ['echo', 'hello', 'world'] }],
    });
    expect(writes(f.client.actions())).toEqual([]);
  });

  it('RUNNING while the Pod runs: nothing to do until the Pod changes', async () => {
    const at = newAt('2026-01-01T00:00:00Z', 'RUNNING');
    const f = fixture([at], [{ ...newPodForAt(at), status: { phase: 'Running' } }]);
    const action = await f.controller.reconcile('default/hello');
    expect(action.requeueAfterMs).toBeUndefined();
    expect(writes(f.client.actions())).toEqual([]);
    expect(writes(f.kubeClient.actions())).toEqual([]);
  });

  it.each(['Succeeded', 'Failed'])('RUNNING with a %s Pod: the At is DONE', async (phase) => {
    const at = newAt('2026-01-01T00:00:00Z', 'RUNNING');
    const f = fixture([at], [{ ...newPodForAt(at), status: { phase } }]);
    await f.controller.reconcile('default/hello');
    expect(writes(f.client.actions())).toEqual([statusUpdate('DONE')]);
  });

  it('DONE: no writes', async () => {
    const f = fixture([newAt('2026-01-01T00:00:00Z', 'DONE')], []);
    await f.controller.reconcile('default/hello');
    expect(writes(f.client.actions())).toEqual([]);
    expect(writes(f.kubeClient.actions())).toEqual([]);
  });

  it('a bad schedule is an error (retried with backoff) and a Warning event', async () => {
    const f = fixture([newAt('tomorrow at noon')], []);
    await expect(f.controller.reconcile('default/hello')).rejects.toThrow('tomorrow at noon');
    expect(f.recorder.events).toEqual([
      'Warning InvalidSchedule schedule "tomorrow at noon" is not a UTC time like 2026-01-02T15:04:05Z',
    ]);
    expect(writes(f.client.actions())).toEqual([]);
  });

  it('a Pod event enqueues the At that controls it', async () => {
    const at = newAt('2026-01-01T00:00:00Z', 'RUNNING');
    const f = fixture([at], []);
    const stop = new AbortController();
    f.kubeFactory.start(stop.signal);
    await f.kubeFactory.waitForCacheSync(stop.signal);
    expect(f.controller.queue.len()).toBe(0);
    await f.kubeClient.coreV1().pods('default').create(newPodForAt(at));
    await waitFor(() => f.controller.queue.len() === 1, 'the At to be queued');
    const next = await f.controller.queue.get(stop.signal);
    expect(next).toEqual({ shutdown: false, item: 'default/hello' });
    stop.abort();
    await f.kubeFactory.shutdown();
  });
});
