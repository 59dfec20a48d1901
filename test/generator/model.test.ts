// The model: kinds from CRDs and OpenAPI paths, packages and names, selection, overrides, and model errors.
import { describe, expect, test } from 'vitest';
import { GeneratorError } from '../../generator/errors.js';
import type { ApiModel, Kind } from '../../generator/model/api-model.js';
import { buildModel } from '../../generator/model/build-model.js';
import { DefinitionRegistry } from '../../generator/model/definitions.js';
import { kindsFromOpenApi, parseResourcePath } from '../../generator/model/from-openapi.js';
import { parseSelector } from '../../generator/model/model-options.js';
import { corpusOpenApi, crdSources } from './support/sources.js';
import { crdYaml } from './support/temp-dir.js';

function kindOf(model: ApiModel, path: string, kind: string): Kind {
  const k = model.packages.find((p) => p.path === path)?.kinds.find((x) => x.kind === kind);
  if (k === undefined) {
    throw new Error(`no ${kind} in ${path}`);
  }
  return k;
}

function thrown(f: () => unknown): GeneratorError {
  try {
    f();
  } catch (err) {
    if (err instanceof GeneratorError) {
      return err;
    }
    throw err;
  }
  throw new Error('expected a GeneratorError');
}

const multiVersion = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: things.example.com}
spec:
  group: example.com
  scope: Cluster
  names: {kind: Thing, plural: things, shortNames: [th], categories: [all]}
  versions:
    - name: v1
      served: true
      storage: true
      subresources:
        status: {}
        scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas, labelSelectorPath: .status.sel}
      additionalPrinterColumns:
        - {name: Replicas, type: integer, jsonPath: .spec.replicas, priority: 1}
      selectableFields:
        - jsonPath: .spec.color
      schema: {openAPIV3Schema: {type: object, properties: {spec: {type: object, properties: {color: {type: string}}}}}}
    - name: v1beta1
      served: true
      storage: false
      deprecated: true
      deprecationWarning: use v1
      schema: {openAPIV3Schema: {type: object}}
    - name: v1alpha1
      served: false
      storage: false
      schema: {openAPIV3Schema: {type: object}}
`;

describe('kinds from CRDs', () => {
  test('one kind per served version, with everything the CRD says', () => {
    const { model } = buildModel({ crds: crdSources('things.yaml', multiVersion), openapi: [] });
    expect(model.packages.map((p) => p.path)).toEqual(['apis/example/v1', 'apis/example/v1beta1']);
    const v1 = kindOf(model, 'apis/example/v1', 'Thing');
    expect(v1).toMatchObject({
      kind: 'Thing',
      listKind: 'ThingList',
      plural: 'things',
      pluralName: 'Things',
      singular: 'thing',
      namespaced: false,
      storage: true,
      shortNames: ['th'],
      categories: ['all'],
      selectableFields: ['.spec.color'],
      printerColumns: [{ name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas', priority: 1 }],
      subresources: {
        status: true,
        scale: {
          specReplicasPath: '.spec.replicas',
          statusReplicasPath: '.status.replicas',
          labelSelectorPath: '.status.sel',
        },
        other: [],
      },
      extraMethods: [
        { name: 'getScale', verb: 'get', subresource: 'scale' },
        { name: 'updateScale', verb: 'update', subresource: 'scale' },
      ],
      typeName: 'Thing',
      listTypeName: 'ThingList',
    });
    expect(v1.verbs).toEqual([
      'create',
      'update',
      'updateStatus',
      'delete',
      'deleteCollection',
      'get',
      'list',
      'watch',
      'patch',
      'apply',
      'applyStatus',
    ]);
    const beta = kindOf(model, 'apis/example/v1beta1', 'Thing');
    expect(beta).toMatchObject({ deprecated: true, deprecationWarning: 'use v1', storage: false });
    expect(beta.verbs).not.toContain('updateStatus');
    expect(beta.verbs).not.toContain('applyStatus');
  });

  test('unserved versions only on request', () => {
    const { model } = buildModel(
      { crds: crdSources('things.yaml', multiVersion), openapi: [] },
      { includeUnservedVersions: true },
    );
    expect(model.packages.map((p) => p.path)).toContain('apis/example/v1alpha1');
  });

  test('a version without a schema, a bad scope and missing names are located errors', () => {
    const noSchema = crdYaml().replace(/ {6}schema:[\s\S]*$/, '');
    const e1 = thrown(() => buildModel({ crds: crdSources('a.yaml', noSchema), openapi: [] }));
    expect(e1).toMatchObject({
      code: 'KGEN_CRD_INVALID',
      pointer: '/spec/versions/0/schema/openAPIV3Schema',
      file: 'a.yaml',
    });
    expect(e1.line).toBeGreaterThan(1);
    const e2 = thrown(() => buildModel({ crds: crdSources('a.yaml', crdYaml({ scope: 'Global' })), openapi: [] }));
    expect(e2).toMatchObject({ code: 'KGEN_CRD_INVALID', pointer: '/spec/scope', line: 7 });
    const e3 = thrown(() =>
      buildModel({ crds: crdSources('a.yaml', crdYaml().replace('    kind: Foo\n', '')), openapi: [] }),
    );
    expect(e3).toMatchObject({ code: 'KGEN_CRD_INVALID', pointer: '/spec/names/kind' });
  });

  test('the same kind from two inputs is an error naming both', () => {
    const err = thrown(() =>
      buildModel({ crds: [...crdSources('a.yaml', crdYaml()), ...crdSources('b.yaml', crdYaml())], openapi: [] }),
    );
    expect(err.code).toBe('KGEN_DUPLICATE_KIND');
    expect(err.message).toContain('a.yaml');
    expect(err.file).toBe('b.yaml');
  });

  test('two groups that would share a directory need a goName', () => {
    const crds = [
      ...crdSources('a.yaml', crdYaml({ group: 'networking.a.io' })),
      ...crdSources('b.yaml', crdYaml({ group: 'networking.b.io' })),
    ];
    expect(thrown(() => buildModel({ crds, openapi: [] })).code).toBe('KGEN_PACKAGE_CONFLICT');
    const { model } = buildModel({ crds, openapi: [] }, { groups: { 'networking.b.io': { goName: 'NetworkingB' } } });
    expect(model.packages.map((p) => [p.path, p.codeName, p.groupGoName])).toEqual([
      ['apis/networking/v1', 'networkingV1', 'Networking'],
      ['apis/networkingb/v1', 'networkingBV1', 'NetworkingB'],
    ]);
  });
});

describe('overrides and selection', () => {
  const crds = [
    ...crdSources('a.yaml', crdYaml({ kind: 'Octopus', plural: 'octopuses' })),
    ...crdSources('b.yaml', crdYaml({ kind: 'Job', plural: 'jobs' })),
    ...crdSources('c.yaml', crdYaml({ kind: 'Job', plural: 'jobs', group: 'other.io' })),
  ];

  test('+genclient equivalents', () => {
    const { model } = buildModel(
      { crds, openapi: [] },
      {
        pluralExceptions: { Octopus: 'Octopi' },
        kinds: {
          Job: { readonly: true },
          'example.com/Job': { nonNamespaced: true, methods: [{ name: 'getLogs', verb: 'get', subresource: 'log' }] },
          'example.com/v1/Octopus': { resourceName: 'octopi', skipVerbs: ['deleteCollection'], noStatus: true },
        },
      },
    );
    const job = kindOf(model, 'apis/example/v1', 'Job');
    expect(job.verbs).toEqual(['get', 'list', 'watch']);
    expect(job.namespaced).toBe(false);
    expect(job.extraMethods).toEqual([{ name: 'getLogs', verb: 'get', subresource: 'log' }]);
    const octopus = kindOf(model, 'apis/example/v1', 'Octopus');
    expect(octopus.plural).toBe('octopi');
    expect(octopus.pluralName).toBe('Octopi');
    expect(octopus.verbs).toEqual(['create', 'update', 'delete', 'get', 'list', 'watch', 'patch', 'apply']);
    const otherJob = kindOf(model, 'apis/other/v1', 'Job');
    expect(otherJob.verbs).toEqual(['get', 'list', 'watch']);
    expect(otherJob.namespaced).toBe(true);
  });

  test('onlyVerbs and noVerbs', () => {
    const { model } = buildModel(
      { crds, openapi: [] },
      { kinds: { Octopus: { onlyVerbs: ['watch', 'get'] }, Job: { noVerbs: true } } },
    );
    expect(kindOf(model, 'apis/example/v1', 'Octopus').verbs).toEqual(['get', 'watch']);
    expect(kindOf(model, 'apis/example/v1', 'Job').verbs).toEqual([]);
  });

  test('selection by group, version and kind', () => {
    const pick = (sel: string[]) =>
      buildModel({ crds, openapi: [] }, { select: sel.map(parseSelector) }).model.packages.flatMap((p) =>
        p.kinds.map((k) => `${p.group}/${k.kind}`),
      );
    expect(pick(['other.io'])).toEqual(['other.io/Job']);
    expect(pick(['example.com/v1/Octopus'])).toEqual(['example.com/Octopus']);
  });

  test('a selection that matches nothing at all is an error listing what exists', () => {
    const err = thrown(() => buildModel({ crds, openapi: [] }, { select: [parseSelector('nope.io/v1')] }));
    expect(err.code).toBe('KGEN_SELECTION_EMPTY');
    expect(err.message).toContain('example.com/v1');
  });
});

describe('kinds from OpenAPI paths', () => {
  test.each([
    [
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale',
      { group: 'apps', version: 'v1', namespaced: true, segs: ['deployments', '{name}', 'scale'] },
    ],
    ['/api/v1/namespaces/{name}', { group: '', version: 'v1', namespaced: false, segs: ['namespaces', '{name}'] }],
    ['/api/v1/namespaces/{namespace}/pods', { group: '', version: 'v1', namespaced: true, segs: ['pods'] }],
    ['/apis/apps/v1/watch/deployments', undefined],
    ['/apis/apps/v1/', undefined],
    ['/version/', undefined],
  ])('%s', (path, want) => {
    expect(parseResourcePath(path)).toEqual(want);
  });

  test('apps/v1 from the Kubernetes v1.35 document', () => {
    const src = corpusOpenApi('openapi/v3/apis__apps__v1_openapi.json');
    const registry = new DefinitionRegistry();
    registry.addDocument(src);
    const drafts = kindsFromOpenApi(src, registry);
    expect(drafts.map((d) => d.kind).sort()).toEqual([
      'ControllerRevision',
      'DaemonSet',
      'Deployment',
      'ReplicaSet',
      'StatefulSet',
    ]);
    const d = drafts.find((x) => x.kind === 'Deployment')!;
    expect(d).toMatchObject({ plural: 'deployments', namespaced: true, status: true, listKind: 'DeploymentList' });
    expect(d.verbs).toEqual([
      'create',
      'update',
      'updateStatus',
      'delete',
      'deleteCollection',
      'get',
      'list',
      'watch',
      'patch',
      'apply',
      'applyStatus',
    ]);
    expect(d.scale).toEqual({ specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' });
    expect(d.type).toEqual({
      from: 'openapi',
      definition: 'io.k8s.api.apps.v1.Deployment',
      listDefinition: 'io.k8s.api.apps.v1.DeploymentList',
    });
    expect(drafts.find((x) => x.kind === 'ControllerRevision')!.scale).toBeUndefined();
  });

  test('core/v1 and authentication/v1: cluster scope, create-only kinds, other subresources', () => {
    const { model } = buildModel({
      crds: [],
      openapi: [
        corpusOpenApi('openapi/v3/api__v1_openapi.json'),
        corpusOpenApi('openapi/v3/apis__authentication.k8s.io__v1_openapi.json'),
      ],
    });
    expect(kindOf(model, 'apis/core/v1', 'Namespace').namespaced).toBe(false);
    expect(kindOf(model, 'apis/core/v1', 'Pod').subresources.other).toEqual([
      'attach',
      'binding',
      'ephemeralcontainers',
      'eviction',
      'exec',
      'log',
      'portforward',
      'proxy',
      'resize',
    ]);
    expect(kindOf(model, 'apis/authentication/v1', 'TokenReview').verbs).toEqual(['create']);
    expect(model.packages.find((p) => p.path === 'apis/core/v1')).toMatchObject({ group: '', codeName: 'coreV1' });
    expect(model.packages.find((p) => p.path === 'apis/meta/v1')).toMatchObject({ group: 'meta.k8s.io', kinds: [] });
    const meta = model.packages.find((p) => p.path === 'apis/meta/v1')!;
    // ObjectMeta and friends come from the runtime, the rest of meta/v1 is generated.
    expect(meta.types.map((t) => t.name)).not.toContain('ObjectMeta');
    expect(meta.types.map((t) => t.name)).toContain('DeleteOptions');
  });

  test('selecting apps/v1 pulls in only the core/v1 types it references', () => {
    const openapi = [
      corpusOpenApi('openapi/v3/apis__apps__v1_openapi.json'),
      corpusOpenApi('openapi/v3/api__v1_openapi.json'),
    ];
    const all = buildModel({ crds: [], openapi }).model;
    const some = buildModel({ crds: [], openapi }, { select: [parseSelector('apps/v1')] }).model;
    const core = (m: ApiModel) => m.packages.find((p) => p.path === 'apis/core/v1')!;
    expect(core(some).kinds).toEqual([]);
    expect(core(some).types.map((t) => t.name)).toContain('PodTemplateSpec');
    expect(core(some).types.length).toBeLessThan(core(all).types.length);
    expect(core(some).types.map((t) => t.name)).not.toContain('Binding');
  });

  test('an unresolvable $ref is a located error', () => {
    const doc = {
      openapi: '3.0.0',
      paths: {},
      components: {
        schemas: {
          'io.example.v1.A': {
            type: 'object',
            properties: { b: { $ref: '#/components/schemas/io.example.v1.Missing' } },
          },
        },
      },
    };
    const err = thrown(() =>
      buildModel({
        crds: [],
        openapi: [{ file: 'doc.json', openapiVersion: 3, doc, locate: (p) => ({ file: 'doc.json', pointer: p }) }],
      }),
    );
    expect(err).toMatchObject({
      code: 'KGEN_REF_UNRESOLVED',
      file: 'doc.json',
      pointer: '/components/schemas/io.example.v1.A/properties/b/$ref',
    });
  });
  test('definitions that are only references to each other are a located error; references through properties are fine', () => {
    const schemas = {
      'io.example.v1.A': { $ref: '#/components/schemas/io.example.v1.B' },
      'io.example.v1.B': { allOf: [{ $ref: '#/components/schemas/io.example.v1.A' }] },
      'io.example.v1.Tree': {
        type: 'object',
        properties: { children: { type: 'array', items: { $ref: '#/components/schemas/io.example.v1.Tree' } } },
      },
    };
    const source = (s: Record<string, unknown>) => ({
      file: 'doc.json',
      openapiVersion: 3 as const,
      doc: { openapi: '3.0.0', paths: {}, components: { schemas: s } },
      locate: (p: string) => ({ file: 'doc.json', pointer: p }),
    });
    const err = thrown(() => buildModel({ crds: [], openapi: [source(schemas)] }));
    expect(err).toMatchObject({
      code: 'KGEN_SCHEMA_INVALID',
      file: 'doc.json',
      pointer: '/components/schemas/io.example.v1.A',
    });
    expect(err.problem).toMatch(/^definition io\.example\.v1\.A is only a reference to itself \(A → B → A\)/);
    const { model } = buildModel({
      crds: [],
      openapi: [source({ 'io.example.v1.Tree': schemas['io.example.v1.Tree'] })],
    });
    expect(model.packages.flatMap((p) => p.types.map((t) => t.name))).toEqual(['Tree']);
  });
});
