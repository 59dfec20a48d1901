// Transport failures classified the way client-go's retry and reflector logic needs them.
import { KubeError } from './api-error.js';

/** How a connection failed. `eof` is a stream or response that ended early. */
export type NetworkErrorKind = 'refused' | 'reset' | 'eof' | 'timeout' | 'dns' | 'tls' | 'other';

/** A request that never got an HTTP response, or whose body was cut. Secrets never appear in the message. */
export class NetworkError extends KubeError {
  readonly kind: NetworkErrorKind;
  constructor(kind: NetworkErrorKind, message: string, options?: ErrorOptions) {
    super(`KUBE_NETWORK_${kind.toUpperCase()}`, message, options);
    this.kind = kind;
  }
}

const codeKinds: Record<string, NetworkErrorKind> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: 'eof',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'eof',
  ERR_STREAM_PREMATURE_CLOSE: 'eof',
};

/** Maps a Node/undici error (or its cause chain) onto a {@link NetworkErrorKind}; undefined if it is not one. */
export function classifyNetworkError(err: unknown): NetworkErrorKind | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e instanceof Error; depth++) {
    if (e instanceof NetworkError) {
      return e.kind;
    }
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      const kind = codeKinds[code];
      if (kind !== undefined) {
        return kind;
      }
      if (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT') {
        return 'tls';
      }
    }
    e = e.cause;
  }
  return undefined;
}

export const isConnectionRefused = (err: unknown): boolean => classifyNetworkError(err) === 'refused';
export const isConnectionReset = (err: unknown): boolean => classifyNetworkError(err) === 'reset';
/** EOF or a reset: the "probable EOF" class that client-go retries for GET. */
export const isProbableEof = (err: unknown): boolean => {
  const k = classifyNetworkError(err);
  return k === 'eof' || k === 'reset';
};

/** A transport failure of `method path` as a NetworkError of its kind ('other' when unclassified). */
export function toNetworkError(err: unknown, method: string, path: string): NetworkError {
  const kind = classifyNetworkError(err) ?? 'other';
  const reason = err instanceof Error ? err.message : String(err);
  return new NetworkError(kind, `${method} ${path}: ${reason}`, { cause: err });
}
