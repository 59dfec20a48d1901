// The kubeconfig an envtest writes: one cluster, one context per admin identity, the token context current.
import { stringify } from 'yaml';

/** What {@link renderKubeconfig} needs. PEM values are embedded base64-encoded, as kubectl's `--embed-certs`. */
export interface KubeconfigInputs {
  readonly server: string;
  readonly caPem: string;
  readonly token: string;
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
  /** Name of the bearer-token context (the current one). @default 'envtest-token' */
  readonly tokenContext?: string;
  /** Name of the client-certificate context. @default 'envtest-cert' */
  readonly certContext?: string;
  /** Name of the cluster entry. @default 'envtest' */
  readonly clusterName?: string;
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** Renders a kubeconfig (YAML) for the two admin identities of an envtest. */
export function renderKubeconfig(inputs: KubeconfigInputs): string {
  const cluster = inputs.clusterName ?? 'envtest';
  const tokenContext = inputs.tokenContext ?? 'envtest-token';
  const certContext = inputs.certContext ?? 'envtest-cert';
  const tokenUser = `${tokenContext}-user`;
  const certUser = `${certContext}-user`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': tokenContext,
    clusters: [{ name: cluster, cluster: { server: inputs.server, 'certificate-authority-data': b64(inputs.caPem) } }],
    users: [
      { name: tokenUser, user: { token: inputs.token } },
      {
        name: certUser,
        user: {
          'client-certificate-data': b64(inputs.clientCertPem),
          'client-key-data': b64(inputs.clientKeyPem),
        },
      },
    ],
    contexts: [
      { name: tokenContext, context: { cluster, user: tokenUser } },
      { name: certContext, context: { cluster, user: certUser } },
    ],
  });
}
