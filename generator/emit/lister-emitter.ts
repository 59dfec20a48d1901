// Emits listers: per kind, typed read-only queries over an informer's indexer (namespaced kinds get a namespace lister).
import type { ApiPackage, Kind } from '../model/api-model.js';
import { tsString } from '../model/names.js';
import { informableKinds, kindFile, listersDir, resourceAccessor } from './client-layout.js';
import { importKindType } from './clientset-emitter.js';
import type { EmitContext } from './emit-context.js';
import type { GeneratedFile } from './generated-file.js';
import { ImportTracker } from './import-tracker.js';
import { render } from './render.js';

/** Local names of a kind's lister module. */
export function listerNames(k: Kind): { listerType: string; namespaceListerType: string; newFn: string } {
  return {
    listerType: `${k.codeName}Lister`,
    namespaceListerType: `${k.codeName}NamespaceLister`,
    newFn: `new${k.codeName}Lister`,
  };
}

function emitLister(pkg: ApiPackage, k: Kind, ctx: EmitContext): GeneratedFile {
  const path = `${listersDir(ctx.options, pkg)}/${kindFile(k)}`;
  const names = listerNames(k);
  const imports = new ImportTracker(Object.values(names));
  const type = importKindType(imports, ctx, path, pkg, k);
  const rt = ctx.options.runtimeImport;
  const view = {
    ...names,
    imports: '',
    kind: k.kind,
    resource: k.plural,
    accessor: resourceAccessor(k),
    namespaced: k.namespaced,
    type,
    groupLiteral: tsString(pkg.group),
    resourceLiteral: tsString(k.plural),
  };
  imports.type(rt, 'Indexer', 'Kgen');
  imports.value(rt, 'newLister', 'Kgen');
  if (k.namespaced) {
    imports.type(rt, 'DeepReadonly', 'Kgen');
    imports.type(rt, 'NamespaceLister', 'Kgen');
    imports.type(rt, 'Selector', 'Kgen');
  } else {
    imports.type(rt, 'Lister', 'Kgen');
  }
  return { path, content: render('lister', { ...view, imports: imports.render() }) };
}

/** The listers of one group/version and their index. */
export function emitListers(pkg: ApiPackage, ctx: EmitContext): GeneratedFile[] {
  const kinds = informableKinds(pkg);
  if (kinds.length === 0) {
    return [];
  }
  const index = kinds.map((k) => `export * from './${kindFile(k).replace(/\.ts$/, '.js')}';`).join('\n');
  return [
    ...kinds.map((k) => emitLister(pkg, k, ctx)),
    { path: `${listersDir(ctx.options, pkg)}/index.ts`, content: `${index}\n` },
  ];
}
