/**
 * Damaged inputs never crash the front-end: every cut or corruption of a real file
 * ends in a typed IdlError with a location inside the file, or in a model; never a
 * TypeError, never a partial result.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IdlError } from '../../grammar/idl/errors.js';
import { loadIdl, type IdlParseCache } from '../../grammar/idl/load.js';
import { buildComModel } from '../../model/com/build.js';
import { mingwIdlDir } from '../corpus.js';

/** A small deterministic generator (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('damaged IDL', () => {
  const dir = mingwIdlDir;
  const original = readFileSync(join(dir, 'wbemcli.idl'), 'utf8');
  const files = new Map<string, string>();
  const read = (p: string): string | undefined => {
    if (files.has(p)) return files.get(p);
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };

  const cache: IdlParseCache = new Map(); // the imports are parsed once

  const attempt = (text: string): 'ok' | 'error' => {
    files.set(join(dir, 'wbemcli.idl'), text);
    try {
      buildComModel(loadIdl(join(dir, 'wbemcli.idl'), { includeDirs: [dir], readFile: read, cache }));
      return 'ok';
    } catch (e) {
      expect(e, String((e as Error)?.stack)).toBeInstanceOf(IdlError);
      const d = (e as IdlError).diagnostics[0];
      expect(d.location?.line).toBeGreaterThan(0);
      expect(d.location?.column).toBeGreaterThan(0);
      return 'error';
    }
  };

  it('cut at 40 places', () => {
    const rnd = random(3);
    const outcomes = { ok: 0, error: 0 };
    for (let i = 0; i < 40; i++) outcomes[attempt(original.slice(0, Math.floor(rnd() * original.length)))]++;
    expect(outcomes.error).toBeGreaterThan(20);
  });

  it('with 40 characters replaced by punctuation', () => {
    const rnd = random(7);
    const junk = '{}[]();,*:=<>#"\'\\';
    const outcomes = { ok: 0, error: 0 };
    for (let i = 0; i < 40; i++) {
      const at = Math.floor(rnd() * original.length);
      const c = junk[Math.floor(rnd() * junk.length)];
      outcomes[attempt(original.slice(0, at) + c + original.slice(at + 1))]++;
    }
    expect(outcomes.ok + outcomes.error).toBe(40);
  });
});
