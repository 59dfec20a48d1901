// The exec credential plugin protocol with a fake plugin script: env, args, KUBERNETES_EXEC_INFO, caching, 401 refresh.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isUnauthorized } from '../../../runtime/errors/api-error.js';
import { type ExecConfig, ExecCredentialProvider, ExecPluginError } from '../../../runtime/rest/exec-credential.js';
import { loadKubeconfig } from '../../../runtime/rest/kubeconfig.js';
import { RestClient } from '../../../runtime/rest/rest-client.js';
import { FakeClock } from '../../../runtime/testing/fake-clock.js';
import { type FakePlugin, writeFakePlugin } from './fake-exec-plugin.js';
import { type LocalServer, sendJson, startLocalServer } from './local-server.js';

const v1 = 'client.authentication.k8s.io/v1';
const v1beta1 = 'client.authentication.k8s.io/v1beta1';

let plugin: FakePlugin;
beforeEach(() => {
  plugin = writeFakePlugin();
});
afterEach(() => plugin.remove());

function execConfig(extra: Partial<ExecConfig> = {}, env: Record<string, string> = {}): ExecConfig {
  return {
    command: plugin.command,
    apiVersion: v1,
    interactiveMode: 'Never',
    ...extra,
    env: [
      { name: 'PLUGIN_LOG', value: plugin.logFile },
      { name: 'PLUGIN_TOKEN_FILE', value: plugin.tokenFile },
      ...Object.entries(env).map(([name, value]) => ({ name, value })),
    ],
  };
}

describe('ExecCredentialProvider', () => {
  it.each([v1, v1beta1])('runs the plugin with args, env and KUBERNETES_EXEC_INFO (%s)', async (apiVersion) => {
    const p = new ExecCredentialProvider(
      execConfig({ apiVersion, args: ['get-token', '--x=1'] }, { FROM_ENV: 'yes' }),
      {
        isTerminal: false,
      },
    );
    const cred = await p.credential();
    expect(cred.token).toBe('token-1');
    const [run] = plugin.runs();
    expect(run?.args).toEqual(['get-token', '--x=1']);
    expect(run?.fromEnv).toBe('yes');
    expect(run?.info).toEqual({ kind: 'ExecCredential', apiVersion, spec: { interactive: false } });
  });

  it('passes cluster info only when provideClusterInfo is set', async () => {
    const cluster = { server: 'https://10.0.0.1:6443', 'certificate-authority-data': 'Q0E=' };
    await new ExecCredentialProvider(execConfig({ provideClusterInfo: true, clusterConfig: { a: 1 } }), {
      cluster,
    }).credential();
    await new ExecCredentialProvider(execConfig(), { cluster }).credential();
    const [withInfo, without] = plugin.runs();
    expect(withInfo?.info.spec.cluster).toEqual({ ...cluster, config: { a: 1 } });
    expect(without?.info.spec).not.toHaveProperty('cluster');
  });

  it('applies interactiveMode rules without a terminal', async () => {
    await expect(
      new ExecCredentialProvider(execConfig({ interactiveMode: 'Always' }), { isTerminal: false }).credential(),
    ).rejects.toThrow(/interactiveMode is Always but no terminal/);
    expect(plugin.runs()).toHaveLength(0);
    await new ExecCredentialProvider(execConfig({ interactiveMode: 'IfAvailable' }), {
      isTerminal: false,
    }).credential();
    expect(plugin.runs()[0]?.info.spec.interactive).toBe(false);
    // v1 needs an explicit mode; v1beta1 defaults to IfAvailable.
    expect(() => new ExecCredentialProvider({ command: plugin.command, apiVersion: v1 })).toThrow(
      /interactiveMode must be set/,
    );
    expect(() => new ExecCredentialProvider({ command: plugin.command, apiVersion: v1beta1 })).not.toThrow();
    expect(
      () => new ExecCredentialProvider({ command: 'x', apiVersion: 'client.authentication.k8s.io/v1alpha1' }),
    ).toThrow(/not supported/);
  });

  it('caches the credential until expirationTimestamp on the injected clock', async () => {
    const clock = new FakeClock(Date.parse('2030-01-01T00:00:00Z'));
    const p = new ExecCredentialProvider(execConfig({}, { PLUGIN_EXPIRY: '2030-01-01T00:10:00Z' }), { clock });
    const [a, b] = await Promise.all([p.credential(), p.credential()]);
    expect(a).toBe(b);
    expect(a.expiresAt).toBe(Date.parse('2030-01-01T00:10:00Z'));
    await clock.advance(9 * 60_000);
    await p.credential();
    expect(p.runCount).toBe(1);
    plugin.setToken('token-2');
    await clock.advance(60_000);
    expect((await p.credential()).token).toBe('token-2');
    expect(p.runCount).toBe(2);
  });

  it('keeps a credential without expiry until it is invalidated', async () => {
    const clock = new FakeClock();
    const p = new ExecCredentialProvider(execConfig(), { clock });
    const first = await p.credential();
    await clock.advance(365 * 24 * 3600_000);
    expect(await p.credential()).toBe(first);
    // Only the credential that failed is dropped; a stale reference does not force another run.
    expect(p.invalidate(first)).toBe(true);
    const second = await p.credential();
    expect(p.invalidate(first)).toBe(true);
    expect(await p.credential()).toBe(second);
    expect(p.runCount).toBe(2);
  });

  it('returns a client certificate and key', async () => {
    const cred = await new ExecCredentialProvider(
      execConfig({}, { PLUGIN_TOKEN_FILE: '', PLUGIN_CERT: 'CERT', PLUGIN_KEY: 'KEY' }),
    ).credential();
    expect(cred).toEqual({ clientCertificateData: 'CERT', clientKeyData: 'KEY' });
  });

  const secret = 'sup3r-s3cret-t0ken';
  it.each([
    ['a non-zero exit', { PLUGIN_EXIT: '3' }, /failed \(exit code 3\)/],
    ['output that is not JSON', { PLUGIN_RAW: `token=${secret}` }, /did not print a JSON ExecCredential/],
    [
      'another apiVersion',
      { PLUGIN_API_VERSION: v1beta1 },
      /configured for client.authentication.k8s.io\/v1 but returned/,
    ],
    ['a certificate without key', { PLUGIN_TOKEN_FILE: '', PLUGIN_CERT: 'C' }, /not both/],
    ['no credential', { PLUGIN_TOKEN_FILE: '' }, /neither a token nor/],
    ['a bad expiry', { PLUGIN_EXPIRY: 'tomorrow' }, /not RFC 3339/],
    [
      'no status',
      { PLUGIN_RAW: JSON.stringify({ kind: 'ExecCredential', apiVersion: v1, token: secret }) },
      /returned no status/,
    ],
  ])('rejects %s, naming the command and never the token', async (_name, env, message) => {
    plugin.setToken(secret);
    const err = await new ExecCredentialProvider(execConfig({}, env)).credential().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ExecPluginError);
    expect((err as ExecPluginError).code).toBe('KUBE_EXEC_PLUGIN');
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toContain(plugin.command);
    expect((err as Error).message).not.toContain(secret);
  });

  it('names the missing command and its install hint', async () => {
    const p = new ExecCredentialProvider({
      command: join(plugin.dir, 'no-such-plugin'),
      apiVersion: v1,
      interactiveMode: 'Never',
      installHint: 'install it with brew',
    });
    await expect(p.credential()).rejects.toThrow(/no-such-plugin was not found: install it with brew/);
  });
});

describe('RestClient with an exec plugin', () => {
  let server: LocalServer;
  let valid = 'token-1';
  beforeEach(async () => {
    valid = 'token-1';
    server = await startLocalServer((req, res) => {
      if (req.headers.authorization === `Bearer ${valid}`) {
        sendJson(res, 200, { kind: 'ConfigMap', metadata: { name: 'x' } });
      } else {
        sendJson(res, 401, { kind: 'Status', status: 'Failure', code: 401, reason: 'Unauthorized', message: 'no' });
      }
    });
  });
  afterEach(() => server.close());

  it('sends the plugin token and refreshes it once after a 401', async () => {
    const rest = new RestClient({ host: server.url, auth: { exec: execConfig() }, qps: -1 });
    try {
      await rest.request({ method: 'GET', path: '/api/v1/configmaps' });
      await rest.request({ method: 'GET', path: '/api/v1/configmaps' });
      expect(plugin.runs()).toHaveLength(1);
      // The server rotates the credential: the cached token gets a 401, the client re-runs the plugin and retries.
      valid = 'token-2';
      plugin.setToken('token-2');
      await rest.request({ method: 'GET', path: '/api/v1/configmaps' });
      expect(plugin.runs()).toHaveLength(2);
      expect(server.seen.map((r) => r.headers.authorization)).toEqual([
        'Bearer token-1',
        'Bearer token-1',
        'Bearer token-1',
        'Bearer token-2',
      ]);
      // A fresh credential that is still rejected is a real 401: one refresh, then the error.
      valid = 'token-3';
      await expect(rest.request({ method: 'GET', path: '/api/v1/configmaps' })).rejects.toSatisfy(isUnauthorized);
      expect(plugin.runs()).toHaveLength(3);
    } finally {
      await rest.close();
    }
  });

  it('loads the exec block from a kubeconfig, resolving a relative command against the file', async () => {
    const file = join(plugin.dir, 'config');
    writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'c',
        contexts: [{ name: 'c', context: { cluster: 'k', user: 'u' } }],
        clusters: [
          {
            name: 'k',
            cluster: {
              server: server.url,
              extensions: [{ name: 'client.authentication.k8s.io/exec', extension: { audience: 'kgen' } }],
            },
          },
        ],
        users: [
          {
            name: 'u',
            user: {
              exec: {
                apiVersion: v1,
                command: './plugin.cjs',
                args: ['token'],
                env: [
                  { name: 'PLUGIN_LOG', value: plugin.logFile },
                  { name: 'PLUGIN_TOKEN_FILE', value: plugin.tokenFile },
                ],
                interactiveMode: 'Never',
                provideClusterInfo: true,
              },
            },
          },
        ],
      }),
    );
    const { config } = loadKubeconfig({ kubeconfig: file });
    expect(config.auth?.exec?.command).toBe(plugin.command);
    const rest = new RestClient({ ...config, qps: -1 });
    try {
      await rest.request({ method: 'GET', path: '/api/v1/configmaps' });
      expect(plugin.runs()[0]?.info.spec.cluster).toEqual({ server: server.url, config: { audience: 'kgen' } });
    } finally {
      await rest.close();
    }
  });
});
