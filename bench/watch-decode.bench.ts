// `npm run bench -- watch-decode [--quick]`: watch stream decoding of Pod-sized events against JSON.parse and client-node.
//
// Three figures on the same bytes (one JSON watch event per line, ~6.5 KB each):
// - in memory: kgen's decodeWatchStream over 64 KiB Buffer chunks vs `JSON.parse` of the pre-split lines (the
//   ceiling: no framing, no UTF-8 decoding); target ratio >= 0.95;
// - over loopback HTTP from a server in another process: kgen's ResourceClient.watch vs @kubernetes/client-node's
//   Watch on the same stream; target ratio >= 1.2;
// - the loopback kgen figure against the in-memory JSON.parse ceiling, for context.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig, Watch } from '@kubernetes/client-node';
import { ResourceClient } from '../runtime/rest/resource-client.js';
import { RestClient } from '../runtime/rest/rest-client.js';
import { decodeWatchStream } from '../runtime/watch/watch-decoder.js';
import { median, parseBenchArgs, report, round } from './harness.js';

const { quick } = parseBenchArgs();
const runs = quick ? 3 : 11;
const eventCount = quick ? 2_000 : 4_000;
const chunkSize = 64 * 1024;

// A Pod as a kubelet-managed cluster serves it: managed fields, a few containers, env, volumes, status.
function pod(i: number): unknown {
  const name = `web-${i.toString(36)}-7d9f8b6c5d-x${(i * 7919).toString(36)}`;
  const container = (n: number) => ({
    name: `app-${n}`,
    image: `registry.example.com/team/app-${n}:v1.${i % 50}.3`,
    ports: [{ containerPort: 8080 + n, name: 'http', protocol: 'TCP' }],
    env: Array.from({ length: 8 }, (_, k) => ({ name: `SETTING_${k}`, value: `value-${k}-${i}` })),
    resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
    volumeMounts: [
      { name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
    ],
    livenessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 1 },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: 'web-7d9f8b6c5d-',
      namespace: `team-${i % 20}`,
      uid: `5f0c${i.toString(16).padStart(8, '0')}-8e1b-4c8e-9a3e-2f1d6c1b9e${(i % 100).toString().padStart(2, '0')}`,
      resourceVersion: String(100_000 + i),
      creationTimestamp: '2025-05-01T10:00:00Z',
      labels: { app: 'web', 'pod-template-hash': '7d9f8b6c5d', tier: 'frontend' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-05-01T09:59:00Z' },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web-7d9f8b6c5d',
          uid: 'a1b2c3d4',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      managedFields: [
        {
          manager: 'kube-controller-manager',
          operation: 'Update',
          apiVersion: 'v1',
          time: '2025-05-01T10:00:00Z',
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:metadata': { 'f:generateName': {}, 'f:labels': { '.': {}, 'f:app': {} } },
            'f:spec': { 'f:containers': {} },
          },
        },
        {
          manager: 'kubelet',
          operation: 'Update',
          apiVersion: 'v1',
          time: '2025-05-01T10:00:05Z',
          fieldsType: 'FieldsV1',
          subresource: 'status',
          fieldsV1: { 'f:status': { 'f:conditions': {}, 'f:containerStatuses': {}, 'f:podIP': {} } },
        },
      ],
    },
    spec: {
      containers: [container(0), container(1), container(2)],
      volumes: [
        {
          name: 'kube-api-access',
          projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }] },
        },
      ],
      nodeName: `node-${i % 100}`,
      serviceAccountName: 'default',
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    },
    status: {
      phase: 'Running',
      podIP: `10.1.${i % 256}.${(i >> 8) % 256}`,
      hostIP: `192.168.0.${i % 256}`,
      startTime: '2025-05-01T10:00:01Z',
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
        type,
        status: 'True',
        lastTransitionTime: '2025-05-01T10:00:04Z',
      })),
      containerStatuses: [0, 1, 2].map((n) => ({
        name: `app-${n}`,
        ready: true,
        restartCount: 0,
        image: `registry.example.com/team/app-${n}:v1.${i % 50}.3`,
        imageID: `registry.example.com/team/app-${n}@sha256:${'ab'.repeat(32)}`,
        containerID: `containerd://${'cd'.repeat(32)}`,
        started: true,
        state: { running: { startedAt: '2025-05-01T10:00:03Z' } },
      })),
      qosClass: 'Burstable',
    },
  };
}

const types = ['ADDED', 'MODIFIED', 'MODIFIED', 'DELETED'];
const lines = Array.from({ length: eventCount }, (_, i) => JSON.stringify({ type: types[i % 4], object: pod(i) }));
const wire = Buffer.from(`${lines.join('\n')}\n`);
const megabytes = wire.length / 1e6;
const chunks: Buffer[] = [];
for (let off = 0; off < wire.length; off += chunkSize) {
  chunks.push(wire.subarray(off, off + chunkSize));
}

// The garbage of one pipeline must not be collected on the next one's time (run.ts passes --expose-gc).
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

// Counts events so that the work cannot be optimised away; every pipeline must see every event.
function check(n: number, who: string): void {
  if (n !== eventCount) {
    throw new Error(`${who} decoded ${n} of ${eventCount} events`);
  }
}

function jsonParseMbps(): number {
  collectGarbage();
  const t = performance.now();
  let n = 0;
  for (const line of lines) {
    const ev = JSON.parse(line) as { type: string };
    if (ev.type !== '') {
      n++;
    }
  }
  check(n, 'JSON.parse');
  return megabytes / ((performance.now() - t) / 1000);
}

async function* memoryStream(): AsyncGenerator<Uint8Array> {
  for (const c of chunks) {
    yield c;
  }
}

async function kgenMemoryMbps(): Promise<number> {
  collectGarbage();
  const t = performance.now();
  let n = 0;
  for await (const ev of decodeWatchStream<unknown>(memoryStream())) {
    if (ev.type !== 'BOOKMARK') {
      n++;
    }
  }
  check(n, 'decodeWatchStream');
  return megabytes / ((performance.now() - t) / 1000);
}

// The server runs in its own process so that serving costs no CPU on the decoding thread.
async function startServer(file: string): Promise<{ url: string; child: ChildProcess }> {
  const script = `
    const { createServer } = require('node:http');
    const body = require('node:fs').readFileSync(${JSON.stringify(file)});
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      let off = 0;
      const pump = () => {
        while (off < body.length) {
          const ok = res.write(body.subarray(off, off + ${chunkSize}));
          off += ${chunkSize};
          if (!ok) { res.once('drain', pump); return; }
        }
        res.end();
      };
      pump();
    });
    server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('error', reject);
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

async function kgenHttpMbps(rest: RestClient): Promise<number> {
  const pods = new ResourceClient<unknown>({
    rest,
    gvr: { group: '', version: 'v1', resource: 'pods' },
    namespaced: true,
  });
  collectGarbage();
  const t = performance.now();
  let n = 0;
  for await (const ev of await pods.watch()) {
    if (ev.type !== 'BOOKMARK') {
      n++;
    }
  }
  check(n, 'kgen watch');
  return megabytes / ((performance.now() - t) / 1000);
}

async function clientNodeMbps(url: string): Promise<number> {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'bench', server: url, skipTLSVerify: true }],
    users: [{ name: 'bench' }],
    contexts: [{ name: 'bench', cluster: 'bench', user: 'bench' }],
    currentContext: 'bench',
  });
  const watch = new Watch(kc);
  collectGarbage();
  const t = performance.now();
  let n = 0;
  await new Promise<void>((resolve, reject) => {
    void watch.watch(
      '/api/v1/pods',
      {},
      (type) => {
        if (type !== 'BOOKMARK') {
          n++;
        }
      },
      (err: unknown) => (err ? reject(err) : resolve()),
    );
  });
  check(n, 'client-node Watch');
  return megabytes / ((performance.now() - t) / 1000);
}

const dir = mkdtempSync(join(tmpdir(), 'kgen-bench-watch-'));
const file = join(dir, 'stream.jsonl');
writeFileSync(file, wire);
const server = await startServer(file);
const rest = new RestClient({ host: server.url, qps: -1 });
try {
  // Warm-up: JIT and connection pool.
  jsonParseMbps();
  await kgenMemoryMbps();
  await kgenHttpMbps(rest);
  await clientNodeMbps(server.url);

  // Each run measures a pipeline right after its baseline and keeps the ratio of the pair, so that load from
  // other processes on the machine shifts both sides of a ratio alike.
  const parseRuns: number[] = [];
  const memoryRuns: number[] = [];
  const httpRuns: number[] = [];
  const clientNodeRuns: number[] = [];
  const memoryRatios: number[] = [];
  const httpRatios: number[] = [];
  for (let r = 0; r < runs; r++) {
    const p = jsonParseMbps();
    const m = await kgenMemoryMbps();
    const h = await kgenHttpMbps(rest);
    const c = await clientNodeMbps(server.url);
    parseRuns.push(p);
    memoryRuns.push(m);
    httpRuns.push(h);
    clientNodeRuns.push(c);
    memoryRatios.push(m / p);
    httpRatios.push(h / c);
  }
  const parse = median(parseRuns);
  const memory = median(memoryRuns);
  const http = median(httpRuns);
  const clientNode = median(clientNodeRuns);

  report({
    bench: 'watch-decode',
    metrics: [
      {
        name: `decodeWatchStream, in memory (${eventCount} Pod events, ${round(megabytes, 1)} MB)`,
        value: round(memory, 1),
        unit: 'MB/s',
        baseline: 'JSON.parse',
        ratio: round(median(memoryRatios)),
        target: 'ratio >= 0.95',
      },
      {
        name: 'ResourceClient.watch over loopback HTTP',
        value: round(http, 1),
        unit: 'MB/s',
        baseline: 'client-node',
        ratio: round(median(httpRatios)),
        target: 'ratio >= 1.2',
      },
      {
        name: 'ResourceClient.watch over loopback HTTP vs in-memory parse',
        value: round(http, 1),
        unit: 'MB/s',
        baseline: 'JSON.parse',
        ratio: round(http / parse),
      },
      { name: 'JSON.parse of pre-split lines', value: round(parse, 1), unit: 'MB/s' },
      { name: 'client-node Watch over loopback HTTP', value: round(clientNode, 1), unit: 'MB/s' },
    ],
  });
} finally {
  await rest.close();
  server.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
