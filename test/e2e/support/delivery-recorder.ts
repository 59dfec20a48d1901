// Records what an informer delivered to a handler, per key, so tests can prove every change and deletion arrived.
import { isDeletedFinalStateUnknown, type KubernetesObject } from '../../../runtime/api/meta.js';
import type { SharedIndexInformer } from '../../../runtime/cache/shared-index-informer.js';

function keyOf(obj: { readonly metadata?: { readonly namespace?: string; readonly name?: string } }): string {
  const ns = obj.metadata?.namespace ?? '';
  const name = obj.metadata?.name ?? '';
  return ns === '' ? name : `${ns}/${name}`;
}

/** Per-handler delivery log: counts, the last resourceVersion seen per key, and how each deletion arrived. */
export class DeliveryRecorder<T extends KubernetesObject> {
  adds = 0;
  initialAdds = 0;
  updates = 0;
  deletes = 0;
  tombstones = 0;
  /** Last resourceVersion delivered by an add or update, per live key. */
  readonly live = new Map<string, string>();
  /** How each key's deletion was delivered (the last one wins if a name is reused). */
  readonly deleted = new Map<string, 'delete' | 'tombstone'>();

  constructor(informer: SharedIndexInformer<T>) {
    informer.addEventHandler({
      onAdd: (obj, isInInitialList) => {
        this.adds++;
        if (isInInitialList) {
          this.initialAdds++;
        }
        this.live.set(keyOf(obj), (obj.metadata as { resourceVersion?: string } | undefined)?.resourceVersion ?? '');
        this.deleted.delete(keyOf(obj));
      },
      onUpdate: (_old, obj) => {
        this.updates++;
        this.live.set(keyOf(obj), (obj.metadata as { resourceVersion?: string } | undefined)?.resourceVersion ?? '');
      },
      onDelete: (obj) => {
        if (isDeletedFinalStateUnknown(obj)) {
          this.tombstones++;
          this.live.delete(obj.key);
          this.deleted.set(obj.key, 'tombstone');
        } else {
          this.deletes++;
          this.live.delete(keyOf(obj));
          this.deleted.set(keyOf(obj), 'delete');
        }
      },
    });
  }

  /** Keys of `keys` whose deletion has not been delivered. */
  undelivered(keys: Iterable<string>): string[] {
    return [...keys].filter((k) => !this.deleted.has(k));
  }

  /** The handler's view equals the given key -> resourceVersion map (what a fresh LIST says). */
  differsFrom(listed: ReadonlyMap<string, string>): string[] {
    const out: string[] = [];
    for (const [k, rv] of listed) {
      if (this.live.get(k) !== rv) {
        out.push(`${k}: handler ${this.live.get(k) ?? 'missing'}, list ${rv}`);
      }
    }
    for (const k of this.live.keys()) {
      if (!listed.has(k)) {
        out.push(`${k}: handler has it, list does not`);
      }
    }
    return out;
  }
}
