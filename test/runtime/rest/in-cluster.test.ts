// In-cluster config against a temporary service-account directory: env, namespace, IPv6, token re-reads, ca.crt, fallback.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeError } from '../../../runtime/errors/api-error.js';
import { Authenticator } from '../../../runtime/rest/authenticator.js';
import { inClusterConfig, inClusterPossible, loadConfig } from '../../../runtime/rest/in-cluster.js';
import { EmptyKubeconfigError, KubeconfigError } from '../../../runtime/rest/kubeconfig.js';
import { FakeClock } from '../../../runtime/testing/fake-clock.js';
import { captureLogs } from '../../support/capture-logger.js';

const logs = captureLogs();

// A real self-signed P-256 certificate (no key kept): the CA check parses it as X.509.
const validCa = `-----BEGIN CERTIFICATE-----
MIIBhTCCASugAwIBAgIUD8Fh8wFvCDvmnepEX/StbDMD23cwCgYIKoZIzj0EAwIw
FzEVMBMGA1UEAwwMa2dlbi10ZXN0LWNhMCAXDTI2MTIwMzIxNTQ0OFoYDzIxMjYx
MTA5MjE1NDQ4WjAXMRUwEwYDVQQDDAxrZ2VuLXRlc3QtY2EwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAAS/cQWEYnrP6Mt8t7Kv0UNIDnMHj4Ix/tIGtlYQ4XghxFGj
JEDojU/agE0KAgMAOZzu1t/ESuOqxvHZxixCeSFXo1MwUTAdBgNVHQ4EFgQULkHR
IzhSHTKdByuMrLJFxLlKRjkwHwYDVR0jBBgwFoAULkHRIzhSHTKdByuMrLJFxLlK
RjkwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEAsE8BH9gr9S4I
pp3zXQ2fzeb83ZSDf/WT59mupiqiDwkCIHjmXLfHZS5RIGFdA/ZzT7hluc38oGCr
9UugxApldsUg
-----END CERTIFICATE-----
`;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) {
    rmSync(d, { recursive: true, force: true });
  }
});

/** A service-account directory with the given files (token, ca.crt, namespace). */
function serviceAccount(files: Record<string, string> = { token: 'sa-token', 'ca.crt': validCa }): string {
  const dir = mkdtempSync(join(tmpdir(), 'kgen-sa-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const podEnv = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('inClusterConfig', () => {
  it('builds https://host:port with the token file and a valid ca.crt', () => {
    const dir = serviceAccount();
    const { config, namespace } = inClusterConfig({ env: podEnv, serviceAccountDir: dir });
    expect(config).toEqual({
      host: 'https://10.96.0.1:443',
      tls: { caFile: join(dir, 'ca.crt') },
      auth: { bearerTokenFile: join(dir, 'token') },
    });
    expect(namespace).toBe('default');
    expect(logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it.each([
    ['no host', { KUBERNETES_SERVICE_PORT: '443' }],
    ['no port', { KUBERNETES_SERVICE_HOST: '10.96.0.1' }],
    ['an empty host', { KUBERNETES_SERVICE_HOST: '', KUBERNETES_SERVICE_PORT: '443' }],
    ['neither', {}],
  ])('with %s it is not in a cluster (a clear error)', (_what, env) => {
    const err = thrown(() => inClusterConfig({ env, serviceAccountDir: serviceAccount() }));
    expect(err).toBeInstanceOf(KubeError);
    expect((err as KubeError).code).toBe('KUBE_NOT_IN_CLUSTER');
    expect((err as Error).message).toMatch(/KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set/);
  });

  it('puts an IPv6 host in brackets', () => {
    const env = { KUBERNETES_SERVICE_HOST: 'fd00:10:96::1', KUBERNETES_SERVICE_PORT: '6443' };
    expect(inClusterConfig({ env, serviceAccountDir: serviceAccount() }).config.host).toBe(
      'https://[fd00:10:96::1]:6443',
    );
  });

  it('takes the namespace from POD_NAMESPACE, then the namespace file, then "default"', () => {
    const withFile = serviceAccount({ token: 't', 'ca.crt': validCa, namespace: '  team-a\n' });
    const without = serviceAccount();
    const ns = (env: Record<string, string>, dir: string) => inClusterConfig({ env, serviceAccountDir: dir }).namespace;
    expect(ns({ ...podEnv, POD_NAMESPACE: 'from-env' }, withFile)).toBe('from-env');
    expect(ns(podEnv, withFile)).toBe('team-a');
    expect(ns({ ...podEnv, POD_NAMESPACE: '' }, withFile)).toBe('team-a');
    expect(ns(podEnv, without)).toBe('default');
    const blank = serviceAccount({ token: 't', 'ca.crt': validCa, namespace: '\n' });
    expect(ns(podEnv, blank)).toBe('default');
  });

  it('fails naming the token file when it cannot be read', () => {
    const dir = serviceAccount({ 'ca.crt': validCa });
    const err = thrown(() => inClusterConfig({ env: podEnv, serviceAccountDir: dir }));
    expect((err as KubeError).code).toBe('KUBE_CONFIG_INVALID');
    expect((err as Error).message).toContain(join(dir, 'token'));
    expect((err as Error).message).toContain('ENOENT');
  });

  it.each([
    ['is missing', undefined, 'does not exist'],
    ['holds no PEM', 'not a certificate\n', 'holds no PEM certificate'],
    [
      'holds a PEM block that is not a certificate',
      '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
      'does not parse',
    ],
    [
      'has a bad second certificate',
      `${validCa}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`,
      'block 2',
    ],
  ])('a ca.crt that %s is not used, and an error naming the file is logged', (_what, ca, reason) => {
    const files: Record<string, string> = { token: 't' };
    if (ca !== undefined) {
      files['ca.crt'] = ca;
    }
    const dir = serviceAccount(files);
    const { config } = inClusterConfig({ env: podEnv, serviceAccountDir: dir });
    expect(config.tls).toEqual({});
    const errors = logs.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.msg).toContain(join(dir, 'ca.crt'));
    expect(errors[0]?.msg).toContain(reason);
  });

  it('the token file is re-read at most once a minute; a failed read keeps the last token and is retried next time', async () => {
    const dir = serviceAccount();
    const file = join(dir, 'token');
    writeFileSync(file, 'first\n');
    const clock = new FakeClock();
    const auth = new Authenticator(inClusterConfig({ env: podEnv, serviceAccountDir: dir }).config, clock);
    const header = async () => (await auth.authorize()).headers.authorization;
    expect(await header()).toBe('Bearer first');
    writeFileSync(file, 'second');
    await clock.advance(59_999);
    expect(await header()).toBe('Bearer first');
    await clock.advance(1);
    expect(await header()).toBe('Bearer second');
    // Rotation in progress: the file is gone, then empty. The last good token goes out, with one warning.
    rmSync(file);
    await clock.advance(60_000);
    expect(await header()).toBe('Bearer second');
    writeFileSync(file, '');
    expect(await header()).toBe('Bearer second');
    const warnings = logs.filter((l) => l.msg.includes('keeping the last token'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields).toEqual({ file, reason: 'ENOENT' });
    // After a failure the next request reads again, without waiting another minute (client-go's cachingTokenSource).
    writeFileSync(file, 'third');
    expect(await header()).toBe('Bearer third');
    writeFileSync(file, 'fourth');
    await clock.advance(59_999);
    expect(await header()).toBe('Bearer third');
    await clock.advance(1);
    expect(await header()).toBe('Bearer fourth');
    expect(JSON.stringify(logs)).not.toMatch(/first|second|third|fourth/);
  });

  it('a token file that is empty before any good read fails the request, naming the file', async () => {
    const dir = serviceAccount();
    const { config } = inClusterConfig({ env: podEnv, serviceAccountDir: dir });
    writeFileSync(join(dir, 'token'), '\n');
    const err = await new Authenticator(config, new FakeClock()).authorize().catch((e: unknown) => e);
    expect((err as KubeError).code).toBe('KUBE_CONFIG_INVALID');
    expect((err as Error).message).toBe(`cannot read the bearer token file ${join(dir, 'token')} (empty)`);
  });
});

describe('loadConfig (client-go DeferredLoadingClientConfig)', () => {
  const kubeconfig = `
apiVersion: v1
kind: Config
current-context: c
clusters:
- name: k
  cluster: { server: "https://from-kubeconfig.example:6443" }
contexts:
- name: c
  context: { cluster: k, namespace: from-context }
`;

  it('falls back to in-cluster config when no kubeconfig exists', () => {
    const home = serviceAccount({});
    const sa = serviceAccount({ token: 't', 'ca.crt': validCa, namespace: 'pod-ns' });
    const { config, namespace } = loadConfig({ env: { ...podEnv, HOME: home }, serviceAccountDir: sa });
    expect(config.host).toBe('https://10.96.0.1:443');
    expect(config.auth).toEqual({ bearerTokenFile: join(sa, 'token') });
    expect(namespace).toBe('pod-ns');
  });

  it('falls back when the kubeconfig selects no context (an empty config), even an explicit file', () => {
    const home = serviceAccount({ empty: 'apiVersion: v1\nkind: Config\n' });
    const sa = serviceAccount();
    const env = { ...podEnv, HOME: home, KUBECONFIG: join(home, 'empty') };
    expect(loadConfig({ env, serviceAccountDir: sa }).config.host).toBe('https://10.96.0.1:443');
    expect(loadConfig({ env, serviceAccountDir: sa, kubeconfig: join(home, 'empty') }).config.host).toBe(
      'https://10.96.0.1:443',
    );
  });

  it('prefers an existing kubeconfig (~/.kube/config) over in-cluster config', () => {
    const home = serviceAccount({});
    mkdirSync(join(home, '.kube'));
    writeFileSync(join(home, '.kube', 'config'), kubeconfig);
    const { config, namespace } = loadConfig({ env: { ...podEnv, HOME: home }, serviceAccountDir: serviceAccount() });
    expect(config.host).toBe('https://from-kubeconfig.example:6443');
    expect(namespace).toBe('from-context');
  });

  it('does not fall back on a kubeconfig that is broken rather than empty', () => {
    const home = serviceAccount({ bad: kubeconfig.replace('cluster: k,', 'cluster: missing,') });
    const env = { ...podEnv, HOME: home, KUBECONFIG: join(home, 'bad') };
    const err = thrown(() => loadConfig({ env, serviceAccountDir: serviceAccount() }));
    expect(err).toBeInstanceOf(KubeconfigError);
    expect(err).not.toBeInstanceOf(EmptyKubeconfigError);
    expect((err as Error).message).toContain('"missing"');
  });

  it('without a kubeconfig and outside a pod, says both were tried', () => {
    const home = serviceAccount({});
    const noToken = serviceAccount({});
    for (const [env, dir] of [
      [{ HOME: home }, serviceAccount()],
      [{ ...podEnv, HOME: home }, noToken],
    ] as const) {
      expect(inClusterPossible({ env, serviceAccountDir: dir })).toBe(false);
      const err = thrown(() => loadConfig({ env, serviceAccountDir: dir }));
      expect(err).toBeInstanceOf(EmptyKubeconfigError);
      expect((err as Error).message).toContain(join(home, '.kube', 'config'));
      expect((err as Error).message).toContain('in-cluster config is not possible either');
    }
    expect(inClusterPossible({ env: podEnv, serviceAccountDir: serviceAccount() })).toBe(true);
  });
});
