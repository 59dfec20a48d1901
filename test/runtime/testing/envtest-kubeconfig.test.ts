// The envtest kubeconfig: one context per identity, the token one current, certificates embedded.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderKubeconfig } from '../../../runtime/testing/index.js';

const inputs = {
  server: 'https://127.0.0.1:6443',
  caPem: '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n',
  token: 'secret-token',
  clientCertPem: '-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n',
  clientKeyPem: '-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n',
};
const unb64 = (s: unknown) => Buffer.from(String(s), 'base64').toString('utf8');

describe('renderKubeconfig', () => {
  it('has a token context (current) and a client-certificate context on one cluster', () => {
    const config = parse(renderKubeconfig(inputs)) as {
      'current-context': string;
      clusters: { name: string; cluster: Record<string, string> }[];
      users: { name: string; user: Record<string, string> }[];
      contexts: { name: string; context: { cluster: string; user: string } }[];
    };
    expect(config['current-context']).toBe('envtest-token');
    expect(config.clusters).toHaveLength(1);
    expect(config.clusters[0]?.cluster.server).toBe(inputs.server);
    expect(unb64(config.clusters[0]?.cluster['certificate-authority-data'])).toBe(inputs.caPem);
    const userOf = (ctx: string) => {
      const c = config.contexts.find((x) => x.name === ctx);
      expect(c?.context.cluster).toBe(config.clusters[0]?.name);
      return config.users.find((u) => u.name === c?.context.user)?.user;
    };
    expect(userOf('envtest-token')).toEqual({ token: 'secret-token' });
    const certUser = userOf('envtest-cert');
    expect(unb64(certUser?.['client-certificate-data'])).toBe(inputs.clientCertPem);
    expect(unb64(certUser?.['client-key-data'])).toBe(inputs.clientKeyPem);
  });

  it('uses the context names it is given', () => {
    const config = parse(renderKubeconfig({ ...inputs, tokenContext: 'a', certContext: 'b', clusterName: 'c' })) as {
      'current-context': string;
      contexts: { name: string; context: { cluster: string } }[];
    };
    expect(config['current-context']).toBe('a');
    expect(config.contexts.map((c) => [c.name, c.context.cluster])).toEqual([
      ['a', 'c'],
      ['b', 'c'],
    ]);
  });
});
