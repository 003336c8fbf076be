/**
 * Negotiate (NTLM) with WinRM's message encryption, end to end against a loopback
 * server that plays WinRM's part: it answers the NEGOTIATE with a CHALLENGE, checks the
 * AUTHENTICATE's NTLMv2 proof against the password it knows, derives the session key and
 * unseals each request, then seals its answers (the WinRM-shaped fixtures). The NTLM
 * computations themselves are checked against MS-NLMP's examples in ntlm.test.ts. Not
 * tested against a real server: OMI's NTLM (through gss-ntlmssp) was not set up here.
 */

import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWbemError } from '../../runtime/errors.js';
import { createWsmanProvider, type WsmanProviderOptions } from '../../runtime/wsman/index.js';
import { decryptBody, encryptBody, ENCRYPTED_CONTENT_TYPE } from '../../runtime/wsman/negotiate.js';
import { NtlmSession, ntowfV2, Rc4Stream } from '../../runtime/wsman/ntlm.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');
const PASSWORD = 'Secr3t-pässword';
const SERVER_CHALLENGE = Buffer.from('0123456789abcdef', 'hex');
const FLAGS = 0xe2898235;

function challengeMessage(): Buffer {
  const name = Buffer.from('WINHOST', 'utf16le');
  const info = Buffer.concat([Buffer.from([2, 0, name.length, 0]), name, Buffer.alloc(4)]);
  const head = Buffer.alloc(56);
  head.write('NTLMSSP\0', 0, 'latin1');
  head.writeUInt32LE(2, 8);
  head.writeUInt16LE(name.length, 12);
  head.writeUInt16LE(name.length, 14);
  head.writeUInt32LE(56, 16);
  head.writeUInt32LE(FLAGS, 20);
  SERVER_CHALLENGE.copy(head, 24);
  head.writeUInt16LE(info.length, 40);
  head.writeUInt16LE(info.length, 42);
  head.writeUInt32LE(56 + name.length, 44);
  return Buffer.concat([head, name, info]);
}

/** The server's check of an AUTHENTICATE message: its session, or null for a wrong password. */
function acceptAuthenticate(m: Buffer): NtlmSession | null {
  const field = (at: number): Buffer => m.subarray(m.readUInt32LE(at + 4), m.readUInt32LE(at + 4) + m.readUInt16LE(at));
  const nt = field(20);
  const domain = field(28).toString('utf16le');
  const user = field(36).toString('utf16le');
  const key = ntowfV2(user, domain, PASSWORD);
  const proof = createHmac('md5', key).update(SERVER_CHALLENGE).update(nt.subarray(16)).digest();
  if (!proof.equals(nt.subarray(0, 16))) return null;
  const baseKey = createHmac('md5', key).update(proof).digest();
  const exported = new Rc4Stream(baseKey).update(field(52));
  return new NtlmSession(exported, m.readUInt32LE(60), true);
}

interface Seen {
  readonly socket: Socket;
  readonly contentType: string;
  readonly wire: string;
  readonly soap: string;
}

let server: http.Server;
let port = 0;
const seen: Seen[] = [];
const sessions = new Map<Socket, NtlmSession>();

function answer(soap: string): { status: number; body: string } {
  const msgId = /<a:MessageID>([^<]*)</.exec(soap)?.[1] ?? '';
  const action = /<a:Action[^>]*>([^<]*)</.exec(soap)?.[1] ?? '';
  let body: string;
  if (/cim-xml\/2\/cim-schema\/2\/\*/.test(soap)) {
    if (!soap.includes('<w:Selector Name="ClassName">Win32_Service<'))
      return { status: 500, body: fixture('winrm-fault-invalid-class.xml').replace('RELATES', msgId) };
    body = fixture('winrm-getclass-win32_service.xml');
  } else if (action.endsWith('/Enumerate')) body = fixture('winrm-enumerate-response.xml');
  else if (action.endsWith('/Pull')) body = fixture('winrm-pull-response.xml');
  else body = '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body/></s:Envelope>';
  return { status: 200, body: body.replace('RELATES', msgId) };
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const auth = req.headers.authorization ?? '';
      const token = /^Negotiate (.+)$/.exec(auth)?.[1];
      if (token) {
        const m = Buffer.from(token, 'base64');
        if (m.readUInt32LE(8) === 1) {
          res.writeHead(401, { 'WWW-Authenticate': `Negotiate ${challengeMessage().toString('base64')}` });
          return res.end();
        }
        const session = acceptAuthenticate(m);
        if (!session) {
          res.writeHead(401, { 'WWW-Authenticate': 'Negotiate' });
          return res.end();
        }
        sessions.set(req.socket, session);
      }
      const session = sessions.get(req.socket);
      if (!session) {
        res.writeHead(401, { 'WWW-Authenticate': 'Negotiate' });
        return res.end();
      }
      const soap = decryptBody(session, body).toString('utf8');
      seen.push({ socket: req.socket, contentType: req.headers['content-type'] ?? '', wire: body.toString('latin1'), soap });
      const { status, body: text } = answer(soap);
      const reply = encryptBody(session, Buffer.from(text, 'utf8'), 'application/soap+xml;charset=UTF-8');
      res.writeHead(status, { 'Content-Type': ENCRYPTED_CONTENT_TYPE });
      res.end(reply);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const options = (password = PASSWORD): WsmanProviderOptions => ({
  host: '127.0.0.1',
  port,
  user: 'CONTOSO\\admin',
  password,
  auth: 'negotiate',
  resourceUris: 'wmi',
  timeoutMs: 5000,
});

describe('Negotiate (NTLM) with message encryption over HTTP', () => {
  it('authenticates the connection once and seals every request and answer', async () => {
    seen.length = 0;
    using p = createWsmanProvider(options());
    const rows = [];
    for await (const r of p.execQuery('SELECT * FROM Win32_Service', { batchSize: 7 })) rows.push(r);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]!.className).toBe('Win32_Service');
    // Class Get, Enumerate, Pull: all on the one authenticated connection, all sealed.
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen.map((s) => s.socket)).size).toBe(1);
    for (const s of seen) {
      expect(s.contentType).toBe(ENCRYPTED_CONTENT_TYPE);
      expect(s.wire).not.toContain('Win32_Service');
      expect(s.wire).not.toContain('Envelope');
      expect(s.soap).toMatch(/^<s:Envelope/);
    }
    expect(seen.filter((s) => s.soap.includes('Win32_Service')).length).toBeGreaterThanOrEqual(2);
    expect(seen.some((s) => s.soap.includes('enumeration/Pull<'))).toBe(true);
    expect(seen.map((s) => s.wire).join('')).not.toContain(PASSWORD);
  });

  it('a wrong password is WBEM_E_ACCESS_DENIED, without the password in the message', async () => {
    using p = createWsmanProvider(options('wrong'));
    const err = await (async () => {
      try {
        for await (const _r of p.execQuery('SELECT * FROM Win32_Service'));
      } catch (e) {
        return e;
      }
    })();
    expect(isWbemError(err, 'WBEM_E_ACCESS_DENIED')).toBe(true);
    expect(String((err as Error).message)).not.toContain('wrong');
  });
});
