// Emits informers: per kind an informer + lister accessor, per version and group an accessor class, and the factory.
import type { ApiPackage, Kind } from '../model/api-model.js';
import { upperFirst } from '../model/names.js';
import {
  groupAccessor,
  informableKinds,
  informersDir,
  kindFile,
  listersDir,
  resourceAccessor,
  typedDir,
} from './client-layout.js';
import { importKindType, typedClientNames } from './clientset-emitter.js';
import type { EmitContext } from './emit-context.js';
import { type GeneratedFile, relativeModule } from './generated-file.js';
import { ImportTracker } from './import-tracker.js';
import { listerNames } from './lister-emitter.js';
import { render } from './render.js';

function versionDir(ctx: EmitContext, pkg: ApiPackage): string {
  return `${informersDir(ctx.options)}/${pkg.groupPackage}/${pkg.version}`;
}

function kindInformerClass(k: Kind): string {
  return `${k.codeName}Informer`;
}

/** `newWidgetInformer`: a kind's standalone informer constructor. */
export function newKindInformerFn(k: Kind): string {
  return `new${k.codeName}Informer`;
}

function versionClass(pkg: ApiPackage): string {
  return `${upperFirst(pkg.codeName)}Informers`;
}

function groupClass(pkg: ApiPackage): string {
  return `${upperFirst(pkg.groupGoName)}Informers`;
}

function factoryImports(ctx: EmitContext, locals: string[]): ImportTracker {
  const imports = new ImportTracker(locals);
  imports.type(ctx.options.runtimeImport, 'ResourceClientProvider', 'Kgen');
  imports.type(ctx.options.runtimeImport, 'SharedInformerFactory', 'Kgen');
  return imports;
}

function emitKindInformer(pkg: ApiPackage, k: Kind, ctx: EmitContext): GeneratedFile {
  const path = `${versionDir(ctx, pkg)}/${kindFile(k)}`;
  const className = kindInformerClass(k);
  const newInformerFn = newKindInformerFn(k);
  const imports = factoryImports(ctx, [className, newInformerFn]);
  const rt = ctx.options.runtimeImport;
  imports.type(rt, 'ProviderSource', 'Kgen');
  imports.type(rt, 'ResourceInformerOptions', 'Kgen');
  imports.type(rt, 'SharedIndexInformer', 'Kgen');
  imports.value(rt, 'newResourceInformer', 'Kgen');
  imports.value(rt, 'resourceInformer', 'Kgen');
  const type = importKindType(imports, ctx, path, pkg, k);
  const listerModule = relativeModule(path, `${listersDir(ctx.options, pkg)}/${kindFile(k)}`);
  const ln = listerNames(k);
  const refConst = imports.value(
    relativeModule(path, `${typedDir(ctx.options, pkg)}/${kindFile(k)}`),
    typedClientNames(k).refConst,
    k.codeName,
  );
  const listerType = imports.type(listerModule, ln.listerType, k.codeName);
  const newListerFn = imports.value(listerModule, ln.newFn, k.codeName);
  const content = render('kind-informer', {
    imports: imports.render(),
    kind: k.kind,
    resource: k.plural,
    className,
    type,
    refConst,
    listerType,
    newListerFn,
    newInformerFn,
  });
  return { path, content };
}

function accessorClass(
  path: string,
  className: string,
  doc: string,
  members: { accessor: string; className: string; module: string; doc: string }[],
  ctx: EmitContext,
): GeneratedFile {
  const imports = factoryImports(ctx, [className]);
  const view = members.map((m) => ({
    accessor: m.accessor,
    doc: m.doc,
    className: imports.value(relativeModule(path, m.module), m.className, 'Informers'),
  }));
  return {
    path,
    content: render('accessor-class', { imports: imports.render(), className, doc, members: view }),
  };
}

/** The informer files of one group/version. */
export function emitInformers(pkg: ApiPackage, ctx: EmitContext): GeneratedFile[] {
  const kinds = informableKinds(pkg);
  if (kinds.length === 0) {
    return [];
  }
  const dir = versionDir(ctx, pkg);
  const version = accessorClass(
    `${dir}/interface.ts`,
    versionClass(pkg),
    `The informers of ${pkg.group === '' ? 'core' : pkg.group}/${pkg.version}.`,
    kinds.map((k) => ({
      accessor: resourceAccessor(k),
      className: kindInformerClass(k),
      module: `${dir}/${kindFile(k)}`,
      doc: `The informer and lister of ${k.plural}.`,
    })),
    ctx,
  );
  const index = [
    `export * from './interface.js';`,
    ...kinds.map((k) => `export * from './${kindFile(k).replace(/\.ts$/, '.js')}';`),
  ];
  return [
    ...kinds.map((k) => emitKindInformer(pkg, k, ctx)),
    version,
    { path: `${dir}/index.ts`, content: `${index.join('\n')}\n` },
  ];
}

/** The per-group accessor classes, the factory and the index of `informers/externalversions`. */
export function emitInformerFactory(ctx: EmitContext): GeneratedFile[] {
  const root = informersDir(ctx.options);
  const pkgs = ctx.model.packages.filter((p) => informableKinds(p).length > 0);
  const byGroup = new Map<string, ApiPackage[]>();
  for (const p of pkgs) {
    byGroup.set(p.groupPackage, [...(byGroup.get(p.groupPackage) ?? []), p]);
  }
  const files: GeneratedFile[] = [];
  const groups: { accessor: string; className: string; group: string; module: string }[] = [];
  for (const [groupPackage, versions] of byGroup) {
    const first = versions[0]!;
    const module = `${root}/${groupPackage}/interface.ts`;
    files.push(
      accessorClass(
        module,
        groupClass(first),
        `The informers of the ${first.group === '' ? 'core' : first.group} group, by version.`,
        versions.map((p) => ({
          accessor: p.version,
          className: versionClass(p),
          module: `${versionDir(ctx, p)}/interface.ts`,
          doc: `The informers of ${p.version}.`,
        })),
        ctx,
      ),
    );
    groups.push({ accessor: groupAccessor(first), className: groupClass(first), group: first.group || 'core', module });
  }
  const path = `${root}/factory.ts`;
  const imports = new ImportTracker(['SharedInformerFactory', 'resourceRefs']);
  const rt = ctx.options.runtimeImport;
  imports.type(rt, 'GenericInformer', 'Kgen');
  imports.type(rt, 'GroupVersionResource', 'Kgen');
  imports.type(rt, 'ProviderSource', 'Kgen');
  imports.type(rt, 'ResourceClientProvider', 'Kgen');
  imports.value(rt, 'providerOf', 'Kgen');
  imports.type(rt, 'ResourceRef', 'Kgen');
  imports.type(rt, 'SharedInformerFactoryOptions', 'Kgen');
  imports.value(rt, 'genericInformer', 'Kgen');
  const base = imports.value(rt, 'SharedInformerFactory', 'Base');
  const refs = pkgs.flatMap((p) =>
    informableKinds(p).map((k) =>
      imports.value(
        relativeModule(path, `${typedDir(ctx.options, p)}/${kindFile(k)}`),
        typedClientNames(k).refConst,
        upperFirst(p.codeName),
      ),
    ),
  );
  const groupView = groups.map((g) => ({
    accessor: g.accessor,
    group: g.group,
    className: imports.value(relativeModule(path, g.module), g.className, 'Group'),
  }));
  const content = render('informer-factory', {
    imports: imports.render(),
    refs: refs.join(', '),
    groups: groupView,
    base,
  });
  files.push({ path, content });
  files.push({ path: `${root}/index.ts`, content: `export * from './factory.js';\n` });
  return files;
}
