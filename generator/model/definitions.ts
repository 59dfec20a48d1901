// OpenAPI definitions from every loaded document, deduplicated, with the group/version package each one belongs to.
import { GeneratorError, parsePointer, pointerSegment } from '../errors.js';
import type { Locator, OpenApiSource } from '../load/source-set.js';
import { isRecord, own, ownRecord, ownString } from './json-access.js';
import { groupProblem, versionProblem } from './name-rules.js';

export interface DefinitionEntry {
  readonly name: string;
  readonly schema: Record<string, unknown>;
  readonly file: string;
  readonly pointer: string;
  readonly locate: Locator;
  readonly openapiVersion: 2 | 3;
}

export interface GroupVersion {
  readonly group: string;
  readonly version: string;
}

/** The definitions of a document: `components.schemas` (v3) or `definitions` (v2). */
export function definitionsOf(src: OpenApiSource): { schemas: Record<string, unknown>; base: string } {
  const [holder, key, base] =
    src.openapiVersion === 3
      ? [ownRecord(src.doc, 'components') ?? {}, 'schemas', '/components/schemas']
      : [src.doc, 'definitions', '/definitions'];
  const raw = own(holder, key);
  if (raw !== undefined && !isRecord(raw)) {
    throw new GeneratorError(
      'KGEN_SCHEMA_INVALID',
      `${base.slice(1).replace('/', '.')} must be a mapping of names to schemas`,
      {
        ...src.locate(base),
        pointer: base,
        hint: 'Write each definition as `Name: { type: ..., properties: ... }` under it.',
      },
    );
  }
  return { schemas: raw ?? {}, base };
}

/** The GVKs a definition declares in `x-kubernetes-group-version-kind`. */
export function gvksOf(schema: Record<string, unknown>): { group: string; version: string; kind: string }[] {
  const raw = own(schema, 'x-kubernetes-group-version-kind');
  const list = Array.isArray(raw) ? raw : isRecord(raw) ? [raw] : [];
  const out: { group: string; version: string; kind: string }[] = [];
  for (const g of list) {
    if (!isRecord(g)) {
      continue;
    }
    const version = ownString(g, 'version');
    const kind = ownString(g, 'kind');
    if (version !== undefined && kind !== undefined) {
      out.push({ group: ownString(g, 'group') ?? '', version, kind });
    }
  }
  return out;
}

/** Every definition of every document; the first document to define a name wins (the corpus repeats them verbatim). */
export class DefinitionRegistry {
  readonly entries = new Map<string, DefinitionEntry>();
  /** `group/version/kind` → definition name, for kinds declared by exactly one definition. */
  private readonly byGvk = new Map<string, string>();

  addDocument(src: OpenApiSource): void {
    const { schemas, base } = definitionsOf(src);
    for (const name of Object.keys(schemas)) {
      const schema = schemas[name];
      if (!isRecord(schema) || this.entries.has(name)) {
        continue;
      }
      this.entries.set(name, {
        name,
        schema,
        file: src.file,
        pointer: `${base}/${pointerSegment(name)}`,
        locate: src.locate,
        openapiVersion: src.openapiVersion,
      });
      const gvks = gvksOf(schema);
      if (gvks.length === 1) {
        const g = gvks[0]!;
        this.byGvk.set(`${g.group}/${g.version}/${g.kind}`, name);
      }
    }
  }

  /** The definition of a kind, if exactly one definition declares that GVK. */
  definitionOfKind(group: string, version: string, kind: string): string | undefined {
    return this.byGvk.get(`${group}/${version}/${kind}`);
  }

  /** Resolves `#/components/schemas/X` or `#/definitions/X` to a definition name. */
  refName(ref: string): string | undefined {
    const m = /^#\/(?:components\/schemas|definitions)\/(.+)$/.exec(ref);
    if (m === null) {
      return undefined;
    }
    const name = parsePointer(`/${m[1]!}`)[0]!;
    return this.entries.has(name) ? name : undefined;
  }

  /** Throws a located error for a `$ref` that does not resolve. */
  unresolved(ref: string, entry: DefinitionEntry, pointer: string): GeneratorError {
    return new GeneratorError('KGEN_REF_UNRESOLVED', `cannot resolve $ref "${ref}"`, {
      ...entry.locate(pointer),
      pointer,
      hint: ref.startsWith('#/')
        ? 'The referenced definition is not in any loaded document; load the document that defines it too.'
        : 'Only references inside the loaded documents (#/components/schemas/... or #/definitions/...) are supported.',
    });
  }
}

/** The `$ref` targets used anywhere inside a schema (for computing which definitions a selection needs). */
export function refsIn(schema: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(schema)) {
    for (const x of schema) {
      refsIn(x, out);
    }
  } else if (isRecord(schema)) {
    for (const key of Object.keys(schema)) {
      const v = schema[key];
      if (key === '$ref' && typeof v === 'string') {
        out.add(v);
      } else if (typeof v === 'object' && v !== null) {
        refsIn(v, out);
      }
    }
  }
  return out;
}

/** Groups of the Go packages under `io.k8s.api.*` whose group is not `<name>.k8s.io`. */
const builtinGroups: Readonly<Record<string, string>> = {
  core: '',
  apps: 'apps',
  batch: 'batch',
  autoscaling: 'autoscaling',
  policy: 'policy',
  extensions: 'extensions',
  rbac: 'rbac.authorization.k8s.io',
  flowcontrol: 'flowcontrol.apiserver.k8s.io',
  apiserverinternal: 'internal.apiserver.k8s.io',
  imagepolicy: 'imagepolicy.k8s.io',
};

const versionPattern = /^v\d+((alpha|beta)\d+)?$/;

function prefixOf(name: string): string {
  const i = name.lastIndexOf('.');
  return i === -1 ? '' : name.slice(0, i);
}

/**
 * The group/version each definition belongs to. Prefixes (Go package paths such as `io.k8s.api.apps.v1`) are learned
 * from definitions that declare a single GVK; the rest use the well-known Kubernetes packages, or the reversed prefix.
 */
export class PackageResolver {
  private readonly learned = new Map<string, GroupVersion>();

  constructor(registry: DefinitionRegistry) {
    const names = [...registry.entries.keys()].sort();
    for (const name of names) {
      const gvks = gvksOf(registry.entries.get(name)!.schema);
      const prefix = prefixOf(name);
      // A GVK whose group or version breaks the naming rules teaches nothing (it would become an unsafe path).
      const valid =
        gvks.length === 1 &&
        groupProblem(gvks[0]!.group) === undefined &&
        versionProblem(gvks[0]!.version) === undefined;
      if (valid && !this.learned.has(prefix) && prefix !== 'io.k8s.apimachinery.pkg.apis.meta.v1') {
        this.learned.set(prefix, { group: gvks[0]!.group, version: gvks[0]!.version });
      }
    }
  }

  packageOf(name: string): GroupVersion {
    const prefix = prefixOf(name);
    const learned = this.learned.get(prefix);
    if (learned !== undefined) {
      return learned;
    }
    return wellKnownPackage(prefix);
  }
}

/** The group/version of a Go package path that declares no kind of its own. */
export function wellKnownPackage(prefix: string): GroupVersion {
  const segs = prefix.split('.').filter((s) => s !== '');
  const version = segs[segs.length - 1];
  if (prefix === 'io.k8s.apimachinery.pkg.apis.meta.v1') {
    return { group: 'meta.k8s.io', version: 'v1' };
  }
  if (version !== undefined && versionPattern.test(version)) {
    const pkg = segs[segs.length - 2] ?? '';
    if (prefix.startsWith('io.k8s.api.')) {
      return { group: builtinGroups[pkg] ?? `${pkg}.k8s.io`, version };
    }
    if (prefix.startsWith('io.k8s.apiextensions-apiserver.') || prefix.startsWith('io.k8s.kube-aggregator.')) {
      return { group: `${pkg}.k8s.io`, version };
    }
    return { group: segs.slice(0, -1).reverse().join('.'), version };
  }
  return { group: segs.reverse().join('.') || 'unnamed', version: 'unversioned' };
}
