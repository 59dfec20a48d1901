// `--from-cluster`: reads /openapi/v3 discovery and each group-version document (or /openapi/v2) from a live API server.
import { KubeError } from '../../runtime/errors/api-error.js';
import { GeneratorError } from '../errors.js';
import { isRecord, ownRecord, ownString } from '../model/json-access.js';
import { type Selector, selectorMatches } from '../model/model-options.js';
import type { OpenApiSource } from './source-set.js';

/** GETs a path of the API server and returns the parsed JSON body; rejects with `status` set on HTTP errors. */
export interface OpenApiFetcher {
  getJson(path: string, signal?: AbortSignal): Promise<unknown>;
  /** Releases connections; called once loading is done. */
  close?(): Promise<void>;
}

/** An HTTP failure a fetcher reports (the loader falls back to /openapi/v2 on 404). */
export class FetchStatusError extends KubeError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super('KGEN_FETCH_STATUS', message);
  }
}

/** `api/v1` → core/v1, `apis/apps/v1` → apps/v1; undefined for other discovery keys (`openid/...`, `version`). */
export function groupVersionOfKey(key: string): { group: string; version: string } | undefined {
  let m = /^api\/(v[^/]+)$/.exec(key);
  if (m !== null) {
    return { group: '', version: m[1]! };
  }
  m = /^apis\/([^/]+)\/([^/]+)$/.exec(key);
  return m !== null ? { group: m[1]!, version: m[2]! } : undefined;
}

function fetchError(path: string, cause: unknown): GeneratorError {
  return new GeneratorError(
    'KGEN_CLUSTER_FETCH_FAILED',
    `GET ${path} failed: ${(cause as Error).message ?? String(cause)}`,
    {
      file: 'cluster',
      hint: 'Check the kubeconfig, context and your permissions (the discovery and OpenAPI endpoints must be readable).',
      cause,
    },
  );
}

/**
 * The OpenAPI documents of a cluster. With a selection, only documents of matching group-versions are fetched (each
 * v3 document is self-contained, so referenced types come along).
 */
export async function loadFromCluster(
  fetcher: OpenApiFetcher,
  select: readonly Selector[],
  signal?: AbortSignal,
): Promise<OpenApiSource[]> {
  let discovery: unknown;
  try {
    discovery = await fetcher.getJson('/openapi/v3', signal);
  } catch (cause) {
    if (cause instanceof FetchStatusError && cause.status === 404) {
      return [await loadV2(fetcher, signal)];
    }
    throw fetchError('/openapi/v3', cause);
  }
  const paths = isRecord(discovery) ? ownRecord(discovery, 'paths') : undefined;
  if (paths === undefined) {
    throw fetchError('/openapi/v3', new Error('the response has no "paths" field'));
  }
  const out: OpenApiSource[] = [];
  for (const key of Object.keys(paths).sort()) {
    const gv = groupVersionOfKey(key);
    const entry = paths[key];
    if (gv === undefined || !isRecord(entry)) {
      continue;
    }
    if (select.length > 0 && !select.some((s) => selectorMatches(s, gv.group, gv.version))) {
      continue;
    }
    const url = ownString(entry, 'serverRelativeURL') ?? `/openapi/v3/${key}`;
    let doc: unknown;
    try {
      doc = await fetcher.getJson(url, signal);
    } catch (cause) {
      throw fetchError(url, cause);
    }
    if (!isRecord(doc)) {
      throw fetchError(url, new Error('the response is not a JSON object'));
    }
    const file = `cluster:/openapi/v3/${key}`;
    out.push({ file, openapiVersion: 3, doc, locate: () => ({ file }) });
  }
  return out;
}

async function loadV2(fetcher: OpenApiFetcher, signal?: AbortSignal): Promise<OpenApiSource> {
  let doc: unknown;
  try {
    doc = await fetcher.getJson('/openapi/v2', signal);
  } catch (cause) {
    throw fetchError('/openapi/v2', cause);
  }
  if (!isRecord(doc)) {
    throw fetchError('/openapi/v2', new Error('the response is not a JSON object'));
  }
  const file = 'cluster:/openapi/v2';
  return { file, openapiVersion: 2, doc, locate: () => ({ file }) };
}
