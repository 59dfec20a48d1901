// clientcmd's loading rules: KUBECONFIG merging (first definer wins), current-context, relative paths, errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KubeconfigError, loadKubeconfig } from '../../../runtime/rest/kubeconfig.js';

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
});
