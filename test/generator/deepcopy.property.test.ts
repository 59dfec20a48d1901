// Property: for random objects valid against a schema, the generated deepCopy(x) deep-equals x and shares nothing with it.
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import type { GeneratedFile } from '../../generator/emit/generated-file.js';
import { expandInputs } from '../../generator/load/glob.js';
import { readSources } from '../../generator/load/read-sources.js';
import type { SourceSet } from '../../generator/load/source-set.js';
import { arbitraryOf, arbitraryOfKind } from './support/schema-arbitrary.js';
import { corpusDir, generateFrom, runtimeEntry } from './support/sources.js';
import { tempDir } from './support/temp-dir.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

type Copier = (x: unknown) => unknown;

/** Writes generated files (importing the runtime by absolute path) and imports one package's deepcopy module. */
async function loadCopiers(files: readonly GeneratedFile[], pkgPath: string): Promise<Record<string, Copier>> {
  const dir = await tempDir('kgen-deepcopy-');
  for (const f of files) {
    const p = join(dir, f.path);
    await mkdir(dirname(p), { recursive: true });
    await writeFile(p, f.content);
  }
  return (await import(pathToFileURL(join(dir, pkgPath, 'deepcopy.ts')).href)) as Record<string, Copier>;
}

async function generateFiles(base: string, inputs: string[]): Promise<readonly GeneratedFile[]> {
  const sources: SourceSet = await readSources(await expandInputs(inputs, base), { displayBase: base });
  return generateFrom(sources, {}, { runtimeImport: runtimeEntry }).files;
}

/** Deep equality of JSON values that also compares prototypes and treats `__proto__` as an ordinary own key. */
function sameJson(a: unknown, b: unknown, path = '$'): string | undefined {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    return Object.is(a, b) ? undefined : `${path}: ${String(a)} !== ${String(b)}`;
  }
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) {
    return `${path}: different kinds of object`;
  }
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  if (ka.join('\0') !== kb.join('\0')) {
    return `${path}: keys ${ka.join(',')} vs ${kb.join(',')}`;
  }
  for (const k of ka) {
    const d = sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d !== undefined) {
      return d;
    }
  }
  return undefined;
}

function objectsIn(x: unknown, out: Set<object> = new Set()): Set<object> {
  if (typeof x === 'object' && x !== null) {
    out.add(x);
    for (const k of Object.keys(x)) {
      objectsIn((x as Record<string, unknown>)[k], out);
    }
  }
  return out;
}

function checkCopy(copy: Copier, arb: fc.Arbitrary<unknown>, numRuns: number): void {
  fc.assert(
    fc.property(arb, (x) => {
      const before = JSON.stringify(x);
      const y = copy(x);
      expect(sameJson(x, y)).toBeUndefined();
      const original = objectsIn(x);
      const shared = [...objectsIn(y)].filter((o) => original.has(o));
      expect(shared).toEqual([]);
      expect(JSON.stringify(x)).toBe(before);
      expect(Object.getPrototypeOf(Object.prototype)).toBeNull();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }),
    { numRuns },
  );
}

function crdSchema(file: string, version?: string): Record<string, unknown> {
  const crd = parse(readFileSync(file, 'utf8')) as {
    spec: { versions: { name: string; served: boolean; schema: { openAPIV3Schema: Record<string, unknown> } }[] };
  };
  const v = crd.spec.versions.find((x) => (version === undefined ? x.served : x.name === version))!;
  return v.schema.openAPIV3Schema;
}

describe('generated deepCopy', () => {
  test.each([
    ['fixtures/example/crds/widget.yaml', 'apis/demo/v1alpha1', 'deepCopyWidget'],
    ['fixtures/example/crds/widgetclass.yaml', 'apis/demo/v1alpha1', 'deepCopyWidgetClass'],
    ['fixtures/cases/crd-features/crds/gadget.yaml', 'apis/features/v1', 'deepCopyGadget'],
    ['fixtures/cases/escaping/tricky.yaml', 'apis/escape/v1', 'deepCopyTricky'],
  ])('%s', async (file, pkg, fn) => {
    const copiers = await loadCopiers(await generateFiles(repo, [file]), pkg);
    checkCopy(copiers[fn]!, arbitraryOfKind(crdSchema(join(repo, file))), 300);
  });

  test.each([
    ['crds/cert-manager__Certificate.yaml', 'apis/certmanager/v1', 'deepCopyCertificate'],
    ['crds/istio__VirtualService.yaml', 'apis/networking/v1', 'deepCopyVirtualService'],
    ['crds/cloudnative-pg__Cluster.yaml', 'apis/postgresql/v1', 'deepCopyCluster'],
    ['crds/argo-cd__Application.yaml', 'apis/argoproj/v1alpha1', 'deepCopyApplication'],
  ])(
    'corpus %s',
    async (file, pkg, fn) => {
      const copiers = await loadCopiers(await generateFiles(corpusDir, [file]), pkg);
      checkCopy(copiers[fn]!, arbitraryOfKind(crdSchema(join(corpusDir, file)), { maxDepth: 6 }), 40);
    },
    60_000,
  );

  test('built-in apps/v1 Deployment (references into core/v1 and meta/v1)', async () => {
    const rel = 'openapi/v3/apis__apps__v1_openapi.json';
    const doc = JSON.parse(readFileSync(join(corpusDir, rel), 'utf8')) as {
      components: { schemas: Record<string, Record<string, unknown>> };
    };
    const resolve = (ref: string) => doc.components.schemas[ref.slice('#/components/schemas/'.length)]!;
    const copiers = await loadCopiers(await generateFiles(corpusDir, [rel]), 'apis/apps/v1');
    checkCopy(
      copiers.deepCopyDeployment!,
      arbitraryOf(resolve('#/components/schemas/io.k8s.api.apps.v1.Deployment'), { resolve, maxDepth: 7 }),
      40,
    );
  }, 60_000);
});
