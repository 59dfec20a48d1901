// The seam through which the workqueue reports metrics: small metric interfaces, a provider, and a no-op default.

/** A value that goes up and down (queue depth). */
export interface GaugeMetric {
  inc(): void;
  dec(): void;
}

/** A value that is only ever set (unfinished work, longest running processor). */
export interface SettableGaugeMetric {
  set(value: number): void;
}

/** A monotonically increasing count (adds, retries). */
export interface CounterMetric {
  inc(): void;
}

/** A distribution of observations in seconds (queue latency, work duration). */
export interface HistogramMetric {
  observe(seconds: number): void;
}

/** Builds the metrics of one named workqueue; mirrors client-go's workqueue.MetricsProvider. */
export interface MetricsProvider {
  newDepthMetric(name: string): GaugeMetric;
  newAddsMetric(name: string): CounterMetric;
  newLatencyMetric(name: string): HistogramMetric;
  newWorkDurationMetric(name: string): HistogramMetric;
  newUnfinishedWorkSecondsMetric(name: string): SettableGaugeMetric;
  newLongestRunningProcessorSecondsMetric(name: string): SettableGaugeMetric;
  newRetriesMetric(name: string): CounterMetric;
}

const noop = { inc() {}, dec() {}, set() {}, observe() {} };

/** The default provider: every metric discards its updates. */
export const noopMetricsProvider: MetricsProvider = {
  newDepthMetric: () => noop,
  newAddsMetric: () => noop,
  newLatencyMetric: () => noop,
  newWorkDurationMetric: () => noop,
  newUnfinishedWorkSecondsMetric: () => noop,
  newLongestRunningProcessorSecondsMetric: () => noop,
  newRetriesMetric: () => noop,
};

let globalProvider: MetricsProvider = noopMetricsProvider;

/** Sets the provider used by queues created afterwards without an explicit one; returns the previous provider. */
export function setMetricsProvider(provider: MetricsProvider): MetricsProvider {
  const prev = globalProvider;
  globalProvider = provider;
  return prev;
}

/** The provider queues use when none is passed. */
export function metricsProvider(): MetricsProvider {
  return globalProvider;
}
