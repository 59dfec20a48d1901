// One informer under the campaign: its resource, the informer behind the proxy, its probe, recorder and writer.
import type { KubernetesObject } from '../../../runtime/api/meta.js';
import { listAllPages } from '../../../runtime/cache/pager.js';
import { SharedIndexInformer } from '../../../runtime/cache/shared-index-informer.js';
import { ResourceClient } from '../../../runtime/rest/resource-client.js';
import type { RestClient } from '../../../runtime/rest/rest-client.js';
import { ProbeListerWatcher } from './campaign-probe.js';
import type { SeededRandom } from './campaign-random.js';
import { CampaignWriter, type WriterShape } from './campaign-writer.js';
import { DeliveryRecorder } from './delivery-recorder.js';

/** What the campaign needs to know about a resource. */
export interface ResourceSpec<T extends KubernetesObject> {
  readonly name: string;
  readonly gvr: { readonly group: string; readonly version: string; readonly resource: string };
  readonly kind: string;
  readonly shape: WriterShape<T>;
}

/** Options of {@link CampaignTarget.start}. */
export interface CampaignTargetOptions<T extends KubernetesObject> {
  readonly spec: ResourceSpec<T>;
  readonly namespace: string;
  /** The informer's client, through the fault proxy. */
  readonly viaProxy: RestClient;
  /** The writer's and checker's client, straight to the API server. */
  readonly direct: RestClient;
  readonly random: SeededRandom;
  /** Objects created before the informer starts. @default 20 */
  readonly initial?: number;
}

/** A running informer on one resource, with everything the campaign checks it with. */
export class CampaignTarget<T extends KubernetesObject> {
  private constructor(
    readonly name: string,
    readonly informer: SharedIndexInformer<T>,
    readonly probe: ProbeListerWatcher<T>,
    readonly recorder: DeliveryRecorder<T>,
    readonly writer: CampaignWriter<T>,
    /** Lists straight from the API server. */
    readonly direct: ResourceClient<T>,
    /** Keys the handler was ever told about (an object created and deleted while cut off never is). */
    readonly seen: ReadonlySet<string>,
    private readonly stopInformer: () => Promise<void>,
  ) {}

  /** Seeds some objects, starts the informer and resolves once it has synced. */
  static async start<T extends KubernetesObject>(options: CampaignTargetOptions<T>): Promise<CampaignTarget<T>> {
    const { spec, namespace } = options;
    const client = (rest: RestClient) =>
      new ResourceClient<T>({ rest, gvr: spec.gvr, namespaced: true, kind: spec.kind, namespace });
    const direct = client(options.direct);
    const writer = new CampaignWriter<T>({
      client: direct,
      namespace,
      shape: spec.shape,
      random: options.random,
      prefix: spec.name,
    });
    await writer.burst(options.initial ?? 20);
    const probe = new ProbeListerWatcher<T>(spec.name, client(options.viaProxy));
    const informer = new SharedIndexInformer<T>({ listerWatcher: probe, name: `campaign-${spec.name}` });
    const recorder = new DeliveryRecorder<T>(informer);
    const seen = new Set<string>();
    informer.addEventHandler({
      onAdd: (obj) => {
        seen.add(`${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`);
      },
    });
    const ac = new AbortController();
    const done = informer.run(ac.signal);
    await informer.synced;
    return new CampaignTarget(spec.name, informer, probe, recorder, writer, direct, seen, async () => {
      ac.abort();
      await done;
    });
  }

  /** A fresh, consistent LIST (resourceVersion "") as key -> resourceVersion. */
  async listed(signal?: AbortSignal): Promise<Map<string, string>> {
    const page = await listAllPages(this.direct.list.bind(this.direct), { resourceVersion: '' }, 500, signal);
    const out = new Map<string, string>();
    for (const o of page.items) {
      out.set(`${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`, o.metadata?.resourceVersion ?? '');
    }
    return out;
  }

  /** Keys whose cached resourceVersion differs from `listed`, and cached keys the list does not have. */
  storeDiffers(listed: ReadonlyMap<string, string>): string[] {
    const store = this.informer.getStore();
    const out: string[] = [];
    for (const [k, rv] of listed) {
      const got = store.getByKey(k)?.metadata?.resourceVersion;
      if (got !== rv) {
        out.push(`${k}: cache ${got ?? 'missing'}, list ${rv}`);
      }
    }
    for (const k of store.listKeys()) {
      if (!listed.has(k)) {
        out.push(`${k}: cache has it, list does not`);
      }
    }
    return out;
  }

  /** Deletions by the writer of objects the handler had been told about, that the handler was not told of. */
  undeliveredDeletions(): string[] {
    return this.recorder.undelivered([...this.writer.deleted].filter((k) => this.seen.has(k)));
  }

  async stop(): Promise<void> {
    await this.stopInformer();
  }
}
