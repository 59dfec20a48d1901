// A small JSON request over node:http/node:https, for envtest's own calls to its API server and etcd.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Options of {@link loopbackRequest}. */
export interface LoopbackRequestOptions {
  /** @default 'GET' */
  readonly method?: string;
  /** Serialised as JSON when present. */
  readonly body?: unknown;
  /** CA bundle (PEM) to trust for https. */
  readonly ca?: string;
  /** Bearer token. */
  readonly token?: string;
  /** Client certificate and key (PEM) for https. */
  readonly cert?: string;
  readonly key?: string;
  /** Gives up after this many milliseconds. @default 10_000 */
  readonly timeoutMs?: number;
}

/** A response: status code and body, parsed as JSON when it is JSON and kept as text otherwise. */
export interface LoopbackResponse {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
}

/** Sends one request and reads the whole response. Rejects on network errors, timeouts and abort. */
export function loopbackRequest(
  url: string,
  options: LoopbackRequestOptions = {},
  signal?: AbortSignal,
): Promise<LoopbackResponse> {
  const target = new URL(url);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  if (options.token !== undefined) {
    headers.authorization = `Bearer ${options.token}`;
  }
  const timeoutSignal = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  const combined = signal === undefined ? timeoutSignal : AbortSignal.any([signal, timeoutSignal]);
  const common = { method: options.method ?? 'GET', headers, signal: combined };
  return new Promise((resolve, reject) => {
    const onResponse = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Not JSON (e.g. "ok" from /readyz): keep the text.
        }
        resolve({ status: res.statusCode ?? 0, body, text });
      });
    };
    const req =
      target.protocol === 'https:'
        ? httpsRequest(
            target,
            {
              ...common,
              ...(options.ca !== undefined ? { ca: options.ca } : {}),
              ...(options.cert !== undefined ? { cert: options.cert } : {}),
              ...(options.key !== undefined ? { key: options.key } : {}),
              agent: false,
            },
            onResponse,
          )
        : httpRequest(target, { ...common, agent: false }, onResponse);
    req.on('error', reject);
    req.end(payload);
  });
}
