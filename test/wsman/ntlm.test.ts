/**
 * NTLMv2 messages and session security against the published examples of MS-NLMP
 * section 4.2.4 (NTLMv2 authentication: user "User", domain "Domain", password
 * "Password", server challenge 0123456789abcdef, client challenge aa…, time 0, random
 * session key 55…, target info with NetBIOS domain "Domain" and server "Server").
 */

import { describe, expect, it } from 'vitest';
import {
  authenticateMessage,
  negotiateMessage,
  NtlmSession,
  ntowfV2,
  ntHash,
  ntlmV2Responses,
  parseChallenge,
  type NtlmChallenge,
} from '../../runtime/wsman/ntlm.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const avPair = (id: number, value: string): Buffer => {
  const v = Buffer.from(value, 'utf16le');
  const h = Buffer.alloc(4);
  h.writeUInt16LE(id, 0);
  h.writeUInt16LE(v.length, 2);
  return Buffer.concat([h, v]);
};
const targetInfo = Buffer.concat([avPair(2, 'Domain'), avPair(1, 'Server'), Buffer.alloc(4)]);
const challenge: NtlmChallenge = {
  flags: 0xe28a8233,
  serverChallenge: hex('0123456789abcdef'),
  targetName: 'Domain',
  targetInfo,
};
const example = {
  user: 'User',
  domain: 'Domain',
  password: 'Password',
  workstation: 'COMPUTER',
  challenge,
  clientChallenge: hex('aaaaaaaaaaaaaaaa'),
  time: Buffer.alloc(8),
  exportedSessionKey: Buffer.alloc(16, 0x55),
};

describe('NTLMv2 (MS-NLMP 4.2.4)', () => {
  it('NT hash and NTOWFv2', () => {
    expect(ntHash('Password').toString('hex')).toBe('a4f49c406510bdcab6824ee7c30fd852');
    expect(ntowfV2('User', 'Domain', 'Password')).toEqual(hex('0c868a403bfd7a93a3001ef22ef02e3f'));
  });

  it('LMv2 and NTLMv2 responses and the session base key', () => {
    const r = ntlmV2Responses(example);
    expect(r.lmChallengeResponse).toEqual(hex('86c35097ac9cec102554764a57cccc19 aaaaaaaaaaaaaaaa'));
    expect(r.ntProofStr).toEqual(hex('68cd0ab851e51c96aabc927bebef6a1c'));
    expect(r.sessionBaseKey).toEqual(hex('8de40ccadbc14a82f15cb0ad0de95ca3'));
  });

  it('AUTHENTICATE message: fields at their offsets, the encrypted session key', () => {
    const a = authenticateMessage(example);
    expect(a.encryptedRandomSessionKey).toEqual(hex('c5dad2544fc9799094ce1ce90bc9d03e'));
    const m = a.message;
    expect(m.subarray(0, 12)).toEqual(Buffer.from('NTLMSSP\0\x03\0\0\0', 'latin1'));
    const fieldAt = (at: number): Buffer => m.subarray(m.readUInt32LE(at + 4), m.readUInt32LE(at + 4) + m.readUInt16LE(at));
    expect(fieldAt(28).toString('utf16le')).toBe('Domain');
    expect(fieldAt(36).toString('utf16le')).toBe('User');
    expect(fieldAt(44).toString('utf16le')).toBe('COMPUTER');
    expect(fieldAt(52)).toEqual(a.encryptedRandomSessionKey);
    expect(fieldAt(20).subarray(0, 16)).toEqual(hex('68cd0ab851e51c96aabc927bebef6a1c'));
  });

  it('seals "Plaintext" and signs it as GSS_WrapEx does', () => {
    const session = new NtlmSession(Buffer.alloc(16, 0x55), challenge.flags);
    const { sealed, signature } = session.outgoing.seal(Buffer.from('Plaintext', 'utf16le'));
    expect(sealed).toEqual(hex('54e50165bf1936dc996020c1811b0f06fb5f'));
    expect(signature).toEqual(hex('010000007fb38ec5c55d497600000000'));
  });

  it("the server's side unseals it, and a tampered message is refused", () => {
    const client = new NtlmSession(Buffer.alloc(16, 0x55), challenge.flags);
    const server = new NtlmSession(Buffer.alloc(16, 0x55), challenge.flags, true);
    for (const text of ['first', 'second message']) {
      const { sealed, signature } = client.outgoing.seal(Buffer.from(text));
      expect(server.incoming.unseal(sealed, signature).toString()).toBe(text);
    }
    const reply = server.outgoing.seal(Buffer.from('answer'));
    expect(client.incoming.unseal(reply.sealed, reply.signature).toString()).toBe('answer');
    const bad = server.outgoing.seal(Buffer.from('tampered'));
    bad.sealed[0] ^= 1;
    expect(() => client.incoming.unseal(bad.sealed, bad.signature)).toThrow(/signature/);
  });

  it('reads a CHALLENGE message and writes a NEGOTIATE message', () => {
    const name = Buffer.from('Domain', 'utf16le');
    const head = Buffer.alloc(56);
    head.write('NTLMSSP\0', 0, 'latin1');
    head.writeUInt32LE(2, 8);
    head.writeUInt16LE(name.length, 12);
    head.writeUInt16LE(name.length, 14);
    head.writeUInt32LE(56, 16);
    head.writeUInt32LE(0xe28a8233, 20);
    hex('0123456789abcdef').copy(head, 24);
    head.writeUInt16LE(targetInfo.length, 40);
    head.writeUInt16LE(targetInfo.length, 42);
    head.writeUInt32LE(56 + name.length, 44);
    const parsed = parseChallenge(Buffer.concat([head, name, targetInfo]));
    expect(parsed).toMatchObject({ flags: 0xe28a8233, targetName: 'Domain', serverChallenge: hex('0123456789abcdef') });
    expect(parsed.targetInfo).toEqual(targetInfo);
    expect(() => parseChallenge(Buffer.from('garbage'))).toThrow(/CHALLENGE/);
    const n = negotiateMessage();
    expect(n.subarray(0, 12)).toEqual(Buffer.from('NTLMSSP\0\x01\0\0\0', 'latin1'));
  });
});
