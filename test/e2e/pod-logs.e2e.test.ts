// Pod logs through a real kube-apiserver. envtest has no kubelet, so a stub one (an HTTPS server on loopback that
// serves /containerLogs) stands in for it behind a Node object; the API server's own log proxy does the rest.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamicClient } from '../../runtime/dynamic/dynamic-client.js';
import { ApiError, isNotFound } from '../../runtime/errors/api-error.js';
import { loadKubeconfig } from '../../runtime/rest/kubeconfig.js';
import { getPodLogs, streamPodLogs } from '../../runtime/rest/pod-logs.js';
import { RestClient } from '../../runtime/rest/rest-client.js';
import { generateEnvtestCertificates } from '../../runtime/testing/envtest-certificates.js';
import { testEnv, uniqueNamespace } from './support/env.js';
import { pollUntil } from './support/poll-until.js';

interface LogCall {
  readonly path: string;
  readonly query: URLSearchParams;
  closed: boolean;
}

const calls: LogCall[] = [];
let followResponse: ServerResponse | undefined;
let kubelet: Server;
let rest: RestClient;
let ns: string;
const nodeName = `stub-kubelet-${randomBytes(3).toString('hex')}`;
const nodes = { group: '', version: 'v1', resource: 'nodes' };
const pods = { group: '', version: 'v1', resource: 'pods' };

beforeAll(async () => {
  const certs = await generateEnvtestCertificates();
  kubelet = createServer({ cert: certs.servingCertPem, key: certs.servingKeyPem }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const call: LogCall = { path: url.pathname, query: url.searchParams, closed: false };
    calls.push(call);
    res.on('close', () => {
      call.closed = true;
    });
    res.writeHead(200, { 'content-type': 'text/plain' });
    if (url.searchParams.get('follow') === 'true') {
      followResponse = res;
      res.write('first line\n');
      return;
    }
    // "wörld" with its two-byte ö cut across two writes, and a last line without a newline.
    const text = Buffer.from('hello\nwörld\nno newline at the end', 'utf8');
    const cut = text.indexOf(0xc3) + 1;
    res.write(text.subarray(0, cut));
    setTimeout(() => res.end(text.subarray(cut)), 20);
  });
  await new Promise<void>((resolve) => kubelet.listen(0, '127.0.0.1', resolve));
  const port = (kubelet.address() as AddressInfo).port;

  rest = new RestClient({ ...loadKubeconfig({ kubeconfig: testEnv().kubeconfigPath }).config, qps: -1 });
  const dynamic = new DynamicClient(rest);
  const node = await dynamic.resource(nodes).create({ apiVersion: 'v1', kind: 'Node', metadata: { name: nodeName } });
  await dynamic.resource(nodes).updateStatus({
    ...node,
    status: {
      addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
      daemonEndpoints: { kubeletEndpoint: { Port: port } },
    },
  });
  ns = await uniqueNamespace('pod-logs');
  for (const [name, nodeOf] of [
    ['on-stub', nodeName],
    ['unscheduled', undefined],
  ] as const) {
    await dynamic
      .resource(pods)
      .namespace(ns)
      .create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: {
          ...(nodeOf !== undefined ? { nodeName: nodeOf } : {}),
          containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }],
        },
      });
  }
});

afterAll(async () => {
  await new DynamicClient(rest)
    .resource(nodes)
    .delete(nodeName)
    .catch(() => {});
  await rest.close();
  kubelet.closeAllConnections();
  await new Promise<void>((resolve) => kubelet.close(() => resolve()));
});

describe('pod logs through kube-apiserver', () => {
  it('reads a whole log, with the options passed to the kubelet and UTF-8 cut across chunks decoded', async () => {
    const text = await getPodLogs(rest, ns, 'on-stub', { container: 'app', tailLines: 5, timestamps: true });
    expect(text).toBe('hello\nwörld\nno newline at the end');
    const call = calls.at(-1) as LogCall;
    expect(call.path).toBe(`/containerLogs/${ns}/on-stub/app`);
    expect(call.query.get('tailLines')).toBe('5');
    expect(call.query.get('timestamps')).toBe('true');
    expect(call.query.get('follow')).toBeNull();
  });

  it('streams lines as they are written and closes the kubelet stream when stopped', async () => {
    const before = calls.length;
    const stream = await streamPodLogs(rest, ns, 'on-stub', { container: 'app', follow: true });
    const lines: string[] = [];
    for await (const line of stream) {
      lines.push(line);
      if (lines.length === 1) {
        followResponse?.write('second ');
        setTimeout(() => followResponse?.write('line\n'), 20);
      } else {
        stream.stop();
      }
    }
    expect(lines).toEqual(['first line', 'second line']);
    const call = calls[before] as LogCall;
    expect(call.query.get('follow')).toBe('true');
    await pollUntil('the API server to close the kubelet stream', () => (call.closed ? true : undefined));
  });

  it('delivers the last line without a newline when the stream ends', async () => {
    const lines: string[] = [];
    for await (const line of await streamPodLogs(rest, ns, 'on-stub', { container: 'app' })) {
      lines.push(line);
    }
    expect(lines).toEqual(['hello', 'wörld', 'no newline at the end']);
  });

  it('answers an unscheduled pod with an empty log, as the API server does, and rejects with its errors', async () => {
    expect(await getPodLogs(rest, ns, 'unscheduled')).toBe('');
    const err = await getPodLogs(rest, ns, 'on-stub', { container: 'no-such-container' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).statusCode).toBe(400);
    expect((err as ApiError).message).toContain('no-such-container');
    await expect(streamPodLogs(rest, ns, 'missing', { follow: true })).rejects.toSatisfy(isNotFound);
  });
});
