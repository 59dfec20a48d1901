// parallelizeUntil: run a function over N pieces with a bounded number of concurrent workers.

/** Options of {@link parallelizeUntil}. */
export interface ParallelizeOptions {
  /** Pieces each worker claims at a time. @default 1 */
  chunkSize?: number;
}

/**
 * Calls `doWorkPiece(i)` once for every i in [0, pieces) with at most `workers` calls in flight. Stops handing
 * out pieces once `signal` aborts (pieces already started finish). Rejects with the first error thrown by a piece,
 * after the other workers have stopped.
 */
export async function parallelizeUntil(
  workers: number,
  pieces: number,
  doWorkPiece: (piece: number) => void | Promise<void>,
  options: ParallelizeOptions = {},
  signal?: AbortSignal,
): Promise<void> {
  if (pieces <= 0) {
    return;
  }
  const chunkSize = Math.max(1, options.chunkSize ?? 1);
  const chunks = Math.ceil(pieces / chunkSize);
  const n = Math.max(1, Math.min(workers, chunks));
  let nextChunk = 0;
  let failure: { err: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && nextChunk < chunks && !signal?.aborted) {
      const start = nextChunk++ * chunkSize;
      const end = Math.min(pieces, start + chunkSize);
      for (let p = start; p < end; p++) {
        if (signal?.aborted) {
          return;
        }
        try {
          await doWorkPiece(p);
        } catch (err) {
          failure ??= { err };
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: n }, worker));
  if (failure !== undefined) {
    throw failure.err;
  }
}
