/**
 * HTTP(S) for WS-Management, on Node's own http/https modules with a keep-alive Agent:
 * no dependency, TLS options (ca, rejectUnauthorized, servername) are Node's own, and
 * one socket is reused across the Enumerate/Pull exchanges of a session. undici would
 * do as well but brings a dependency for nothing WS-Man needs.
 *
 * Every request has a whole-call deadline and honours an AbortSignal; the socket of a
 * request that times out or is aborted is destroyed, never reused.
 */

import http from 'node:http';
import https from 'node:https';
import { accessDeniedError, cancelledError, timeoutError, transportError } from './faults.js';

export interface TlsOptions {
  /** Trusted CA certificates (PEM) in place of Node's bundled roots. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** Default true; false accepts any certificate (testing only). */
  readonly rejectUnauthorized?: boolean;
  /** SNI / certificate host name when it differs from `host`. */
  readonly servername?: string;
}

export interface HttpEndpointOptions {
  readonly host: string;
  readonly port: number;
  readonly https: boolean;
  readonly path: string;
  /** `Authorization` header value; never logged. */
  readonly authorization?: string;
  readonly tls?: TlsOptions;
  /** Sockets kept per endpoint. */
  readonly maxSockets?: number;
  /** Reuse connections (default true); see WsmanProviderOptions.keepAlive. */
  readonly keepAlive?: boolean;
}

export interface PostOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs: number;
  /** For error messages: `WS-Management Enumerate`. */
  readonly operation: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly body: string;
}

/** One WS-Man endpoint (`http(s)://host:port/wsman`) with its keep-alive agent. */
export class HttpEndpoint {
  readonly url: string;
  readonly #options: HttpEndpointOptions;
  readonly #agent: http.Agent;

  constructor(options: HttpEndpointOptions) {
    this.#options = options;
    const hostPart = options.host.includes(':') ? `[${options.host}]` : options.host;
    this.url = `${options.https ? 'https' : 'http'}://${hostPart}:${options.port}${options.path}`;
    const common = { keepAlive: options.keepAlive ?? true, maxSockets: options.maxSockets ?? 4 };
    this.#agent = options.https
      ? new https.Agent({
          ...common,
          ca: options.tls?.ca as string | Buffer | (string | Buffer)[] | undefined,
          rejectUnauthorized: options.tls?.rejectUnauthorized ?? true,
          servername: options.tls?.servername,
        })
      : new http.Agent(common);
  }

  /** POSTs a SOAP envelope; resolves with any HTTP status (callers read faults from 4xx/5xx bodies). */
  post(body: string, o: PostOptions): Promise<HttpResponse> {
    const { operation } = o;
    if (o.signal?.aborted) return Promise.reject(cancelledError(operation));
    const payload = Buffer.from(body, 'utf8');
    const headers: Record<string, string | number> = {
      'Content-Type': 'application/soap+xml;charset=UTF-8',
      'Content-Length': payload.length,
      'User-Agent': 'wmigen WS-Management client',
    };
    if (this.#options.authorization) headers.Authorization = this.#options.authorization;
    const mod = this.#options.https ? https : http;
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const finish = (err: Error | null, res?: HttpResponse): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        o.signal?.removeEventListener('abort', onAbort);
        if (err) {
          req.destroy();
          reject(err);
        } else resolve(res!);
      };
      const onAbort = (): void => finish(cancelledError(operation));
      const timer = setTimeout(() => finish(timeoutError(operation, o.timeoutMs)), o.timeoutMs);
      const req = mod.request(
        {
          host: this.#options.host,
          port: this.#options.port,
          path: this.#options.path,
          method: 'POST',
          headers,
          agent: this.#agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e) => finish(transportError(operation, e.message)));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status === 401)
              return finish(
                accessDeniedError(
                  operation,
                  `HTTP 401 from ${this.url}: the server refused the credentials`,
                ),
              );
            finish(null, {
              status,
              body: decodeBody(Buffer.concat(chunks), res.headers['content-type']),
            });
          });
        },
      );
      req.on('socket', (socket) => socket.setNoDelay(true));
      o.signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (e: NodeJS.ErrnoException) =>
        finish(
          transportError(
            operation,
            `${e.code ?? 'error'} talking to ${this.url}${e.code ? '' : `: ${e.message}`}`,
          ),
        ),
      );
      req.end(payload);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

function decodeBody(buf: Buffer, contentType: string | undefined): string {
  const charset = /charset=([^;]+)/i
    .exec(contentType ?? '')?.[1]
    ?.trim()
    .replace(/"/g, '')
    .toLowerCase();
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (charset === 'utf-16' || charset === 'utf-16le') return buf.toString('utf16le');
  const text = buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}
