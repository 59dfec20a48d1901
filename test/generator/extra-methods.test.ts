// Extra client methods (+genclient:method): derived from OpenAPI subresources, declared in the config, emitted typed.
import { describe, expect, test } from 'vitest';
import { GeneratorError } from '../../generator/errors.js';
import type { ApiModel, Kind } from '../../generator/model/api-model.js';
import { buildModel } from '../../generator/model/build-model.js';
import { parseTypeRef } from '../../generator/model/extra-methods.js';
import { newSimpleClientset } from '../../kubernetes/clientset/versioned/fake/index.js';
import type { Action } from '../../runtime/fake/index.js';
import { corpusOpenApi, crdSources, generateFrom } from './support/sources.js';
import { crdYaml } from './support/temp-dir.js';
import { typecheckGenerated } from './support/typecheck.js';

function kindOf(model: ApiModel, path: string, kind: string): Kind {
  const k = model.packages.find((p) => p.path === path)?.kinds.find((x) => x.kind === kind);
  if (k === undefined) {
    throw new Error(`no ${kind} in ${path}`);
  }
  return k;
}

const summary = (a: Action) => `${a.verb} ${a.resource.resource}/${a.subresource} ${a.namespace}`;

describe('extra methods derived from OpenAPI subresources', () => {
  const core = corpusOpenApi('openapi/v3/api__v1_openapi.json');
  const authentication = corpusOpenApi('openapi/v3/apis__authentication.k8s.io__v1_openapi.json');
  const policy = corpusOpenApi('openapi/v3/apis__policy__v1_openapi.json');
  const { model } = buildModel({ crds: [], openapi: [core, authentication, policy] });

  test('one method per object-answering operation; streams (log, exec, proxy) get none', () => {
    const pods = kindOf(model, 'apis/core/v1', 'Pod').extraMethods;
    expect(pods.map((m) => m.name)).toEqual([
      'createBinding',
      'createEviction',
      'getEphemeralContainers',
      'getResize',
      'patchEphemeralContainers',
      'patchResize',
      'updateEphemeralContainers',
      'updateResize',
    ]);
    expect(pods.find((m) => m.name === 'createEviction')).toMatchObject({
      verb: 'create',
      subresource: 'eviction',
      input: 'policy/v1.Eviction',
      resultType: { pkg: 'apis/policy/v1', name: 'Eviction' },
    });
    // A method on the kind's own type names no other type.
    expect(pods.find((m) => m.name === 'updateResize')).toEqual({
      name: 'updateResize',
      verb: 'update',
      subresource: 'resize',
    });
    const sa = kindOf(model, 'apis/core/v1', 'ServiceAccount').extraMethods;
    expect(sa).toEqual([
      expect.objectContaining({
        name: 'createToken',
        input: 'authentication.k8s.io/v1.TokenRequest',
        inputType: { pkg: 'apis/authentication/v1', name: 'TokenRequest' },
      }),
    ]);
    expect(kindOf(model, 'apis/core/v1', 'Node').extraMethods).toEqual([]);
  });

  test('a method type outside the selection is generated with it (createToken pulls in TokenRequest)', () => {
    const { model: selected } = buildModel(
      { crds: [], openapi: [core, authentication] },
      { select: [{ group: '', version: 'v1' }] },
    );
    expect(selected.packages.find((p) => p.path === 'apis/authentication/v1')?.types.map((t) => t.name)).toContain(
      'TokenRequest',
    );
  });
});

describe('extra methods on the generated fake clientset of kgen/kubernetes', () => {
  test('createToken is recorded as a create on serviceaccounts/token and answered by a reactor', async () => {
    const cs = newSimpleClientset({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { namespace: 'ns', name: 'robot' },
    });
    cs.prependReactor('create', 'serviceaccounts/token', (action) => ({
      handled: true,
      ret: { ...(action.verb === 'create' ? action.object : {}), status: { token: 'issued', expirationTimestamp: '' } },
    }));
    const out = await cs
      .coreV1()
      .serviceAccounts('ns')
      .createToken('robot', {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { audiences: ['kgen'] },
      });
    expect(out.status?.token).toBe('issued');
    expect(out.spec.audiences).toEqual(['kgen']);
    expect(cs.actions().map(summary)).toEqual(['create serviceaccounts/token ns']);
  });

  test('createEviction and updateApproval reach the tracker as client-go fake subresource calls', async () => {
    const cs = newSimpleClientset(
      { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'ns', name: 'p' } },
      { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'csr' } },
    );
    const eviction = await cs
      .coreV1()
      .pods('ns')
      .createEviction('p', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'p', namespace: 'ns' } });
    expect(eviction.kind).toBe('Eviction');
    const csrs = cs.certificatesV1().certificateSigningRequests();
    const csr = await csrs.get('csr');
    const approved = await csrs.updateApproval('csr', {
      ...csr,
      spec: { ...csr.spec, request: '', signerName: 'example.com/s' },
      status: {
        conditions: [{ type: 'Approved', status: 'True', reason: 'Test', lastUpdateTime: '2026-01-01T00:00:00Z' }],
      },
    });
    expect(approved.spec.signerName).toBe('example.com/s');
    expect(cs.actions().map(summary)).toEqual([
      'create pods/eviction ns',
      'get certificatesigningrequests/ ',
      'update certificatesigningrequests/approval ',
    ]);
  });

  test('an accessor call hands out a fresh client, so extra methods never leak between clients', () => {
    const cs = newSimpleClientset();
    const a = cs.coreV1().pods('a');
    const b = cs.coreV1().pods('b');
    expect(a).not.toBe(b);
    expect(typeof a.createEviction).toBe('function');
    expect(Object.keys(a)).not.toContain('createEviction');
  });
});

describe('extra methods from the config (kinds.<kind>.methods)', () => {
  const crds = [
    ...crdSources('crds.yaml', crdYaml()),
    ...crdSources('bars.yaml', crdYaml({ kind: 'Bar', plural: 'bars' })),
  ];

  test('input and result name kinds of the model; the methods are emitted typed and type-check', () => {
    const methods = [
      {
        name: 'createBar',
        verb: 'create' as const,
        subresource: 'bar',
        input: 'example.com/v1.Bar',
        result: 'example.com/v1.Bar',
      },
      { name: 'listAll', verb: 'list' as const },
    ];
    const gen = generateFrom({ crds, openapi: [] }, { kinds: { 'example.com/Foo': { methods } } });
    const client = gen.files.find((f) => f.path.endsWith('typed/example/v1/foo.ts'));
    expect(client?.content).toContain(
      'createBar(name: string, bar: Bar, opts?: CreateOptions, signal?: AbortSignal): Promise<Bar>;',
    );
    expect(client?.content).toContain('listAll(opts?: ListOptions, signal?: AbortSignal): Promise<FooList>;');
    expect(client?.content).toContain("listAll: { verb: 'list' },");
    const result = typecheckGenerated({ config: gen.files });
    expect(result.diagnostics).toEqual([]);
  });

  test('a type the inputs do not generate is an error naming the kind and its file', () => {
    const methods = [
      {
        name: 'createToken',
        verb: 'create' as const,
        subresource: 'token',
        input: 'authentication.k8s.io/v1.TokenRequest',
      },
    ];
    let err: unknown;
    try {
      buildModel({ crds, openapi: [] }, { kinds: { 'example.com/Foo': { methods } } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GeneratorError);
    expect((err as GeneratorError).code).toBe('KGEN_REF_UNRESOLVED');
    expect((err as GeneratorError).message).toContain('authentication.k8s.io/v1.TokenRequest');
    expect((err as GeneratorError).message).toContain('crds.yaml');
  });

  test('type references: group/version.Kind, the core group written three ways, garbage rejected', () => {
    expect(parseTypeRef('authentication.k8s.io/v1.TokenRequest')).toEqual({
      group: 'authentication.k8s.io',
      version: 'v1',
      kind: 'TokenRequest',
    });
    for (const core of ['v1.Pod', '/v1.Pod', 'core/v1.Pod']) {
      expect(parseTypeRef(core)).toEqual({ group: '', version: 'v1', kind: 'Pod' });
    }
    for (const bad of ['Pod', 'v1/Pod', 'Example.com/v1.Foo', 'example.com/v1.', 'example.com/v1.Foo-Bar']) {
      expect(parseTypeRef(bad), bad).toBeUndefined();
    }
  });
});
