// Loads CustomResourceDefinitions from files or objects, creates them and waits until they are served.
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { sleep } from '../util/abort.js';
import { EnvtestError } from './envtest-error.js';
import { type LoopbackRequestOptions, loopbackRequest } from './loopback-request.js';

/** A CRD as far as installation needs to read it. */
interface CrdShape {
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown };
  readonly spec?: {
    readonly group?: unknown;
    readonly names?: { readonly plural?: unknown };
    readonly versions?: readonly { readonly name?: unknown; readonly served?: unknown }[];
  };
}

/** Where and as whom CRDs are installed. */
export interface CrdInstallTarget {
  readonly server: string;
  readonly caPem: string;
  readonly token: string;
}

/** Options of {@link installCrds}. */
export interface InstallCrdsOptions {
  /** Gives up waiting for Established after this long. @default 30_000 */
  readonly timeoutMs?: number;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

async function filesOf(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) {
    return [path];
  }
  const entries = await readdir(path);
  return entries
    .filter((e) => ['.yaml', '.yml', '.json'].includes(extname(e)))
    .sort()
    .map((e) => join(path, e));
}

/**
 * Reads CRDs: each source is a CRD object, a YAML/JSON file (multi-document YAML allowed) or a directory of
 * such files. Documents whose kind is not CustomResourceDefinition are ignored; files without any CRD are an error.
 */
export async function loadCrds(sources: readonly (string | object)[]): Promise<Record<string, unknown>[]> {
  const crds: Record<string, unknown>[] = [];
  for (const source of sources) {
    if (typeof source !== 'string') {
      if (!isRecord(source)) {
        throw new EnvtestError('ENVTEST_CRD_FAILED', 'a CRD source must be a file path or an object');
      }
      crds.push(source);
      continue;
    }
    for (const file of await filesOf(source)) {
      const docs = parseAllDocuments(await readFile(file, 'utf8'));
      const found = docs
        .map((d) => d.toJS() as unknown)
        .filter((d): d is Record<string, unknown> => isRecord(d) && d.kind === 'CustomResourceDefinition');
      if (found.length === 0) {
        throw new EnvtestError('ENVTEST_CRD_FAILED', `no CustomResourceDefinition in ${file}`);
      }
      crds.push(...found);
    }
  }
  return crds;
}

function describe(crd: CrdShape): { name: string; listPath: string | undefined } {
  const name = crd.metadata?.name;
  if (typeof name !== 'string') {
    throw new EnvtestError('ENVTEST_CRD_FAILED', 'a CRD has no metadata.name');
  }
  const group = crd.spec?.group;
  const plural = crd.spec?.names?.plural;
  const version = crd.spec?.versions?.find((v) => v.served === true)?.name;
  const listPath =
    typeof group === 'string' && typeof plural === 'string' && typeof version === 'string'
      ? `/apis/${group}/${version}/${plural}`
      : undefined;
  return { name, listPath };
}

function established(body: unknown): boolean {
  const conditions = isRecord(body) && isRecord(body.status) ? body.status.conditions : undefined;
  return (
    Array.isArray(conditions) &&
    conditions.some((c: unknown) => isRecord(c) && c.type === 'Established' && c.status === 'True')
  );
}

/**
 * Creates each CRD (one that already exists is left as it is), then
 * waits until every one is Established and its first served version answers a list request.
 */
export async function installCrds(
  target: CrdInstallTarget,
  crds: readonly Record<string, unknown>[],
  options: InstallCrdsOptions = {},
  signal?: AbortSignal,
): Promise<void> {
  const auth: LoopbackRequestOptions = { ca: target.caPem, token: target.token };
  const base = `${target.server}/apis/apiextensions.k8s.io/v1/customresourcedefinitions`;
  const described = crds.map((crd) => ({ crd, ...describe(crd as CrdShape) }));
  for (const { crd, name } of described) {
    const res = await loopbackRequest(base, { ...auth, method: 'POST', body: crd }, signal);
    if (res.status !== 201 && res.status !== 409) {
      throw new EnvtestError('ENVTEST_CRD_FAILED', `creating CRD ${name} failed (${res.status}): ${res.text}`);
    }
  }
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (const { name, listPath } of described) {
    let delay = 25;
    for (;;) {
      const crdRes = await loopbackRequest(`${base}/${name}`, auth, signal);
      // Established means the API server will serve it; the list probe waits for its handler to be installed.
      const served =
        established(crdRes.body) &&
        (listPath === undefined || (await loopbackRequest(`${target.server}${listPath}`, auth, signal)).status === 200);
      if (served) {
        break;
      }
      if (Date.now() > deadline) {
        throw new EnvtestError('ENVTEST_CRD_FAILED', `CRD ${name} did not become Established: ${crdRes.text}`);
      }
      await sleep(delay, signal);
      delay = Math.min(delay * 2, 500);
    }
  }
}
