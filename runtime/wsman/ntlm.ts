/**
 * NTLMv2 (MS-NLMP) for WS-Management's Negotiate authentication: the NEGOTIATE,
 * CHALLENGE and AUTHENTICATE messages, and the session security (sealing and signing
 * with extended session security and key exchange) that WinRM's message encryption uses.
 *
 * Node 20's OpenSSL 3 has no MD4 or RC4 (the legacy provider is off), so MD4 comes from
 * js-md4 and the RC4 key stream from rc4 (both MIT, pure JS, no dependencies; MD4 and
 * RC4 are frozen algorithms, so an old, small, much-used package is the safe choice).
 * MD5 and HMAC-MD5 are Node's own.
 */

import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

// Neither package ships types; loaded through require with the shape this file uses, so the
// runtime's declarations name no untyped module.
const require = createRequire(import.meta.url);
const md4 = require('js-md4') as { arrayBuffer(data: ArrayBuffer | Uint8Array | string): ArrayBuffer };
/** RC4 with a 256-byte state, keyed by byte values; randomByte() gives the key stream. */
type RC4 = { randomByte(): number };
const RC4 = require('rc4') as new (key: number[]) => RC4;

export const NTLM_FLAGS = {
  UNICODE: 0x00000001,
  OEM: 0x00000002,
  REQUEST_TARGET: 0x00000004,
  SIGN: 0x00000010,
  SEAL: 0x00000020,
  NTLM: 0x00000200,
  ALWAYS_SIGN: 0x00008000,
  EXTENDED_SESSION_SECURITY: 0x00080000,
  TARGET_INFO: 0x00800000,
  VERSION: 0x02000000,
  N128: 0x20000000,
  KEY_EXCH: 0x40000000,
  N56: 0x80000000,
} as const;

/** What the client asks for: NTLMv2 with sealing and signing, 128-bit keys, key exchange. */
export const CLIENT_FLAGS =
  NTLM_FLAGS.UNICODE |
  NTLM_FLAGS.REQUEST_TARGET |
  NTLM_FLAGS.SIGN |
  NTLM_FLAGS.SEAL |
  NTLM_FLAGS.NTLM |
  NTLM_FLAGS.ALWAYS_SIGN |
  NTLM_FLAGS.EXTENDED_SESSION_SECURITY |
  NTLM_FLAGS.TARGET_INFO |
  NTLM_FLAGS.VERSION |
  NTLM_FLAGS.N128 |
  NTLM_FLAGS.KEY_EXCH |
  NTLM_FLAGS.N56;

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');
/** Windows 10.0 build 19041, NTLM revision 15: the VERSION field is informative only. */
const VERSION = Buffer.from([10, 0, 0x61, 0x4a, 0, 0, 0, 15]);

const utf16 = (s: string): Buffer => Buffer.from(s, 'utf16le');
const hmacMd5 = (key: Buffer, ...data: Buffer[]): Buffer => {
  const h = createHmac('md5', key);
  for (const d of data) h.update(d);
  return h.digest();
};
const md5 = (...data: Buffer[]): Buffer => {
  const h = createHash('md5');
  for (const d of data) h.update(d);
  return h.digest();
};

/** RC4 as a stream: each call continues the key stream (a sealing handle). */
export class Rc4Stream {
  readonly #rc4: RC4;
  constructor(key: Buffer) {
    this.#rc4 = new RC4([...key]);
  }
  update(data: Buffer): Buffer {
    const out = Buffer.allocUnsafe(data.length);
    for (let i = 0; i < data.length; i++) out[i] = data[i]! ^ this.#rc4.randomByte();
    return out;
  }
}

export function ntHash(password: string): Buffer {
  return Buffer.from(md4.arrayBuffer(utf16(password)));
}

/** NTOWFv2: HMAC-MD5 of the NT hash over UPPER(user) + domain, both UTF-16LE. */
export function ntowfV2(user: string, domain: string, password: string): Buffer {
  return hmacMd5(ntHash(password), utf16(user.toUpperCase() + domain));
}

export function negotiateMessage(flags = CLIENT_FLAGS): Buffer {
  const m = Buffer.alloc(40);
  SIGNATURE.copy(m, 0);
  m.writeUInt32LE(1, 8);
  m.writeUInt32LE(flags >>> 0, 12);
  // Domain and workstation fields empty (offset past the header).
  m.writeUInt32LE(40, 20);
  m.writeUInt32LE(40, 28);
  VERSION.copy(m, 32);
  return m;
}

export interface NtlmChallenge {
  readonly flags: number;
  readonly serverChallenge: Buffer;
  readonly targetName: string;
  readonly targetInfo: Buffer;
  /** MsvAvTimestamp from the target info, when the server sent one. */
  readonly timestamp?: Buffer;
}

function field(m: Buffer, at: number): Buffer {
  const len = m.readUInt16LE(at);
  const offset = m.readUInt32LE(at + 4);
  if (offset + len > m.length) throw new Error('NTLM CHALLENGE message: a field runs past its end');
  return m.subarray(offset, offset + len);
}

export function parseChallenge(m: Buffer): NtlmChallenge {
  if (m.length < 32 || !m.subarray(0, 8).equals(SIGNATURE) || m.readUInt32LE(8) !== 2)
    throw new Error('not an NTLM CHALLENGE message');
  const flags = m.readUInt32LE(20);
  const targetInfo = m.length >= 48 ? field(m, 40) : Buffer.alloc(0);
  let timestamp: Buffer | undefined;
  for (let i = 0; i + 4 <= targetInfo.length; ) {
    const id = targetInfo.readUInt16LE(i);
    const len = targetInfo.readUInt16LE(i + 2);
    if (id === 0) break;
    if (id === 7) timestamp = targetInfo.subarray(i + 4, i + 4 + len);
    i += 4 + len;
  }
  const name = field(m, 12);
  return {
    flags,
    serverChallenge: Buffer.from(m.subarray(24, 32)),
    targetName: flags & NTLM_FLAGS.UNICODE ? name.toString('utf16le') : name.toString('latin1'),
    targetInfo: Buffer.from(targetInfo),
    timestamp,
  };
}

/** Now as a FILETIME (100 ns since 1601), little-endian. */
function fileTimeNow(): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE((BigInt(Date.now()) + 11_644_473_600_000n) * 10_000n);
  return b;
}

export interface AuthenticateInput {
  readonly user: string;
  readonly domain: string;
  readonly password: string;
  readonly workstation?: string;
  readonly challenge: NtlmChallenge;
  /** For tests (MS-NLMP's examples): fixed client challenge, time and session key. */
  readonly clientChallenge?: Buffer;
  readonly time?: Buffer;
  readonly exportedSessionKey?: Buffer;
}

export interface NtlmResponses {
  readonly ntProofStr: Buffer;
  readonly ntChallengeResponse: Buffer;
  readonly lmChallengeResponse: Buffer;
  readonly sessionBaseKey: Buffer;
}

/** The NTLMv2 responses (MS-NLMP 3.3.2). */
export function ntlmV2Responses(input: AuthenticateInput): NtlmResponses {
  const key = ntowfV2(input.user, input.domain, input.password);
  const client = input.clientChallenge ?? randomBytes(8);
  const time = input.time ?? input.challenge.timestamp ?? fileTimeNow();
  const temp = Buffer.concat([
    Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]),
    time,
    client,
    Buffer.alloc(4),
    input.challenge.targetInfo,
    Buffer.alloc(4),
  ]);
  const ntProofStr = hmacMd5(key, input.challenge.serverChallenge, temp);
  // With a server timestamp the LMv2 response is zeros (MS-NLMP 3.1.5.1.2).
  const lm = input.challenge.timestamp
    ? Buffer.alloc(24)
    : Buffer.concat([hmacMd5(key, input.challenge.serverChallenge, client), client]);
  return {
    ntProofStr,
    ntChallengeResponse: Buffer.concat([ntProofStr, temp]),
    lmChallengeResponse: lm,
    sessionBaseKey: hmacMd5(key, ntProofStr),
  };
}

export interface AuthenticateResult {
  readonly message: Buffer;
  readonly flags: number;
  readonly exportedSessionKey: Buffer;
  readonly encryptedRandomSessionKey: Buffer;
}

export function authenticateMessage(input: AuthenticateInput): AuthenticateResult {
  const flags = (input.challenge.flags & CLIENT_FLAGS) >>> 0;
  const r = ntlmV2Responses(input);
  // NTLMv2: the key exchange key is the session base key.
  let exportedSessionKey: Buffer = r.sessionBaseKey;
  let encryptedRandomSessionKey: Buffer = Buffer.alloc(0);
  if (flags & NTLM_FLAGS.KEY_EXCH) {
    exportedSessionKey = input.exportedSessionKey ?? randomBytes(16);
    encryptedRandomSessionKey = new Rc4Stream(r.sessionBaseKey).update(exportedSessionKey);
  }
  const payload = [
    r.lmChallengeResponse,
    r.ntChallengeResponse,
    utf16(input.domain),
    utf16(input.user),
    utf16(input.workstation ?? ''),
    encryptedRandomSessionKey,
  ];
  const header = Buffer.alloc(72);
  SIGNATURE.copy(header, 0);
  header.writeUInt32LE(3, 8);
  let offset = header.length;
  // LM, NT, domain, user, workstation, session key: the order of the header's fields.
  [12, 20, 28, 36, 44, 52].forEach((at, i) => {
    const p = payload[i]!;
    header.writeUInt16LE(p.length, at);
    header.writeUInt16LE(p.length, at + 2);
    header.writeUInt32LE(offset, at + 4);
    offset += p.length;
  });
  header.writeUInt32LE(flags, 60);
  VERSION.copy(header, 64);
  return {
    message: Buffer.concat([header, ...payload]),
    flags,
    exportedSessionKey,
    encryptedRandomSessionKey,
  };
}

const CLIENT_SIGN = 'session key to client-to-server signing key magic constant\0';
const SERVER_SIGN = 'session key to server-to-client signing key magic constant\0';
const CLIENT_SEAL = 'session key to client-to-server sealing key magic constant\0';
const SERVER_SEAL = 'session key to server-to-client sealing key magic constant\0';

function sealKeyOf(flags: number, key: Buffer, magic: string): Buffer {
  const k = flags & NTLM_FLAGS.N128 ? key : flags & NTLM_FLAGS.N56 ? key.subarray(0, 7) : key.subarray(0, 5);
  return md5(k, Buffer.from(magic, 'latin1'));
}

/** One direction of an NTLM session: its signing key, sealing stream and sequence number. */
class Direction {
  readonly #signKey: Buffer;
  readonly #seal: Rc4Stream;
  #seq = 0;
  readonly #keyExch: boolean;

  constructor(signKey: Buffer, sealKey: Buffer, keyExch: boolean) {
    this.#signKey = signKey;
    this.#seal = new Rc4Stream(sealKey);
    this.#keyExch = keyExch;
  }

  /** Seals `plain`; returns the 16-byte signature and the sealed bytes (MS-NLMP 3.4.3). */
  seal(plain: Buffer): { signature: Buffer; sealed: Buffer } {
    const seq = Buffer.alloc(4);
    seq.writeUInt32LE(this.#seq++);
    const sealed = this.#seal.update(plain);
    const mac = hmacMd5(this.#signKey, seq, plain).subarray(0, 8);
    const checksum = this.#keyExch ? this.#seal.update(mac) : mac;
    return { signature: Buffer.concat([Buffer.from([1, 0, 0, 0]), checksum, seq]), sealed };
  }

  /** Unseals and checks the signature; throws when it does not match. */
  unseal(sealed: Buffer, signature: Buffer): Buffer {
    const plain = this.#seal.update(sealed);
    const seq = Buffer.alloc(4);
    seq.writeUInt32LE(this.#seq++);
    const mac = hmacMd5(this.#signKey, seq, plain).subarray(0, 8);
    const checksum = this.#keyExch ? this.#seal.update(mac) : mac;
    const expected = Buffer.concat([Buffer.from([1, 0, 0, 0]), checksum, seq]);
    if (!expected.equals(signature)) throw new Error('NTLM: the message signature does not match');
    return plain;
  }
}

/** Session security after authentication; `server: true` gives the server's side (tests). */
export class NtlmSession {
  readonly outgoing: Direction;
  readonly incoming: Direction;

  constructor(exportedSessionKey: Buffer, flags: number, server = false) {
    const keyExch = (flags & NTLM_FLAGS.KEY_EXCH) !== 0;
    const client = new Direction(
      md5(exportedSessionKey, Buffer.from(CLIENT_SIGN, 'latin1')),
      sealKeyOf(flags, exportedSessionKey, CLIENT_SEAL),
      keyExch,
    );
    const fromServer = new Direction(
      md5(exportedSessionKey, Buffer.from(SERVER_SIGN, 'latin1')),
      sealKeyOf(flags, exportedSessionKey, SERVER_SEAL),
      keyExch,
    );
    this.outgoing = server ? fromServer : client;
    this.incoming = server ? client : fromServer;
  }
}
