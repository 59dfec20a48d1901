// The generated clientset of the example API: accessors over a provider, and the REST-backed constructors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { widgetResourceInfo } from '../../fixtures/example/generated/apis/demo/v1alpha1/register.js';
import type { Widget } from '../../fixtures/example/generated/apis/demo/v1alpha1/types.js';
import { Clientset } from '../../fixtures/example/generated/clientset/versioned/index.js';
import { DiscoveryClient } from '../../runtime/discovery/index.js';
import {
  type DiscoveryInterface,
  KubeError,
  type KubernetesObject,
  RestResourceClientProvider,
} from '../../runtime/index.js';
import { type LocalServer, sendJson, startLocalServer } from '../runtime/rest/local-server.js';
import { memoryProvider } from './support/memory-provider.js';

function widget(namespace: string, name: string, replicas: number): Widget {
  return {
    apiVersion: 'demo.kgen.dev/v1alpha1',
    kind: 'Widget',
    metadata: { namespace, name, resourceVersion: '1' },
    spec: { replicas } as Widget['spec'],
  };
}

const seeded: KubernetesObject[] = [
  widget('a', 'one', 1),
  widget('a', 'two', 2),
  widget('b', 'three', 3),
  { apiVersion: 'demo.kgen.dev/v1alpha1', kind: 'WidgetClass', metadata: { name: 'standard', resourceVersion: '1' } },
];

describe('generated clientset over a provider', () => {
  test('a namespaced accessor scopes its client to the namespace and names the resource', async () => {
    const { provider, calls } = memoryProvider(seeded);
    const cs = new Clientset(provider);
    const list = await cs.demoV1alpha1().widgets('a').list();
    expect(list.items.map((w) => w.metadata?.name)).toEqual(['one', 'two']);
    expect(calls).toEqual([
      {
        ref: {
          gvr: { group: 'demo.kgen.dev', version: 'v1alpha1', resource: 'widgets' },
          kind: 'Widget',
          namespaced: true,
          info: widgetResourceInfo,
        },
        namespace: 'a',
        method: 'list',
      },
    ]);
    expect(cs.demoV1alpha1()).toBe(cs.demoV1alpha1());
    expect(cs.provider()).toBe(provider);
    expect(cs.restClient()).toBeUndefined();
  });

  test('a cluster-scoped accessor passes no namespace', async () => {
    const { provider, calls } = memoryProvider(seeded);
    const got = await new Clientset(provider).demoV1alpha1().widgetClasses().get('standard');
    expect(got.metadata?.name).toBe('standard');
    expect(calls[0]?.namespace).toBeUndefined();
    expect(calls[0]?.ref.namespaced).toBe(false);
  });

  test('discovery() is made once on first use, and fails clearly when the clientset has none', () => {
    const { provider } = memoryProvider([]);
    let made = 0;
    const fake: DiscoveryInterface = {
      serverVersion: async () => ({ major: '1', minor: '35', gitVersion: 'v1.35.4' }),
      serverGroups: async () => ({ groups: [] }),
      serverResourcesForGroupVersion: async (gv) => ({ groupVersion: gv, resources: [] }),
      serverPreferredResources: async () => [],
    };
    const cs = new Clientset(provider, {
      discovery: () => {
        made++;
        return fake;
      },
    });
    expect(cs.discovery()).toBe(fake);
    expect(cs.discovery()).toBe(fake);
    expect(made).toBe(1);
    let err: unknown;
    try {
      new Clientset(provider).discovery();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KubeError);
    expect((err as KubeError).code).toBe('KUBE_NO_DISCOVERY');
  });
});

describe('generated clientset over REST (a local server on 127.0.0.1)', () => {
  let server: LocalServer;
  let dir: string;

  beforeAll(async () => {
    server = await startLocalServer((req, res) => {
      const path = req.url.split('?')[0];
      if (req.method === 'GET' && path === '/apis/demo.kgen.dev/v1alpha1/namespaces/a/widgets') {
        sendJson(res, 200, {
          apiVersion: 'demo.kgen.dev/v1alpha1',
          kind: 'WidgetList',
          metadata: {},
          items: [widget('a', 'one', 1)],
        });
      } else if (req.method === 'GET' && path === '/apis/demo.kgen.dev/v1alpha1/widgetclasses/standard') {
        sendJson(res, 200, seeded[3]);
      } else if (req.method === 'GET' && path === '/version') {
        sendJson(res, 200, { major: '1', minor: '35', gitVersion: 'v1.35.4' });
      } else if (req.method === 'PUT' && path === '/apis/demo.kgen.dev/v1alpha1/namespaces/a/widgets/one/status') {
        sendJson(res, 200, JSON.parse(req.body));
      } else {
        sendJson(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
      }
    });
    dir = mkdtempSync(join(tmpdir(), 'kgen-clientset-'));
  });

  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('fromConfig: every typed client shares one RestClient and reaches the resource paths', async () => {
    const cs = Clientset.fromConfig({ host: server.url, qps: 100, burst: 200 });
    try {
      expect(cs).toBeInstanceOf(Clientset);
      expect(cs.provider()).toBeInstanceOf(RestResourceClientProvider);
      expect((cs.provider() as RestResourceClientProvider).rest).toBe(cs.restClient());
      expect(cs.restClient()?.config.qps).toBe(100);
      expect(cs.defaultNamespace()).toBe('default');
      const before = server.seen.length;
      const list = await cs.demoV1alpha1().widgets('a').list({ labelSelector: 'tier=web' });
      expect(list.kind).toBe('WidgetList');
      expect(list.items[0]?.spec.replicas).toBe(1);
      const cls = await cs.demoV1alpha1().widgetClasses().get('standard');
      expect(cls.metadata?.name).toBe('standard');
      const updated = await cs
        .demoV1alpha1()
        .widgets('a')
        .updateStatus(widget('a', 'one', 4));
      expect(updated.spec.replicas).toBe(4);
      expect(server.seen.slice(before).map((r) => `${r.method} ${r.url}`)).toEqual([
        'GET /apis/demo.kgen.dev/v1alpha1/namespaces/a/widgets?labelSelector=tier%3Dweb',
        'GET /apis/demo.kgen.dev/v1alpha1/widgetclasses/standard',
        'PUT /apis/demo.kgen.dev/v1alpha1/namespaces/a/widgets/one/status',
      ]);
    } finally {
      await cs.close();
    }
  });

  test('discovery() over REST is runtime/discovery on the same RestClient', async () => {
    const cs = Clientset.fromConfig({ host: server.url });
    try {
      const d = cs.discovery();
      expect(d).toBeInstanceOf(DiscoveryClient);
      expect(cs.discovery()).toBe(d);
      const before = server.seen.length;
      expect((await d.serverVersion()).gitVersion).toBe('v1.35.4');
      expect(server.seen.slice(before).map((r) => `${r.method} ${r.url}`)).toEqual(['GET /version']);
    } finally {
      await cs.close();
    }
  });

  test('fromKubeconfig: the context picks the server and the default namespace', async () => {
    const file = join(dir, 'config');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: dev',
        `clusters: [{ name: local, cluster: { server: "${server.url}" } }]`,
        'users: [{ name: me, user: { token: not-a-real-token } }]',
        'contexts: [{ name: dev, context: { cluster: local, user: me, namespace: team-a } }]',
        '',
      ].join('\n'),
    );
    const cs = Clientset.fromKubeconfig({ kubeconfig: file });
    try {
      expect(cs.defaultNamespace()).toBe('team-a');
      expect(cs.restClient()?.config.host).toBe(server.url);
      const cls = await cs.demoV1alpha1().widgetClasses().get('standard');
      expect(cls.kind).toBe('WidgetClass');
      expect(server.seen.at(-1)?.headers.authorization).toBe('Bearer not-a-real-token');
    } finally {
      await cs.close();
    }
  });

  test('a positive QPS with a negative Burst is rejected, as client-go rejects it', () => {
    let err: unknown;
    try {
      Clientset.fromConfig({ host: server.url, qps: 5, burst: -1 });
    } catch (e) {
      err = e;
    }
    expect((err as KubeError).code).toBe('KUBE_INVALID_CONFIG');
  });
});
