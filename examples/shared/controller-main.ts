// The command line both example controllers share: config, flags, metrics endpoints, leader election, signals.

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Clientset as KubeClientset, SharedInformerFactory as KubeInformerFactory } from 'kgen/kubernetes';
import {
  coreEventSink,
  EventBroadcaster,
  type EventRecorder,
  type KubernetesObject,
  LeaderElector,
  LeaseLock,
  type LoadedConfig,
  loadConfig,
  logger,
  PrometheusMetricsProvider,
  registerInformerMetrics,
  registerRestClientMetrics,
  type SharedIndexInformer,
  setMetricsProvider,
  startMetricsServer,
} from 'kgen/runtime';
import { Registry } from 'prom-client';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';

/** What a controller command gets once its flags are parsed and its config is loaded. */
export interface ControllerContext {
  readonly config: LoadedConfig;
  readonly kubeClient: KubeClientset;
  /** Namespace to watch; '' means every namespace. */
  readonly namespace: string;
  readonly workers: number;
  /** Informers of built-in kinds, for this namespace, with the command's resync period. */
  readonly kubeFactory: KubeInformerFactory;
  /** Records core/v1 Events as this command's component. */
  readonly recorder: EventRecorder;
  /** Extra metrics scraped on /metrics (workqueue and informer metrics are registered already). */
  readonly registry: Registry;
}

/** Something started with the controller and shut down after it: the informer factories. */
export interface Startable {
  start(signal: AbortSignal): void;
  shutdown(): Promise<void>;
}

/** A controller built for a context. */
export interface BuiltController {
  /** Runs until `signal` aborts; the informers below must have synced before it reconciles. */
  run(signal: AbortSignal): Promise<void>;
  /** Factories to start before `run` and shut down after it, besides the context's kubeFactory. */
  readonly factories: readonly Startable[];
  /** Informers by metrics label; /readyz answers ok once all have synced. */
  readonly informers: Readonly<Record<string, { informer(): SharedIndexInformer<KubernetesObject> }>>;
}

/** Describes one example's command. */
export interface ControllerCommand {
  /** Also the Lease name under --leader-elect. */
  readonly name: string;
  readonly description: string;
  /** Resync period of every informer. */
  readonly resyncMs: number;
  build(ctx: ControllerContext): BuiltController;
}

/**
 * Parses `argv`, loads the config (--kubeconfig, else $KUBECONFIG or ~/.kube/config, else in-cluster), serves
 * /metrics, /healthz and /readyz, and runs the controller until SIGINT or SIGTERM, under a Lease when
 * --leader-elect is set. A second signal exits at once, as Kubernetes components do.
 */
export async function runControllerCommand(command: ControllerCommand, argv = hideBin(process.argv)): Promise<void> {
  const args = await yargs(argv)
    .scriptName(command.name)
    .usage(`$0 [options]\n\n${command.description}`)
    .option('kubeconfig', { type: 'string', describe: 'Path to a kubeconfig; in-cluster config when none is found' })
    .option('context', { type: 'string', describe: 'kubeconfig context to use' })
    .option('namespace', { type: 'string', default: '', describe: 'Namespace to watch ("" = all)' })
    .option('workers', { type: 'number', default: 2, describe: 'Concurrent reconciles' })
    .option('leader-elect', { type: 'boolean', default: false, describe: 'Run only while holding a Lease' })
    .option('leader-elect-namespace', { type: 'string', default: 'default', describe: 'Namespace of the Lease' })
    .option('metrics-port', {
      type: 'number',
      default: 8080,
      describe: 'Port of /metrics, /healthz, /readyz (-1: off)',
    })
    .option('metrics-host', { type: 'string', default: '0.0.0.0', describe: 'Address the metrics server binds' })
    .strict()
    .help()
    .parseAsync();

  const config = loadConfig({
    ...(args.kubeconfig !== undefined ? { kubeconfig: args.kubeconfig } : {}),
    ...(args.context !== undefined ? { context: args.context } : {}),
  });
  const registry = new Registry();
  setMetricsProvider(new PrometheusMetricsProvider({ registry }));
  registerRestClientMetrics({ registry });
  const kubeClient = KubeClientset.fromConfig(config.config);
  const kubeFactory = new KubeInformerFactory(kubeClient, {
    namespace: args.namespace,
    defaultResyncMs: command.resyncMs,
  });
  const broadcaster = new EventBroadcaster();
  const built = command.build({
    config,
    kubeClient,
    namespace: args.namespace,
    workers: args.workers,
    kubeFactory,
    recorder: broadcaster.newRecorder({ component: command.name }),
    registry,
  });
  const informers = Object.values(built.informers).map((i) => i.informer());
  registerInformerMetrics(
    Object.fromEntries(Object.entries(built.informers).map(([name, i]) => [name, i.informer()])),
    registry,
  );
  const factories = [kubeFactory, ...built.factories];
  const controller = {
    synced: () => informers.every((i) => i.hasSynced()),
    async run(signal: AbortSignal): Promise<void> {
      const stopEvents = broadcaster.startRecordingToSink(coreEventSink((ns) => kubeClient.coreV1().events(ns)));
      for (const f of factories) {
        f.start(signal);
      }
      try {
        await built.run(signal);
      } finally {
        await Promise.all(factories.map((f) => f.shutdown()));
        await broadcaster.flush();
        stopEvents();
      }
    },
  };

  const stop = new AbortController();
  let signals = 0;
  const onSignal = (name: string): void => {
    signals++;
    if (signals > 1) {
      process.exit(1);
    }
    logger().info('shutting down', { signal: name });
    stop.abort(new DOMException(`received ${name}`, 'AbortError'));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  const metrics =
    args['metrics-port'] < 0
      ? undefined
      : await startMetricsServer(
          { port: args['metrics-port'], host: args['metrics-host'], registry, ready: () => controller.synced() },
          stop.signal,
        );
  if (metrics !== undefined) {
    logger().info('serving metrics', { port: metrics.port });
  }
  try {
    if (!args['leader-elect']) {
      await controller.run(stop.signal);
      return;
    }
    const namespace = args['leader-elect-namespace'];
    const elector = new LeaderElector({
      lock: new LeaseLock({
        client: kubeClient.coordinationV1().leases(namespace),
        namespace,
        name: command.name,
        identity: `${hostname()}_${randomUUID()}`,
      }),
      releaseOnCancel: true,
      callbacks: {
        onStartedLeading: (signal) => controller.run(signal),
        onStoppedLeading: () => logger().info('stopped leading', { lease: command.name }),
        onNewLeader: (identity) => logger().info('leader', { identity }),
      },
    });
    await elector.run(stop.signal);
    if (!stop.signal.aborted) {
      // As client-go's controllers do: a lost lease ends the process, and its restart campaigns anew.
      logger().error('leader election lost', { lease: command.name });
      process.exitCode = 1;
    }
  } finally {
    broadcaster.shutDown();
    await metrics?.close();
  }
}
