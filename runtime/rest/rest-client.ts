// The REST client: one pooled undici Agent per cluster, auth, QPS/Burst, retries, and API errors from responses.
//
// Transport choice: undici (Agent + request) rather than node:http or fetch. performance.md §2b measured loopback
// decode-bound throughput within 10% across stacks (decoding, not transport, is the bottleneck), so the choice is
// made for control: one keep-alive pool per cluster, per-request AbortSignal, headers/body timeouts, and the body
// as an async iterable of Buffers that the watch decoder frames by hand.
import { readFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { Agent, request } from 'undici';
import { apiErrorFromResponse } from '../errors/api-error.js';
import { classifyNetworkError, isProbableEof, NetworkError } from '../errors/network-error.js';
import { sleep } from '../util/abort.js';
import { type Clock, realClock } from '../util/clock.js';
import { logger } from '../util/logger.js';
import type { RestConfig } from './rest-config.js';
import { TokenBucket } from './token-bucket.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One request: a path under the host, query parameters, and an optional JSON body. */
export interface RestRequest {
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  body?: unknown;
  /** @default application/json */
  contentType?: string;
}

export interface RestClientOptions {
  /** @default realClock */
  clock?: Clock;
  /** Most retries after the first try, as client-go's MaxRetries. @default 10 */
  maxRetries?: number;
}

const version = '0.1.0';
const tokenFileTtlMs = 60_000;

function pem(data: string | undefined, file: string | undefined): string | undefined {
  return data ?? (file === undefined ? undefined : readFileSync(file, 'utf8'));
}

/** Builds the query string the way client-go serialises options (repeated keys for lists). */
export function encodeQuery(query: RestRequest['query']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined) {
      continue;
    }
    if (Array.isArray(v)) {
      for (const item of v) {
        params.append(k, String(item));
      }
    } else {
      params.append(k, String(v));
    }
  }
  const s = params.toString();
  return s === '' ? '' : `?${s}`;
}

/** A client for one API server. Create one per cluster and share it: it owns the connection pool. */
export class RestClient {
  readonly config: RestConfig;
  private readonly agent: Agent;
  private readonly bucket: TokenBucket;
  private readonly clock: Clock;
  private readonly maxRetries: number;
  private readonly userAgent: string;
  private token: { value: string; readAt: number } | undefined;

  constructor(config: RestConfig, options: RestClientOptions = {}) {
    this.config = config;
    this.clock = options.clock ?? realClock;
    this.maxRetries = options.maxRetries ?? 10;
    this.userAgent = config.userAgent ?? `kgen/${version} (${platform()}/${arch()})`;
    const tls = config.tls ?? {};
    if (tls.insecure === true) {
      logger().warn('TLS verification is disabled for this cluster (insecure-skip-tls-verify)', { host: config.host });
    }
    const ca = pem(tls.caData, tls.caFile);
    const cert = pem(tls.certData, tls.certFile);
    const key = pem(tls.keyData, tls.keyFile);
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      connect: {
        ...(ca !== undefined ? { ca } : {}),
        ...(cert !== undefined ? { cert } : {}),
        ...(key !== undefined ? { key } : {}),
        ...(tls.serverName !== undefined ? { servername: tls.serverName } : {}),
        rejectUnauthorized: tls.insecure !== true,
      },
    });
    const qps = config.qps === undefined || config.qps === 0 ? 5 : config.qps;
    const burst = config.burst === undefined || config.burst === 0 ? 10 : config.burst;
    this.bucket = new TokenBucket(qps, burst, this.clock);
  }

  /** Closes pooled connections. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  private headers(req: RestRequest, accept: string): Record<string, string> {
    const h: Record<string, string> = { accept, 'user-agent': this.userAgent };
    if (req.body !== undefined) {
      h['content-type'] = req.contentType ?? 'application/json';
    }
    const auth = this.config.auth ?? {};
    const token = this.bearerToken();
    if (token !== undefined) {
      h.authorization = `Bearer ${token}`;
    } else if (auth.username !== undefined) {
      h.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password ?? ''}`).toString('base64')}`;
    }
    const imp = this.config.impersonate;
    if (imp?.userName !== undefined) {
      h['impersonate-user'] = imp.userName;
    }
    if (imp?.uid !== undefined) {
      h['impersonate-uid'] = imp.uid;
    }
    return h;
  }

  // The token file is re-read at most once a minute; a failed read keeps the last good token.
  private bearerToken(): string | undefined {
    const auth = this.config.auth ?? {};
    if (auth.bearerToken !== undefined) {
      return auth.bearerToken;
    }
    if (auth.bearerTokenFile === undefined) {
      return undefined;
    }
    const now = this.clock.now();
    if (this.token === undefined || now - this.token.readAt >= tokenFileTtlMs) {
      try {
        this.token = { value: readFileSync(auth.bearerTokenFile, 'utf8').trim(), readAt: now };
      } catch {
        logger().warn('could not re-read the bearer token file; keeping the last token', {
          file: auth.bearerTokenFile,
        });
        if (this.token !== undefined) {
          this.token.readAt = now;
        }
      }
    }
    return this.token?.value;
  }

  /** Sends a request and returns the parsed JSON body. Retries 429/5xx with Retry-After, and resets for GET. */
  async request<T>(req: RestRequest, signal?: AbortSignal): Promise<T> {
    const url = `${this.config.host}${req.path}${encodeQuery(req.query)}`;
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    for (let attempt = 0; ; attempt++) {
      await this.bucket.wait(signal);
      let res: Awaited<ReturnType<typeof request>>;
      try {
        res = await request(url, {
          method: req.method,
          headers: this.headers(req, 'application/json, */*'),
          ...(body !== undefined ? { body } : {}),
          dispatcher: this.agent,
          ...(signal !== undefined ? { signal } : {}),
          ...(this.config.timeoutMs
            ? { headersTimeout: this.config.timeoutMs, bodyTimeout: this.config.timeoutMs }
            : {}),
        });
      } catch (err) {
        if (signal?.aborted) {
          throw err;
        }
        if (req.method === 'GET' && attempt < this.maxRetries && isProbableEof(err)) {
          await sleep(Math.min(1000, 10 * 2 ** attempt), signal, this.clock);
          continue;
        }
        throw toNetworkError(err, req.method, req.path);
      }
      this.handleWarnings(res.headers.warning);
      const text = await res.body.text();
      if (res.statusCode >= 200 && res.statusCode < 300) {
        return (text === '' ? {} : JSON.parse(text)) as T;
      }
      const retryAfter = parseRetryAfter(res.headers['retry-after']);
      if ((res.statusCode === 429 || res.statusCode >= 500) && retryAfter !== undefined && attempt < this.maxRetries) {
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

  /** Opens a streaming GET (a watch); resolves once 2xx headers arrive. Watches are exempt from QPS limiting. */
  async stream(req: RestRequest, signal?: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
    const url = `${this.config.host}${req.path}${encodeQuery(req.query)}`;
    let res: Awaited<ReturnType<typeof request>>;
    try {
      res = await request(url, {
        method: req.method,
        headers: this.headers(req, 'application/json, */*'),
        dispatcher: this.agent,
        bodyTimeout: 0,
        ...(signal !== undefined ? { signal } : {}),
      });
    } catch (err) {
      if (signal?.aborted) {
        throw err;
      }
      throw toNetworkError(err, req.method, req.path);
    }
    this.handleWarnings(res.headers.warning);
    if (res.statusCode < 200 || res.statusCode >= 300) {
      const text = await res.body.text();
      const retryAfter = parseRetryAfter(res.headers['retry-after']);
      throw apiErrorFromResponse(res.statusCode, safeJson(text), {
        method: req.method,
        ...(retryAfter !== undefined ? { retryAfter } : {}),
        text,
      });
    }
    return res.body;
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

function parseRetryAfter(h: string | string[] | undefined): number | undefined {
  const v = Array.isArray(h) ? h[0] : h;
  if (v === undefined) {
    return undefined;
  }
  const n = Number.parseInt(v, 10);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toNetworkError(err: unknown, method: string, path: string): NetworkError {
  const kind = classifyNetworkError(err) ?? 'other';
  const reason = err instanceof Error ? err.message : String(err);
  return new NetworkError(kind, `${method} ${path}: ${reason}`, { cause: err });
}
