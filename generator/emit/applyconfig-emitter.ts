// Emits apply configurations: per kind a deep-partial apply type, a constructor and extract functions over runtime/apply.
import { apiVersionOf } from '../../runtime/api/meta.js';
import type { ApiPackage, Kind } from '../model/api-model.js';
import { lowerIdentifier, tsString } from '../model/names.js';
import { kindFile } from './client-layout.js';
import { importKindType } from './clientset-emitter.js';
import type { EmitContext, EmitOptions } from './emit-context.js';
import type { GeneratedFile } from './generated-file.js';
import { ImportTracker } from './import-tracker.js';
import { render } from './render.js';

/** `applyconfiguration/<group>/<version>`. */
export function applyconfigDir(o: EmitOptions, pkg: ApiPackage): string {
  return `${o.applyconfigName}/${pkg.groupPackage}/${pkg.version}`;
}

/** Exported names of a kind's apply configuration module. */
export interface ApplyconfigNames {
  /** `WidgetApplyConfiguration`: the type typed clients take in `apply`/`applyStatus`. */
  readonly configType: string;
  /** `widget`: the constructor. */
  readonly ctorFn: string;
  /** `extractWidget`. */
  readonly extractFn: string;
  /** `extractWidgetStatus` (emitted only with a status subresource). */
  readonly extractStatusFn: string;
}

// Words that cannot name a function in an ES module (strict mode), plus the globals a module must not shadow.
const reservedWords = new Set(
  (
    'await break case catch class const continue debugger default delete do else enum export extends false ' +
    'finally for function if implements import in instanceof interface let new null package private protected ' +
    'public return static super switch this throw true try typeof var void while with yield arguments eval ' +
    'undefined'
  ).split(' '),
);

function preferredNames(k: Kind): ApplyconfigNames {
  const lower = lowerIdentifier(k.codeName);
  return {
    configType: `${k.codeName}ApplyConfiguration`,
    // `package(...)` is a syntax error: such kinds get the longer, always-valid name.
    ctorFn: reservedWords.has(lower) ? `${lower}ApplyConfiguration` : lower,
    extractFn: `extract${k.codeName}`,
    extractStatusFn: `extract${k.codeName}Status`,
  };
}

/**
 * The names of every kind of a package, unique across the package (its index re-exports all kind modules): kind
 * `Foo`'s `extractFooStatus` and kind `FooStatus`'s `extractFooStatus` would collide, so later names get a number.
 * Primary names (type, constructor, extract) are claimed first for every kind, status extractors last.
 */
export function applyconfigNames(pkg: ApiPackage): ApplyconfigNames[] {
  const taken = new Set<string>();
  const claim = (name: string): string => {
    let out = name;
    for (let i = 2; taken.has(out); i++) {
      out = `${name}${i}`;
    }
    taken.add(out);
    return out;
  };
  const firsts = pkg.kinds.map((k) => {
    const p = preferredNames(k);
    return { p, configType: claim(p.configType), ctorFn: claim(p.ctorFn), extractFn: claim(p.extractFn) };
  });
  return firsts.map(({ p, configType, ctorFn, extractFn }, i) => ({
    configType,
    ctorFn,
    extractFn,
    extractStatusFn: pkg.kinds[i]!.subresources.status ? claim(p.extractStatusFn) : p.extractStatusFn,
  }));
}

function emitKind(pkg: ApiPackage, k: Kind, names: ApplyconfigNames, ctx: EmitContext): GeneratedFile {
  const path = `${applyconfigDir(ctx.options, pkg)}/${kindFile(k)}`;
  const status = k.subresources.status;
  const locals = [names.configType, names.ctorFn, names.extractFn, ...(status ? [names.extractStatusFn] : [])];
  const imports = new ImportTracker(locals);
  const type = importKindType(imports, ctx, path, pkg, k);
  const rt = ctx.options.runtimeImport;
  const view = {
    ...names,
    kind: k.kind,
    type,
    namespaced: k.namespaced,
    status,
    apiVersionLiteral: tsString(apiVersionOf(pkg.group, pkg.version)),
    kindLiteral: tsString(k.kind),
    scopeLiteral: tsString(k.namespaced ? 'Namespaced' : 'Cluster'),
    applyConfiguration: imports.type(rt, 'ApplyConfiguration', 'Kgen'),
    deepReadonly: imports.type(rt, 'DeepReadonly', 'Kgen'),
    extractApplyConfiguration: imports.value(rt, 'extractApplyConfiguration', 'Kgen'),
    newApplyConfiguration: imports.value(rt, 'newApplyConfiguration', 'Kgen'),
  };
  return { path, content: render('applyconfig', { ...view, imports: imports.render() }) };
}

/** The apply configurations of one group/version and their index. */
export function emitApplyconfigs(pkg: ApiPackage, ctx: EmitContext): GeneratedFile[] {
  if (pkg.kinds.length === 0) {
    return [];
  }
  const names = applyconfigNames(pkg);
  const index = pkg.kinds.map((k) => `export * from './${kindFile(k).replace(/\.ts$/, '.js')}';`).join('\n');
  return [
    ...pkg.kinds.map((k, i) => emitKind(pkg, k, names[i]!, ctx)),
    { path: `${applyconfigDir(ctx.options, pkg)}/index.ts`, content: `${index}\n` },
  ];
}
