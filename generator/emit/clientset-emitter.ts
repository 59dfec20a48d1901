// Emits the typed clientset: a typed client per kind, a client per group/version, and the Clientset that holds them.
import { apiVersionOf } from '../../runtime/api/meta.js';
import type { PatchType } from '../../runtime/api/options.js';
import type { ApiPackage, Kind } from '../model/api-model.js';
import { tsString } from '../model/names.js';
import { type ApplyconfigNames, applyconfigDir, applyconfigNames } from './applyconfig-emitter.js';
import { clientsetDir, groupClientClass, kindFile, kindMethods, resourceAccessor, typedDir } from './client-layout.js';
import type { EmitContext } from './emit-context.js';
import { emittedExtraMethods, extraMethodNames, extraMethodsView } from './extra-methods-emitter.js';
import { type GeneratedFile, relativeModule } from './generated-file.js';
import { ImportTracker } from './import-tracker.js';
import { type RegisterNames, registerNames } from './register-emitter.js';
import { render } from './render.js';

/** The patch types custom resources accept (runtime/api's PatchType without `strategic`). */
const customResourcePatchTypes: readonly PatchType[] = ['json', 'merge', 'apply'];

/** Local names of a kind's typed-client module. */
export function typedClientNames(k: Kind): { methodsType: string; interfaceType: string; refConst: string } {
  return {
    methodsType: `${k.codeName}Methods`,
    interfaceType: `${k.codeName}Interface`,
    refConst: `${lowerFirst(k.codeName)}Ref`,
  };
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** Imports a kind's object type into `imports`; returns its local name. */
export function importKindType(
  imports: ImportTracker,
  ctx: EmitContext,
  from: string,
  pkg: ApiPackage,
  k: Kind,
): string {
  const prefix = ctx.aliasPrefix({ pkg: pkg.path, name: k.typeName });
  return imports.type(relativeModule(from, `${pkg.path}/types.ts`), k.typeName, prefix);
}

/** Imports a kind's object and list types into `imports`; returns their local names. */
export function importKindTypes(
  imports: ImportTracker,
  ctx: EmitContext,
  from: string,
  pkg: ApiPackage,
  k: Kind,
): { type: string; listType: string } {
  const type = importKindType(imports, ctx, from, pkg, k);
  if (k.listTypeName !== undefined) {
    const prefix = ctx.aliasPrefix({ pkg: pkg.path, name: k.listTypeName });
    return { type, listType: imports.type(relativeModule(from, `${pkg.path}/types.ts`), k.listTypeName, prefix) };
  }
  const list = imports.type(ctx.options.runtimeImport, 'KubernetesList', 'Kgen');
  return { type, listType: `${list}<${type}>` };
}

function emitTypedClient(
  pkg: ApiPackage,
  k: Kind,
  reg: RegisterNames,
  apply: ApplyconfigNames | undefined,
  ctx: EmitContext,
): GeneratedFile {
  const path = `${typedDir(ctx.options, pkg)}/${kindFile(k)}`;
  const names = typedClientNames(k);
  const imports = new ImportTracker([...Object.values(names), ...Object.values(extraMethodNames(k))]);
  const { type, listType } = importKindTypes(imports, ctx, path, pkg, k);
  imports.type(ctx.options.runtimeImport, 'ResourceRef', 'Kgen');
  imports.type(ctx.options.runtimeImport, 'TypedClient', 'Kgen');
  const register = relativeModule(path, `${pkg.path}/register.ts`);
  const methods = kindMethods(k);
  const gvrConst = imports.value(register, reg.gvrConst, 'Register');
  const infoConst = imports.value(register, reg.infoConst, 'Register');
  // With apply configurations, apply/applyStatus take the kind's typed configuration instead of `unknown`.
  const applyType =
    apply === undefined
      ? undefined
      : imports.type(
          relativeModule(path, `${applyconfigDir(ctx.options, pkg)}/${kindFile(k)}`),
          apply.configType,
          'Apply',
        );
  // The API server answers a strategic merge patch of a custom resource with 415: such clients do not offer it.
  const patchTypes =
    k.origin === 'crd' && (methods.includes('patch') || methods.includes('patchStatus'))
      ? customResourcePatchTypes.map(tsString).join(' | ')
      : undefined;
  // TypedClient's optional type arguments: the apply configuration, then the patch types.
  const typeArgs: string[] = [];
  if (applyType !== undefined || patchTypes !== undefined) {
    typeArgs.push(applyType ?? 'unknown');
  }
  if (patchTypes !== undefined) {
    typeArgs.push(patchTypes);
  }
  const extra = extraMethodsView({
    ctx,
    imports,
    path,
    kind: k,
    type,
    listType,
    applyType,
    patchTypes,
  });
  const content = render('typed-client', {
    imports: imports.render(),
    extra: extra ?? false,
    ...names,
    kind: k.kind,
    resource: k.plural,
    type,
    listType,
    methods: methods.length === 0 ? 'never' : methods.map(tsString).join(' | '),
    gvrConst,
    infoConst,
    typeArgs: typeArgs.join(', '),
    patchTypes,
    kindLiteral: tsString(k.kind),
    namespaced: String(k.namespaced),
  });
  return { path, content };
}

function emitGroupClient(pkg: ApiPackage, ctx: EmitContext): GeneratedFile {
  const path = `${typedDir(ctx.options, pkg)}/group-client.ts`;
  const className = groupClientClass(pkg);
  const imports = new ImportTracker([className]);
  imports.type(ctx.options.runtimeImport, 'ResourceClientProvider', 'Kgen');
  const kinds = pkg.kinds.map((k) => {
    const { type, listType } = importKindTypes(imports, ctx, path, pkg, k);
    const module = `./${kindFile(k).replace(/\.ts$/, '.js')}`;
    const names = typedClientNames(k);
    // A kind with extra methods gets them added to each client the provider hands out.
    const extraNames = extraMethodNames(k);
    const extra =
      emittedExtraMethods(k).length === 0
        ? false
        : {
            extraInterface: imports.type(module, extraNames.extraInterface, k.codeName),
            specsConst: imports.value(module, extraNames.specsConst, k.codeName),
            withExtraMethods: imports.value(ctx.options.runtimeImport, 'withExtraMethods', 'Kgen'),
          };
    return {
      extra,
      resource: k.plural,
      accessor: resourceAccessor(k),
      namespaced: k.namespaced,
      type,
      listType,
      interfaceType: imports.type(module, names.interfaceType, k.codeName),
      refConst: imports.value(module, names.refConst, k.codeName),
    };
  });
  const content = render('group-client', {
    imports: imports.render(),
    apiVersion: apiVersionOf(pkg.group, pkg.version),
    className,
    kinds,
  });
  return { path, content };
}

function emitTypedIndex(pkg: ApiPackage, ctx: EmitContext): GeneratedFile {
  const lines = [
    `export * from './group-client.js';`,
    ...pkg.kinds.map((k) => `export * from './${kindFile(k).replace(/\.ts$/, '.js')}';`),
  ];
  return { path: `${typedDir(ctx.options, pkg)}/index.ts`, content: `${lines.join('\n')}\n` };
}

/** The files of one group/version's typed clients. */
export function emitTypedClients(pkg: ApiPackage, ctx: EmitContext): GeneratedFile[] {
  if (pkg.kinds.length === 0) {
    return [];
  }
  const reg = registerNames(pkg);
  const apply = ctx.options.withApplyconfig ? applyconfigNames(pkg) : undefined;
  return [
    ...pkg.kinds.map((k, i) => emitTypedClient(pkg, k, reg[i]!, apply?.[i], ctx)),
    emitGroupClient(pkg, ctx),
    emitTypedIndex(pkg, ctx),
  ];
}

/** `clientset/versioned/index.ts`: the Clientset with one accessor per group/version. */
export function emitClientset(ctx: EmitContext): GeneratedFile[] {
  const path = `${clientsetDir(ctx.options)}/index.ts`;
  const imports = new ImportTracker(['Clientset']);
  const rt = ctx.options.runtimeImport;
  imports.type(rt, 'ClientsetOptions', 'Kgen');
  imports.type(rt, 'ResourceClientProvider', 'Kgen');
  imports.value(rt, 'ClientsetBase', 'Kgen');
  const groups = ctx.model.packages
    .filter((p) => p.kinds.length > 0)
    .map((p) => ({
      accessor: p.codeName,
      apiVersion: apiVersionOf(p.group, p.version),
      className: imports.value(
        relativeModule(path, `${typedDir(ctx.options, p)}/group-client.ts`),
        groupClientClass(p),
        'Typed',
      ),
    }));
  return [{ path, content: render('clientset', { imports: imports.render(), groups }) }];
}
