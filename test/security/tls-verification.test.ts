// TLS against a real HTTPS server on 127.0.0.1: verified by default, trusted through the CA, skipped only when asked and then with a warning.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NetworkError } from '../../runtime/errors/network-error.js';
import { loadKubeconfig } from '../../runtime/rest/kubeconfig.js';
import { RestClient } from '../../runtime/rest/rest-client.js';
import type { RestConfig } from '../../runtime/rest/rest-config.js';
import { type EnvtestCertificates, generateEnvtestCertificates } from '../../runtime/testing/envtest-certificates.js';
import { captureLogs } from '../support/capture-logger.js';

const logs = captureLogs();
let certs: EnvtestCertificates;
let otherCa: EnvtestCertificates;
let server: Server;
let url: string;
let dir: string;
/** The common name of the client certificate the server saw on the last request, if any. */
let lastClient: string | undefined;

const insecureWarnings = () => logs.filter((l) => l.level === 'warn' && /TLS verification is disabled/.test(l.msg));

beforeAll(async () => {
  [certs, otherCa] = await Promise.all([generateEnvtestCertificates(), generateEnvtestCertificates()]);
  dir = mkdtempSync(join(tmpdir(), 'kgen-tls-'));
  server = createServer(
    {
      cert: certs.servingCertPem,
      key: certs.servingKeyPem,
      ca: certs.caPem,
      requestCert: true,
      rejectUnauthorized: false,
    },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      const cn = socket.getPeerCertificate().subject?.CN;
      lastClient = socket.authorized ? (Array.isArray(cn) ? cn[0] : cn) : undefined;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"kind":"Status","status":"Success"}');
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

async function get(config: RestConfig): Promise<unknown> {
  const client = new RestClient(config, { maxRetries: 0 });
  try {
    return await client.request({ method: 'GET', path: '/version' });
  } catch (err) {
    return err;
  } finally {
    await client.close();
  }
}

describe('server certificate verification', () => {
  test('is on by default: a server whose CA the client does not know is rejected as a tls NetworkError', async () => {
    const err = await get({ host: url });
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).kind).toBe('tls');
    expect(insecureWarnings()).toEqual([]);
  });

  test('rejects the server when another CA is configured', async () => {
    const err = await get({ host: url, tls: { caData: otherCa.caPem } });
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).kind).toBe('tls');
  });

  test('accepts the server with its CA, as data or as a file', async () => {
    expect(await get({ host: url, tls: { caData: certs.caPem } })).toEqual({ kind: 'Status', status: 'Success' });
    const caFile = join(dir, 'ca.crt');
    writeFileSync(caFile, certs.caPem);
    expect(await get({ host: url, tls: { caFile } })).toEqual({ kind: 'Status', status: 'Success' });
    expect(insecureWarnings()).toEqual([]);
  });

  test('checks the name too: a serverName the certificate does not hold is rejected', async () => {
    const err = await get({ host: url, tls: { caData: certs.caPem, serverName: 'not-in-the-cert.example' } });
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).kind).toBe('tls');
  });

  test('is skipped only with insecure set explicitly, and then a warning is logged', async () => {
    expect(await get({ host: url, tls: { insecure: true } })).toEqual({ kind: 'Status', status: 'Success' });
    expect(insecureWarnings()).toHaveLength(1);
    expect(insecureWarnings()[0]?.fields).toEqual({ host: url });
  });

  test('a kubeconfig with insecure-skip-tls-verify connects and warns; one with the CA connects silently', async () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const write = (name: string, cluster: string): string => {
      const file = join(dir, name);
      writeFileSync(
        file,
        `apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: k\n  cluster: {server: "${url}", ${cluster}}\ncontexts:\n- name: c\n  context: {cluster: k, user: u}\nusers:\n- name: u\n  user: {client-certificate-data: ${b64(certs.clientCertPem)}, client-key-data: ${b64(certs.clientKeyPem)}}\n`,
      );
      return file;
    };
    const withCa = loadKubeconfig({
      kubeconfig: write('with-ca', `certificate-authority-data: ${b64(certs.caPem)}`),
      env: {},
    });
    lastClient = undefined;
    expect(await get(withCa.config)).toEqual({ kind: 'Status', status: 'Success' });
    // The client certificate from the kubeconfig was presented and verified by the server.
    expect(lastClient).toBe('kgen-admin');
    expect(insecureWarnings()).toEqual([]);
    const insecure = loadKubeconfig({ kubeconfig: write('insecure', 'insecure-skip-tls-verify: true'), env: {} });
    expect(insecure.config.tls?.insecure).toBe(true);
    expect(await get(insecure.config)).toEqual({ kind: 'Status', status: 'Success' });
    expect(insecureWarnings()).toHaveLength(1);
  });
});
