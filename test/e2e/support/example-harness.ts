// What both example e2e tests need: their CRD installed, clients, a namespace, events to the API server, and a
// controller running in-process until the test ends.
import { Clientset as KubeClientset, SharedInformerFactory as KubeInformerFactory } from '../../../kubernetes/index.js';
import { coreEventSink, EventBroadcaster, type EventRecorder } from '../../../runtime/events/index.js';
import { loadKubeconfig } from '../../../runtime/rest/kubeconfig.js';
import type { RestConfig } from '../../../runtime/rest/rest-config.js';
import { installCrds, loadCrds } from '../../../runtime/testing/index.js';
import { testEnv, uniqueNamespace } from './env.js';

/** A started or startable informer factory. */
interface Factory {
  start(signal: AbortSignal): void;
  shutdown(): Promise<void>;
}

/** The running context of one example controller. */
export interface ExampleHarness {
  readonly config: RestConfig;
  readonly kube: KubeClientset;
  readonly kubeFactory: KubeInformerFactory;
  readonly namespace: string;
  readonly recorder: EventRecorder;
  /** Starts the factories, then `run` (a controller's run loop) until {@link ExampleHarness.stop}. */
  start(factories: readonly Factory[], run: (signal: AbortSignal) => Promise<void>): void;
  /** Stops the controller, waits for it, and shuts the factories and the event broadcaster down. */
  stop(): Promise<void>;
}

/** Installs `crdPath`, makes a namespace named after `prefix`, and wires events to the shared envtest. */
export async function exampleHarness(crdPath: string, prefix: string): Promise<ExampleHarness> {
  const env = testEnv();
  await installCrds({ server: env.server, caPem: env.caPem, token: env.token }, await loadCrds([crdPath]));
  const config = loadKubeconfig({ kubeconfig: env.kubeconfigPath }).config;
  const kube = KubeClientset.fromConfig(config);
  const namespace = await uniqueNamespace(prefix);
  const kubeFactory = new KubeInformerFactory(kube, { namespace });
  const broadcaster = new EventBroadcaster();
  const stopEvents = broadcaster.startRecordingToSink(coreEventSink((ns) => kube.coreV1().events(ns)));
  const stopController = new AbortController();
  let running: Promise<void> = Promise.resolve();
  let started: readonly Factory[] = [];
  return {
    config,
    kube,
    kubeFactory,
    namespace,
    recorder: broadcaster.newRecorder({ component: prefix }),
    start(factories, run) {
      started = [kubeFactory, ...factories];
      for (const f of started) {
        f.start(stopController.signal);
      }
      running = run(stopController.signal);
    },
    async stop() {
      stopController.abort();
      await running;
      await Promise.all(started.map((f) => f.shutdown()));
      stopEvents();
      broadcaster.shutDown();
      await kube.close();
    },
  };
}
