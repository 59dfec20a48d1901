// Custom resources in generated code: the model marks them, the typed client offers no strategic merge patch, and the fake applies the API server's CRD rules.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { GeneratedFile } from '../../generator/emit/generated-file.js';
import type { ApiModel, Kind } from '../../generator/model/api-model.js';
import { buildModel } from '../../generator/model/build-model.js';
import { ApiError, type KubernetesObject } from '../../runtime/index.js';
import { corpusOpenApi, crdSources, generateFrom, openApiSource, runtimeEntry } from './support/sources.js';
import { tempDir } from './support/temp-dir.js';
import { typecheckGenerated } from './support/typecheck.js';

const widgetCrd = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Widget, listKind: WidgetList, plural: widgets, singular: widget}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer}
          status:
            type: object
            properties:
              ready: {type: boolean}
`;

const gadgetGvk = { group: 'example.com', version: 'v1', kind: 'Gadget' };
const gadgetSchema = {
  type: 'object',
  properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, spec: { type: 'object' } },
  'x-kubernetes-group-version-kind': [gadgetGvk],
};

/** An OpenAPI v3 document as a cluster with a CRD serves it: definitions named after the reversed group. */
const crdOpenApi = openApiSource('crd-openapi.json', {
  openapi: '3.0.0',
  info: { title: 'crd', version: 'v1' },
  paths: {
    '/apis/example.com/v1/namespaces/{namespace}/gadgets/{name}': {
      get: {
        'x-kubernetes-action': 'get',
        'x-kubernetes-group-version-kind': gadgetGvk,
        responses: {
          '200': {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/com.example.v1.Gadget' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      'com.example.v1.Gadget': gadgetSchema,
    },
  },
});

function kindOf(model: ApiModel, kind: string): Kind {
  const k = model.packages.flatMap((p) => p.kinds).find((x) => x.kind === kind);
  if (k === undefined) {
    throw new Error(`no kind ${kind}`);
  }
  return k;
}

function generateWidgetsAndConfigMaps(runtimeImport?: string): readonly GeneratedFile[] {
  const sources = {
    crds: crdSources('widgets.yaml', widgetCrd),
    openapi: [corpusOpenApi('openapi/v3/api__v1_openapi.json')],
  };
  const select = [{ group: 'example.com' }, { group: '', version: 'v1', kind: 'ConfigMap' }];
  return generateFrom(sources, { select }, runtimeImport === undefined ? {} : { runtimeImport }).files;
}

describe('the model knows where a kind comes from', () => {
  test('CRDs and OpenAPI definitions outside io.k8s are custom resources; io.k8s definitions are built in', () => {
    const { model } = buildModel({
      crds: crdSources('widgets.yaml', widgetCrd),
      openapi: [crdOpenApi, corpusOpenApi('openapi/v3/api__v1_openapi.json')],
    });
    expect(kindOf(model, 'Widget').origin).toBe('crd');
    expect(kindOf(model, 'Gadget').origin).toBe('crd');
    expect(kindOf(model, 'ConfigMap').origin).toBe('builtin');
    expect(kindOf(model, 'Pod').origin).toBe('builtin');
  });
});

describe('OpenAPI v2 input', () => {
  const v2 = openApiSource('crd-swagger.json', {
    swagger: '2.0',
    info: { title: 'crd', version: 'v1' },
    paths: {
      '/apis/example.com/v1/namespaces/{namespace}/gadgets/{name}': {
        get: {
          'x-kubernetes-action': 'get',
          'x-kubernetes-group-version-kind': gadgetGvk,
          responses: { '200': { schema: { $ref: '#/definitions/com.example.v1.Gadget' } } },
        },
      },
    },
    definitions: {
      'com.example.v1.Gadget': gadgetSchema,
    },
  });

  test('a custom resource read from v2 generates, with a warning naming the file and the kind; v3 warns of nothing', () => {
    const fromV2 = buildModel({ crds: [], openapi: [v2] });
    expect(kindOf(fromV2.model, 'Gadget').origin).toBe('crd');
    expect(fromV2.warnings).toEqual([
      expect.stringMatching(/^crd-swagger\.json: OpenAPI v2 is lossy for custom resources \(Gadget\)/),
    ]);
    expect(fromV2.warnings[0]).toContain('Prefer the CRD YAML or /openapi/v3');
    expect(buildModel({ crds: [], openapi: [crdOpenApi] }).warnings).toEqual([]);
  });
});

describe('typed patch of custom resources', () => {
  test('a custom resource client rejects strategic merge patches at compile time; a built-in one accepts them', () => {
    const files = generateWidgetsAndConfigMaps();
    const use: GeneratedFile = {
      path: 'use.ts',
      content: `import type { Clientset } from './clientset/versioned/index.js';
export async function use(cs: Clientset): Promise<void> {
  await cs.exampleV1().widgets('a').patch('w', 'merge', { spec: { size: 1 } });
  await cs.exampleV1().widgets('a').patch('w', 'json', []);
  await cs.exampleV1().widgets('a').patchStatus('w', 'merge', { status: { ready: true } });
  // @ts-expect-error custom resources have no strategic merge patch
  await cs.exampleV1().widgets('a').patch('w', 'strategic', {});
  // @ts-expect-error custom resources have no strategic merge patch
  await cs.exampleV1().widgets('a').patchStatus('w', 'strategic', {});
  await cs.coreV1().configMaps('a').patch('c', 'strategic', { data: { k: 'v' } });
}
`,
    };
    const result = typecheckGenerated({ crPatch: [...files, use] });
    expect(result.diagnostics).toEqual([]);
    expect(result.anyCount).toBe(0);
  }, 120_000);
});

interface FakeModule {
  newSimpleClientset(...objects: KubernetesObject[]): {
    exampleV1(): { widgets(ns: string): Client };
    coreV1(): { configMaps(ns: string): Client };
  };
}

interface Client {
  create(obj: KubernetesObject): Promise<KubernetesObject>;
  update(obj: KubernetesObject): Promise<KubernetesObject>;
  patch(name: string, type: string, body: unknown): Promise<KubernetesObject & { data?: Record<string, string> }>;
}

async function loadFake(): Promise<FakeModule> {
  const dir = await tempDir('kgen-cr-fake-');
  for (const f of generateWidgetsAndConfigMaps(runtimeEntry)) {
    await mkdir(dirname(join(dir, f.path)), { recursive: true });
    await writeFile(join(dir, f.path), f.content);
  }
  return (await import(pathToFileURL(join(dir, 'clientset/versioned/fake/index.ts')).href)) as FakeModule;
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) {
      return e;
    }
    throw e;
  }
  throw new Error('the call succeeded');
}

describe('the generated fake applies the API server rules of custom resources', () => {
  test('custom resources: strategic merge patch is a 415; updates without a resourceVersion pass as in client-go', async () => {
    const cs = (await loadFake()).newSimpleClientset();
    const widgets = cs.exampleV1().widgets('a');
    const created = await widgets.create({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
    const { resourceVersion: _rv, ...meta } = created.metadata ?? {};
    // client-go's fake accepts these (ported controller tests seed objects without one); the real server does not.
    const unconditional = await widgets.update({ ...created, metadata: meta });
    expect(Number(unconditional.metadata?.resourceVersion)).toBeGreaterThanOrEqual(
      Number(created.metadata?.resourceVersion),
    );
    const strategic = await failure(widgets.patch('w', 'strategic', { spec: { size: 2 } }));
    expect(strategic.statusCode).toBe(415);
    const merged = await widgets.patch('w', 'merge', { spec: { size: 2 } });
    expect((merged as { spec?: { size?: number } }).spec?.size).toBe(2);
    // With the current resourceVersion the update goes through.
    const resized = { ...merged, spec: { size: 3 } } as KubernetesObject;
    expect(((await widgets.update(resized)) as { spec?: { size?: number } }).spec?.size).toBe(3);
  });

  test('built-in kinds: update without a resourceVersion and strategic merge patch work', async () => {
    const cs = (await loadFake()).newSimpleClientset();
    const maps = cs.coreV1().configMaps('a');
    const created = await maps.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    const { resourceVersion: _rv, ...meta } = created.metadata ?? {};
    const updated = await maps.update({ ...created, metadata: meta, data: { a: '1' } } as KubernetesObject);
    expect(Number(updated.metadata?.resourceVersion)).toBeGreaterThan(Number(created.metadata?.resourceVersion));
    const patched = await maps.patch('c', 'strategic', { data: { b: '2' } });
    expect(patched.data).toEqual({ a: '1', b: '2' });
  });
});
