// Key material for an envtest control plane: a CA, a serving cert, an admin client cert and a service-account key.
import { webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';
import { type Clock, realClock } from '../util/clock.js';
import { ensureReflectMetadata } from './reflect-metadata-shim.js';

/** PEM-encoded certificates and keys; private keys are PKCS#8, public keys SPKI. */
export interface EnvtestCertificates {
  readonly caPem: string;
  readonly caKeyPem: string;
  readonly servingCertPem: string;
  readonly servingKeyPem: string;
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
  readonly serviceAccountKeyPem: string;
  readonly serviceAccountPublicKeyPem: string;
}

/** Options of {@link generateEnvtestCertificates}. */
export interface EnvtestCertificateOptions {
  /** Common name of the client certificate (the user name the API server sees). @default 'kgen-admin' */
  readonly clientCommonName?: string;
  /** Organizations of the client certificate (the groups the API server sees). @default ['system:masters'] */
  readonly clientOrganizations?: readonly string[];
  /** DNS names of the serving certificate. @default ['localhost'] */
  readonly servingDnsNames?: readonly string[];
  /** IP addresses of the serving certificate. @default ['127.0.0.1'] */
  readonly servingIps?: readonly string[];
  /** Validity of every certificate. @default 7 days */
  readonly validForMs?: number;
  /** Source of "now" for notBefore/notAfter. @default realClock */
  readonly clock?: Clock;
}

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const crypto = webcrypto;
const ecKey: webcrypto.EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const signing: webcrypto.EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

async function newKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(ecKey, true, ['sign', 'verify']);
}

// Loaded on first use, after the Reflect shim: importing kgen/runtime/testing for FakeClock must not need x509.
let x509Module: Promise<typeof X509> | undefined;
function loadX509(): Promise<typeof X509> {
  ensureReflectMetadata();
  x509Module ??= import('@peculiar/x509');
  return x509Module;
}

function pem(label: string, der: ArrayBuffer): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

async function privatePem(key: CryptoKey): Promise<string> {
  return pem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', key));
}

async function publicPem(key: CryptoKey): Promise<string> {
  return pem('PUBLIC KEY', await crypto.subtle.exportKey('spki', key));
}

function serial(): string {
  // Positive, non-zero 128-bit serial: the top bit is cleared so DER does not read it as negative.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = ((bytes[0] as number) & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}

function dnValue(s: string): string {
  return s.replace(/[\\,+="<>;#]/g, (c) => `\\${c}`);
}

/** Generates a fresh CA and everything signed by it that kube-apiserver and its two admin identities need. */
export async function generateEnvtestCertificates(
  options: EnvtestCertificateOptions = {},
): Promise<EnvtestCertificates> {
  const x509 = await loadX509();
  const clock = options.clock ?? realClock;
  const now = clock.now();
  // Back-dated a minute so that a client whose clock is slightly behind still accepts the certificates.
  const notBefore = new Date(now - 60_000);
  const notAfter = new Date(now + (options.validForMs ?? 7 * 24 * 3600_000));
  const [caKeys, servingKeys, clientKeys, saKeys] = await Promise.all([
    newKeyPair(),
    newKeyPair(),
    newKeyPair(),
    newKeyPair(),
  ]);
  const caName = 'CN=kgen-envtest-ca';
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name: caName,
      notBefore,
      notAfter,
      signingAlgorithm: signing,
      keys: caKeys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const authorityKeyId = await x509.AuthorityKeyIdentifierExtension.create(ca, false, crypto);
  const leaf = async (subject: string, keys: CryptoKeyPair, extensions: X509.Extension[]) =>
    x509.X509CertificateGenerator.create(
      {
        serialNumber: serial(),
        subject,
        issuer: ca.subject,
        notBefore,
        notAfter,
        signingAlgorithm: signing,
        publicKey: keys.publicKey,
        signingKey: caKeys.privateKey,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          authorityKeyId,
          ...extensions,
        ],
      },
      crypto,
    );
  const names: X509.JsonGeneralNames = [
    ...(options.servingDnsNames ?? ['localhost']).map((value) => ({ type: 'dns' as const, value })),
    ...(options.servingIps ?? ['127.0.0.1']).map((value) => ({ type: 'ip' as const, value })),
  ];
  const serving = await leaf('CN=kgen-envtest-apiserver', servingKeys, [
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    new x509.SubjectAlternativeNameExtension(names),
  ]);
  const clientSubject = [
    `CN=${dnValue(options.clientCommonName ?? 'kgen-admin')}`,
    ...(options.clientOrganizations ?? ['system:masters']).map((o) => `O=${dnValue(o)}`),
  ].join(', ');
  const client = await leaf(clientSubject, clientKeys, [
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
  ]);
  return {
    caPem: ca.toString('pem'),
    caKeyPem: await privatePem(caKeys.privateKey),
    servingCertPem: serving.toString('pem'),
    servingKeyPem: await privatePem(servingKeys.privateKey),
    clientCertPem: client.toString('pem'),
    clientKeyPem: await privatePem(clientKeys.privateKey),
    serviceAccountKeyPem: await privatePem(saKeys.privateKey),
    serviceAccountPublicKeyPem: await publicPem(saKeys.publicKey),
  };
}
