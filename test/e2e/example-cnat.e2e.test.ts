// The cnat example against a real API server: an At gets its Pod at the scheduled time and is DONE when it finishes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CnatController } from '../../examples/cnat/src/controller.js';
import { Clientset } from '../../examples/cnat/src/generated/clientset/versioned/index.js';
import { SharedInformerFactory } from '../../examples/cnat/src/generated/informers/externalversions/index.js';
import { formatSchedule, parseSchedule } from '../../examples/cnat/src/schedule.js';
import type { Clientset as KubeClientset } from '../../kubernetes/index.js';
import { type ExampleHarness, exampleHarness } from './support/example-harness.js';
import { pollUntil } from './support/poll-until.js';

const crd = new URL('../../examples/cnat/crds/at.yaml', import.meta.url).pathname;

describe('cnat controller (envtest)', () => {
  let h: ExampleHarness;
  let namespace: string;
  let kube: KubeClientset;
  let cnat: Clientset;

  beforeAll(async () => {
    h = await exampleHarness(crd, 'cnat');
    ({ namespace, kube } = h);
    cnat = Clientset.fromConfig(h.config);
    const cnatFactory = new SharedInformerFactory(cnat, { namespace });
    const controller = new CnatController({
      cnatClient: cnat,
      kubeClient: kube,
      atInformer: cnatFactory.cnat().v1alpha1().ats(),
      podInformer: h.kubeFactory.core().v1().pods(),
      recorder: h.recorder,
    });
    h.start([cnatFactory], (signal) => controller.run(2, signal));
  });

  afterAll(async () => {
    await h.stop();
    await cnat.close();
  });

  it('creates the Pod at the schedule, owned by the At, and moves the At to DONE when the Pod succeeds', async () => {
    const ats = cnat.cnatV1alpha1().ats(namespace);
    // Whole seconds: between 2 and 3 s from now.
    const schedule = formatSchedule(Date.now() + 3_000);
    const at = await ats.create({
      apiVersion: 'cnat.programming-kubernetes.info/v1alpha1',
      kind: 'At',
      metadata: { name: 'hello' },
      spec: { schedule, command: 'echo hello world' },
    });
    const pods = kube.coreV1().pods(namespace);
    const pod = await pollUntil('the At to get its Pod', () => pods.get('hello-pod'), 20_000);
    // The API server stamps creation to the second; the Pod must not exist before the schedule's second.
    expect(Date.parse(pod.metadata?.creationTimestamp ?? '')).toBeGreaterThanOrEqual(parseSchedule(schedule));
    expect(pod.metadata?.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'At', name: 'hello', uid: at.metadata?.uid, controller: true }),
    ]);
    expect(pod.spec?.restartPolicy).toBe('OnFailure');
    expect(pod.spec?.containers[0]).toMatchObject({ image: 'busybox', command: ['echo', 'hello', 'world'] });
    expect((await ats.get('hello')).status?.phase).toBe('RUNNING');

    // There is no kubelet: the test plays it and reports the Pod finished through the status subresource.
    await pods.updateStatus({ ...pod, status: { phase: 'Succeeded' } });
    const done = await pollUntil('the At to be DONE', async () => {
      const current = await ats.get('hello');
      return current.status?.phase === 'DONE' ? current : undefined;
    });
    expect(done.status?.phase).toBe('DONE');
  });

  it('records a Warning event for a bad schedule and leaves the At without a phase', async () => {
    const ats = cnat.cnatV1alpha1().ats(namespace);
    await ats.create({
      apiVersion: 'cnat.programming-kubernetes.info/v1alpha1',
      kind: 'At',
      metadata: { name: 'bad' },
      spec: { schedule: 'next tuesday', command: 'true' },
    });
    const events = kube.coreV1().events(namespace);
    const warning = await pollUntil('an InvalidSchedule event', async () =>
      (await events.list()).items.find((e) => e.reason === 'InvalidSchedule' && e.involvedObject.name === 'bad'),
    );
    expect(warning.type).toBe('Warning');
    expect(warning.message).toContain('next tuesday');
    expect((await ats.get('bad')).status?.phase).toBeUndefined();
  });
});
