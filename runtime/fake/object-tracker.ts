// ObjectTracker: the fake's in-memory API server state, with the API server's write, list and watch semantics.
import { deepCopyJson } from '../api/deep-copy.js';
import type { GroupVersionResource, KubernetesList, KubernetesObject, ManagedFieldsEntry, Scale } from '../api/meta.js';
import type { DeleteOptions, DryRun, ListOptions, PatchType } from '../api/options.js';
import { type Clock, mathRandom, type Random, realClock } from '../util/clock.js';
import * as errors from './api-errors.js';
import type { FakeWatch } from './fake-watch.js';
import { applyJsonPatch } from './json-patch.js';
import { decodeContinue, expiredContinue, objectFilter, objectKey, pageOf } from './list-selection.js';
import { applyMergePatch, applyStrategicMergePatch, hintLookup, isJsonMap } from './merge-patch.js';
import { compact, formatTime, nameSuffix, newUid, sameObject } from './object-meta.js';
import { gvrKey, type ResolvedResource, type ResourceRegistration, ResourceRegistry } from './resource-registry.js';
import { toScale, writePath } from './scale-subresource.js';
import { type ManagerContext, serverSideApply, trackUpdate } from './server-side-apply.js';
import { prepareUpdate } from './update-rules.js';
import { WatchHub } from './watch-hub.js';

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

/** Options of create, update and patch. */
export interface TrackerWriteOptions {
  dryRun?: DryRun[];
  fieldManager?: string;
  /** `status` to write through the status subresource. @default the main resource */
  subresource?: 'status';
  /** Apply only: take ownership of conflicting fields. @default false */
  force?: boolean;
}

const maxGenerateAttempts = 8;

/** The in-memory state of a fake API server. Every method returns copies; nothing it hands out aliases its state. */
export class ObjectTracker {
  readonly registry: ResourceRegistry;
  private readonly clock: Clock;
  private readonly random: Random;
  private readonly hub: WatchHub;
  private readonly objects = new Map<string, Map<string, KubernetesObject>>();
  private rv = 0;
  private readonly trackManagedFields: boolean;
  private readonly defaultFieldManager: string;

  constructor(options: ObjectTrackerOptions = {}) {
    this.registry = new ResourceRegistry(options.resources);
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? mathRandom;
    this.trackManagedFields = options.trackManagedFields ?? true;
    this.defaultFieldManager = options.defaultFieldManager ?? 'kgen-fake';
    this.hub = new WatchHub({
      clock: this.clock,
      historySize: options.historySize ?? 1000,
      bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
      currentRv: () => this.rv,
    });
  }

  /** Registers (or replaces) a resource. */
  register(resource: ResourceRegistration): ResolvedResource {
    return this.registry.register(resource);
  }

  /** The newest resourceVersion handed out. */
  resourceVersion(): number {
    return this.rv;
  }

  /** Open watches, for tests that check every watch was released. */
  openWatches(): number {
    return this.hub.openWatches();
  }

  /** Sends a BOOKMARK at the current resourceVersion to every watch that allows bookmarks. */
  sendBookmarks(): void {
    this.hub.bookmark(this.rv);
  }

  /** Ends every open watch normally, as an API server restart would; watchers then re-watch. */
  closeWatches(): void {
    this.hub.closeAll();
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
    const prev = this.store(res).get(objectKey(ns, name));
    o.metadata = {
      ...o.metadata,
      uid: o.metadata?.uid ?? prev?.metadata?.uid ?? newUid(this.random),
      creationTimestamp: o.metadata?.creationTimestamp ?? formatTime(this.clock.now()),
    };
    return deepCopyJson(this.commit(res, prev === undefined ? 'ADDED' : 'MODIFIED', o, prev));
  }

  get(gvr: GroupVersionResource, namespace: string, name: string): KubernetesObject {
    const res = this.registry.get(gvr);
    return deepCopyJson(this.mustGet(res, this.nsOf(res, namespace), name));
  }

  list(gvr: GroupVersionResource, namespace: string, opts: ListOptions = {}): KubernetesList<KubernetesObject> {
    const res = this.registry.get(gvr);
    const filter = objectFilter(res, namespace, opts);
    let snapshotRv = this.rv;
    let startAfter: string | undefined;
    if (opts.continue !== undefined && opts.continue !== '') {
      const t = decodeContinue(opts.continue);
      snapshotRv = t.rv;
      startAfter = t.start;
    } else if (opts.resourceVersion !== undefined && opts.resourceVersion !== '' && opts.resourceVersion !== '0') {
      const wanted = Number(opts.resourceVersion);
      if (!Number.isInteger(wanted) || wanted < 0) {
        throw errors.badRequest(`invalid resourceVersion "${opts.resourceVersion}"`);
      }
      if (wanted > this.rv) {
        throw errors.tooLargeResourceVersion(opts.resourceVersion, this.rv);
      }
      if (opts.resourceVersionMatch === 'Exact') {
        snapshotRv = wanted;
      }
    }
    const state = this.snapshot(res, snapshotRv, startAfter !== undefined);
    const entries = [...state].filter(([, o]) => filter(o));
    const page = pageOf(entries, opts, snapshotRv, startAfter);
    return {
      apiVersion: res.apiVersion,
      kind: res.listKind,
      metadata: {
        resourceVersion: String(snapshotRv),
        ...(page.continueToken !== undefined ? { continue: page.continueToken } : {}),
        ...(page.remainingItemCount !== undefined ? { remainingItemCount: page.remainingItemCount } : {}),
      },
      items: page.items.map((o) => deepCopyJson(o)),
    };
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
    return this.hub.open(res, filter, opts, { current: this.rv, objects: () => this.sorted(res) }, signal);
  }

  create(
    gvr: GroupVersionResource,
    namespace: string,
    obj: KubernetesObject,
    opts: TrackerWriteOptions = {},
  ): KubernetesObject {
    return this.createIn(this.registry.get(gvr), namespace, obj, opts, undefined);
  }

  // `applied` carries the managedFields of a create-by-apply, which owns its fields as Apply, not Update.
  private createIn(
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

  /** Update (or, with `subresource: 'status'`, updateStatus): optimistic concurrency on resourceVersion. */
  update(
    gvr: GroupVersionResource,
    namespace: string,
    obj: KubernetesObject,
    opts: TrackerWriteOptions = {},
  ): KubernetesObject {
    const res = this.registry.get(gvr);
    this.checkSubresource(res, opts.subresource);
    const o = deepCopyJson(obj);
    const ns = this.writeNamespace(res, namespace, o);
    const name = o.metadata?.name ?? '';
    const old = this.mustGet(res, ns, name);
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
    return this.replace(res, old, prepareUpdate(res, old, o, opts.subresource), opts);
  }

  /** Deletes, or marks for deletion when finalizers remain; returns the object as last stored. */
  delete(gvr: GroupVersionResource, namespace: string, name: string, opts: DeleteOptions = {}): KubernetesObject {
    const res = this.registry.get(gvr);
    const old = this.mustGet(res, this.nsOf(res, namespace), name);
    const pre = opts.preconditions;
    if (pre?.uid !== undefined && pre.uid !== old.metadata?.uid) {
      throw errors.conflict(
        res.gvr,
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata?.uid}`,
      );
    }
    if (pre?.resourceVersion !== undefined && pre.resourceVersion !== old.metadata?.resourceVersion) {
      throw errors.conflict(
        res.gvr,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata?.resourceVersion}`,
      );
    }
    const dryRun = opts.dryRun?.includes('All') === true;
    if ((old.metadata?.finalizers?.length ?? 0) > 0) {
      if (old.metadata?.deletionTimestamp !== undefined) {
        return deepCopyJson(old);
      }
      const marked = deepCopyJson(old);
      marked.metadata = {
        ...marked.metadata,
        deletionTimestamp: formatTime(this.clock.now()),
        deletionGracePeriodSeconds: 0,
      };
      return this.finish(res, 'MODIFIED', marked, old, { dryRun: opts.dryRun });
    }
    if (dryRun) {
      return deepCopyJson(old);
    }
    return this.remove(res, old);
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
    return { apiVersion: res.apiVersion, kind: res.listKind, metadata: { resourceVersion: String(this.rv) }, items };
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
    this.checkSubresource(res, opts.subresource);
    const ns = this.nsOf(res, namespace);
    if (type === 'apply') {
      return this.apply(res, ns, name, body, opts);
    }
    const old = this.mustGet(res, ns, name);
    let patched: unknown;
    switch (type) {
      case 'json':
        patched = applyJsonPatch(old, body);
        break;
      case 'merge':
        patched = applyMergePatch(old, body);
        break;
      case 'strategic':
        if (res.strategicMergePatch === 'reject') {
          throw errors.unsupportedMediaType('application/strategic-merge-patch+json');
        }
        patched = applyStrategicMergePatch(old, body, hintLookup(res.mergeHints));
        break;
      default:
        throw errors.unsupportedMediaType(String(type));
    }
    if (!isJsonMap(patched)) {
      throw errors.patchFailed('the patched object is not a JSON object');
    }
    const next = patched as KubernetesObject;
    const rv = next.metadata?.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== old.metadata?.resourceVersion) {
      throw errors.conflict(res.gvr, name, errors.modifiedMessage);
    }
    if (next.metadata?.name !== name) {
      throw errors.invalid(res.kind, res.gvr.group, name, [
        { field: 'metadata.name', reason: 'FieldValueInvalid', message: 'field is immutable' },
      ]);
    }
    return this.replace(res, old, prepareUpdate(res, old, next, opts.subresource), opts);
  }

  getScale(gvr: GroupVersionResource, namespace: string, name: string): Scale {
    const res = this.registry.get(gvr);
    const scale = this.scaleOf(res);
    return toScale(res, scale, this.mustGet(res, this.nsOf(res, namespace), name));
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
    const paths = this.scaleOf(res);
    const old = this.mustGet(res, this.nsOf(res, namespace), name);
    const rv = scale.metadata?.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== old.metadata?.resourceVersion) {
      throw errors.conflict(res.gvr, name, errors.modifiedMessage);
    }
    const next = deepCopyJson(old);
    writePath(next, paths.specReplicasPath, scale.spec?.replicas ?? 0);
    const saved = this.replace(res, old, prepareUpdate(res, old, next, undefined), opts);
    return toScale(res, paths, saved);
  }

  private apply(
    res: ResolvedResource,
    ns: string,
    name: string,
    body: unknown,
    opts: TrackerWriteOptions,
  ): KubernetesObject {
    if (!opts.fieldManager) {
      throw errors.invalid('PatchOptions', 'meta.k8s.io', '', [
        { field: 'fieldManager', reason: 'FieldValueRequired', message: 'Required value: is required for apply patch' },
      ]);
    }
    if (!isJsonMap(body)) {
      throw errors.badRequest('an apply configuration must be an object');
    }
    const config = body as KubernetesObject;
    if (config.apiVersion !== res.apiVersion || config.kind !== res.kind) {
      throw errors.badRequest(
        `the apply configuration is ${config.apiVersion}/${config.kind}, the resource serves ${res.apiVersion}/${res.kind}`,
      );
    }
    if (config.metadata?.name !== undefined && config.metadata.name !== name) {
      throw errors.badRequest(
        `the name of the object (${config.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const ctx = this.managerContext(res, opts.fieldManager, opts.subresource);
    const old = this.store(res).get(objectKey(ns, name));
    if (old === undefined) {
      if (opts.subresource === 'status') {
        throw errors.notFound(res.gvr, name);
      }
      const created = serverSideApply(undefined, config, ctx, opts.force === true);
      created.apiVersion = res.apiVersion;
      created.kind = res.kind;
      created.metadata = { ...created.metadata, name, ...(res.namespaced ? { namespace: ns } : {}) };
      return this.createIn(res, ns, created, opts, created.metadata.managedFields);
    }
    const merged = serverSideApply(old, config, ctx, opts.force === true);
    // prepareUpdate resets server-owned metadata (managedFields included) from the old object: keep apply's.
    const managed = this.trackManagedFields ? merged.metadata?.managedFields : undefined;
    const next = prepareUpdate(res, old, merged, opts.subresource);
    next.metadata = compact({ ...next.metadata, managedFields: managed });
    const { fieldManager: _f, ...rest } = opts;
    return this.replace(res, old, next, rest, false);
  }

  private managerContext(
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
  private replace(
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

  private finish(
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

  private commit(
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

  private remove(res: ResolvedResource, obj: KubernetesObject): KubernetesObject {
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
  private snapshot(res: ResolvedResource, rv: number, forContinue: boolean): Map<string, KubernetesObject> {
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

  private sorted(res: ResolvedResource): KubernetesObject[] {
    return [...this.store(res).entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, o]) => o);
  }

  private store(res: ResolvedResource): Map<string, KubernetesObject> {
    const k = gvrKey(res.gvr);
    let m = this.objects.get(k);
    if (m === undefined) {
      m = new Map();
      this.objects.set(k, m);
    }
    return m;
  }

  private mustGet(res: ResolvedResource, ns: string, name: string): KubernetesObject {
    const o = this.store(res).get(objectKey(ns, name));
    if (o === undefined) {
      throw errors.notFound(res.gvr, name);
    }
    return o;
  }

  private nsOf(res: ResolvedResource, namespace: string): string {
    return res.namespaced ? namespace : '';
  }

  // The request's namespace wins; an object naming another one is a 400, as on the API server.
  private writeNamespace(res: ResolvedResource, namespace: string, o: KubernetesObject): string {
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

  private checkSubresource(res: ResolvedResource, sub: 'status' | undefined): void {
    if (sub === 'status' && !res.statusSubresource) {
      throw errors.resourceNotServed();
    }
  }

  private scaleOf(res: ResolvedResource): NonNullable<ResolvedResource['scale']> {
    if (res.scale === undefined) {
      throw errors.resourceNotServed();
    }
    return res.scale;
  }
}
