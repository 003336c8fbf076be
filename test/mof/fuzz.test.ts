/**
 * Fuzzing the MOF front-end: seeded mutations of real corpus files (byte flips,
 * truncations, deleted, duplicated and swapped tokens, inserted punctuation), 10,000+
 * inputs per run. Every input must give a result with typed diagnostics only, never
 * another exception. Linear time is checked by a step budget rather than a clock: the
 * lexer emits at most one token per input character and the parser is fed at most twice
 * the token count (fast pass plus the production-by-production recovery pass); the bench
 * (`bench/mof.bench.ts`) measures pathological inputs at growing sizes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../grammar/diagnostics.js';
import { decodeMofBytes, parseMof } from '../../grammar/mof/index.js';
import { mofLexer } from '../../grammar/mof/tokens.js';
import { loadMofFiles, type MofLoadResult } from '../../model/cim/load.js';
import { corpusPath, hasCorpus } from '../corpus.js';
import { rng } from '../random.js';

const fallback = `#pragma namespace("\\\\\\\\.\\\\root\\\\x")
Qualifier Key : boolean = false, Scope(property, reference), Flavor(DisableOverride, ToSubclass);
[Description("d") : Amended] class A { [Key] string K; uint8 B[4] = {1, 0x2, 011, 1b}; real64 R = 1.5e3; char16 C = '\\x41';
  [Static] uint32 M([In] string S, [Out] A REF R); datetime D = "20110327093000.000000-480"; };
class B : A { A Embedded; };
instance of B as $b { K = "k"; Embedded = instance of A { K = "n"; }; };
instance of __Win32Provider { Name = "P"; };
`;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Small real inputs: whole small files, and windows of the CIM schema's class files. */
function sources(): Buffer[] {
  if (!hasCorpus) return [Buffer.from(fallback)];
  const out: Buffer[] = [Buffer.from(fallback)];
  const small = [...walk(corpusPath('mof')), ...walk(corpusPath('mof-tests'))].filter(
    (f) => /\.mo[f_]$/i.test(f) && !f.includes('cim-schema-2.51.0') && statSync(f).size < 3000,
  );
  for (const f of small) out.push(readFileSync(f));
  const cim = walk(corpusPath('mof/cim-schema-2.51.0/Core')).filter((f) => f.endsWith('.mof')).sort();
  const r = rng(7);
  for (let i = 0; i < 40; i++) {
    const text = readFileSync(cim[Math.floor(r() * cim.length)]);
    const start = Math.floor(r() * Math.max(1, text.length - 1500));
    out.push(text.subarray(start, start + 500 + Math.floor(r() * 1000)));
  }
  return out;
}

const inserts = ['{', '}', '(', ')', '[', ']', ';', ',', ':', '=', '"', "'", '$a', '#pragma', 'class', 'instance of', 'ref', 'null', '0x', '-', '/*', '\\', '\u0000', '\ufffd', 'qualifier'];

function mutate(src: Buffer, r: () => number): Buffer {
  let buf = Buffer.from(src);
  const rounds = 1 + Math.floor(r() * 3);
  for (let k = 0; k < rounds; k++) {
    const kind = Math.floor(r() * 6);
    if (kind === 0) {
      // byte flips
      const flips = 1 + Math.floor(r() * 4);
      for (let i = 0; i < flips && buf.length > 0; i++) buf[Math.floor(r() * buf.length)] = Math.floor(r() * 256);
    } else if (kind === 1) {
      buf = buf.subarray(0, Math.floor(r() * buf.length));
    } else if (kind === 5) {
      const at = Math.floor(r() * (buf.length + 1));
      const ins = Buffer.from(inserts[Math.floor(r() * inserts.length)]);
      buf = Buffer.concat([buf.subarray(0, at), ins, buf.subarray(at)]);
    } else {
      // token-level edits on the decoded text
      const text = decodeMofBytes(buf);
      const toks = mofLexer.tokenize(text).tokens;
      if (toks.length === 0) continue;
      const t = toks[Math.floor(r() * toks.length)];
      const end = t.startOffset + t.image.length;
      let out: string;
      if (kind === 2) out = text.slice(0, t.startOffset) + text.slice(end);
      else if (kind === 3) out = text.slice(0, end) + ' ' + t.image + text.slice(end);
      else {
        const u = toks[Math.floor(r() * toks.length)];
        const [a, b] = t.startOffset < u.startOffset ? [t, u] : [u, t];
        if (a === b || a.startOffset + a.image.length > b.startOffset) continue;
        out = text.slice(0, a.startOffset) + b.image + text.slice(a.startOffset + a.image.length, b.startOffset) + a.image + text.slice(b.startOffset + b.image.length);
      }
      buf = Buffer.from(out);
    }
  }
  return buf;
}

function checkResult(r: MofLoadResult, label: string): void {
  const bad = r.diagnostics.filter(
    (d: Diagnostic) =>
      !/^MOF\d{4}$/.test(d.code) ||
      !['error', 'warning', 'note'].includes(d.severity) ||
      d.message.length === 0 ||
      (d.location !== undefined && (d.location.line < 1 || d.location.column < 1)),
  );
  if (bad.length > 0) throw new Error(`${label}: untyped diagnostic ${JSON.stringify(bad[0])}`);
  if (r.ok !== !r.diagnostics.some((d) => d.severity === 'error')) throw new Error(`${label}: ok flag disagrees with diagnostics`);
  JSON.stringify(r.schema); // the model stays plain data
}

function checkBudget(text: string, label: string): void {
  const p = parseMof(text);
  if (p.tokenCount > text.length + 1) throw new Error(`${label}: ${p.tokenCount} tokens for ${text.length} characters`);
  if (p.parserWork > 2 * p.tokenCount) throw new Error(`${label}: parser work ${p.parserWork} over budget for ${p.tokenCount} tokens`);
}

function loadBytes(bytes: Buffer, strict: boolean): MofLoadResult {
  return loadMofFiles(['/fuzz/input.mof'], {
    strict,
    readFile: (p) => {
      if (p === '/fuzz/input.mof') return bytes;
      throw Object.assign(new Error('not found'), { code: 'ENOENT' });
    },
  });
}

describe('MOF fuzzing', () => {
  it('10,000 seeded mutations of corpus files give typed diagnostics only, within the step budget', () => {
    const srcs = sources();
    const r = rng(20261123);
    let inputs = 0;
    let rejected = 0;
    for (let i = 0; i < 10_000; i++) {
      const src = srcs[i % srcs.length];
      const bytes = mutate(src, r);
      const label = `input ${i} (source ${i % srcs.length}, seed 20261123)`;
      let result: MofLoadResult;
      try {
        result = loadBytes(bytes, i % 2 === 0);
      } catch (err) {
        throw new Error(`${label}: ${(err as Error).stack}\n--- input ---\n${bytes.toString('latin1').slice(0, 2000)}`);
      }
      checkResult(result, label);
      if (i % 10 === 0) checkBudget(decodeMofBytes(bytes), label);
      inputs++;
      if (!result.ok) rejected++;
    }
    expect(inputs).toBe(10_000);
    // The mutations must actually exercise the error paths.
    expect(rejected).toBeGreaterThan(3_000);
  });

  it.each([
    ['unclosed comments', '/*'.repeat(50_000)],
    ['quotes', '"'.repeat(50_001)],
    ['open braces', '{'.repeat(50_000)],
    ['open brackets', '['.repeat(50_000)],
    ['semicolons', ';'.repeat(50_000)],
    ['broken classes', 'class A { uint32 ; '.repeat(5_000)],
    ['nested instance values', 'instance of X { P = '.repeat(20_000)],
    ['nested instance values, closed', 'class X { X P; }; instance of X { ' + 'P = instance of X { '.repeat(3_000) + '};'.repeat(3_000) + '};'],
    ['a deep inheritance chain', Array.from({ length: 12_000 }, (_, i) => `class C${i + 1} : C${i} { };`).join('\n') + '\nclass C0 { };'],
    ['a macro bomb', Array.from({ length: 40 }, (_, i) => `#define M${i} M${i + 1} M${i + 1}`).join('\n') + '\nclass A { M0 x; };'],
    ['NUL bytes', '\u0000'.repeat(20_000)],
    ['a long identifier', 'class ' + 'a'.repeat(200_000) + ' { };'],
  ])('pathological input: %s', (_name, text) => {
    for (const strict of [false, true]) {
      const r = loadBytes(Buffer.from(text), strict);
      checkResult(r, _name);
    }
    checkBudget(text, _name);
  });
});
