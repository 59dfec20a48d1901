// Prometheus gauges that read informers' health on scrape: synced, cached objects, relists and watch restarts.
import { register as defaultRegistry, Gauge, type Registry } from 'prom-client';
import type { KubernetesObject } from '../api/meta.js';
import type { SharedIndexInformer } from '../cache/shared-index-informer.js';

/** The informers to report, by the name used as the `informer` label (e.g. `ats`, `pods`). */
export type NamedInformers = Readonly<Record<string, SharedIndexInformer<KubernetesObject>>>;

/**
 * Registers kgen_informer_{synced,cached_objects,queued_deltas,relists_total,watch_restarts_total} in `registry`.
 * Values are read when scraped, so nothing runs between scrapes.
 */
export function registerInformerMetrics(informers: NamedInformers, registry: Registry = defaultRegistry): void {
  const gauge = (name: string, help: string, read: (i: SharedIndexInformer<KubernetesObject>) => number): void => {
    new Gauge({
      name,
      help,
      labelNames: ['informer'],
      registers: [registry],
      collect(this: Gauge<'informer'>) {
        for (const [label, informer] of Object.entries(informers)) {
          this.labels(label).set(read(informer));
        }
      },
    });
  };
  gauge('kgen_informer_synced', '1 once the informer has delivered its initial list', (i) => (i.hasSynced() ? 1 : 0));
  gauge('kgen_informer_cached_objects', 'Objects in the informer cache', (i) => i.getIndexer().listKeys().length);
  gauge('kgen_informer_queued_deltas', 'Deltas waiting in the informer FIFO', (i) => i.health().queued);
  gauge('kgen_informer_relists_total', 'Full lists made after the first one', (i) => i.health().relists);
  gauge(
    'kgen_informer_watch_restarts_total',
    'Watches started again without a relist',
    (i) => i.health().watchRestarts,
  );
}
