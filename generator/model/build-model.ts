// SourceSet → ApiModel: selects kinds and definitions, assigns packages and names, builds every type. Pure.
import { GeneratorError, type InputLocation } from '../errors.js';
import type { SourceSet } from '../load/source-set.js';
import { checkAliasCycles } from './alias-cycles.js';
import type { ApiModel, ApiPackage, Kind, TypeTarget } from './api-model.js';
import { crdListType } from './crd-list-type.js';
import { DefinitionRegistry, PackageResolver, refsIn } from './definitions.js';
import { methodTypeRefs, resolveKindMethods, type TypeRef } from './extra-methods.js';
import { kindsFromCrd } from './from-crd.js';
import { kindsFromOpenApi } from './from-openapi.js';
import type { KindDraft } from './kind-draft.js';
import { uniqueKindNames } from './kind-names.js';
import { applyOverrides } from './kind-overrides.js';
import { type ModelOptions, overrideFor, type Selector, selectorMatches } from './model-options.js';
import { groupProblem, kindProblem, resourceProblem, versionProblem } from './name-rules.js';
import { defaultGroupGoName, groupGoNameOf, packageCodeName, packagePath, typeIdentifier } from './names.js';
import { runtimeDefinitions } from './runtime-types.js';
import { addNamedType, PackageTypes } from './type-graph.js';

export interface ModelResult {
  readonly model: ApiModel;
  /** Things the user should know that do not stop generation (lossy OpenAPI v2 input, skipped kinds). */
  readonly warnings: readonly string[];
}

interface PackageBuild {
  readonly pkg: Omit<ApiPackage, 'kinds' | 'types'>;
  readonly types: PackageTypes;
  readonly kinds: Kind[];
}

const builtinPrefixes = [
  'io.k8s.api.',
  'io.k8s.apimachinery.',
  'io.k8s.apiextensions-apiserver.',
  'io.k8s.kube-aggregator.',
];

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

class ModelBuilder {
  readonly warnings: string[] = [];
  private readonly registry = new DefinitionRegistry();
  private readonly packages = new Map<string, PackageBuild>();
  private readonly pathOwners = new Map<string, string>();
  private readonly byPath = new Map<string, PackageBuild>();
  private readonly defTargets = new Map<string, { pkg: string; name: string }>();

  constructor(
    private readonly sources: SourceSet,
    private readonly options: ModelOptions,
  ) {}

  build(): ApiModel {
    for (const src of this.sources.openapi) {
      this.registry.addDocument(src);
    }
    const drafts = this.collectDrafts();
    const select = this.options.select ?? [];
    const selected =
      select.length === 0
        ? drafts
        : drafts.filter((d) => select.some((s) => selectorMatches(s, d.group, d.version, d.kind)));
    const resolver = new PackageResolver(this.registry);
    const defs = this.neededDefinitions(select, selected, resolver);
    if (select.length > 0 && selected.length === 0 && defs.length === 0) {
      throw new GeneratorError(
        'KGEN_SELECTION_EMPTY',
        `the selection ${select.map(selectorText).join(', ')} matches nothing in the inputs`,
        {
          hint: `Inputs define: ${[...new Set(drafts.map((d) => `${d.group || 'core'}/${d.version}`))].sort().join(', ') || 'no kinds'}.`,
        },
      );
    }
    const crdDrafts = selected.filter((d) => d.type.from === 'crd').sort(compareDrafts);
    // Kind names are reserved before definitions so a kind always keeps its own name.
    const crdNames = new Map<KindDraft, { typeName: string; listTypeName: string }>();
    for (const d of crdDrafts) {
      const p = this.ensurePackage(d.group, d.version);
      crdNames.set(d, {
        typeName: p.types.allocator.allocate(typeIdentifier(d.kind)),
        listTypeName: p.types.allocator.allocate(typeIdentifier(d.listKind)),
      });
    }
    for (const name of defs) {
      const gv = resolver.packageOf(name);
      const p = this.ensurePackage(gv.group, gv.version);
      this.defTargets.set(name, {
        pkg: p.pkg.path,
        name: p.types.allocator.allocate(typeIdentifier(name.slice(name.lastIndexOf('.') + 1))),
      });
    }
    for (const name of defs) {
      this.buildDefinition(name);
    }
    for (const d of crdDrafts) {
      this.buildCrdKind(d, crdNames.get(d)!);
    }
    for (const d of selected.filter((x) => x.type.from === 'openapi').sort(compareDrafts)) {
      this.addOpenApiKind(d);
    }
    // Extra methods may name types of any package, so they are resolved once every kind has its type.
    const lookup = (ref: TypeRef) => this.typeOfRef(ref);
    const packages: ApiPackage[] = [...this.packages.values()]
      .map((b) => ({
        ...b.pkg,
        kinds: uniqueKindNames(
          b.kinds
            .map((k) => resolveKindMethods(k, lookup, b.pkg.group, b.pkg.version))
            .sort((x, y) => compareStrings(x.kind, y.kind)),
        ),
        types: b.types.sorted(),
      }))
      .sort((a, b) => compareStrings(a.path, b.path));
    if (packages.length === 0) {
      throw new GeneratorError(
        'KGEN_NO_INPUT',
        'the inputs define nothing to generate: no served version and no definition',
        {
          hint: 'CRD versions with served: false are skipped unless --include-unserved-versions is given; OpenAPI documents need components.schemas (v3) or definitions (v2).',
        },
      );
    }
    checkAliasCycles(packages, (key) => this.definitionOrigin(key));
    return { packages };
  }

  /** The definition a model type (`pkg\0name`) was built from, with its location. */
  private definitionOrigin(key: string): { name: string; where: InputLocation } | undefined {
    for (const [name, t] of this.defTargets) {
      const entry = `${t.pkg}\0${t.name}` === key ? this.registry.entries.get(name) : undefined;
      if (entry !== undefined) {
        return { name, where: { ...entry.locate(entry.pointer), pointer: entry.pointer } };
      }
    }
    return undefined;
  }

  private collectDrafts(): KindDraft[] {
    const drafts: KindDraft[] = [];
    for (const src of this.sources.crds) {
      drafts.push(...kindsFromCrd(src, { includeUnservedVersions: this.options.includeUnservedVersions ?? false }));
    }
    for (const src of this.sources.openapi) {
      const kinds = kindsFromOpenApi(src, this.registry);
      if (src.openapiVersion === 2) {
        const custom = kinds.filter(
          (k) =>
            k.type.from === 'openapi' &&
            k.type.definition !== undefined &&
            !builtinPrefixes.some((p) => (k.type as { definition: string }).definition.startsWith(p)),
        );
        if (custom.length > 0) {
          this.warnings.push(
            `${src.file}: OpenAPI v2 is lossy for custom resources (${custom
              .map((k) => k.kind)
              .slice(0, 5)
              .join(', ')}${custom.length > 5 ? ', ...' : ''}): ` +
              'allOf/oneOf/anyOf/not are dropped, nullable clears the type and preserve-unknown-fields clears the properties. Prefer the CRD YAML or /openapi/v3.',
          );
        }
      }
      drafts.push(...kinds);
    }
    const seen = new Map<string, KindDraft>();
    for (const d of drafts) {
      checkDraftNames(d);
      const key = `${d.group}/${d.version}/${d.kind}`;
      const prev = seen.get(key);
      if (prev !== undefined) {
        throw new GeneratorError(
          'KGEN_DUPLICATE_KIND',
          `${d.kind} (${d.group || 'core'}/${d.version}) is defined twice: also in ${prev.source.file ?? 'another input'}`,
          {
            file: d.source.file,
            pointer: d.source.pointer,
            hint: 'Pass each kind once: drop one of the inputs, or narrow the inputs with --select.',
          },
        );
      }
      seen.set(key, d);
    }
    return drafts;
  }

  /** Definitions to build: the selected packages' definitions and kinds, plus everything they reference. */
  private neededDefinitions(
    select: readonly Selector[],
    selected: readonly KindDraft[],
    resolver: PackageResolver,
  ): string[] {
    const roots: string[] = [];
    for (const name of this.registry.entries.keys()) {
      if (select.length === 0) {
        roots.push(name);
        continue;
      }
      const gv = resolver.packageOf(name);
      if (select.some((s) => s.kind === undefined && selectorMatches(s, gv.group, gv.version))) {
        roots.push(name);
      }
    }
    for (const d of selected) {
      if (d.type.from === 'openapi') {
        for (const n of [d.type.definition, d.type.listDefinition]) {
          if (n !== undefined) {
            roots.push(n);
          }
        }
      }
      // The types of a selected kind's extra methods are generated too (pods' createEviction needs policy/v1).
      const methods = [
        ...d.extraMethods,
        ...(overrideFor(this.options.kinds ?? {}, d.group, d.version, d.kind).methods ?? []),
      ];
      for (const ref of methods.flatMap(methodTypeRefs)) {
        const n = this.registry.definitionOfKind(ref.group, ref.version, ref.kind);
        if (n !== undefined) {
          roots.push(n);
        }
      }
    }
    const needed = new Set<string>();
    const queue = roots.filter((n) => !runtimeDefinitions.has(n));
    while (queue.length > 0) {
      const name = queue.pop()!;
      if (needed.has(name)) {
        continue;
      }
      needed.add(name);
      for (const ref of refsIn(this.registry.entries.get(name)!.schema)) {
        const target = this.registry.refName(ref);
        if (target !== undefined && !runtimeDefinitions.has(target) && !needed.has(target)) {
          queue.push(target);
        }
      }
    }
    return [...needed].sort();
  }

  /**
   * The model type a method's `group/version.Kind` names: a kind of the model, else the definition declaring that
   * group-version-kind, else a type of that name in the group/version's package.
   */
  private typeOfRef(ref: TypeRef): TypeTarget | undefined {
    const p = this.packages.get(`${ref.group}/${ref.version}`);
    const kind = p?.kinds.find((k) => k.kind === ref.kind);
    if (p !== undefined && kind !== undefined) {
      return { pkg: p.pkg.path, name: kind.typeName };
    }
    const definition = this.registry.definitionOfKind(ref.group, ref.version, ref.kind);
    if (definition !== undefined) {
      const rt = runtimeDefinitions.get(definition);
      const target = rt !== undefined ? { runtime: rt } : this.defTargets.get(definition);
      if (target !== undefined) {
        return target;
      }
    }
    return p?.types.defs.has(ref.kind) === true ? { pkg: p.pkg.path, name: ref.kind } : undefined;
  }

  private ensurePackage(group: string, version: string): PackageBuild {
    const key = `${group}/${version}`;
    const existing = this.packages.get(key);
    if (existing !== undefined) {
      return existing;
    }
    const override = this.groupOverride(group);
    const goName = override !== undefined ? groupGoNameOf(override) : defaultGroupGoName(group);
    const groupPackage = goName.toLowerCase().replace(/[^a-z0-9]/g, '');
    const path = packagePath(groupPackage, version);
    if (!/^[a-z0-9]+$/.test(groupPackage) || versionProblem(version) !== undefined) {
      // CRD and OpenAPI names are checked where they are read; this guards every other way into a package path.
      throw new GeneratorError('KGEN_SCHEMA_INVALID', `cannot generate a package for ${group || 'core'}/${version}`, {
        hint: 'Versions look like v1 or v1beta2, and group names in code (groups.<group>.goName) are letters and digits.',
      });
    }
    const owner = this.pathOwners.get(path);
    if (owner !== undefined) {
      throw new GeneratorError(
        'KGEN_PACKAGE_CONFLICT',
        `groups "${owner}" and "${group}" would both be generated into ${path}`,
        {
          hint: `Give one of them another name in code: groups: { "${group}": { goName: "..." } } in kgen.config.`,
        },
      );
    }
    this.pathOwners.set(path, group);
    const build: PackageBuild = {
      pkg: {
        group,
        version,
        groupPackage,
        groupGoName: goName,
        codeName: packageCodeName(goName, version),
        path,
      },
      types: new PackageTypes(path),
      kinds: [],
    };
    this.packages.set(key, build);
    this.byPath.set(path, build);
    return build;
  }

  private groupOverride(group: string): string | undefined {
    const groups = this.options.groups ?? {};
    for (const key of group === '' ? ['', 'core'] : [group]) {
      if (Object.hasOwn(groups, key)) {
        const goName = groups[key]?.goName;
        if (goName !== undefined && goName !== '') {
          return goName;
        }
      }
    }
    return undefined;
  }

  private resolveRef(ref: string, pointer: string, from: string): TypeTarget {
    const name = this.registry.refName(ref);
    const entry = this.registry.entries.get(from)!;
    if (name === undefined) {
      throw this.registry.unresolved(ref, entry, pointer);
    }
    const rt = runtimeDefinitions.get(name);
    if (rt !== undefined) {
      return { runtime: rt };
    }
    const target = this.defTargets.get(name);
    if (target === undefined) {
      throw this.registry.unresolved(ref, entry, pointer);
    }
    return target;
  }

  private buildDefinition(name: string): void {
    const entry = this.registry.entries.get(name)!;
    const target = this.defTargets.get(name)!;
    const pkg = this.byPath.get(target.pkg)!;
    addNamedType(
      { pkg: pkg.types, locate: entry.locate, resolveRef: (ref, ptr) => this.resolveRef(ref, ptr, name) },
      target.name,
      entry.schema,
      entry.pointer,
      'definition',
    );
  }

  private buildCrdKind(d: KindDraft, names: { typeName: string; listTypeName: string }): void {
    if (d.type.from !== 'crd') {
      return;
    }
    const p = this.ensurePackage(d.group, d.version);
    addNamedType({ pkg: p.types, locate: d.type.locate }, names.typeName, d.type.schema, d.type.pointer, 'kind');
    const list = crdListType(d.kind, names.listTypeName, names.typeName, p.pkg.path, d.type.pointer);
    p.types.add(list);
    p.kinds.push(applyOverrides(d, this.options, { typeName: names.typeName, listTypeName: names.listTypeName }));
  }

  private addOpenApiKind(d: KindDraft): void {
    if (d.type.from !== 'openapi') {
      return;
    }
    const p = this.ensurePackage(d.group, d.version);
    const target = d.type.definition !== undefined ? this.defTargets.get(d.type.definition) : undefined;
    if (target === undefined || target.pkg !== p.pkg.path) {
      this.warnings.push(
        `${d.source.file ?? ''}: ${d.kind} (${d.group || 'core'}/${d.version}) has no definition of its own in the document; skipped`,
      );
      return;
    }
    const list = d.type.listDefinition !== undefined ? this.defTargets.get(d.type.listDefinition) : undefined;
    const names: { typeName: string; listTypeName?: string } = { typeName: target.name };
    if (list !== undefined && list.pkg === p.pkg.path) {
      names.listTypeName = list.name;
    }
    p.kinds.push(applyOverrides(d, this.options, names));
  }
}

/** Kinds read from OpenAPI documents obey the same naming rules as CRDs (CRDs are checked as they are read). */
function checkDraftNames(d: KindDraft): void {
  if (d.type.from !== 'openapi') {
    return;
  }
  const problem =
    groupProblem(d.group) ?? versionProblem(d.version) ?? kindProblem(d.kind) ?? resourceProblem(d.plural);
  if (problem !== undefined) {
    throw new GeneratorError('KGEN_SCHEMA_INVALID', problem, {
      file: d.source.file,
      pointer: d.source.pointer,
      hint: 'Kinds are CamelCase ASCII, resources and versions lower-case DNS labels, groups DNS subdomains.',
    });
  }
}

function compareDrafts(a: KindDraft, b: KindDraft): number {
  return compareStrings(`${a.group}/${a.version}/${a.kind}`, `${b.group}/${b.version}/${b.kind}`);
}

function selectorText(s: Selector): string {
  return [s.group || 'core', s.version, s.kind].filter((x) => x !== undefined).join('/');
}

/** Builds the API model from loaded sources. Pure: the same sources and options always give the same model. */
export function buildModel(sources: SourceSet, options: ModelOptions = {}): ModelResult {
  const builder = new ModelBuilder(sources, options);
  const model = builder.build();
  return { model, warnings: builder.warnings };
}
