// Extraction from managedFields: list-map keys, sets, positions, subresources, and which entries count.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { ManagedFieldsEntry } from '../../../runtime/api/meta.js';
import type { ApplyConfiguration } from '../../../runtime/apply/apply-configuration.js';
import { extractApplyConfiguration, extractOwnedFields, findApplyEntry } from '../../../runtime/apply/extract.js';
import { InvalidFieldsV1Error } from '../../../runtime/apply/fields-v1.js';

interface Container {
  name: string;
  image?: string;
  args?: string[];
  ports?: { containerPort: number; protocol?: string; name?: string }[];
  resources?: { limits?: Record<string, string> };
}
interface Deployment {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    finalizers?: string[];
    managedFields?: ManagedFieldsEntry[];
  };
  spec?: {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> };
    template?: { metadata?: { labels?: Record<string, string> }; spec?: { containers: Container[] } };
  };
  status?: { replicas?: number; conditions?: { type: string; status: string; reason?: string }[] };
}
type DeploymentApply = ApplyConfiguration<Deployment, 'apps/v1', 'Deployment'>;

const target = { apiVersion: 'apps/v1', kind: 'Deployment' } as const;

// Two appliers share a Deployment the way the API server records it: `deployer` applied the app container and its
// port, `sidecar-injector` applied a second container and a label, and an Update by `deployer` (kubectl edit) set
// the replica count, which extraction must not count as applied.
function deployment(): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'shop',
      labels: { app: 'web', injected: 'true' },
      finalizers: ['example.com/cleanup', 'other.io/keep'],
      managedFields: [
        {
          manager: 'deployer',
          operation: 'Apply',
          apiVersion: 'apps/v1',
          time: '2026-01-02T03:04:05Z',
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:metadata': {
              'f:labels': { 'f:app': {} },
              'f:finalizers': { 'v:"example.com/cleanup"': {} },
            },
            'f:spec': {
              'f:selector': {},
              'f:template': {
                'f:metadata': { 'f:labels': { 'f:app': {} } },
                'f:spec': {
                  'f:containers': {
                    'k:{"name":"app"}': {
                      '.': {},
                      'f:args': {},
                      'f:image': {},
                      'f:name': {},
                      'f:ports': {
                        'k:{"containerPort":8080,"protocol":"TCP"}': {
                          '.': {},
                          'f:containerPort': {},
                          'f:name': {},
                          'f:protocol': {},
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        {
          manager: 'sidecar-injector',
          operation: 'Apply',
          apiVersion: 'apps/v1',
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:metadata': { 'f:labels': { 'f:injected': {} } },
            'f:spec': {
              'f:template': {
                'f:spec': {
                  'f:containers': {
                    'k:{"name":"proxy"}': { '.': {}, 'f:image': {}, 'f:name': {} },
                    'k:{"name":"app"}': { 'f:resources': { 'f:limits': { 'f:memory': {} } } },
                  },
                },
              },
            },
          },
        },
        {
          manager: 'deployer',
          operation: 'Update',
          apiVersion: 'apps/v1',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:spec': { 'f:replicas': {} } },
        },
        {
          manager: 'deployer',
          operation: 'Apply',
          apiVersion: 'apps/v1',
          subresource: 'status',
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:status': { 'f:conditions': { 'k:{"type":"Ready"}': { '.': {}, 'f:status': {}, 'f:type': {} } } },
          },
        },
      ],
    },
    spec: {
      replicas: 5,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'proxy',
              image: 'envoy:1.30',
            },
            {
              name: 'app',
              image: 'shop/web:2.1',
              args: ['--port=8080', '--verbose'],
              ports: [
                { containerPort: 9090, protocol: 'TCP', name: 'metrics' },
                { containerPort: 8080, protocol: 'TCP', name: 'http' },
              ],
              resources: { limits: { memory: '256Mi', cpu: '1' } },
            },
          ],
        },
      },
    },
    status: {
      replicas: 5,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
        { type: 'Ready', status: 'True', reason: 'AllReady' },
      ],
    },
  };
}

describe('extractApplyConfiguration', () => {
  test("returns exactly the manager's applied fields: list-map items by key, set values, atomic values whole", () => {
    const got = extractApplyConfiguration<DeploymentApply>(deployment(), 'deployer', target);
    expect(got).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' }, finalizers: ['example.com/cleanup'] },
      spec: {
        // Owned as a leaf (LabelSelector is an atomic struct): kept whole.
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'app',
                image: 'shop/web:2.1',
                args: ['--port=8080', '--verbose'],
                ports: [{ containerPort: 8080, protocol: 'TCP', name: 'http' }],
              },
            ],
          },
        },
      },
    });
  });

  test("another manager's extraction holds its own container and the field it added to a shared item", () => {
    const got = extractApplyConfiguration<DeploymentApply>(deployment(), 'sidecar-injector', target);
    expect(got.spec?.template?.spec?.containers).toEqual([
      { name: 'proxy', image: 'envoy:1.30' },
      // The key field is not owned here, so only the owned leaf remains; list order follows the object.
      { resources: { limits: { memory: '256Mi' } } },
    ]);
    expect(got.metadata).toEqual({ name: 'web', namespace: 'shop', labels: { injected: 'true' } });
    expect(got.spec?.replicas).toBeUndefined();
  });

  test('the status subresource has its own entry', () => {
    const got = extractApplyConfiguration<DeploymentApply>(deployment(), 'deployer', {
      ...target,
      subresource: 'status',
    });
    expect(got).toEqual({
      ...target,
      metadata: { name: 'web', namespace: 'shop' },
      // `reason` belongs to nobody's apply: it stays out.
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    });
  });

  test('Update entries are not apply configurations; an unknown manager gets only the identity', () => {
    const identity = { ...target, metadata: { name: 'web', namespace: 'shop' } };
    const onlyUpdate = deployment();
    onlyUpdate.metadata!.managedFields = onlyUpdate.metadata!.managedFields!.filter((e) => e.operation === 'Update');
    expect(extractApplyConfiguration<DeploymentApply>(onlyUpdate, 'deployer', target)).toEqual(identity);
    expect(extractApplyConfiguration<DeploymentApply>(deployment(), 'nobody', target)).toEqual(identity);
    expect(findApplyEntry(deployment(), 'deployer', 'scale')).toBeUndefined();
  });

  test('a cluster-scoped object gets no namespace; owned paths missing from the object are left out', () => {
    const obj = {
      metadata: {
        name: 'fast',
        managedFields: [
          {
            manager: 'm',
            operation: 'Apply',
            fieldsV1: { 'f:spec': { 'f:gone': {}, 'f:nested': { 'f:x': {} } }, 'f:parameters': { 'f:type': {} } },
          },
        ],
      },
      spec: { nested: 'not an object' },
      parameters: { type: 'ssd', other: 'x' },
    };
    const got = extractApplyConfiguration<
      ApplyConfiguration<typeof obj, 'storage.k8s.io/v1', 'StorageClass', 'Cluster'>
    >(obj, 'm', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass' });
    expect(got).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'fast' },
      parameters: { type: 'ssd' },
    });
    expect(Object.hasOwn(got.metadata, 'namespace')).toBe(false);
  });

  test('the result shares nothing with the object', () => {
    const obj = deployment();
    const got = extractApplyConfiguration<DeploymentApply>(obj, 'deployer', target);
    got.spec!.template!.spec!.containers![0]!.args!.push('--mutated');
    got.spec!.selector!.matchLabels!.app = 'changed';
    expect(obj.spec?.template?.spec?.containers[1]?.args).toEqual(['--port=8080', '--verbose']);
    expect(obj.spec?.selector?.matchLabels?.app).toBe('web');
  });
});

describe('extractOwnedFields', () => {
  test('positions (i:) pick items of lists without keys', () => {
    const got = extractOwnedFields(
      { args: ['a', 'b', 'c'], matrix: [{ x: 1, y: 2 }, { x: 3 }] },
      {
        'f:args': { 'i:2': {} },
        'f:matrix': { 'i:0': { 'f:y': {} }, 'i:5': {} },
      },
    );
    expect(got).toEqual({ args: ['c'], matrix: [{ y: 2 }] });
  });

  test('set values match by value, whatever the JSON type; key values compare as JSON (80 ≠ "80")', () => {
    const got = extractOwnedFields(
      { ids: [1, 2, 3], tags: ['a', 'b'], ports: [{ port: 80 }, { port: '80' }, { port: 443, extra: true }] },
      { 'f:ids': { 'v:2': {} }, 'f:tags': { 'v:"b"': {} }, 'f:ports': { 'k:{"port":"80"}': {}, 'k:{"port":443}': {} } },
    );
    expect(got).toEqual({ ids: [2], tags: ['b'], ports: [{ port: '80' }, { port: 443, extra: true }] });
  });

  test('items lacking a key field are never matched; object-valued keys compare regardless of key order', () => {
    const got = extractOwnedFields(
      { l: [{ name: 'a' }, { name: 'a', ns: 'x' }], m: [{ ref: { b: 1, a: 2 }, v: 1 }] },
      { 'f:l': { 'k:{"name":"a","ns":"x"}': { 'f:ns': {} } }, 'f:m': { 'k:{"ref":{"a":2,"b":1}}': { 'f:v': {} } } },
    );
    expect(got).toEqual({ l: [{ ns: 'x' }], m: [{ v: 1 }] });
  });

  test('keys from data stay data: __proto__ becomes an own property', () => {
    const obj = JSON.parse('{"metadata":{"labels":{"__proto__":"x","a":"b"}}}') as object;
    const got = extractOwnedFields(obj, { 'f:metadata': { 'f:labels': { 'f:__proto__': {} } } });
    const labels = (got.metadata as Record<string, unknown>).labels as Record<string, unknown>;
    expect(Object.hasOwn(labels, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
    expect(Object.keys(labels)).toEqual(['__proto__']);
  });

  test('a malformed fieldsV1 is an error with a stable code', () => {
    expect(() => extractOwnedFields({}, { 'q:x': {} })).toThrow(InvalidFieldsV1Error);
  });
});

// A Deployment as kube-apiserver 1.35 returned it (envtest) after: `deployer` applied labels, a finalizer and the
// `app` container; `injector` applied a `proxy` container and a memory limit on `app`; `kubectl-edit` merge-patched
// replicas; `deployer` applied a status condition. Re-applying each extraction below to that server left the
// resourceVersion unchanged: they are exactly what each manager owns.
describe('a Deployment recorded from kube-apiserver', () => {
  const recorded = JSON.parse(
    readFileSync(new URL('./recorded-deployment.json', import.meta.url), 'utf8'),
  ) as Deployment;
  const identity = { ...target, metadata: { name: 'web', namespace: 'default' } };

  test('deployer: the protocol key field defaulted by the server is not owned, so it is not extracted', () => {
    expect(extractApplyConfiguration<DeploymentApply>(recorded, 'deployer', target)).toEqual({
      ...identity,
      metadata: { ...identity.metadata, labels: { app: 'web' }, finalizers: ['example.com/cleanup'] },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'app',
                image: 'shop/web:2.1',
                args: ['--port=8080', '--verbose'],
                ports: [{ name: 'http', containerPort: 8080 }],
              },
            ],
          },
        },
      },
    });
  });

  test('injector: both containers, server defaults (imagePullPolicy, ...) left out', () => {
    expect(extractApplyConfiguration<DeploymentApply>(recorded, 'injector', target)).toEqual({
      ...identity,
      metadata: { ...identity.metadata, labels: { injected: 'true' } },
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'proxy', image: 'envoy:1.30' },
              { name: 'app', resources: { limits: { memory: '256Mi' } } },
            ],
          },
        },
      },
    });
  });

  test('deployer on status; kubectl-edit only updated, so it has no apply configuration', () => {
    expect(
      extractApplyConfiguration<DeploymentApply>(recorded, 'deployer', { ...target, subresource: 'status' }),
    ).toEqual({ ...identity, status: { conditions: [{ type: 'Ready', status: 'True', reason: 'AllReady' }] } });
    expect(extractApplyConfiguration<DeploymentApply>(recorded, 'kubectl-edit', target)).toEqual(identity);
  });
});
