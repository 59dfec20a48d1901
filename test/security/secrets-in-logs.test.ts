// Secrets (bearer token, basic-auth password, client key, exec-plugin output) never appear in log lines, error messages, stacks or causes of failing requests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { RestClient } from '../../runtime/rest/rest-client.js';
import type { RestConfig } from '../../runtime/rest/rest-config.js';
import { type FakePlugin, writeFakePlugin } from '../runtime/rest/fake-exec-plugin.js';
import { captureLogs } from '../support/capture-logger.js';

const token = 'tok-SECRET-5b8e1d';
const password = 'pw-SECRET-93ac2f';
const keyMarker = 'KEY-SECRET-0c7d44';
const secrets = [token, password, keyMarker, Buffer.from(`bob:${password}`).toString('base64')];

const logs = captureLogs();
let server: Server;
let url: string;

beforeAll(async () => {
  // Answers 401, 403, 500 (with Retry-After 0 once) and a 200 with a body that is not JSON, by path.
  server = createServer((req, res) => {
    const status = Number(req.url?.split('/')[1] ?? '500') || 500;
    if (status === 200) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{not json');
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json', warning: '299 - "deprecated"' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'denied', code: status }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

function everythingSaid(err: unknown): string {
  return [
    inspect(err, { depth: 10 }),
    (err as Error)?.stack ?? '',
    JSON.stringify(logs),
    inspect(logs, { depth: 10 }),
  ].join('\n');
}

const identities: Record<string, Partial<RestConfig>> = {
  'bearer token': { auth: { bearerToken: token } },
  'basic auth': { auth: { username: 'bob', password } },
  'client key (unusable PEM)': {
    tls: {
      certData: `-----BEGIN CERTIFICATE-----\n${keyMarker}\n-----END CERTIFICATE-----\n`,
      keyData: `-----BEGIN PRIVATE KEY-----\n${keyMarker}\n-----END PRIVATE KEY-----\n`,
    },
  },
};

describe('failing requests never reveal credentials', () => {
  for (const [name, identity] of Object.entries(identities)) {
    test(name, async () => {
      const said: string[] = [];
      let client: RestClient | undefined;
      try {
        client = new RestClient({ host: url, ...identity }, { maxRetries: 0 });
      } catch (err) {
        said.push(everythingSaid(err));
      }
      for (const path of ['/401', '/403', '/500', '/200']) {
        if (client === undefined) {
          break;
        }
        try {
          await client.request({ method: 'GET', path });
          said.push(`no error for ${path}`);
        } catch (err) {
          said.push(everythingSaid(err));
        }
      }
      // A refused connection (nothing listens on port 9 of loopback).
      const refused = new RestClient({ ...identity, host: 'http://127.0.0.1:9' }, { maxRetries: 0 });
      try {
        await refused.request({ method: 'GET', path: '/x' });
      } catch (err) {
        said.push(everythingSaid(err));
      } finally {
        await refused.close();
        await client?.close();
      }
      const all = said.join('\n');
      expect(all.length).toBeGreaterThan(0);
      for (const s of secrets) {
        expect(all.includes(s), `${name}: found a secret in what was said`).toBe(false);
      }
    });
  }
});

describe('TLS verification', () => {
  test('is on unless insecure is set explicitly, and turning it off logs a warning', async () => {
    const secure = new RestClient({ host: 'https://127.0.0.1:9' });
    await secure.close();
    expect(logs.filter((l) => l.level === 'warn' && /TLS verification is disabled/.test(l.msg))).toEqual([]);
    const insecure = new RestClient({ host: 'https://127.0.0.1:9', tls: { insecure: true } });
    await insecure.close();
    expect(logs.filter((l) => l.level === 'warn' && /TLS verification is disabled/.test(l.msg))).toHaveLength(1);
  });
});

describe('exec-plugin output never appears in what a failing request says', () => {
  const execToken = 'exec-SECRET-2f9b71';
  const execKey = 'EXECKEY-SECRET-d41e0a';
  let plugin: FakePlugin;
  beforeEach(() => {
    plugin = writeFakePlugin();
    plugin.setToken(execToken);
  });
  afterEach(() => plugin.remove());

  const exec = (env: Record<string, string>): NonNullable<RestConfig['auth']> => ({
    exec: {
      command: plugin.command,
      apiVersion: 'client.authentication.k8s.io/v1',
      interactiveMode: 'Never',
      env: Object.entries({ PLUGIN_LOG: plugin.logFile, ...env }).map(([name, value]) => ({ name, value })),
    },
  });

  // The token file's path is known only once the plugin is written: this marker stands for it.
  const tokenFileMarker = '<token-file>';
  const outputs: Record<string, Record<string, string>> = {
    'a valid token the server rejects (401, refreshed once, 401 again)': { PLUGIN_TOKEN_FILE: tokenFileMarker },
    'output that is not JSON': { PLUGIN_RAW: `token=${execToken}` },
    'JSON of the wrong kind': { PLUGIN_RAW: JSON.stringify({ kind: 'Secret', status: { token: execToken } }) },
    'the token printed where the kind belongs': {
      PLUGIN_RAW: JSON.stringify({ kind: execToken, apiVersion: execToken, status: { token: execToken } }),
    },
    'the token printed where the apiVersion belongs': {
      PLUGIN_RAW: JSON.stringify({ kind: 'ExecCredential', apiVersion: `v1 ${execToken}`, status: {} }),
    },
    'the wrong apiVersion': {
      PLUGIN_RAW: JSON.stringify({ kind: 'ExecCredential', apiVersion: 'v0', status: { token: execToken } }),
    },
    'a key without a certificate': {
      PLUGIN_RAW: JSON.stringify({
        kind: 'ExecCredential',
        apiVersion: 'client.authentication.k8s.io/v1',
        status: { clientKeyData: execKey },
      }),
    },
    'a bad expiry next to a token': {
      PLUGIN_RAW: JSON.stringify({
        kind: 'ExecCredential',
        apiVersion: 'client.authentication.k8s.io/v1',
        status: { token: execToken, expirationTimestamp: `never-${execToken}` },
      }),
    },
    'an unusable client certificate and key': {
      PLUGIN_RAW: JSON.stringify({
        kind: 'ExecCredential',
        apiVersion: 'client.authentication.k8s.io/v1',
        status: {
          clientCertificateData: `-----BEGIN CERTIFICATE-----\n${execKey}\n-----END CERTIFICATE-----\n`,
          clientKeyData: `-----BEGIN PRIVATE KEY-----\n${execKey}\n-----END PRIVATE KEY-----\n`,
        },
      }),
    },
  };

  for (const [name, env] of Object.entries(outputs)) {
    test(name, async () => {
      const resolved = Object.fromEntries(
        Object.entries(env).map(([k, v]) => [k, v === tokenFileMarker ? plugin.tokenFile : v]),
      );
      const client = new RestClient({ host: url, auth: exec(resolved) }, { maxRetries: 0 });
      let said: string;
      try {
        await client.request({ method: 'GET', path: '/401' });
        said = 'no error';
      } catch (err) {
        said = everythingSaid(err);
      } finally {
        await client.close();
      }
      expect(plugin.runs().length, 'the plugin ran').toBeGreaterThan(0);
      expect(said).not.toBe('no error');
      expect(said.includes(execToken), `${name}: the exec token leaked`).toBe(false);
      expect(said.includes(execKey), `${name}: the exec key leaked`).toBe(false);
    });
  }
});
