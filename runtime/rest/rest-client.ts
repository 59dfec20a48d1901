// The REST client: one pooled undici Agent per cluster, auth, QPS/Burst, retries, and API errors from responses.
//
// Transport choice: undici (Agent + request) rather than node:http or fetch. performance.md §2b measured loopback
// decode-bound throughput within 10% across stacks (decoding, not transport, is the bottleneck), so the choice is
// made for control: one keep-alive pool per cluster, per-request AbortSignal, headers/body timeouts, and the body
// as an async iterable of Buffers that the watch decoder frames by hand.
import { request } from 'undici';
import { apiErrorFromResponse } from '../errors/api-error.js';
import { classifyNetworkError, isProbableEof, type NetworkErrorKind, toNetworkError } from '../errors/network-error.js';
import { sleep } from '../util/abort.js';
import { type Clock, realClock } from '../util/clock.js';
import { logger } from '../util/logger.js';
import { Authenticator, type Authorization } from './authenticator.js';
import { ClusterAgents } from './cluster-agents.js';
import { encodeQuery } from './encode-query.js';
import { ListDecodeError, ListDecoder } from './list-decoder.js';
import { notifyRequestObservers, pathTemplate, type RequestObserver } from './request-observer.js';
import { ResponseDecodeError } from './response-decode-error.js';
import type { RestConfig } from './rest-config.js';
import { parseRetryAfter } from './retry-after.js';
import { TokenBucket } from './token-bucket.js';
import { defaultUserAgent } from './user-agent.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One request: a path under the host, query parameters, and an optional JSON body. */
export interface RestRequest {
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  body?: unknown;
  /** @default application/json */
  contentType?: string;
  /** @default application/json, *\/* */
  accept?: string;
  /**
   * The response is a LIST: decode it with ListDecoder, so that a large body (past 16 MiB) is decoded item by item as
   * it arrives and never held as one string. @default false
   */
  list?: boolean;
}

/** Why and when a request is tried again; passed to {@link RestClientOptions.onRetry}. */
export interface RetryEvent {
  readonly method: HttpMethod;
  readonly path: string;
  /** 1 for the first retry. */
  readonly attempt: number;
  /** The status that caused it (429, 5xx), or undefined for a transport error. */
  readonly statusCode?: number;
  readonly networkError?: NetworkErrorKind;
  /** How long the client waits before the retry. */
  readonly delayMs: number;
}

export interface RestClientOptions {
  /** @default realClock */
  clock?: Clock;
  /** Most retries after the first try, as client-go's MaxRetries. @default 10 */
  maxRetries?: number;
  /** Called before each retry (429/5xx with Retry-After, or a reset GET). @default none */
  onRetry?: (event: RetryEvent) => void;
  /**
   * Called for every attempt once its response headers arrived or its transport failed, besides the global
   * observer set with setRequestObserver (metrics). @default none
   */
  onRequest?: RequestObserver;
}

const defaultAccept = 'application/json, */*';
// client-go retries a transport error as if the server had sent `Retry-After: 1`.
const transportRetryDelayMs = 1000;

type Response = Awaited<ReturnType<typeof request>>;

/**
 * The body of a streaming response: a Node Readable (paused until read) that is also an async iterable of chunks.
 * Aborting the request's signal destroys it.
 */
export type ResponseBody = Response['body'];

/** A client for one API server. Create one per cluster and share it: it owns the connection pool. */
export class RestClient {
  readonly config: RestConfig;
  private readonly agents: ClusterAgents;
  // A second pool for the client certificate an exec plugin returned; replaced when the certificate rotates.
  private readonly bucket: TokenBucket;
  /** The clock every timer of this client (backoff, watchdogs, token expiry) runs on. */
  readonly clock: Clock;
  private readonly maxRetries: number;
  private readonly userAgent: string;
  private readonly auth: Authenticator;
  private readonly onRetry: ((event: RetryEvent) => void) | undefined;
  private readonly onRequest: RequestObserver | undefined;
  private readonly hostLabel: string;
  private retries = 0;

  constructor(config: RestConfig, options: RestClientOptions = {}) {
    this.config = config;
    this.clock = options.clock ?? realClock;
    this.maxRetries = options.maxRetries ?? 10;
    this.onRetry = options.onRetry;
    this.onRequest = options.onRequest;
    this.hostLabel = hostOf(config.host);
    this.userAgent = config.userAgent ?? defaultUserAgent();
    this.auth = new Authenticator(config, this.clock);
    this.agents = new ClusterAgents(config);
    const qps = config.qps === undefined || config.qps === 0 ? 5 : config.qps;
    const burst = config.burst === undefined || config.burst === 0 ? 10 : config.burst;
    this.bucket = new TokenBucket(qps, burst, this.clock);
  }

  /** Retries made so far by this client (all requests). */
  get retryCount(): number {
    return this.retries;
  }

  /** Closes pooled connections. */
  async close(): Promise<void> {
    await this.agents.close();
  }

  private headers(req: RestRequest, authz: Authorization): Record<string, string | string[]> {
    const h: Record<string, string | string[]> = {
      ...authz.headers,
      accept: req.accept ?? defaultAccept,
      'user-agent': this.userAgent,
    };
    if (req.body !== undefined) {
      h['content-type'] = req.contentType ?? 'application/json';
    }
    return h;
  }

  private retried(event: RetryEvent): void {
    this.retries++;
    this.onRetry?.(event);
  }

  // Sends once; a 401 with an exec credential that is still the cached one refreshes it and sends once more.
  private async send(
    req: RestRequest,
    url: string,
    body: string | undefined,
    watch: boolean,
    signal?: AbortSignal,
  ): Promise<Response> {
    for (let refreshed = false; ; refreshed = true) {
      const authz = await this.auth.authorize(signal);
      const res = await request(url, {
        method: req.method,
        headers: this.headers(req, authz),
        ...(body !== undefined ? { body } : {}),
        dispatcher: this.agents.for(authz),
        ...(signal !== undefined ? { signal } : {}),
        ...(watch
          ? { bodyTimeout: 0 }
          : this.config.timeoutMs
            ? { headersTimeout: this.config.timeoutMs, bodyTimeout: this.config.timeoutMs }
            : {}),
      });
      if (res.statusCode === 401 && !refreshed && this.auth.refreshAfterUnauthorized(authz)) {
        await res.body.dump();
        continue;
      }
      return res;
    }
  }

  /** Sends a request and returns the parsed JSON body. Retries 429/5xx with Retry-After, and resets for GET. */
  async request<T>(req: RestRequest, signal?: AbortSignal): Promise<T> {
    const res = await this.exchange(req, false, signal);
    if (req.list === true) {
      return this.readList<T>(req, res, signal);
    }
    const text = await this.readText(req, res, signal);
    if (text === '') {
      return {} as T;
    }
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      // Neither the body nor the parser's message (which quotes the body) is kept: either may hold a secret.
      const at = /position (\d+)/.exec((err as Error).message)?.[1];
      const type = firstHeader(res.headers['content-type']) ?? 'no content-type';
      throw new ResponseDecodeError(
        `${req.method} ${req.path}: the ${res.statusCode} response (${type}, ${text.length} characters) is not valid JSON${at !== undefined ? ` at position ${at}` : ''}`,
        res.statusCode,
      );
    }
  }

  // Read in flowing mode and decoded per chunk: a paused body would let the socket fill and the server stall while
  // items are parsed.
  private async readList<T>(req: RestRequest, res: Response, signal: AbortSignal | undefined): Promise<T> {
    const decoder = new ListDecoder();
    let bytes = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        res.body.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          try {
            decoder.write(chunk);
          } catch (err) {
            res.body.destroy();
            reject(err);
          }
        });
        res.body.once('end', resolve);
        res.body.once('error', reject);
      });
    } catch (err) {
      if (err instanceof ListDecodeError) {
        throw listDecodeFailure(req, res, bytes, err);
      }
      if (signal?.aborted) {
        throw err;
      }
      throw toNetworkError(err, req.method, req.path);
    }
    if (bytes === 0) {
      return {} as T;
    }
    try {
      return decoder.end() as T;
    } catch (err) {
      throw listDecodeFailure(req, res, bytes, err as ListDecodeError);
    }
  }

  /**
   * Sends a request whose answer is not JSON (a pod log) and returns the body as text. QPS-limited and retried as
   * {@link request} is; a non-2xx answer rejects with its ApiError.
   */
  async requestText(req: RestRequest, signal?: AbortSignal): Promise<string> {
    return this.readText(req, await this.exchange(req, false, signal), signal);
  }

  // A body cut short is a NetworkError of the request, unless the caller aborted it.
  private async readText(req: RestRequest, res: Response, signal: AbortSignal | undefined): Promise<string> {
    try {
      return await res.body.text();
    } catch (err) {
      if (signal?.aborted) {
        throw err;
      }
      throw toNetworkError(err, req.method, req.path);
    }
  }

  /**
   * Opens a streaming GET (a watch); resolves once 2xx headers arrive, retrying as {@link request} does (client-go
   * retries a watch that could not be opened, e.g. on a pooled connection the server had just closed). Watches
   * are exempt from QPS limiting.
   */
  async stream(req: RestRequest, signal?: AbortSignal): Promise<ResponseBody> {
    return (await this.exchange(req, true, signal)).body;
  }

  // Sends until a 2xx arrives (returned with its body unread), or throws the ApiError or NetworkError.
  private async exchange(req: RestRequest, watch: boolean, signal?: AbortSignal): Promise<Response> {
    const url = `${this.config.host}${req.path}${encodeQuery(req.query)}`;
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    let lastCode: string | undefined;
    for (let attempt = 0; ; attempt++) {
      if (!watch) {
        await this.bucket.wait(signal);
      }
      let res: Response;
      const started = this.clock.now();
      try {
        res = await this.send(req, url, body, watch, signal);
      } catch (err) {
        if (signal?.aborted || !isTransportError(err)) {
          throw err;
        }
        lastCode = this.observe(req, watch, '<error>', started, attempt, lastCode);
        // Only a GET is known to be safe to send twice after the connection broke mid-request.
        if (req.method === 'GET' && attempt < this.maxRetries && isProbableEof(err)) {
          this.retried({
            method: req.method,
            path: req.path,
            attempt: attempt + 1,
            networkError: classifyNetworkError(err) ?? 'other',
            delayMs: transportRetryDelayMs,
          });
          await sleep(transportRetryDelayMs, signal, this.clock);
          continue;
        }
        throw toNetworkError(err, req.method, req.path);
      }
      lastCode = this.observe(req, watch, String(res.statusCode), started, attempt, lastCode);
      this.handleWarnings(res.headers.warning);
      if (res.statusCode >= 200 && res.statusCode < 300) {
        return res;
      }
      let text: string;
      try {
        text = await res.body.text();
      } catch (err) {
        if (signal?.aborted) {
          throw err;
        }
        throw toNetworkError(err, req.method, req.path);
      }
      const retryAfter = parseRetryAfter(res.headers['retry-after']);
      if ((res.statusCode === 429 || res.statusCode >= 500) && retryAfter !== undefined && attempt < this.maxRetries) {
        this.retried({
          method: req.method,
          path: req.path,
          attempt: attempt + 1,
          statusCode: res.statusCode,
          delayMs: retryAfter * 1000,
        });
        await sleep(retryAfter * 1000, signal, this.clock);
        continue;
      }
      throw apiErrorFromResponse(res.statusCode, safeJson(text), {
        method: req.method,
        ...(retryAfter !== undefined ? { retryAfter } : {}),
        text,
      });
    }
  }

  // Reports one attempt; returns its code so that the next attempt can say which code it retries.
  private observe(
    req: RestRequest,
    watch: boolean,
    code: string,
    started: number,
    retries: number,
    retryOf: string | undefined,
  ): string {
    notifyRequestObservers(this.onRequest, () => ({
      verb: req.method,
      host: this.hostLabel,
      pathTemplate: pathTemplate(req.path),
      code,
      durationMs: this.clock.now() - started,
      retries,
      ...(retryOf !== undefined ? { retryOf } : {}),
      watch,
    }));
    return code;
  }

  private handleWarnings(header: string | string[] | undefined): void {
    if (header === undefined) {
      return;
    }
    for (const w of Array.isArray(header) ? header : [header]) {
      if (this.config.warningHandler !== undefined) {
        this.config.warningHandler(w);
      } else {
        logger().warn(`API server warning: ${w}`);
      }
    }
  }
}

// Errors of our own making (an exec plugin, a bad config) pass through unchanged; the rest came from the socket.
function isTransportError(err: unknown): boolean {
  return !(err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('KUBE_'));
}

function firstHeader(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

function hostOf(host: string): string {
  try {
    return new URL(host).host;
  } catch {
    return host;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// Like a JSON.parse failure: what went wrong and where, never the body (it may hold a secret).
function listDecodeFailure(req: RestRequest, res: Response, bytes: number, err: ListDecodeError): ResponseDecodeError {
  const type = firstHeader(res.headers['content-type']) ?? 'no content-type';
  const at = err.offset !== undefined ? ` at offset ${err.offset}` : '';
  return new ResponseDecodeError(
    `${req.method} ${req.path}: the ${res.statusCode} response (${type}, ${bytes} bytes) is not a valid list${at}: ${err.message}`,
    res.statusCode,
  );
}
