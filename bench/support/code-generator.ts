// Runs k8s.io/code-generator's kube_codegen.sh (from the Go module proxy) on the sample-controller-shaped fixture API.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goBenchCacheDir } from './go-bench.js';

const fixture = fileURLToPath(new URL('../fixtures/sample-controller-api/', import.meta.url));
const outputPkg = 'kgen.dev/bench/sample-controller-api/pkg/generated';

/** code-generator at the same version as the client-go the Go reference uses. */
export function codeGeneratorVersion(): string {
  const goMod = readFileSync(fileURLToPath(new URL('../go/go.mod', import.meta.url)), 'utf8');
  const m = /k8s\.io\/client-go (v\S+)/.exec(goMod);
  if (m === null) {
    throw new Error('bench/go/go.mod names no client-go version');
  }
  return m[1] as string;
}

/** Downloads (or finds in the module cache) code-generator and returns its directory, or throws why not. */
export function codeGeneratorDir(): string {
  const r = spawnSync('go', ['mod', 'download', '-json', `k8s.io/code-generator@${codeGeneratorVersion()}`], {
    encoding: 'utf8',
    cwd: tmpdir(),
  });
  if (r.error !== undefined) {
    throw new Error(`cannot run the Go toolchain: ${r.error.message}`);
  }
  const info = JSON.parse(r.stdout || '{}') as { Dir?: string; Error?: string };
  if (r.status !== 0 || info.Dir === undefined) {
    throw new Error(`go mod download k8s.io/code-generator failed: ${info.Error ?? r.stderr.trim()}`);
  }
  return info.Dir;
}

/** A fresh copy of the fixture API in a temp dir; the caller removes it. */
export function copyFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kgen-bench-sample-api-'));
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

/** The fixture's CRD (kgen's input for the same API). */
export const sampleCrdPath = join(fixture, 'crd.yaml');

/**
 * deepcopy + clientset + listers + informers with kube_codegen.sh on a fresh copy of the fixture; returns wall ms.
 * Its tools are installed into a GOBIN under the bench cache (the first call builds them).
 */
export function runKubeCodegen(codegenDir: string): number {
  const work = copyFixture();
  try {
    const script = [
      'set -euo pipefail',
      `source "${codegenDir}/kube_codegen.sh"`,
      'kube::codegen::gen_helpers --boilerplate hack/boilerplate.go.txt pkg/apis',
      `kube::codegen::gen_client --with-watch --output-dir pkg/generated --output-pkg ${outputPkg} --boilerplate hack/boilerplate.go.txt pkg/apis`,
    ].join('\n');
    const t = performance.now();
    const r = spawnSync('bash', ['-c', script], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, GOBIN: join(goBenchCacheDir(), 'codegen-bin'), GOFLAGS: '-mod=mod' },
    });
    const ms = performance.now() - t;
    if (r.status !== 0) {
      throw new Error(`kube_codegen.sh failed (${r.status}): ${r.stderr.trim().slice(-2000)}`);
    }
    return ms;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
