// ScaleClient: the `/scale` subresource of any scalable resource, as autoscaling/v1 Scale (client-go's scale client).
import type { GroupVersionResource, Scale } from '../api/meta.js';
import type { GetOptions, PatchOptions, PatchType, UpdateOptions } from '../api/options.js';
import type { GroupResource } from '../cache/lister.js';
import type { DiscoveryClient } from '../discovery/discovery-client.js';
import { KubeError } from '../errors/api-error.js';
import { ResourceClient } from '../rest/resource-client.js';
import type { RestClient } from '../rest/rest-client.js';

export interface ScaleClientOptions {
  /** Resolves a GroupResource to the version that serves `/scale`. @default none (pass full GVRs) */
  discovery?: DiscoveryClient;
}

/** Scales of one namespace (or of cluster-scoped resources with the empty namespace). */
export class NamespacedScales {
  constructor(
    private readonly client: ScaleClient,
    private readonly ns: string,
  ) {}

  async get(
    resource: GroupVersionResource | GroupResource,
    name: string,
    opts: GetOptions = {},
    signal?: AbortSignal,
  ): Promise<Scale> {
    return (await this.client.resourceClient(resource, this.ns, signal)).getScale(name, opts, signal);
  }

  /** Writes `scale.spec.replicas`; `scale.metadata.name` names the object. */
  async update(
    resource: GroupVersionResource | GroupResource,
    scale: Scale,
    opts: UpdateOptions = {},
    signal?: AbortSignal,
  ): Promise<Scale> {
    const name = scale.metadata?.name;
    if (name === undefined || name === '') {
      throw new KubeError('KUBE_INVALID_REQUEST', 'the Scale has no metadata.name');
    }
    const body: Scale = { apiVersion: 'autoscaling/v1', kind: 'Scale', ...scale };
    return (await this.client.resourceClient(resource, this.ns, signal)).updateScale(name, body, opts, signal);
  }

  async patch(
    resource: GroupVersionResource | GroupResource,
    name: string,
    type: Exclude<PatchType, 'apply'>,
    patch: unknown,
    opts: PatchOptions = {},
    signal?: AbortSignal,
  ): Promise<Scale> {
    const rc = await this.client.resourceClient(resource, this.ns, signal);
    return rc.patchSubresource(name, 'scale', type, patch, opts, signal) as Promise<Scale>;
  }
}

/** `scales(namespace).get(gvr, name)` / `.update(gvr, scale)` for Deployments, StatefulSets, custom resources... */
export class ScaleClient {
  private readonly rest: RestClient;
  private readonly discovery: DiscoveryClient | undefined;

  constructor(rest: RestClient, options: ScaleClientOptions = {}) {
    this.rest = rest;
    this.discovery = options.discovery;
  }

  scales(namespace: string): NamespacedScales {
    return new NamespacedScales(this, namespace);
  }

  /** @internal The resource client for a (resolved) resource in a namespace. */
  async resourceClient(
    resource: GroupVersionResource | GroupResource,
    namespace: string,
    signal?: AbortSignal,
  ): Promise<ResourceClient<unknown>> {
    const gvr = 'version' in resource ? resource : await this.resolve(resource, signal);
    return new ResourceClient<unknown>({ rest: this.rest, gvr, namespaced: true, namespace });
  }

  // The first version, in the group's order of preference, whose resource has a scale subresource.
  private async resolve(gr: GroupResource, signal?: AbortSignal): Promise<GroupVersionResource> {
    if (this.discovery === undefined) {
      throw new KubeError(
        'KUBE_INVALID_REQUEST',
        `${gr.resource}.${gr.group}: pass a version, or a discovery client to resolve it`,
      );
    }
    const { groups } = await this.discovery.serverGroups(signal);
    const group = groups.find((g) => g.name === gr.group);
    for (const v of group?.versions ?? []) {
      const list = await this.discovery.serverResourcesForGroupVersion(v.groupVersion, signal);
      if (list.resources.some((r) => r.name === `${gr.resource}/scale`)) {
        return { group: gr.group, version: v.version, resource: gr.resource };
      }
    }
    throw new KubeError(
      'KUBE_NO_SCALE',
      `${gr.resource}${gr.group ? `.${gr.group}` : ''} has no scale subresource on this server`,
    );
  }
}
