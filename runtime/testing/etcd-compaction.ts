// Compacts etcd through its HTTP/JSON gateway, so tests can make old resourceVersions expire on demand.
import { EnvtestError } from './envtest-error.js';
import { loopbackRequest } from './loopback-request.js';

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function headerRevision(body: unknown): number | undefined {
  const rev = isRecord(body) && isRecord(body.header) ? body.header.revision : undefined;
  // int64 fields arrive as strings in the gateway's JSON.
  const n = typeof rev === 'string' || typeof rev === 'number' ? Number(rev) : Number.NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** Returns etcd's current revision (the header revision of a count-only range request). */
export async function etcdRevision(etcdUrl: string, signal?: AbortSignal): Promise<number> {
  const key = Buffer.from('/kgen-envtest/revision-probe').toString('base64');
  const res = await loopbackRequest(
    `${etcdUrl}/v3/kv/range`,
    { method: 'POST', body: { key, count_only: true } },
    signal,
  );
  const revision = headerRevision(res.body);
  if (res.status !== 200 || revision === undefined) {
    throw new EnvtestError('ENVTEST_REQUEST_FAILED', `etcd range failed (${res.status}): ${res.text}`);
  }
  return revision;
}

/**
 * Physically compacts etcd at its current revision and returns that revision. Compacting a revision that is
 * already compacted counts as success, so calling this twice in a row is fine.
 */
export async function compactEtcdAtHead(etcdUrl: string, signal?: AbortSignal): Promise<{ revision: number }> {
  const revision = await etcdRevision(etcdUrl, signal);
  const res = await loopbackRequest(
    `${etcdUrl}/v3/kv/compaction`,
    { method: 'POST', body: { revision: String(revision), physical: true } },
    signal,
  );
  if (res.status !== 200 && !/has been compacted/.test(res.text)) {
    throw new EnvtestError(
      'ENVTEST_REQUEST_FAILED',
      `etcd compaction at ${revision} failed (${res.status}): ${res.text}`,
    );
  }
  return { revision };
}
