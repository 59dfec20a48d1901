// The table of emitters: each turns the model into files. Issue 7 adds clients, listers, informers and apply configs here.
import type { ApiModel, ApiPackage } from '../model/api-model.js';
import { emitApplyconfigs } from './applyconfig-emitter.js';
import { emitClientset, emitTypedClients } from './clientset-emitter.js';
import { emitDeepCopy } from './deepcopy-emitter.js';
import { EmitContext, type EmitOptions } from './emit-context.js';
import { emitFakeClientset } from './fake-emitter.js';
import { type GeneratedFile, sortFiles } from './generated-file.js';
import { emitInformerFactory, emitInformers } from './informer-emitter.js';
import { emitListers } from './lister-emitter.js';
import { emitPackageIndex } from './package-index-emitter.js';
import { emitRegister } from './register-emitter.js';
import { emitTypes } from './types-emitter.js';

/** An emitter: a name for messages, when it applies, and a pure function from the model to files. */
export type Emitter =
  | {
      readonly name: string;
      /** One call per package (types, deepcopy, register, listers, ...). */
      readonly scope: 'package';
      readonly enabled?: (options: EmitOptions) => boolean;
      readonly emit: (pkg: ApiPackage, ctx: EmitContext) => GeneratedFile[];
    }
  | {
      readonly name: string;
      /** One call for the whole model (clientset, informer factory, ...). */
      readonly scope: 'model';
      readonly enabled?: (options: EmitOptions) => boolean;
      readonly emit: (ctx: EmitContext) => GeneratedFile[];
    };

/** The emitters of the generator core, in the order they run. */
export const coreEmitters: readonly Emitter[] = [
  { name: 'types', scope: 'package', emit: (pkg, ctx) => [emitTypes(pkg, ctx)] },
  { name: 'deepcopy', scope: 'package', emit: (pkg, ctx) => [emitDeepCopy(pkg, ctx)] },
  { name: 'register', scope: 'package', emit: (pkg, ctx) => [emitRegister(pkg, ctx)] },
  { name: 'package-index', scope: 'package', emit: (pkg) => [emitPackageIndex(pkg)] },
  { name: 'typed-clients', scope: 'package', emit: emitTypedClients },
  { name: 'clientset', scope: 'model', emit: emitClientset },
  { name: 'fake-clientset', scope: 'model', emit: emitFakeClientset },
  { name: 'listers', scope: 'package', enabled: (o) => o.withWatch, emit: emitListers },
  { name: 'informers', scope: 'package', enabled: (o) => o.withWatch, emit: emitInformers },
  { name: 'informer-factory', scope: 'model', enabled: (o) => o.withWatch, emit: emitInformerFactory },
  { name: 'applyconfigs', scope: 'package', enabled: (o) => o.withApplyconfig, emit: emitApplyconfigs },
];

/** Runs the enabled emitters over the model; `onPackage` is told about each package (progress lines). */
export function emitAll(
  model: ApiModel,
  options: EmitOptions,
  emitters: readonly Emitter[] = coreEmitters,
  onPackage?: (pkg: ApiPackage, files: number) => void,
): GeneratedFile[] {
  const ctx = new EmitContext(model, options);
  const active = emitters.filter((e) => e.enabled?.(options) ?? true);
  const files: GeneratedFile[] = [];
  for (const pkg of model.packages) {
    let n = 0;
    for (const e of active) {
      if (e.scope === 'package') {
        const out = e.emit(pkg, ctx);
        n += out.length;
        files.push(...out);
      }
    }
    onPackage?.(pkg, n);
  }
  for (const e of active) {
    if (e.scope === 'model') {
      files.push(...e.emit(ctx));
    }
  }
  return sortFiles(files);
}
