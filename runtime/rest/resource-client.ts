// ResourceClient<T, L>: every verb on one resource (namespaced or not), the generic that typed clients wrap.

import type { GroupVersionResource, KubernetesList, Scale, Status } from '../api/meta.js';
import {
  type ApplyOptions,
  type CreateOptions,
  type DeleteOptions,
  type GetOptions,
  type ListOptions,
  type PatchOptions,
  type PatchType,
  patchContentTypes,
  type UpdateOptions,
} from '../api/options.js';
import type { SubresourceCall } from '../api/subresource-call.js';
import type { Watch } from '../api/watch-event.js';
import { rethrowApplyConflict } from '../apply/apply-conflict-error.js';
import { KubeError } from '../errors/api-error.js';
import { getQuery, listQuery, writeQuery } from './query-params.js';
import type { RestClient } from './rest-client.js';
import { openWatch, type WatchOptions } from './watch-request.js';

export interface ResourceClientOptions {
  rest: RestClient;
  gvr: GroupVersionResource;
  namespaced: boolean;
  /** Required for namespaced writes; omit to list or watch across all namespaces. */
  namespace?: string;
  /** The Kind, used to fill `kind` on apply configurations. */
  kind?: string;
}

/** A typed client for one resource. Every call takes its AbortSignal last. */
export class ResourceClient<T, L = KubernetesList<T>> {
  readonly gvr: GroupVersionResource;
  private readonly rest: RestClient;
  private readonly namespaced: boolean;
  private readonly ns: string | undefined;
  private readonly kind: string | undefined;

  constructor(options: ResourceClientOptions) {
    this.rest = options.rest;
    this.gvr = options.gvr;
    this.namespaced = options.namespaced;
    this.ns = options.namespace;
    this.kind = options.kind;
  }

  /** The same resource in another namespace. */
  namespace(namespace: string): ResourceClient<T, L> {
    return new ResourceClient<T, L>({
      rest: this.rest,
      gvr: this.gvr,
      namespaced: this.namespaced,
      namespace,
      ...(this.kind !== undefined ? { kind: this.kind } : {}),
    });
  }

  /** `/api/v1[/namespaces/ns]/resource[/name[/sub]]`, or `/apis/group/version/...`. */
  path(name?: string, subresource?: string): string {
    const { group, version, resource } = this.gvr;
    let p = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
    if (this.namespaced && this.ns !== undefined && this.ns !== '') {
      p += `/namespaces/${encodeURIComponent(this.ns)}`;
    }
    p += `/${resource}`;
    if (name !== undefined) {
      if (name === '') {
        throw new KubeError('KUBE_INVALID_REQUEST', `a ${resource} name must not be empty`);
      }
      p += `/${encodeURIComponent(name)}`;
      if (subresource !== undefined) {
        p += `/${subresource}`;
      }
    }
    return p;
  }

  get(name: string, opts: GetOptions = {}, signal?: AbortSignal): Promise<T> {
    return this.rest.request<T>({ method: 'GET', path: this.path(name), query: getQuery(opts) }, signal);
  }

  list(opts: ListOptions = {}, signal?: AbortSignal): Promise<L> {
    return this.rest.request<L>({ method: 'GET', path: this.path(), query: listQuery(opts), list: true }, signal);
  }

  create(obj: T, opts: CreateOptions = {}, signal?: AbortSignal): Promise<T> {
    return this.rest.request<T>({ method: 'POST', path: this.path(), query: writeQuery(opts), body: obj }, signal);
  }

  update(obj: T, opts: UpdateOptions = {}, signal?: AbortSignal): Promise<T> {
    return this.rest.request<T>(
      { method: 'PUT', path: this.path(nameOf(obj)), query: writeQuery(opts), body: obj },
      signal,
    );
  }

  updateStatus(obj: T, opts: UpdateOptions = {}, signal?: AbortSignal): Promise<T> {
    return this.rest.request<T>(
      { method: 'PUT', path: this.path(nameOf(obj), 'status'), query: writeQuery(opts), body: obj },
      signal,
    );
  }

  /** Deletes one object; DeleteOptions go in the body, as client-go sends them. */
  delete(name: string, opts: DeleteOptions = {}, signal?: AbortSignal): Promise<Status | T> {
    return this.rest.request<Status | T>(
      { method: 'DELETE', path: this.path(name), body: { kind: 'DeleteOptions', apiVersion: 'v1', ...opts } },
      signal,
    );
  }

  deleteCollection(opts: DeleteOptions = {}, listOpts: ListOptions = {}, signal?: AbortSignal): Promise<Status | L> {
    return this.rest.request<Status | L>(
      {
        method: 'DELETE',
        path: this.path(),
        query: listQuery(listOpts),
        body: { kind: 'DeleteOptions', apiVersion: 'v1', ...opts },
      },
      signal,
    );
  }

  /** Patches with the given patch type; each type sends its own Content-Type. */
  patch(name: string, type: PatchType, body: unknown, opts: PatchOptions = {}, signal?: AbortSignal): Promise<T> {
    return this.patchAt(name, undefined, type, body, opts, signal);
  }

  patchStatus(name: string, type: PatchType, body: unknown, opts: PatchOptions = {}, signal?: AbortSignal): Promise<T> {
    return this.patchAt(name, 'status', type, body, opts, signal);
  }

  /** Server-side apply. The configuration must carry a name; the field manager is required. */
  apply(config: unknown, opts: ApplyOptions, signal?: AbortSignal): Promise<T> {
    return this.applyAt(config, undefined, opts, undefined, signal);
  }

  applyStatus(config: unknown, opts: ApplyOptions, signal?: AbortSignal): Promise<T> {
    return this.applyAt(config, 'status', opts, undefined, signal);
  }

  getScale(name: string, opts: GetOptions = {}, signal?: AbortSignal): Promise<Scale> {
    return this.rest.request<Scale>({ method: 'GET', path: this.path(name, 'scale'), query: getQuery(opts) }, signal);
  }

  updateScale(name: string, scale: Scale, opts: UpdateOptions = {}, signal?: AbortSignal): Promise<Scale> {
    return this.rest.request<Scale>(
      { method: 'PUT', path: this.path(name, 'scale'), query: writeQuery(opts), body: scale },
      signal,
    );
  }

  /** A call on another subresource, or a plain verb with other types (see SubresourceCall). */
  callSubresource<R>(call: SubresourceCall, signal?: AbortSignal): Promise<R> {
    switch (call.verb) {
      case 'get':
        return this.rest.request<R>(
          {
            method: 'GET',
            path: this.path(call.name, call.subresource),
            query: getQuery(call.options ?? {}),
          },
          signal,
        );
      case 'list':
        return this.rest.request<R>(
          { method: 'GET', path: this.path(), query: listQuery(call.options ?? {}), list: true },
          signal,
        );
      case 'create': {
        const path =
          call.subresource === undefined ? this.path() : this.path(call.name ?? nameOf(call.body), call.subresource);
        return this.rest.request<R>(
          { method: 'POST', path, query: writeQuery(call.options ?? {}), body: call.body },
          signal,
        );
      }
      case 'update':
        return this.rest.request<R>(
          {
            method: 'PUT',
            path: this.path(call.name ?? nameOf(call.body), call.subresource),
            query: writeQuery(call.options ?? {}),
            body: call.body,
          },
          signal,
        );
      case 'patch':
        return this.patchAt(call.name, call.subresource, call.patchType, call.body, call.options ?? {}, signal);
      case 'apply':
        return this.applyAt<R>(call.body, call.subresource, call.options, call.name, signal);
    }
  }

  /**
   * Opens a watch. Resolves once the server accepted it (a non-2xx rejects with ApiError, a connection failure
   * with NetworkError); iterating yields events, throws on ERROR events, malformed lines and an idle timeout
   * (NetworkError `timeout`), and ends on EOF.
   */
  async watch(opts: WatchOptions = {}, signal?: AbortSignal): Promise<Watch<T>> {
    return openWatch<T>(this.rest, this.path(), opts, signal);
  }

  /** Patches a subresource (`status`, `scale`, ...) with the given patch type. */
  patchSubresource(
    name: string,
    subresource: string,
    type: PatchType,
    body: unknown,
    opts: PatchOptions = {},
    signal?: AbortSignal,
  ): Promise<T> {
    return this.patchAt(name, subresource, type, body, opts, signal);
  }

  private patchAt<R = T>(
    name: string,
    sub: string | undefined,
    type: PatchType,
    body: unknown,
    opts: PatchOptions,
    signal?: AbortSignal,
  ): Promise<R> {
    return this.rest.request<R>(
      {
        method: 'PATCH',
        path: this.path(name, sub),
        query: writeQuery(opts),
        body,
        contentType: patchContentTypes[type],
      },
      signal,
    );
  }

  private applyAt<R = T>(
    config: unknown,
    sub: string | undefined,
    opts: ApplyOptions,
    name: string | undefined,
    signal?: AbortSignal,
  ): Promise<R> {
    if (!opts.fieldManager) {
      throw new KubeError('KUBE_INVALID_REQUEST', 'apply needs a fieldManager');
    }
    const target = name ?? nameOf(config);
    // ApplyOptions.ToPatchOptions sets force always, so client-go sends force=false too.
    const patchOpts: PatchOptions = { ...opts, force: opts.force === true };
    // A 409 from apply carries the conflicting managers and fields: surface them as a typed error.
    return this.patchAt<R>(target, sub, 'apply', config, patchOpts, signal).catch(rethrowApplyConflict);
  }
}

function nameOf(obj: unknown): string {
  const name = (obj as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  if (typeof name !== 'string' || name === '') {
    throw new KubeError('KUBE_INVALID_REQUEST', 'the object has no metadata.name');
  }
  return name;
}
