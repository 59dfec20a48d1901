// A MetricsProvider backed by prom-client, with client-go's workqueue metric names and a `name` label.
import { Counter, register as defaultRegistry, Gauge, Histogram, type Registry } from 'prom-client';
import type {
  CounterMetric,
  GaugeMetric,
  HistogramMetric,
  MetricsProvider,
  SettableGaugeMetric,
} from './metrics-provider.js';

/** Options of {@link PrometheusMetricsProvider}. */
export interface PrometheusMetricsProviderOptions {
  /** Where the metrics are registered. @default prom-client's global registry */
  registry?: Registry;
  /** Prefix of every metric name. @default 'workqueue' */
  prefix?: string;
}

// Same buckets as client-go: 10^-8 s up to 10^1 s, one per decade.
const decadeBuckets = Array.from({ length: 10 }, (_, i) => 10 ** (i - 8));

/** Registers the seven workqueue metric families once and hands out per-queue children. */
export class PrometheusMetricsProvider implements MetricsProvider {
  private readonly depth: Gauge<'name'>;
  private readonly adds: Counter<'name'>;
  private readonly latency: Histogram<'name'>;
  private readonly workDuration: Histogram<'name'>;
  private readonly unfinished: Gauge<'name'>;
  private readonly longest: Gauge<'name'>;
  private readonly retries: Counter<'name'>;

  constructor(options: PrometheusMetricsProviderOptions = {}) {
    const registers = [options.registry ?? defaultRegistry];
    const p = options.prefix ?? 'workqueue';
    const labelNames = ['name'] as const;
    this.depth = new Gauge({ name: `${p}_depth`, help: 'Current depth of workqueue', labelNames, registers });
    this.adds = new Counter({
      name: `${p}_adds_total`,
      help: 'Total number of adds handled by workqueue',
      labelNames,
      registers,
    });
    this.latency = new Histogram({
      name: `${p}_queue_duration_seconds`,
      help: 'How long in seconds an item stays in workqueue before being requested',
      labelNames,
      buckets: decadeBuckets,
      registers,
    });
    this.workDuration = new Histogram({
      name: `${p}_work_duration_seconds`,
      help: 'How long in seconds processing an item from workqueue takes',
      labelNames,
      buckets: decadeBuckets,
      registers,
    });
    this.unfinished = new Gauge({
      name: `${p}_unfinished_work_seconds`,
      help: 'How many seconds of work has been done that is in progress and has not been observed by work_duration',
      labelNames,
      registers,
    });
    this.longest = new Gauge({
      name: `${p}_longest_running_processor_seconds`,
      help: 'How many seconds has the longest running processor for workqueue been running',
      labelNames,
      registers,
    });
    this.retries = new Counter({
      name: `${p}_retries_total`,
      help: 'Total number of retries handled by workqueue',
      labelNames,
      registers,
    });
  }

  newDepthMetric(name: string): GaugeMetric {
    const g = this.depth.labels(name);
    return { inc: () => g.inc(), dec: () => g.dec() };
  }
  newAddsMetric(name: string): CounterMetric {
    const c = this.adds.labels(name);
    return { inc: () => c.inc() };
  }
  newLatencyMetric(name: string): HistogramMetric {
    const h = this.latency.labels(name);
    return { observe: (s) => h.observe(s) };
  }
  newWorkDurationMetric(name: string): HistogramMetric {
    const h = this.workDuration.labels(name);
    return { observe: (s) => h.observe(s) };
  }
  newUnfinishedWorkSecondsMetric(name: string): SettableGaugeMetric {
    const g = this.unfinished.labels(name);
    return { set: (v) => g.set(v) };
  }
  newLongestRunningProcessorSecondsMetric(name: string): SettableGaugeMetric {
    const g = this.longest.labels(name);
    return { set: (v) => g.set(v) };
  }
  newRetriesMetric(name: string): CounterMetric {
    const c = this.retries.labels(name);
    return { inc: () => c.inc() };
  }
}
