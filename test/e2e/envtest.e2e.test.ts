// envtest itself against real processes: CRD installation, compaction, restarts, kills, failed starts and stop().
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Envtest, EnvtestError, startEnvtest } from '../../runtime/testing/index.js';
import { captureLogs } from '../support/capture-logger.js';
import { childProcesses } from './support/child-processes.js';
import { httpsJson, type Identity, identities, openWatch, type RawWatchEvent } from './support/https-json.js';

const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.test.kgen.dev' },
  spec: {
    group: 'test.kgen.dev',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
};

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The events of a short watch (the server ends it after `timeoutSeconds`), or the HTTP status if refused. */
async function watchOnce(id: Identity, path: string): Promise<{ status: number; events: RawWatchEvent[] }> {
  const abort = new AbortController();
  try {
    const watch = await openWatch(id, `${path}&timeoutSeconds=1`, abort.signal);
    const events: RawWatchEvent[] = [];
    if (watch.status === 200) {
      for await (const ev of watch.events) {
        events.push(ev);
      }
    }
    return { status: watch.status, events };
  } finally {
    abort.abort();
  }
}

describe('a running envtest', () => {
  let env: Envtest;
  let token: Identity;
  let cert: Identity;
  const ns = 'lifecycle';
  const cms = `/api/v1/namespaces/${ns}/configmaps`;

  beforeAll(async () => {
    // Without the watch cache every watch reaches etcd, so a compaction is visible at once.
    env = await startEnvtest({
      crds: [
        fileURLToPath(new URL('../../../shared/corpus/crds/sample-controller__Foo.yaml', import.meta.url)),
        widgetCrd,
      ],
      apiServerFlags: { 'watch-cache': 'false' },
    });
    [token, cert] = identities(env) as [Identity, Identity];
    const created = await httpsJson(token, 'POST', '/api/v1/namespaces', { metadata: { name: ns } });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('installed the CRDs, from a corpus file and from an object, ready to use', async () => {
    const foo = { apiVersion: 'samplecontroller.k8s.io/v1alpha1', kind: 'Foo', metadata: { name: 'f' }, spec: {} };
    const foos = `/apis/samplecontroller.k8s.io/v1alpha1/namespaces/${ns}/foos`;
    expect((await httpsJson(token, 'POST', foos, foo)).status).toBe(201);
    const widget = { apiVersion: 'test.kgen.dev/v1', kind: 'Widget', metadata: { name: 'w' }, size: 3 };
    const widgets = `/apis/test.kgen.dev/v1/namespaces/${ns}/widgets`;
    expect((await httpsJson(cert, 'POST', widgets, widget)).status).toBe(201);
    const list = await httpsJson(cert, 'GET', widgets);
    expect((list.body as { items: { size: number }[] }).items.map((i) => i.size)).toEqual([3]);
  });

  it('wrote a kubeconfig pointing at the server with the token context current', async () => {
    const kubeconfig = parse(await readFile(env.kubeconfigPath, 'utf8')) as {
      'current-context': string;
      clusters: { cluster: { server: string } }[];
      contexts: { name: string }[];
    };
    expect(kubeconfig['current-context']).toBe(env.tokenContext);
    expect(kubeconfig.contexts.map((c) => c.name).sort()).toEqual([env.certContext, env.tokenContext].sort());
    expect(kubeconfig.clusters[0]?.cluster.server).toBe(env.server);
  });

  it('compactEtcd makes a watch from an older resourceVersion fail with 410 Expired', async () => {
    const a = await httpsJson(token, 'POST', cms, { metadata: { name: 'before-compaction' } });
    const oldRv = (a.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    // Two later writes: etcd keeps the compaction revision itself, so a watch from oldRv (which starts at
    // oldRv + 1) only needs compacted history if there is more than one event after it.
    for (const name of ['after-1', 'after-2']) {
      expect((await httpsJson(token, 'POST', cms, { metadata: { name } })).status).toBe(201);
    }

    // Control: before the compaction the same watch replays history.
    const before = await watchOnce(token, `${cms}?watch=1&resourceVersion=${oldRv}`);
    expect(before.events.map((e) => [e.type, e.object.metadata?.name])).toEqual([
      ['ADDED', 'after-1'],
      ['ADDED', 'after-2'],
    ]);

    const { revision } = await env.compactEtcd();
    expect(revision).toBeGreaterThan(Number(oldRv));
    expect((await env.compactEtcd()).revision).toBe(revision);

    const after = await watchOnce(token, `${cms}?watch=1&resourceVersion=${oldRv}`);
    const gone =
      after.status === 410 ||
      after.events.some((e) => e.type === 'ERROR' && (e.object as { code?: number }).code === 410);
    expect(gone, JSON.stringify(after)).toBe(true);

    // A watch from the compaction revision itself is still fine.
    const fresh = await watchOnce(token, `${cms}?watch=1&resourceVersion=${revision}`);
    expect(fresh.status).toBe(200);
    expect(fresh.events.filter((e) => e.type === 'ERROR')).toEqual([]);
  });

  it('restartApiServer keeps the port, credentials and data (SIGTERM and SIGKILL)', async () => {
    expect((await httpsJson(token, 'POST', cms, { metadata: { name: 'survivor' } })).status).toBe(201);
    for (const kill of [false, true]) {
      const oldPid = env.apiServerPid as number;
      await env.restartApiServer({ kill });
      expect(alive(oldPid)).toBe(false);
      expect(env.apiServerPid).toBeGreaterThan(0);
      expect(env.apiServerPid).not.toBe(oldPid);
      for (const id of [token, cert]) {
        const got = await httpsJson(id, 'GET', `${cms}/survivor`);
        expect(got.status).toBe(200);
      }
    }
  });

  it('killApiServer stops serving until startApiServer', async () => {
    const pid = env.apiServerPid as number;
    await env.killApiServer();
    expect(alive(pid)).toBe(false);
    expect(env.apiServerPid).toBeUndefined();
    await expect(httpsJson(token, 'GET', '/version')).rejects.toThrow(/ECONNREFUSED/);
    await env.startApiServer();
    const restarted = env.apiServerPid;
    expect((await httpsJson(token, 'GET', '/version')).status).toBe(200);
    await env.startApiServer();
    expect(env.apiServerPid).toBe(restarted);
  });

  it('stop ends both processes and removes the directory; a second stop is a no-op', async () => {
    const pids = [env.apiServerPid as number, env.etcdPid as number];
    expect(pids.every(alive)).toBe(true);
    await env.stop();
    expect(pids.some(alive)).toBe(false);
    expect(existsSync(env.dir)).toBe(false);
    await env.stop();
    await expect(env.startApiServer()).rejects.toMatchObject({ code: 'ENVTEST_STOPPED' });
  });
});

describe('a Node process that exits without stop()', () => {
  it('takes its etcd and kube-apiserver with it and removes the directory', async () => {
    const module = fileURLToPath(new URL('../../runtime/testing/index.ts', import.meta.url));
    const script = [
      `const { startEnvtest } = await import(${JSON.stringify(module)});`,
      'const env = await startEnvtest();',
      'console.log(JSON.stringify({ dir: env.dir, pids: [env.apiServerPid, env.etcdPid] }));',
      'process.exit(0);',
    ].join('\n');
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], (err, out) =>
        err ? reject(err) : resolve(out),
      ),
    );
    const { dir, pids } = JSON.parse(stdout) as { dir: string; pids: number[] };
    expect(pids).toHaveLength(2);
    // SIGKILL was sent synchronously on exit; allow the kernel a moment to tear the processes down.
    for (let i = 0; i < 100 && pids.some(alive); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(pids.filter(alive)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });
});

describe('a failed start', () => {
  const strays = () => childProcesses().filter((c) => c.command === 'etcd' || c.command === 'kube-apiserver');
  const logs = captureLogs();

  it('retries on fresh ports when a port is taken, then reports the clash', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    try {
      const port = (squatter.address() as { port: number }).port;
      // Pinning --secure-port to a taken port makes every attempt clash, so all three are used.
      const err = await startEnvtest({ apiServerFlags: { 'secure-port': String(port) } }).catch((e: unknown) => e);
      expect((err as EnvtestError).code).toBe('ENVTEST_PROCESS_EXITED');
      expect((err as Error).message).toContain('address already in use');
      expect(logs.filter((l) => l.msg.includes('retrying on new ports')).map((l) => l.fields)).toEqual([
        { attempt: 1 },
        { attempt: 2 },
      ]);
      expect(strays()).toEqual([]);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('reports a kube-apiserver that exits, with its last output, and leaves nothing running', async () => {
    const err = await startEnvtest({ apiServerFlags: { 'authorization-mode': 'NoSuchMode' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvtestError);
    expect((err as EnvtestError).code).toBe('ENVTEST_PROCESS_EXITED');
    expect((err as Error).message).toContain('kube-apiserver exited');
    expect((err as Error).message).toContain('NoSuchMode');
    expect(strays()).toEqual([]);
  });

  it('stops what it started when the signal aborts during start-up', async () => {
    const err = await startEnvtest({ signal: AbortSignal.timeout(300) }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('TimeoutError');
    expect(strays()).toEqual([]);
  });
});
