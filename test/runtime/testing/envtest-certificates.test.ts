// Envtest certificates: a CA that signs a loopback serving cert and a system:masters client cert, usable for mTLS.
import { createPrivateKey, createPublicKey, sign, verify, X509Certificate } from 'node:crypto';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { type EnvtestCertificates, FakeClock, generateEnvtestCertificates } from '../../../runtime/testing/index.js';

let certs: EnvtestCertificates;

beforeAll(async () => {
  certs = await generateEnvtestCertificates();
});

describe('generateEnvtestCertificates', () => {
  it('makes a self-signed CA that issued the serving and client certificates', () => {
    const ca = new X509Certificate(certs.caPem);
    expect(ca.ca).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    for (const pem of [certs.servingCertPem, certs.clientCertPem]) {
      const leaf = new X509Certificate(pem);
      expect(leaf.ca).toBe(false);
      expect(leaf.checkIssued(ca)).toBe(true);
      expect(leaf.verify(ca.publicKey)).toBe(true);
    }
  });

  it('serves 127.0.0.1 and localhost, for server auth only', () => {
    const serving = new X509Certificate(certs.servingCertPem);
    expect(serving.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(serving.checkHost('localhost')).toBe('localhost');
    expect(serving.checkHost('example.com')).toBeUndefined();
    expect(serving.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(serving.checkPrivateKey(createPrivateKey(certs.servingKeyPem))).toBe(true);
  });

  it('names the client kgen-admin in group system:masters, for client auth only', () => {
    const client = new X509Certificate(certs.clientCertPem);
    expect(client.subject.split('\n').sort()).toEqual(['CN=kgen-admin', 'O=system:masters']);
    expect(client.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(client.checkPrivateKey(createPrivateKey(certs.clientKeyPem))).toBe(true);
  });

  it('takes the client identity and validity from options, with time from the injected clock', async () => {
    const clock = new FakeClock(Date.UTC(2030, 0, 1));
    const custom = await generateEnvtestCertificates({
      clientCommonName: 'alice',
      clientOrganizations: ['dev', 'ops'],
      validForMs: 3600_000,
      clock,
    });
    const client = new X509Certificate(custom.clientCertPem);
    expect(client.subject.split('\n').sort()).toEqual(['CN=alice', 'O=dev', 'O=ops']);
    expect(new Date(client.validTo).getTime()).toBe(Date.UTC(2030, 0, 1, 1));
    expect(new Date(client.validFrom).getTime()).toBe(Date.UTC(2030, 0, 1) - 60_000);
  });

  it('gives a service-account key pair whose halves match', () => {
    const data = Buffer.from('token payload');
    const signature = sign('sha256', data, createPrivateKey(certs.serviceAccountKeyPem));
    expect(verify('sha256', data, createPublicKey(certs.serviceAccountPublicKeyPem), signature)).toBe(true);
  });

  it('generates fresh keys on every call', async () => {
    const other = await generateEnvtestCertificates();
    expect(other.caPem).not.toBe(certs.caPem);
    expect(other.clientKeyPem).not.toBe(certs.clientKeyPem);
  });

  it('completes a mutual-TLS handshake on 127.0.0.1 (what kube-apiserver and a client do)', async () => {
    const server = createServer(
      { cert: certs.servingCertPem, key: certs.servingKeyPem, ca: certs.caPem, requestCert: true },
      (req, res) => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        res.end(JSON.stringify({ authorized: (req.socket as TLSSocket).authorized, cn: peer.subject?.CN }));
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const body = await new Promise<string>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: '/',
            ca: certs.caPem,
            cert: certs.clientCertPem,
            key: certs.clientKeyPem,
            agent: false,
          },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => {
              text += c.toString();
            });
            res.on('end', () => resolve(text));
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(JSON.parse(body)).toEqual({ authorized: true, cn: 'kgen-admin' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
