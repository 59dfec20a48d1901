// Emits `register.ts` of a package: group, version, GVK/GVR constants per kind, and the kind ↔ resource table.
import { apiVersionOf } from '../../runtime/api/meta.js';
import type { ApiPackage, Kind } from '../model/api-model.js';
import { kindConstName, NameAllocator, propertyKey, tsString } from '../model/names.js';
import type { EmitContext } from './emit-context.js';
import type { GeneratedFile } from './generated-file.js';
import { ImportTracker } from './import-tracker.js';
import { render } from './render.js';

function stringArray(xs: readonly string[]): string {
  return `[${xs.map(tsString).join(', ')}]`;
}

function objectLiteral(entries: readonly [string, string][]): string {
  if (entries.length === 0) {
    return '{}';
  }
  return `{\n${entries.map(([k, v]) => `  ${propertyKey(k)}: ${v},`).join('\n')}\n}`;
}

interface KindView {
  kind: string;
  listKind: string;
  gvkConst: string;
  listGvkConst: string;
  gvrConst: string;
  infoConst: string;
  kindLiteral: string;
  listKindLiteral: string;
  resourceLiteral: string;
  singularLiteral: string;
  namespaced: string;
  verbs: string;
  subresources: string;
  scale: string;
  shortNames: string;
  categories: string;
}

/** The names of a kind's constants in register.ts. */
export interface RegisterNames {
  readonly gvkConst: string;
  readonly listGvkConst: string;
  readonly gvrConst: string;
  readonly infoConst: string;
}

/** The register constants of each kind of `pkg`, in `pkg.kinds` order (other emitters import them). */
export function registerNames(pkg: ApiPackage): RegisterNames[] {
  const names = new NameAllocator();
  for (const fixed of [
    'groupName',
    'version',
    'schemeGroupVersion',
    'apiVersion',
    'resource',
    'resources',
    'kindToResource',
    'resourceToKind',
  ]) {
    names.reserve(fixed);
  }
  return pkg.kinds.map((k) => ({
    gvkConst: names.allocate(kindConstName(k.codeName, 'GVK')),
    listGvkConst: names.allocate(kindConstName(k.listKind, 'GVK')),
    gvrConst: names.allocate(kindConstName(k.codeName, 'GVR')),
    infoConst: names.allocate(kindConstName(k.codeName, 'ResourceInfo')),
  }));
}

function kindView(k: Kind, names: RegisterNames): KindView {
  const subresources = [
    ...(k.subresources.status ? ['status'] : []),
    ...(k.subresources.scale ? ['scale'] : []),
    ...k.subresources.other,
  ];
  const scale = k.subresources.scale;
  let scaleText = '';
  if (scale !== undefined) {
    const fields: [string, string][] = [
      ['specReplicasPath', tsString(scale.specReplicasPath)],
      ['statusReplicasPath', tsString(scale.statusReplicasPath)],
    ];
    if (scale.labelSelectorPath !== undefined) {
      fields.push(['labelSelectorPath', tsString(scale.labelSelectorPath)]);
    }
    scaleText = `{ ${fields.map(([f, v]) => `${f}: ${v}`).join(', ')} }`;
  }
  return {
    kind: k.kind,
    listKind: k.listKind,
    ...names,
    kindLiteral: tsString(k.kind),
    listKindLiteral: tsString(k.listKind),
    resourceLiteral: tsString(k.plural),
    singularLiteral: tsString(k.singular),
    namespaced: String(k.namespaced),
    verbs: stringArray(k.verbs),
    subresources: stringArray(subresources),
    scale: scaleText,
    shortNames: stringArray(k.shortNames),
    categories: stringArray(k.categories),
  };
}

/** The text of `apis/<group>/<version>/register.ts`. */
export function emitRegister(pkg: ApiPackage, ctx: EmitContext): GeneratedFile {
  const names = registerNames(pkg);
  const kinds = pkg.kinds.map((k, i) => kindView(k, names[i]!));
  const imports = new ImportTracker([]);
  if (kinds.length > 0) {
    imports.type(ctx.options.runtimeImport, 'GroupVersionKind', 'Kgen');
    imports.type(ctx.options.runtimeImport, 'GroupVersionResource', 'Kgen');
  }
  imports.type(ctx.options.runtimeImport, 'ResourceInfo', 'Kgen');
  const content = render('register', {
    imports: imports.render(),
    groupLiteral: tsString(pkg.group),
    versionLiteral: tsString(pkg.version),
    apiVersionLiteral: tsString(apiVersionOf(pkg.group, pkg.version)),
    kinds,
    resourceList: kinds.map((k) => k.infoConst).join(', '),
    kindToResource: objectLiteral(pkg.kinds.map((k) => [k.kind, tsString(k.plural)])),
    resourceToKind: objectLiteral(pkg.kinds.map((k) => [k.plural, tsString(k.kind)])),
  });
  return { path: `${pkg.path}/register.ts`, content };
}
