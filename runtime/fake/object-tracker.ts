// ObjectTracker: the fake's in-memory API server state, with the API server's write, list and watch semantics.
import { deepCopyJson } from '../api/deep-copy.js';
import type { GroupVersionResource, KubernetesList, KubernetesObject, Scale } from '../api/meta.js';
import type { DeleteOptions, ListOptions, PatchType } from '../api/options.js';
import { type Clock, mathRandom, type Random, realClock } from '../util/clock.js';
import * as errors from './api-errors.js';
import type { FakeWatch } from './fake-watch.js';
import { objectFilter, objectKey } from './list-selection.js';
import { compact, formatTime, newUid } from './object-meta.js';
import { type ResolvedResource, type ResourceRegistration, ResourceRegistry } from './resource-registry.js';
import { toScale, writePath } from './scale-subresource.js';
import { deleteObject } from './tracker-delete.js';
import { listObjects } from './tracker-list.js';
import { patchObject } from './tracker-patch.js';
import { TrackerStore, type TrackerWriteOptions } from './tracker-store.js';
import { prepareUpdate } from './update-rules.js';
import { WatchHub } from './watch-hub.js';

export type { TrackerWriteOptions } from './tracker-store.js';

export interface ObjectTrackerOptions {
  /** The resources served. More can be added with {@link ObjectTracker.register}. @default [] */
  resources?: readonly ResourceRegistration[];
  /** Source of creationTimestamp, deletionTimestamp, managedFields times and watch timers. @default realClock */
  clock?: Clock;
  /** Source of uids and generateName suffixes. @default Math.random */
  random?: Random;
  /** Changes kept for watch replay and consistent paging; older resourceVersions get 410 Expired. @default 1000 */
  historySize?: number;
  /** Interval of BOOKMARK events on watches that allow them; 0 sends none but those of sendInitialEvents. @default 60_000 */
  bookmarkIntervalMs?: number;
  /** Record managedFields on writes, as the API server does (needed for apply conflicts). @default true */
  trackManagedFields?: boolean;
  /** Field manager of writes that name none (the API server derives one from the user agent). @default 'kgen-fake' */
  defaultFieldManager?: string;
}

/** The in-memory state of a fake API server. Every method returns copies; nothing it hands out aliases its state. */
export class ObjectTracker {
  readonly registry: ResourceRegistry;
  private readonly s: TrackerStore;

  constructor(options: ObjectTrackerOptions = {}) {
    this.registry = new ResourceRegistry(options.resources);
    const clock = options.clock ?? realClock;
    this.s = new TrackerStore({
      registry: this.registry,
      clock,
      random: options.random ?? mathRandom,
      trackManagedFields: options.trackManagedFields ?? true,
      defaultFieldManager: options.defaultFieldManager ?? 'kgen-fake',
      hub: (currentRv) =>
        new WatchHub({
          clock,
          historySize: options.historySize ?? 1000,
          bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
          currentRv,
        }),
    });
  }

  /** Registers (or replaces) a resource. */
  register(resource: ResourceRegistration): ResolvedResource {
    return this.registry.register(resource);
  }

  /** The newest resourceVersion handed out. */
  resourceVersion(): number {
    return this.s.rv;
  }

  /** Open watches, for tests that check every watch was released. */
  openWatches(): number {
    return this.s.hub.openWatches();
  }

  /** Sends a BOOKMARK at the current resourceVersion to every watch that allows bookmarks. */
  sendBookmarks(): void {
    this.s.hub.bookmark(this.s.rv);
  }

  /** Ends every open watch normally, as an API server restart would; watchers then re-watch. */
  closeWatches(): void {
    this.s.hub.closeAll();
  }

  /**
   * Seeds an object by its apiVersion and kind, creating or replacing it without validation, as client-go's
   * tracker.Add: status and metadata are kept, missing uid and creationTimestamp are filled in.
   */
  add(obj: KubernetesObject): KubernetesObject {
    const res = this.registry.forKind(obj.apiVersion ?? '', obj.kind ?? '');
    const o = deepCopyJson(obj);
    const ns = res.namespaced ? (o.metadata?.namespace ?? '') : '';
    const name = o.metadata?.name ?? '';
    if (name === '' || (res.namespaced && ns === '')) {
      throw errors.badRequest(`cannot add a ${res.kind} without ${name === '' ? 'a name' : 'a namespace'}`);
    }
    const prev = this.s.store(res).get(objectKey(ns, name));
    o.metadata = {
      ...o.metadata,
      uid: o.metadata?.uid ?? prev?.metadata?.uid ?? newUid(this.s.random),
      creationTimestamp: o.metadata?.creationTimestamp ?? formatTime(this.s.clock.now()),
    };
    return deepCopyJson(this.s.commit(res, prev === undefined ? 'ADDED' : 'MODIFIED', o, prev));
  }

  get(gvr: GroupVersionResource, namespace: string, name: string): KubernetesObject {
    const res = this.registry.get(gvr);
    return deepCopyJson(this.s.mustGet(res, this.s.nsOf(res, namespace), name));
  }

  list(gvr: GroupVersionResource, namespace: string, opts: ListOptions = {}): KubernetesList<KubernetesObject> {
    return listObjects(this.s, this.registry.get(gvr), namespace, opts);
  }

  /** Opens a watch; see WatchHub.open for the resourceVersion and sendInitialEvents rules. */
  watch(
    gvr: GroupVersionResource,
    namespace: string,
    opts: ListOptions = {},
    signal?: AbortSignal,
  ): FakeWatch<KubernetesObject> {
    const res = this.registry.get(gvr);
    const filter = objectFilter(res, namespace, opts);
    return this.s.hub.open(res, filter, opts, { current: this.s.rv, objects: () => this.s.sorted(res) }, signal);
  }

  create(
    gvr: GroupVersionResource,
    namespace: string,
    obj: KubernetesObject,
    opts: TrackerWriteOptions = {},
  ): KubernetesObject {
    return this.s.createIn(this.registry.get(gvr), namespace, obj, opts, undefined);
  }

  /** Update (or, with `subresource: 'status'`, updateStatus): optimistic concurrency on resourceVersion. */
  update(
    gvr: GroupVersionResource,
    namespace: string,
    obj: KubernetesObject,
    opts: TrackerWriteOptions = {},
  ): KubernetesObject {
    const res = this.registry.get(gvr);
    this.s.checkSubresource(res, opts.subresource);
    const o = deepCopyJson(obj);
    const ns = this.s.writeNamespace(res, namespace, o);
    const name = o.metadata?.name ?? '';
    const old = this.s.mustGet(res, ns, name);
    const rv = o.metadata?.resourceVersion ?? '';
    if (rv === '' && !res.allowUnconditionalUpdate) {
      throw errors.invalid(res.kind, res.gvr.group, name, [
        {
          field: 'metadata.resourceVersion',
          reason: 'FieldValueInvalid',
          message: 'Invalid value: 0: must be specified for an update',
        },
      ]);
    }
    if (rv !== '' && rv !== old.metadata?.resourceVersion) {
      throw errors.conflict(res.gvr, name, errors.modifiedMessage);
    }
    const uid = o.metadata?.uid;
    if (uid !== undefined && uid !== '' && uid !== old.metadata?.uid) {
      throw errors.conflict(
        res.gvr,
        name,
        `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${old.metadata?.uid}`,
      );
    }
    return this.s.replace(res, old, prepareUpdate(res, old, o, opts.subresource), opts);
  }

  /** Deletes, or marks for deletion when finalizers remain; returns the object as last stored. */
  delete(gvr: GroupVersionResource, namespace: string, name: string, opts: DeleteOptions = {}): KubernetesObject {
    const res = this.registry.get(gvr);
    return deleteObject(this.s, res, this.s.nsOf(res, namespace), name, opts);
  }

  /** Deletes every object the list options select; returns them as deleted (or marked). */
  deleteCollection(
    gvr: GroupVersionResource,
    namespace: string,
    listOpts: ListOptions = {},
    opts: DeleteOptions = {},
  ): KubernetesList<KubernetesObject> {
    const res = this.registry.get(gvr);
    const { continue: _c, limit: _l, ...selection } = listOpts;
    const selected = this.list(gvr, namespace, selection);
    const items = selected.items.map((o) =>
      this.delete(
        gvr,
        o.metadata?.namespace ?? '',
        o.metadata?.name ?? '',
        compact<DeleteOptions>({ ...opts, preconditions: undefined }),
      ),
    );
    return { apiVersion: res.apiVersion, kind: res.listKind, metadata: { resourceVersion: String(this.s.rv) }, items };
  }

  /** Patches with any patch type; `apply` is server-side apply and creates the object if it is missing. */
  patch(
    gvr: GroupVersionResource,
    namespace: string,
    name: string,
    type: PatchType,
    body: unknown,
    opts: TrackerWriteOptions = {},
  ): KubernetesObject {
    const res = this.registry.get(gvr);
    this.s.checkSubresource(res, opts.subresource);
    return patchObject(this.s, res, this.s.nsOf(res, namespace), name, type, body, opts);
  }

  getScale(gvr: GroupVersionResource, namespace: string, name: string): Scale {
    const res = this.registry.get(gvr);
    const scale = this.s.scaleOf(res);
    return toScale(res, scale, this.s.mustGet(res, this.s.nsOf(res, namespace), name));
  }

  /** Writes `spec.replicas` of the Scale to the object; a stale Scale resourceVersion conflicts. */
  updateScale(
    gvr: GroupVersionResource,
    namespace: string,
    name: string,
    scale: Scale,
    opts: TrackerWriteOptions = {},
  ): Scale {
    const res = this.registry.get(gvr);
    const paths = this.s.scaleOf(res);
    const old = this.s.mustGet(res, this.s.nsOf(res, namespace), name);
    const rv = scale.metadata?.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== old.metadata?.resourceVersion) {
      throw errors.conflict(res.gvr, name, errors.modifiedMessage);
    }
    const next = deepCopyJson(old);
    writePath(next, paths.specReplicasPath, scale.spec?.replicas ?? 0);
    const saved = this.s.replace(res, old, prepareUpdate(res, old, next, undefined), opts);
    return toScale(res, paths, saved);
  }
}
