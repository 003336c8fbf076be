/**
 * Negotiate (NTLM) for WS-Management over HTTP, with WinRM's message encryption
 * (MS-WSMV 2.2.9.1): NTLM authenticates a connection, not a request, so the first
 * exchange on each connection is an empty POST with the NEGOTIATE message (answered by
 * 401 and the CHALLENGE), and the request itself carries the AUTHENTICATE message. Over
 * HTTP every body is then sealed with the session's keys in a `multipart/encrypted`
 * envelope; over HTTPS TLS protects it and it goes as is.
 */

import { authenticateMessage, negotiateMessage, NtlmSession, parseChallenge } from './ntlm.js';

export const ENCRYPTED_PROTOCOL = 'application/HTTP-SPNEGO-session-encrypted';
const BOUNDARY = 'Encrypted Boundary';
export const ENCRYPTED_CONTENT_TYPE = `multipart/encrypted;protocol="${ENCRYPTED_PROTOCOL}";boundary="${BOUNDARY}"`;

export interface NegotiateCredentials {
  /** `user`, `DOMAIN\user` or `user@domain`. */
  readonly user: string;
  readonly password: string;
}

export function splitUser(user: string): { user: string; domain: string } {
  const slash = user.indexOf('\\');
  if (slash >= 0) return { domain: user.slice(0, slash), user: user.slice(slash + 1) };
  const at = user.lastIndexOf('@');
  if (at > 0) return { user: user.slice(0, at), domain: user.slice(at + 1) };
  return { user, domain: '' };
}

/** The `Authorization` value of the first (empty) request of a connection. */
export function negotiateHeader(): string {
  return `Negotiate ${negotiateMessage().toString('base64')}`;
}

/** Reads the CHALLENGE from a 401's `WWW-Authenticate`; null when there is none. */
export function challengeOf(wwwAuthenticate: string | string[] | undefined): Buffer | null {
  const values = Array.isArray(wwwAuthenticate) ? wwwAuthenticate : [wwwAuthenticate ?? ''];
  for (const v of values) {
    const m = /(?:^|,\s*)(?:Negotiate|NTLM)\s+([A-Za-z0-9+/=]+)/.exec(v);
    if (m) return Buffer.from(m[1]!, 'base64');
  }
  return null;
}

/** The AUTHENTICATE header for a CHALLENGE, and the session it opens. */
export function authenticate(
  credentials: NegotiateCredentials,
  challenge: Buffer,
): { header: string; session: NtlmSession } {
  const { user, domain } = splitUser(credentials.user);
  const parsed = parseChallenge(challenge);
  const a = authenticateMessage({ user, domain, password: credentials.password, challenge: parsed });
  return {
    header: `Negotiate ${a.message.toString('base64')}`,
    session: new NtlmSession(a.exportedSessionKey, a.flags),
  };
}

/** Seals a SOAP message into WinRM's multipart/encrypted body. */
export function encryptBody(session: NtlmSession, soap: Buffer, contentType: string): Buffer {
  const { signature, sealed } = session.outgoing.seal(soap);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(signature.length);
  return Buffer.concat([
    Buffer.from(
      // Header lines without the leading tab some clients write: OMI matches them at the
      // start of the line, and WinRM reads them either way.
      `--${BOUNDARY}\r\nContent-Type: ${ENCRYPTED_PROTOCOL}\r\n` +
        `OriginalContent: type=${contentType};Length=${soap.length}\r\n` +
        `--${BOUNDARY}\r\nContent-Type: application/octet-stream\r\n`,
      'latin1',
    ),
    length,
    signature,
    sealed,
    Buffer.from(`--${BOUNDARY}--\r\n`, 'latin1'),
  ]);
}

/** Unseals a multipart/encrypted body (and checks its signature); returns the SOAP bytes. */
export function decryptBody(session: NtlmSession, body: Buffer): Buffer {
  const marker = Buffer.from('Content-Type: application/octet-stream\r\n', 'latin1');
  const at = body.indexOf(marker);
  if (at < 0) throw new Error('an encrypted WS-Management answer without its octet-stream part');
  const start = at + marker.length;
  const original = /Length=(\d+)/.exec(body.subarray(0, at).toString('latin1'));
  const sigLength = body.readUInt32LE(start);
  const signature = body.subarray(start + 4, start + 4 + sigLength);
  const dataStart = start + 4 + sigLength;
  const length = original
    ? Number(original[1])
    : body.lastIndexOf(Buffer.from(`--${BOUNDARY}--`, 'latin1')) - dataStart;
  if (length < 0 || dataStart + length > body.length)
    throw new Error('an encrypted WS-Management answer shorter than it says');
  return session.incoming.unseal(body.subarray(dataStart, dataStart + length), signature);
}
