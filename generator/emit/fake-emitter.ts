// Emits `clientset/versioned/fake/index.ts`: the Clientset over runtime/fake's tracker, and newSimpleClientset.
import type { Kind } from '../model/api-model.js';
import { tsString, upperFirst } from '../model/names.js';
import { clientsetDir, fakeRuntimeImport, kindFile, typedDir } from './client-layout.js';
import { typedClientNames } from './clientset-emitter.js';
import type { EmitContext } from './emit-context.js';
import { type GeneratedFile, relativeModule } from './generated-file.js';
import { ImportTracker } from './import-tracker.js';
import { type MergeHint, mergeHintsOf } from './merge-hints.js';
import { render } from './render.js';

function hintText(h: MergeHint): string {
  if ('mapType' in h) {
    return `{ mapType: 'atomic' }`;
  }
  if (h.listType === 'map') {
    return `{ listType: 'map', keys: [${h.keys.map(tsString).join(', ')}] }`;
  }
  return `{ listType: 'set' }`;
}

/**
 * One registration: the kind's ref, plus selectable fields and merge hints when the schema has them; custom
 * resources also get the API server's CRD rules (update needs a resourceVersion, strategic merge patch is a 415).
 */
function registration(ref: string, k: Kind, hints: [string, MergeHint][]): string {
  const selectable = k.selectableFields;
  const custom = k.origin === 'crd';
  if (selectable.length === 0 && hints.length === 0 && !custom) {
    return ref;
  }
  const lines = [`    ...${ref},`];
  if (custom) {
    // The API server answers a strategic merge patch of a custom resource with 415. Updates without a
    // resourceVersion stay allowed, as in client-go's fake, which users' ported tests rely on.
    lines.push(`    strategicMergePatch: 'reject',`);
  }
  if (selectable.length > 0) {
    lines.push(`    selectableFields: [${selectable.map(tsString).join(', ')}],`);
  }
  if (hints.length > 0) {
    lines.push('    mergeHints: {', ...hints.map(([p, h]) => `      ${tsString(p)}: ${hintText(h)},`), '    },');
  }
  return `{\n${lines.join('\n')}\n  }`;
}

/** The fake clientset of the whole model. */
export function emitFakeClientset(ctx: EmitContext): GeneratedFile[] {
  const path = `${clientsetDir(ctx.options)}/fake/index.ts`;
  const imports = new ImportTracker(['fakeResources', 'FakeClientset', 'newSimpleClientset', 'newFakeClientset']);
  const fake = fakeRuntimeImport(ctx.options);
  imports.type(ctx.options.runtimeImport, 'KubernetesObject', 'Kgen');
  for (const t of [
    'Action',
    'FakeResourceClientProvider',
    'NewFakeProviderOptions',
    'ObjectTracker',
    'ReactionFunc',
    'ResourceRegistration',
    'WatchReactionFunc',
  ]) {
    imports.type(fake, t, 'Fake');
  }
  imports.value(fake, 'newFakeProvider', 'Fake');
  imports.value(relativeModule(path, `${clientsetDir(ctx.options)}/index.ts`), 'Clientset', 'Versioned');
  const resources = ctx.model.packages.flatMap((p) =>
    p.kinds.map((k) => {
      const ref = imports.value(
        relativeModule(path, `${typedDir(ctx.options, p)}/${kindFile(k)}`),
        typedClientNames(k).refConst,
        upperFirst(p.codeName),
      );
      return registration(ref, k, mergeHintsOf(p, k, ctx));
    }),
  );
  return [{ path, content: render('fake-clientset', { imports: imports.render(), resources }) }];
}
