// Secrets (bearer token, basic-auth password, client key) never appear in log lines, error messages, stacks or causes of failing requests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RestClient } from '../../runtime/rest/rest-client.js';
import type { RestConfig } from '../../runtime/rest/rest-config.js';
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
