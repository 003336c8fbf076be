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
import type { Socket } from 'node:net';
import { accessDeniedError, cancelledError, timeoutError, transportError } from './faults.js';
import {
  authenticate,
  challengeOf,
  decryptBody,
  encryptBody,
  ENCRYPTED_CONTENT_TYPE,
  negotiateHeader,
  type NegotiateCredentials,
} from './negotiate.js';
import type { NtlmSession } from './ntlm.js';

const SOAP_CONTENT_TYPE = 'application/soap+xml;charset=UTF-8';

interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  readonly socket: Socket;
}

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
  /** Negotiate (NTLM) in place of `authorization`: one kept-alive connection, sealed bodies over HTTP. */
  readonly negotiate?: NegotiateCredentials;
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
  /** The NTLM session and the connection it authenticated. */
  #ntlm: { session: NtlmSession; socket: Socket } | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: HttpEndpointOptions) {
    this.#options = options;
    const hostPart = options.host.includes(':') ? `[${options.host}]` : options.host;
    this.url = `${options.https ? 'https' : 'http'}://${hostPart}:${options.port}${options.path}`;
    // NTLM authenticates a connection: keep exactly one.
    const common = options.negotiate
      ? { keepAlive: true, maxSockets: 1 }
      : { keepAlive: options.keepAlive ?? true, maxSockets: options.maxSockets ?? 4 };
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
    if (o.signal?.aborted) return Promise.reject(cancelledError(o.operation));
    const payload = Buffer.from(body, 'utf8');
    if (this.#options.negotiate) {
      // One connection, one NTLM session: requests go one at a time.
      const run = this.#queue.then(() => this.#postNegotiate(payload, o, true));
      this.#queue = run.catch(() => undefined);
      return run;
    }
    const headers: Record<string, string | number> = { 'Content-Type': SOAP_CONTENT_TYPE };
    if (this.#options.authorization) headers.Authorization = this.#options.authorization;
    return this.#request(payload, headers, o).then((res) => {
      if (res.status === 401) throw this.#refused(o.operation);
      return { status: res.status, body: decodeBody(res.body, res.headers['content-type']) };
    });
  }

  #refused(operation: string): Error {
    return accessDeniedError(operation, `HTTP 401 from ${this.url}: the server refused the credentials`);
  }

  /** A request under Negotiate: authenticates the connection first when it is new. */
  async #postNegotiate(payload: Buffer, o: PostOptions, mayRetry: boolean): Promise<HttpResponse> {
    const credentials = this.#options.negotiate!;
    let session = this.#ntlm && !this.#ntlm.socket.destroyed ? this.#ntlm.session : undefined;
    let authorization: string | undefined;
    let socket: Socket | undefined;
    if (!session) {
      const first = await this.#request(Buffer.alloc(0), { Authorization: negotiateHeader() }, o);
      const challenge = first.status === 401 ? challengeOf(first.headers['www-authenticate']) : null;
      if (!challenge)
        throw accessDeniedError(o.operation, `${this.url} did not answer Negotiate with an NTLM challenge (HTTP ${first.status})`);
      try {
        ({ header: authorization, session } = authenticate(credentials, challenge));
      } catch (e) {
        throw transportError(o.operation, (e as Error).message);
      }
      socket = first.socket;
    }
    const sealed = !this.#options.https;
    const headers: Record<string, string | number> = {
      'Content-Type': sealed ? ENCRYPTED_CONTENT_TYPE : SOAP_CONTENT_TYPE,
    };
    if (authorization) headers.Authorization = authorization;
    const res = await this.#request(sealed ? encryptBody(session, payload, SOAP_CONTENT_TYPE) : payload, headers, o);
    if (socket && res.socket !== socket)
      throw transportError(o.operation, 'the connection closed between the NTLM challenge and the request');
    if (res.status === 401) {
      this.#ntlm = undefined;
      // The server closed the authenticated connection and this one is new: once more.
      if (!authorization && mayRetry) return this.#postNegotiate(payload, o, false);
      throw this.#refused(o.operation);
    }
    this.#ntlm = { session, socket: res.socket };
    const contentType = res.headers['content-type'] ?? '';
    if (!contentType.toLowerCase().startsWith('multipart/encrypted'))
      return { status: res.status, body: decodeBody(res.body, contentType) };
    try {
      const plain = decryptBody(session, res.body);
      const original = /type=([^\r\n]*?);Length=/i.exec(res.body.subarray(0, 300).toString('latin1'))?.[1];
      return { status: res.status, body: decodeBody(plain, original ?? SOAP_CONTENT_TYPE) };
    } catch (e) {
      this.#ntlm = undefined;
      throw transportError(o.operation, (e as Error).message);
    }
  }

  /** One HTTP POST on the endpoint's agent; resolves with the raw answer and its socket. */
  #request(
    payload: Buffer,
    extraHeaders: Record<string, string | number>,
    o: PostOptions,
  ): Promise<RawResponse> {
    const { operation } = o;
    if (o.signal?.aborted) return Promise.reject(cancelledError(operation));
    const headers: Record<string, string | number> = {
      'Content-Length': payload.length,
      'User-Agent': 'wmigen WS-Management client',
      ...extraHeaders,
    };
    const mod = this.#options.https ? https : http;
    return new Promise<RawResponse>((resolve, reject) => {
      let settled = false;
      const finish = (err: Error | null, res?: RawResponse): void => {
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
          // A kept-alive socket leaves the response when it ends: take it now.
          const socket = res.socket;
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e) => finish(transportError(operation, e.message)));
          res.on('end', () =>
            finish(null, {
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks),
              socket,
            }),
          );
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
