// clientcmd's loading rules: KUBECONFIG merging (first definer wins), current-context, relative paths, errors.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmptyKubeconfigError, KubeconfigError, loadKubeconfig } from '../../../runtime/rest/kubeconfig.js';

function files(contents: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kgen-kubeconfig-'));
  for (const [name, text] of Object.entries(contents)) {
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const first = `
apiVersion: v1
kind: Config
current-context: one
clusters:
- name: shared
  cluster: { server: "https://first.example:6443/", certificate-authority: ca.crt }
contexts:
- name: one
  context: { cluster: shared, user: alice, namespace: team-a }
users:
- name: alice
  user: { token: first-token }
`;
const second = `
apiVersion: v1
kind: Config
current-context: two
clusters:
- name: shared
  cluster: { server: "https://second.example:6443" }
- name: other
  cluster: { server: "https://other.example" }
contexts:
- name: two
  context: { cluster: other, user: bob }
users:
- name: alice
  user: { token: second-token }
- name: bob
  user: { username: bob, password: pw }
`;

describe('loadKubeconfig', () => {
  // ca.crt must exist: a CA file that cannot be read is rejected at load, as clientcmd validates it.
  const dir = files({ a: first, b: second, 'ca.crt': '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n' });
  const env = { KUBECONFIG: [join(dir, 'a'), join(dir, 'b'), join(dir, 'a')].join(delimiter), HOME: dir };

  it('merges KUBECONFIG: the first file to define a name wins, and the first current-context', () => {
    const { config, namespace } = loadKubeconfig({ env });
    expect(config.host).toBe('https://first.example:6443');
    expect(config.auth?.bearerToken).toBe('first-token');
    expect(namespace).toBe('team-a');
    // Relative paths resolve against the file that holds them.
    expect(config.tls?.caFile).toBe(join(dir, 'ca.crt'));
  });

  it('selects another context, and overrides parts of it', () => {
    const two = loadKubeconfig({ env, context: 'two' });
    expect(two.config.host).toBe('https://other.example');
    expect(two.config.auth).toEqual({ username: 'bob', password: 'pw' });
    expect(two.namespace).toBe('default');
    const overridden = loadKubeconfig({ env, context: 'two', cluster: 'shared', namespace: 'x' });
    expect(overridden.config.host).toBe('https://first.example:6443');
    expect(overridden.namespace).toBe('x');
  });

  it('uses an explicit file unmerged', () => {
    const { config } = loadKubeconfig({ env, kubeconfig: join(dir, 'b') });
    expect(config.host).toBe('https://other.example');
  });

  it('names the file and the entry in errors, never the secret', () => {
    const bad = files({ k: `${first}\n`.replace('cluster: shared, user: alice', 'cluster: missing, user: alice') });
    const err = (() => {
      try {
        loadKubeconfig({ kubeconfig: join(bad, 'k') });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(KubeconfigError);
    expect((err as Error).message).toContain(join(bad, 'k'));
    expect((err as Error).message).toContain('"missing"');
    expect((err as Error).message).not.toContain('first-token');
    expect(() => loadKubeconfig({ kubeconfig: join(bad, 'absent') })).toThrow(/does not exist/);
  });

  it('keeps the first definition of a name whole: a field only the later file sets is absent', () => {
    const d = files({
      a: `
current-context: ctx
clusters:
- name: c
  cluster: { server: "https://a.example" }
users:
- name: u
  user: { token: a-token }
contexts:
- name: ctx
  context: { cluster: c, user: u }
`,
      b: `
current-context: other
clusters:
- name: c
  cluster: { server: "https://b.example", tls-server-name: b.internal }
users:
- name: u
  user: { token: b-token, as: admin }
contexts:
- name: ctx
  context: { cluster: c, user: u, namespace: from-b }
`,
    });
    const { config, namespace } = loadKubeconfig({ env: { KUBECONFIG: [join(d, 'a'), join(d, 'b')].join(delimiter) } });
    expect(config.host).toBe('https://a.example');
    expect(config.tls).toEqual({});
    expect(config.tls?.serverName).toBeUndefined();
    expect(config.auth).toEqual({ bearerToken: 'a-token' });
    expect(config.impersonate).toBeUndefined();
    // The context too: b's namespace is not merged into a's context.
    expect(namespace).toBe('default');
    // In the other order, b's entries win whole.
    const reversed = loadKubeconfig({
      env: { KUBECONFIG: [join(d, 'b'), join(d, 'a')].join(delimiter) },
      context: 'ctx',
    });
    expect(reversed.config.tls).toEqual({ serverName: 'b.internal' });
    expect(reversed.config.impersonate).toEqual({ userName: 'admin' });
    expect(reversed.namespace).toBe('from-b');
  });

  it('reads ~/.kube/config when KUBECONFIG is unset or empty', () => {
    const home = files({});
    mkdirSync(join(home, '.kube'));
    writeFileSync(join(home, '.kube', 'config'), second);
    for (const e of [{ HOME: home }, { HOME: home, KUBECONFIG: '' }]) {
      const { config } = loadKubeconfig({ env: e });
      expect(config.host).toBe('https://other.example');
      expect(config.auth).toEqual({ username: 'bob', password: 'pw' });
    }
    // KUBECONFIG, when set, replaces the default rather than adding to it.
    expect(loadKubeconfig({ env: { HOME: home, KUBECONFIG: join(dir, 'a') } }).config.host).toBe(
      'https://first.example:6443',
    );
  });

  it('skips a KUBECONFIG file that does not exist', () => {
    const missing = join(dir, 'missing');
    const { config } = loadKubeconfig({ env: { KUBECONFIG: [missing, join(dir, 'b')].join(delimiter), HOME: dir } });
    expect(config.host).toBe('https://other.example');
    const err = (() => {
      try {
        loadKubeconfig({ env: { KUBECONFIG: [missing, join(dir, 'gone')].join(delimiter), HOME: dir } });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(EmptyKubeconfigError);
    expect((err as Error).message).toContain(missing);
    expect((err as Error).message).toContain(join(dir, 'gone'));
  });

  it('overrides the user of the context, and names a user that is not defined', () => {
    const { config, namespace } = loadKubeconfig({ env, user: 'bob' });
    expect(config.host).toBe('https://first.example:6443');
    expect(config.auth).toEqual({ username: 'bob', password: 'pw' });
    expect(namespace).toBe('team-a');
    expect(() => loadKubeconfig({ env, user: 'nobody' })).toThrow(
      /the user override names user "nobody", which is not defined/,
    );
    expect(() => loadKubeconfig({ env, cluster: 'nowhere' })).toThrow(
      /the cluster override names cluster "nowhere", which is not defined/,
    );
  });
});
