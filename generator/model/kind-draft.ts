// A kind as read from one source, before selection, overrides and type naming turn it into a model Kind.
import type { InputLocation } from '../errors.js';
import type { Locator } from '../load/source-set.js';
import type { ClientVerb, ExtraMethod, PrinterColumn, ScaleSubresource } from './api-model.js';

/** Where the kind's type comes from: an inline CRD schema, or named OpenAPI definitions. */
export type KindTypeSource =
  | {
      readonly from: 'crd';
      readonly schema: Record<string, unknown>;
      /** Absolute JSON pointer of `openAPIV3Schema` in its document. */
      readonly pointer: string;
      readonly locate: Locator;
    }
  | {
      readonly from: 'openapi';
      /** The definition of the kind (`io.k8s.api.apps.v1.Deployment`); undefined when the document lacks it. */
      readonly definition: string | undefined;
      readonly listDefinition: string | undefined;
    };

export interface KindDraft {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly verbs: readonly ClientVerb[];
  readonly status: boolean;
  readonly scale: ScaleSubresource | undefined;
  readonly otherSubresources: readonly string[];
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly printerColumns: readonly PrinterColumn[];
  readonly selectableFields: readonly string[];
  readonly extraMethods: readonly ExtraMethod[];
  readonly storage: boolean;
  readonly deprecated: boolean;
  readonly deprecationWarning: string | undefined;
  readonly source: InputLocation;
  readonly type: KindTypeSource;
}

/** client-gen's verb order. */
export const allVerbs: readonly ClientVerb[] = [
  'create',
  'update',
  'updateStatus',
  'delete',
  'deleteCollection',
  'get',
  'list',
  'watch',
  'patch',
  'apply',
  'applyStatus',
];

/** Sorts verbs into client-gen order and drops duplicates. */
export function orderVerbs(verbs: Iterable<ClientVerb>): ClientVerb[] {
  const set = new Set(verbs);
  return allVerbs.filter((v) => set.has(v));
}

/** The extra methods client-gen adds for the scale subresource (`GetScale`, `UpdateScale`). */
export const scaleMethods: readonly ExtraMethod[] = [
  { name: 'getScale', verb: 'get', subresource: 'scale', result: 'autoscaling/v1.Scale' },
  {
    name: 'updateScale',
    verb: 'update',
    subresource: 'scale',
    input: 'autoscaling/v1.Scale',
    result: 'autoscaling/v1.Scale',
  },
];
