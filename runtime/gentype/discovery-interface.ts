// The discovery calls a clientset's discovery() answers: runtime/discovery's DiscoveryClient or a fake discovery.
import type { APIGroupList, APIResourceList, VersionInfo } from '../discovery/discovery-types.js';

/**
 * What `clientset.discovery()` returns: the calls runtime/discovery's DiscoveryClient and the fake clientset's
 * FakeDiscovery have in common (client-go's DiscoveryInterface, the parts typed clients need).
 */
export interface DiscoveryInterface {
  serverVersion(signal?: AbortSignal): Promise<VersionInfo>;
  serverGroups(signal?: AbortSignal): Promise<APIGroupList>;
  serverResourcesForGroupVersion(groupVersion: string, signal?: AbortSignal): Promise<APIResourceList>;
  serverPreferredResources(signal?: AbortSignal): Promise<APIResourceList[]>;
}
