// Raw node:https access to the envtest API server as one of its two identities, for tests that predate the client.
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import type { TestEnvInfo } from './env.js';

/** TLS and auth options of one identity: the bearer token or the client certificate. */
export interface Identity {
  readonly name: 'token' | 'cert';
  readonly server: string;
  readonly ca: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly cert?: string;
  readonly key?: string;
}

/** Both admin identities of an envtest. */
export function identities(env: TestEnvInfo): Identity[] {
  return [
    { name: 'token', server: env.server, ca: env.caPem, headers: { authorization: `Bearer ${env.token}` } },
    { name: 'cert', server: env.server, ca: env.caPem, headers: {}, cert: env.clientCertPem, key: env.clientKeyPem },
  ];
}

/** A JSON response. */
export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
}

function open(
  id: Identity,
  method: string,
  path: string,
  signal?: AbortSignal,
  body?: string,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${id.server}${path}`,
      {
        method,
        ca: id.ca,
        ...(id.cert !== undefined ? { cert: id.cert } : {}),
        ...(id.key !== undefined ? { key: id.key } : {}),
        headers: { ...id.headers, accept: 'application/json', 'content-type': 'application/json' },
        agent: false,
        ...(signal !== undefined ? { signal } : {}),
      },
      resolve,
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends a request with an optional JSON body and parses the JSON response. */
export async function httpsJson(
  id: Identity,
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<JsonResponse> {
  const res = await open(id, method, path, signal, body === undefined ? undefined : JSON.stringify(body));
  let text = '';
  res.setEncoding('utf8');
  for await (const chunk of res) {
    text += chunk as string;
  }
  return { status: res.statusCode ?? 0, body: JSON.parse(text) as unknown };
}

/** A watch event as the API server frames it (one JSON object per line). */
export interface RawWatchEvent {
  readonly type: string;
  readonly object: { readonly kind?: string; readonly metadata?: { readonly name?: string } } & Record<string, unknown>;
}

/** Opens a watch (`path` must carry `watch=1`); resolves once the response headers arrived. */
export async function openWatch(
  id: Identity,
  path: string,
  signal: AbortSignal,
): Promise<{ status: number; events: AsyncIterable<RawWatchEvent> }> {
  const res = await open(id, 'GET', path, signal);
  async function* events(): AsyncIterable<RawWatchEvent> {
    let buffered = '';
    res.setEncoding('utf8');
    for await (const chunk of res) {
      buffered += chunk as string;
      let nl = buffered.indexOf('\n');
      while (nl >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (line !== '') {
          yield JSON.parse(line) as RawWatchEvent;
        }
        nl = buffered.indexOf('\n');
      }
    }
  }
  return { status: res.statusCode ?? 0, events: events() };
}
