// The temporary directory of one envtest and the files in it: certificates, keys, the static token file.
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnvtestCertificates } from './envtest-certificates.js';

// Temp dirs of environments not yet stopped, removed (best effort) if Node exits first; the processes in them
// are killed by SupervisedProcess's own exit hook.
const liveDirs = new Set<string>();
let dirHookInstalled = false;

function trackDir(dir: string): void {
  liveDirs.add(dir);
  if (!dirHookInstalled) {
    dirHookInstalled = true;
    process.once('exit', () => {
      for (const d of liveDirs) {
        try {
          rmSync(d, { recursive: true, force: true });
        } catch {
          // Exiting anyway: a leftover temp dir is not worth a crash report.
        }
      }
    });
  }
}

/** Creates a fresh `kgen-envtest-*` directory under the OS temp dir, removed on Node exit if still there. */
export async function createEnvtestDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kgen-envtest-'));
  trackDir(dir);
  return dir;
}

/** Removes an envtest directory and everything in it. */
export async function removeEnvtestDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  liveDirs.delete(dir);
}

/** Paths of the files kube-apiserver reads, and of the kubeconfig (written later by envtest). */
export interface EnvtestFiles {
  readonly servingCertFile: string;
  readonly servingKeyFile: string;
  readonly clientCaFile: string;
  readonly tokenAuthFile: string;
  readonly serviceAccountKeyFile: string;
  readonly serviceAccountSigningKeyFile: string;
  readonly kubeconfigPath: string;
}

/** Writes the certificates, keys and static token file into `dir`; private material is readable by the owner only. */
export async function writeEnvtestFiles(dir: string, certs: EnvtestCertificates, token: string): Promise<EnvtestFiles> {
  const files: EnvtestFiles = {
    servingCertFile: join(dir, 'apiserver.crt'),
    servingKeyFile: join(dir, 'apiserver.key'),
    clientCaFile: join(dir, 'ca.crt'),
    tokenAuthFile: join(dir, 'tokens.csv'),
    serviceAccountKeyFile: join(dir, 'sa.pub'),
    serviceAccountSigningKeyFile: join(dir, 'sa.key'),
    kubeconfigPath: join(dir, 'kubeconfig'),
  };
  const secret = { mode: 0o600 };
  await Promise.all([
    writeFile(files.servingCertFile, certs.servingCertPem),
    writeFile(files.servingKeyFile, certs.servingKeyPem, secret),
    writeFile(files.clientCaFile, certs.caPem),
    // token,user,uid,"groups": the static token user is a cluster admin through system:masters.
    writeFile(files.tokenAuthFile, `${token},kgen-token-admin,kgen-token-admin,"system:masters"\n`, secret),
    writeFile(files.serviceAccountKeyFile, certs.serviceAccountPublicKeyPem),
    writeFile(files.serviceAccountSigningKeyFile, certs.serviceAccountKeyPem, secret),
  ]);
  return files;
}
