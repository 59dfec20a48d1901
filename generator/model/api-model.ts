// The API model every emitter reads: packages (group/version) → kinds and named types. Plain data, built once, pure.
import type { ClientVerb } from '../../runtime/api/resource-info.js';
import type { InputLocation } from '../errors.js';

export type { ClientVerb };

/** The whole generated API: one package per group/version, sorted by `path`. */
export interface ApiModel {
  readonly packages: readonly ApiPackage[];
}

/** One group/version: `apis/<groupPackage>/<version>/` in the output. */
export interface ApiPackage {
  /** The API group; `''` for the core group. */
  readonly group: string;
  readonly version: string;
  /** Directory name of the group: client-go's Go package name (`cnat`, `certmanager`, `core`). */
  readonly groupPackage: string;
  /** The group's name in code, PascalCase (`Cnat`, `Certmanager`, `Core`), as `+groupGoName` sets it. */
  readonly groupGoName: string;
  /** Accessor-style name of the group/version (`cnatV1alpha1`, `coreV1`). */
  readonly codeName: string;
  /** Output path of the package relative to the output directory (`apis/cnat/v1alpha1`). */
  readonly path: string;
  /** Kinds served as REST resources, sorted by kind. */
  readonly kinds: readonly Kind[];
  /** Every named type of the package, sorted by name. */
  readonly types: readonly TypeDef[];
}

/** The scale subresource: the JSON paths of the replica counts and of the label selector. */
export interface ScaleSubresource {
  readonly specReplicasPath: string;
  readonly statusReplicasPath: string;
  readonly labelSelectorPath?: string;
}

/** An extra client method (`+genclient:method=`), e.g. GetScale on the scale subresource, or createToken. */
export interface ExtraMethod {
  readonly name: string;
  readonly verb: 'create' | 'update' | 'get' | 'list' | 'patch' | 'apply';
  readonly subresource?: string;
  /** Input type as `group/version.Kind` (empty group for core), when it is not the kind itself. */
  readonly input?: string;
  /** Result type as `group/version.Kind`, when it is not the kind itself. */
  readonly result?: string;
}

/**
 * An extra method of a model kind, with `input` and `result` resolved to types of the model. A type target is absent
 * where its type is the kind's own, and on the methods TypedClient serves itself (getScale, updateScale).
 */
export interface KindMethod extends ExtraMethod {
  readonly inputType?: TypeTarget;
  readonly resultType?: TypeTarget;
}

export interface PrinterColumn {
  readonly name: string;
  readonly type: string;
  readonly jsonPath: string;
  readonly description?: string;
  readonly format?: string;
  readonly priority?: number;
}

/** A kind served as a REST resource, with everything client-gen's tags would say about it. */
export interface Kind {
  readonly kind: string;
  readonly listKind: string;
  /** REST resource name (the plural). */
  readonly plural: string;
  /**
   * The plural for names in code, a PascalCase identifier unique in the package (`Ats`, `Endpoints`), after
   * `--plural-exceptions`.
   */
  readonly pluralName: string;
  readonly singular: string;
  readonly namespaced: boolean;
  /** Client verbs in client-gen order, after overrides. */
  readonly verbs: readonly ClientVerb[];
  readonly subresources: {
    readonly status: boolean;
    readonly scale?: ScaleSubresource;
    /** Other subresources served (built-ins only: `log`, `eviction`, `binding`, ...), sorted. */
    readonly other: readonly string[];
  };
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly printerColumns: readonly PrinterColumn[];
  /** `selectableFields[].jsonPath` of the CRD version. */
  readonly selectableFields: readonly string[];
  /** Extra client methods, derived ones (scale; subresources of built-in kinds) first, then the config's. */
  readonly extraMethods: readonly KindMethod[];
  /** The CRD version is the storage version (always true for OpenAPI kinds). */
  readonly storage: boolean;
  readonly deprecated: boolean;
  readonly deprecationWarning?: string;
  /**
   * Where the kind is served from: `crd` for CustomResourceDefinitions and OpenAPI definitions outside `io.k8s.*`
   * (custom resources: no strategic merge patch, no unconditional update), `builtin` for the rest.
   */
  readonly origin: 'crd' | 'builtin';
  /**
   * The kind in code identifiers (`WidgetLister`, `extractWidget`): a PascalCase identifier, unique in the package
   * (`my-kind` → `MyKind`).
   */
  readonly codeName: string;
  /** Base name of the kind's files in per-version folders (`widget`): unique in the package ignoring case. */
  readonly fileName: string;
  /** Name of the kind's type in this package. */
  readonly typeName: string;
  /** Name of the list type in this package, when one exists. */
  readonly listTypeName?: string;
  readonly source: InputLocation;
}

/** A reference to a named type: one of this model's packages, or a type the runtime declares. */
export type TypeTarget = { readonly pkg: string; readonly name: string } | { readonly runtime: RuntimeTypeName };

/** Runtime types that apimachinery definitions map onto (runtime/api/meta.ts). */
export type RuntimeTypeName =
  | 'ObjectMeta'
  | 'ListMeta'
  | 'Time'
  | 'MicroTime'
  | 'Quantity'
  | 'IntOrString'
  | 'Condition'
  | 'LabelSelector'
  | 'LabelSelectorRequirement'
  | 'OwnerReference'
  | 'ManagedFieldsEntry'
  | 'Status'
  | 'StatusCause'
  | 'StatusDetails'
  | 'RawExtension';

/** A type expression. Object shapes only appear at the top of a {@link TypeDef}; nested objects are named refs. */
export type TypeNode =
  | { readonly k: 'string' }
  | { readonly k: 'number' }
  | { readonly k: 'boolean' }
  | { readonly k: 'unknown' }
  | { readonly k: 'null' }
  | { readonly k: 'int-or-string' }
  | { readonly k: 'literal'; readonly values: readonly (string | number | boolean | null)[] }
  | { readonly k: 'array'; readonly items: TypeNode }
  | { readonly k: 'map'; readonly values: TypeNode }
  | { readonly k: 'ref'; readonly target: TypeTarget }
  | { readonly k: 'union'; readonly members: readonly TypeNode[] }
  | { readonly k: 'intersection'; readonly members: readonly TypeNode[] }
  | { readonly k: 'object'; readonly shape: ObjectShape };

/** The shape of an interface: declared properties plus, optionally, an index signature for other keys. */
export interface ObjectShape {
  readonly props: readonly Property[];
  /** Type of undeclared keys (`x-kubernetes-preserve-unknown-fields`), absent for closed objects. */
  readonly extra?: TypeNode;
  /** `x-kubernetes-embedded-resource`: apiVersion, kind and metadata are part of `props`. */
  readonly embeddedResource: boolean;
}

export interface Property {
  /** The JSON key, exactly as in the schema. */
  readonly name: string;
  readonly optional: boolean;
  readonly type: TypeNode;
  readonly doc: DocInfo;
}

/** What a doc comment says: the description plus the schema facts worth showing to a reader. */
export interface DocInfo {
  readonly description?: string;
  readonly default?: unknown;
  readonly format?: string;
  readonly pattern?: string;
  readonly facts?: readonly string[];
  readonly validations?: readonly ValidationDoc[];
  readonly deprecated?: boolean;
}

export interface ValidationDoc {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly reason?: string;
  readonly fieldPath?: string;
}

/** A named type of a package. */
export interface TypeDef {
  readonly name: string;
  readonly doc: DocInfo;
  readonly type: TypeNode;
  /** The schema definition or CRD path this type comes from, for comments and errors. */
  readonly origin: string;
}
