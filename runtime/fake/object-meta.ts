// Server-assigned metadata for the fake: uids, timestamps, generateName suffixes, and the object comparisons writes need.
import type { KubernetesObject } from '../api/meta.js';
import type { Random } from '../util/clock.js';
import { jsonEqual } from './json-patch.js';

/** A random RFC 4122 version-4 UUID drawn from `random`. */
export function newUid(random: Random): string {
  const hex: string[] = [];
  for (let i = 0; i < 32; i++) {
    hex.push(Math.floor(random() * 16).toString(16));
  }
  hex[12] = '4';
  hex[16] = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

// apimachinery's utilrand alphabet: no vowels (no words) and no easily confused characters.
const alphanums = 'bcdfghjklmnpqrstvwxz2456789';

/** The `generateName` suffix: five characters from apimachinery's alphabet. */
export function nameSuffix(random: Random): string {
  let s = '';
  for (let i = 0; i < 5; i++) {
    s += alphanums[Math.floor(random() * alphanums.length)];
  }
  return s;
}

/** An RFC 3339 timestamp with second precision, as metav1.Time serialises. */
export function formatTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function withoutMeta(obj: KubernetesObject, dropStatus: boolean): Record<string, unknown> {
  const { metadata: _m, apiVersion: _a, kind: _k, ...rest } = obj as Record<string, unknown>;
  if (dropStatus) {
    delete rest.status;
  }
  return rest;
}

/** True when the object's content besides metadata (and besides status, with a status subresource) changed. */
export function specChanged(old: KubernetesObject, next: KubernetesObject, statusSubresource: boolean): boolean {
  return !jsonEqual(withoutMeta(old, statusSubresource), withoutMeta(next, statusSubresource));
}

/** True when `next` equals `old` ignoring resourceVersion and managedFields times: a write with no effect. */
export function sameObject(old: KubernetesObject, next: KubernetesObject): boolean {
  const strip = (o: KubernetesObject): unknown => {
    const meta = { ...o.metadata };
    delete meta.resourceVersion;
    if (meta.managedFields !== undefined) {
      meta.managedFields = meta.managedFields.map(({ time: _t, ...e }) => e);
    }
    return { ...o, metadata: meta };
  };
  return jsonEqual(strip(old), strip(next));
}

/** Drops keys whose value is undefined, so optional fields stay absent rather than present-but-undefined. */
export function compact<T extends object>(o: { [K in keyof T]?: T[K] | undefined }): T {
  const out = {} as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    if (v !== undefined) {
      out[k] = v;
    }
  }
  return out as T;
}
