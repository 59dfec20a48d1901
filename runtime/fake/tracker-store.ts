// The object tracker's state: stored objects, the resourceVersion counter and watch history, and the write path every verb ends in.
import { deepCopyJson } from '../api/deep-copy.js';
import type { KubernetesObject, ManagedFieldsEntry } from '../api/meta.js';
import type { DryRun } from '../api/options.js';
import type { Clock, Random } from '../util/clock.js';
import * as errors from './api-errors.js';
import { expiredContinue, objectKey } from './list-selection.js';
import { hintLookup } from './merge-patch.js';
import { compact, formatTime, nameSuffix, newUid, sameObject } from './object-meta.js';
import { gvrKey, type ResolvedResource, type ResourceRegistry } from './resource-registry.js';
import { type ManagerContext, trackUpdate } from './server-side-apply.js';
import type { WatchHub } from './watch-hub.js';

/** Options of create, update and patch. */
export interface TrackerWriteOptions {
  dryRun?: DryRun[];
  fieldManager?: string;
  /** `status` to write through the status subresource. @default the main resource */
  subresource?: 'status';
  /** Apply only: take ownership of conflicting fields. @default false */
  force?: boolean;
}

/** What the store is built from (ObjectTracker resolves the defaults). */
export interface TrackerStoreParts {
  readonly registry: ResourceRegistry;
  readonly clock: Clock;
  readonly random: Random;
  readonly trackManagedFields: boolean;
  readonly defaultFieldManager: string;
  /** Built by the store's owner with a `currentRv` that reads {@link TrackerStore.rv}. */
  readonly hub: (currentRv: () => number) => WatchHub;
}

const maxGenerateAttempts = 8;

/**
 * The tracker's state and its write path (create, replace, commit, remove). Internal to runtime/fake: ObjectTracker
 * is the public face, and the verb modules (list, delete, patch/apply) work on this state.
 */
export class TrackerStore {
  readonly registry: ResourceRegistry;
  readonly clock: Clock;
  readonly random: Random;
  readonly hub: WatchHub;
  readonly trackManagedFields: boolean;
  readonly defaultFieldManager: string;
  private readonly objects = new Map<string, Map<string, KubernetesObject>>();
  /** The newest resourceVersion handed out. */
  rv = 0;

  constructor(parts: TrackerStoreParts) {
    this.registry = parts.registry;
    this.clock = parts.clock;
    this.random = parts.random;
    this.trackManagedFields = parts.trackManagedFields;
    this.defaultFieldManager = parts.defaultFieldManager;
    this.hub = parts.hub(() => this.rv);
  }

  // `applied` carries the managedFields of a create-by-apply, which owns its fields as Apply, not Update.
  createIn(
    res: ResolvedResource,
    namespace: string,
    obj: KubernetesObject,
    opts: TrackerWriteOptions,
    applied: ManagedFieldsEntry[] | undefined,
  ): KubernetesObject {
    const o = deepCopyJson(obj);
    const ns = this.writeNamespace(res, namespace, o);
    if (o.metadata?.resourceVersion) {
      throw errors.badRequest('resourceVersion should not be set on objects to be created');
    }
    const meta = { ...o.metadata };
    let name = meta.name ?? '';
    if (name === '') {
      if (!meta.generateName) {
        throw errors.invalid(res.kind, res.gvr.group, '', [
          {
            field: 'metadata.name',
            reason: 'FieldValueRequired',
            message: 'Required value: name or generateName is required',
          },
        ]);
      }
      for (let i = 0; ; i++) {
        name = `${meta.generateName}${nameSuffix(this.random)}`;
        if (!this.store(res).has(objectKey(ns, name))) {
          break;
        }
        if (i + 1 >= maxGenerateAttempts) {
          throw errors.alreadyExists(res.gvr, name);
        }
      }
    }
    if (this.store(res).has(objectKey(ns, name))) {
      throw errors.alreadyExists(res.gvr, name);
    }
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.managedFields;
    o.metadata = {
      ...meta,
      name,
      ...(res.namespaced ? { namespace: ns } : {}),
      uid: newUid(this.random),
      creationTimestamp: formatTime(this.clock.now()),
      generation: 1,
    };
    if (res.statusSubresource) {
      delete (o as { status?: unknown }).status;
    }
    if (applied !== undefined && this.trackManagedFields) {
      o.metadata.managedFields = applied;
    } else {
      this.track(res, undefined, o, opts);
    }
    return this.finish(res, 'ADDED', o, undefined, opts);
  }

  managerContext(
    res: ResolvedResource,
    manager: string | undefined,
    subresource: 'status' | undefined,
  ): ManagerContext {
    return {
      manager: manager || this.defaultFieldManager,
      subresource,
      apiVersion: res.apiVersion,
      time: formatTime(this.clock.now()),
      hint: hintLookup(res.mergeHints),
    };
  }

  private track(
    res: ResolvedResource,
    old: KubernetesObject | undefined,
    next: KubernetesObject,
    opts: TrackerWriteOptions,
  ): void {
    if (this.trackManagedFields) {
      trackUpdate(old, next, this.managerContext(res, opts.fieldManager, opts.subresource));
    } else {
      next.metadata = compact({ ...next.metadata, managedFields: old?.metadata?.managedFields });
    }
  }

  // Stores an update unless it changes nothing; finishes a deletion whose last finalizer went away.
  replace(
    res: ResolvedResource,
    old: KubernetesObject,
    next: KubernetesObject,
    opts: TrackerWriteOptions,
    track = true,
  ): KubernetesObject {
    if (track) {
      this.track(res, old, next, opts);
    }
    if (sameObject(old, next)) {
      return deepCopyJson(old);
    }
    if (next.metadata?.deletionTimestamp !== undefined && (next.metadata.finalizers?.length ?? 0) === 0) {
      if (opts.dryRun?.includes('All')) {
        return deepCopyJson(next);
      }
      return this.remove(res, next);
    }
    return this.finish(res, 'MODIFIED', next, old, opts);
  }

  finish(
    res: ResolvedResource,
    type: 'ADDED' | 'MODIFIED',
    obj: KubernetesObject,
    prev: KubernetesObject | undefined,
    opts: { dryRun?: DryRun[] | undefined },
  ): KubernetesObject {
    obj.apiVersion = res.apiVersion;
    obj.kind = res.kind;
    if (opts.dryRun?.includes('All')) {
      return deepCopyJson(obj);
    }
    return deepCopyJson(this.commit(res, type, obj, prev));
  }

  commit(
    res: ResolvedResource,
    type: 'ADDED' | 'MODIFIED',
    obj: KubernetesObject,
    prev: KubernetesObject | undefined,
  ): KubernetesObject {
    const rv = ++this.rv;
    obj.apiVersion = res.apiVersion;
    obj.kind = res.kind;
    obj.metadata = { ...obj.metadata, resourceVersion: String(rv) };
    const stored = deepCopyJson(obj);
    this.store(res).set(objectKey(stored.metadata?.namespace ?? '', stored.metadata?.name ?? ''), stored);
    this.hub.record({ rv, resource: gvrKey(res.gvr), type, object: stored, prev });
    return stored;
  }

  remove(res: ResolvedResource, obj: KubernetesObject): KubernetesObject {
    const rv = ++this.rv;
    const gone = deepCopyJson(obj);
    gone.metadata = { ...gone.metadata, resourceVersion: String(rv) };
    const key = objectKey(gone.metadata.namespace ?? '', gone.metadata.name ?? '');
    const prev = this.store(res).get(key);
    this.store(res).delete(key);
    this.hub.record({ rv, resource: gvrKey(res.gvr), type: 'DELETED', object: gone, prev });
    return deepCopyJson(gone);
  }

  // The objects of `res` as of `rv`, rebuilt by undoing newer history; 410 when that history is gone.
  snapshot(res: ResolvedResource, rv: number, forContinue: boolean): Map<string, KubernetesObject> {
    const state = new Map(this.store(res));
    if (rv >= this.rv) {
      return state;
    }
    const newer = this.hub.since(gvrKey(res.gvr), rv);
    if (newer === undefined) {
      throw forContinue
        ? expiredContinue(rv, this.hub.oldestReplayable())
        : errors.expired(String(rv), this.hub.oldestReplayable());
    }
    for (const e of newer.reverse()) {
      const key = objectKey(e.object.metadata?.namespace ?? '', e.object.metadata?.name ?? '');
      if (e.prev === undefined) {
        state.delete(key);
      } else {
        state.set(key, e.prev);
      }
    }
    return state;
  }

  sorted(res: ResolvedResource): KubernetesObject[] {
    return [...this.store(res).entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, o]) => o);
  }

  store(res: ResolvedResource): Map<string, KubernetesObject> {
    const k = gvrKey(res.gvr);
    let m = this.objects.get(k);
    if (m === undefined) {
      m = new Map();
      this.objects.set(k, m);
    }
    return m;
  }

  mustGet(res: ResolvedResource, ns: string, name: string): KubernetesObject {
    const o = this.store(res).get(objectKey(ns, name));
    if (o === undefined) {
      throw errors.notFound(res.gvr, name);
    }
    return o;
  }

  nsOf(res: ResolvedResource, namespace: string): string {
    return res.namespaced ? namespace : '';
  }

  // The request's namespace wins; an object naming another one is a 400, as on the API server.
  writeNamespace(res: ResolvedResource, namespace: string, o: KubernetesObject): string {
    if (!res.namespaced) {
      if (o.metadata?.namespace) {
        o.metadata = { ...o.metadata };
        delete o.metadata.namespace;
      }
      return '';
    }
    const own = o.metadata?.namespace ?? '';
    if (namespace !== '' && own !== '' && own !== namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    const ns = namespace || own;
    if (ns === '') {
      throw errors.badRequest(`a namespace is required to write ${res.gvr.resource}`);
    }
    return ns;
  }

  checkSubresource(res: ResolvedResource, sub: 'status' | undefined): void {
    if (sub === 'status' && !res.statusSubresource) {
      throw errors.resourceNotServed();
    }
  }

  scaleOf(res: ResolvedResource): NonNullable<ResolvedResource['scale']> {
    if (res.scale === undefined) {
      throw errors.resourceNotServed();
    }
    return res.scale;
  }
}
