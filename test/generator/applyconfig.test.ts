// Generated apply configurations: names, layout, strict any-free type-checking (example + corpus), and behaviour.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { applyconfigNames } from '../../generator/emit/applyconfig-emitter.js';
import type { GeneratedFile } from '../../generator/emit/generated-file.js';
import { expandInputs } from '../../generator/load/glob.js';
import { readSources } from '../../generator/load/read-sources.js';
import type { ApiPackage, Kind } from '../../generator/model/api-model.js';
import type { Generation } from '../../generator/pipeline.js';
import { corpusDir, crdSources, generateFrom, runtimeEntry } from './support/sources.js';
import { tempDir, writeFiles } from './support/temp-dir.js';
import { typecheckGenerated } from './support/typecheck.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const exampleDir = join(repo, 'fixtures/example/crds');

function example(emit: Record<string, unknown> = {}): Generation {
  const crds = ['widget.yaml', 'widgetclass.yaml'].flatMap((f) =>
    crdSources(f, readFileSync(join(exampleDir, f), 'utf8')),
  );
  return generateFrom({ crds, openapi: [] }, {}, { withApplyconfig: true, ...emit });
}

function applyFiles(g: Generation): GeneratedFile[] {
  return g.files.filter((f) => f.path.startsWith('applyconfiguration/'));
}

// How users meet the output; every @ts-expect-error must be needed, or the check fails.
const usage = `
import type { DeepReadonly } from 'kgen/runtime';
import type { Widget } from '../ex/apis/demo/v1alpha1/index.js';
import {
  extractWidget,
  extractWidgetStatus,
  type WidgetApplyConfiguration,
  type WidgetClassApplyConfiguration,
  widget,
  widgetClass,
} from '../ex/applyconfiguration/demo/v1alpha1/index.js';
import type { Clientset } from '../ex/clientset/versioned/index.js';

export function build(cached: DeepReadonly<Widget>): WidgetApplyConfiguration[] {
  const w = widget('a', 'ns');
  // Required fields of the type (spec.template.image, ports[].port) are optional in an apply configuration.
  w.spec = { replicas: 3, template: { ports: [{ name: 'http' }] } };
  const literal: WidgetApplyConfiguration = {
    apiVersion: 'demo.kgen.dev/v1alpha1',
    kind: 'Widget',
    metadata: { name: 'b', labels: { app: 'x' } },
    spec: { size: 'small', maxUnavailable: '25%' },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  };
  // @ts-expect-error the kind literal is fixed
  const wrongKind: WidgetApplyConfiguration = { apiVersion: 'demo.kgen.dev/v1alpha1', kind: 'Gadget', metadata: { name: 'c' } };
  // @ts-expect-error the apiVersion literal is fixed
  const wrongVersion: WidgetApplyConfiguration = { apiVersion: 'demo.kgen.dev/v1', kind: 'Widget', metadata: { name: 'c' } };
  // @ts-expect-error metadata.name is required
  const noName: WidgetApplyConfiguration = { apiVersion: 'demo.kgen.dev/v1alpha1', kind: 'Widget', metadata: {} };
  // @ts-expect-error enums stay enums
  w.spec.size = 'huge';
  // @ts-expect-error unknown fields are rejected
  const typo: WidgetApplyConfiguration = { ...literal, spek: {} };
  // @ts-expect-error managedFields belong to the server
  literal.metadata.managedFields = [];
  // @ts-expect-error cluster-scoped kinds take no namespace
  widgetClass('std', 'ns');
  // @ts-expect-error nor does their metadata
  const clustered: WidgetClassApplyConfiguration = { ...widgetClass('std'), metadata: { name: 'std', namespace: 'x' } };
  const name: string = extractWidget(cached, 'me').metadata.name;
  const status = extractWidgetStatus(cached, 'me').status?.phase;
  void [wrongKind, wrongVersion, noName, typo, clustered, name, status];
  return [w, literal];
}

// Typed clients take the kind's configuration in apply and applyStatus.
export async function applyAll(cs: Clientset): Promise<Widget> {
  await cs.demoV1alpha1().widgetClasses().apply(widgetClass('std'), { fieldManager: 'me' });
  // @ts-expect-error a WidgetClass configuration is not a Widget configuration
  await cs.demoV1alpha1().widgets('ns').apply(widgetClass('std'), { fieldManager: 'me' });
  return cs.demoV1alpha1().widgets('ns').applyStatus(widget('a'), { fieldManager: 'me', force: true });
}
`;

describe('applyconfig emitter', () => {
  test('one module per kind and an index under applyconfiguration/<group>/<version>/, only with withApplyconfig', () => {
    expect(applyFiles(example()).map((f) => f.path)).toEqual([
      'applyconfiguration/demo/v1alpha1/index.ts',
      'applyconfiguration/demo/v1alpha1/widget.ts',
      'applyconfiguration/demo/v1alpha1/widgetclass.ts',
    ]);
    expect(applyFiles(example({ withApplyconfig: false }))).toEqual([]);
    const widgetFile = applyFiles(example()).find((f) => f.path.endsWith('/widget.ts'))!.content;
    expect(widgetFile).toContain(
      "export type WidgetApplyConfiguration = ApplyConfiguration<Widget, 'demo.kgen.dev/v1alpha1', 'Widget', 'Namespaced'>;",
    );
    expect(widgetFile).toContain('export function widget(name: string, namespace?: string): WidgetApplyConfiguration');
    const classFile = applyFiles(example()).find((f) => f.path.endsWith('/widgetclass.ts'))!.content;
    expect(classFile).toContain('export function widgetClass(name: string): WidgetClassApplyConfiguration');
    expect(classFile).toContain("'WidgetClass', 'Cluster'>");
  });

  test('the example output type-checks strictly with no any, and misuse does not compile', () => {
    const g = example();
    const result = typecheckGenerated({ ex: g.files, usage: [{ path: 'usage.ts', content: usage }] });
    expect(result.diagnostics).toEqual([]);
    expect(result.anyCount).toBe(0);
  }, 120_000);

  test('names: reserved words get a longer constructor name; clashes across kinds get a number', () => {
    const kind = (name: string, status: boolean): Kind =>
      ({ kind: name, codeName: name, subresources: { status } }) as Kind;
    const pkg = {
      kinds: [kind('Package', false), kind('Foo', true), kind('FooStatus', true)],
    } as unknown as ApiPackage;
    expect(applyconfigNames(pkg)).toEqual([
      {
        configType: 'PackageApplyConfiguration',
        ctorFn: 'packageApplyConfiguration',
        extractFn: 'extractPackage',
        extractStatusFn: 'extractPackageStatus',
      },
      {
        configType: 'FooApplyConfiguration',
        ctorFn: 'foo',
        extractFn: 'extractFoo',
        extractStatusFn: 'extractFooStatus2',
      },
      {
        configType: 'FooStatusApplyConfiguration',
        ctorFn: 'fooStatus',
        extractFn: 'extractFooStatus',
        extractStatusFn: 'extractFooStatusStatus',
      },
    ]);
  });

  test('the generated constructor and extractor behave (written to disk and imported)', async () => {
    const dir = await tempDir('kgen-applyconfig-');
    const g = example({ runtimeImport: runtimeEntry });
    await writeFiles(dir, Object.fromEntries(g.files.map((f) => [f.path, f.content])));
    const mod = (await import(join(dir, 'applyconfiguration/demo/v1alpha1/index.ts'))) as Record<
      string,
      (...args: unknown[]) => unknown
    >;
    expect(mod.widget!('a', 'ns')).toEqual({
      apiVersion: 'demo.kgen.dev/v1alpha1',
      kind: 'Widget',
      metadata: { name: 'a', namespace: 'ns' },
    });
    expect(mod.widgetClass!('std')).toEqual({
      apiVersion: 'demo.kgen.dev/v1alpha1',
      kind: 'WidgetClass',
      metadata: { name: 'std' },
    });
    const obj = {
      apiVersion: 'demo.kgen.dev/v1alpha1',
      kind: 'Widget',
      metadata: {
        name: 'a',
        namespace: 'ns',
        managedFields: [
          { manager: 'me', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
          {
            manager: 'me',
            operation: 'Apply',
            subresource: 'status',
            fieldsV1: { 'f:status': { 'f:phase': {} } },
          },
        ],
      },
      spec: { replicas: 2, size: 'large' },
      status: { phase: 'Running', replicas: 2 },
    };
    const identity = { apiVersion: 'demo.kgen.dev/v1alpha1', kind: 'Widget', metadata: { name: 'a', namespace: 'ns' } };
    expect(mod.extractWidget!(obj, 'me')).toEqual({ ...identity, spec: { replicas: 2 } });
    expect(mod.extractWidgetStatus!(obj, 'me')).toEqual({ ...identity, status: { phase: 'Running' } });
  });
});

describe('corpus', () => {
  test('apply configurations of every corpus CRD type-check strictly with no any', async () => {
    const files = await expandInputs(['crds'], corpusDir);
    const g = generateFrom(await readSources(files, { displayBase: corpusDir }), {}, { withApplyconfig: true });
    const apply = applyFiles(g);
    const kinds = g.model.packages.reduce((n, p) => n + p.kinds.length, 0);
    const packages = g.model.packages.filter((p) => p.kinds.length > 0).length;
    expect(apply.length).toBe(kinds + packages);
    const result = typecheckGenerated({ crds: g.files });
    expect(result.diagnostics.slice(0, 20)).toEqual([]);
    expect(result.anyCount).toBe(0);
  }, 180_000);
});
