/**
 * `parseMof(text)`: lex and parse one decoded MOF file into its plain AST, collecting every
 * lexical and syntax error rather than stopping at the first.
 *
 * The Chevrotain lexer (tokens.ts) and parser (parser.ts) are the whole grammar. The file
 * is parsed once; only when that fails is it parsed again production by production (split
 * at `;` outside braces and before `#pragma`), so that one bad class does not hide the
 * errors in the next ones.
 */

import { EOF, type IToken } from '../chevrotain.js';
import type { ProductionAst } from './ast.js';
import { MofParser } from './parser.js';
import * as T from './tokens.js';

export type { ProductionAst } from './ast.js';
export { decodeMofBytes } from './decode.js';

export interface MofSyntaxProblem {
  readonly offset: number;
  readonly message: string;
  /** `lexical` (bad character), `syntax` (grammar), `literal` (bad escape, number, char). */
  readonly kind: 'lexical' | 'syntax' | 'literal';
}

export interface MofParseResult {
  readonly productions: ProductionAst[];
  readonly problems: MofSyntaxProblem[];
  readonly tokenCount: number;
  /**
   * Tokens fed to the parser over all passes (the fast pass plus, after an error, the
   * production-by-production pass): at most twice `tokenCount`, which the fuzz test checks
   * as its linear-time step budget.
   */
  readonly parserWork: number;
}

/** Syntax errors reported per file before giving up (each costs a Chevrotain exception). */
const maxSyntaxErrors = 100;

let sharedParser: MofParser | undefined;
function parser(): MofParser {
  return (sharedParser ??= new MofParser());
}

function describeToken(tok: IToken): string {
  if (tok.tokenType === EOF) return 'end of input';
  const image = tok.image.length > 40 ? tok.image.slice(0, 37) + '...' : tok.image;
  return `'${image}'`;
}

/** Shortens Chevrotain's "Expecting ... but found ..." into one line for users. */
function syntaxMessage(err: { message: string; token: IToken }): string {
  const found = describeToken(err.token);
  if (err.token.tokenType === EOF) return 'Unexpected end of MOF';
  const expecting = /Expecting:? (?:token of type )?--> ?(\w+) ?<--/.exec(err.message);
  if (expecting) return `syntax error: expected ${expecting[1]} but found ${found}`;
  return `syntax error: unexpected ${found}`;
}

/** Splits a token vector into top-level productions for error recovery. */
function splitProductions(tokens: IToken[]): IToken[][] {
  const count = tokens.length;
  const chunks: IToken[][] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < count; i++) {
    const tt = tokens[i].tokenType;
    if (tt === T.Pragma && i > start) {
      chunks.push(tokens.slice(start, i));
      start = i;
      depth = 0;
    } else if (tt === T.LCurly) depth++;
    else if (tt === T.RCurly) depth = Math.max(0, depth - 1);
    else if (tt === T.Semicolon && depth === 0) {
      chunks.push(tokens.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < count) chunks.push(tokens.slice(start, count));
  return chunks;
}

/**
 * Replaces identifiers that name object-like C macros by the macro's tokens (see
 * preprocess.ts); the inserted tokens carry the offset of the use.
 */
function expandMacros(tokens: IToken[], macros: ReadonlyMap<string, string>, problems: MofSyntaxProblem[]): IToken[] {
  const bodies = new Map<string, IToken[]>();
  const out: IToken[] = [];
  // Nested macros can grow exponentially (#define A B B, #define B C C, ...): cap the output.
  let budget = 100_000 + tokens.length * 4;
  const body = (name: string, at: IToken): IToken[] => {
    let b = bodies.get(name);
    if (b === undefined) {
      const lexed = T.mofLexer.tokenize(macros.get(name)!);
      if (lexed.errors.length > 0) {
        problems.push({ offset: at.startOffset, message: `macro ${name} does not expand to MOF tokens`, kind: 'lexical' });
      }
      b = lexed.tokens;
      bodies.set(name, b);
    }
    return b;
  };
  /** Appends the expansion of `name` to `out`, every token placed at the use `at`. */
  const emit = (name: string, at: IToken, active: Set<string>): void => {
    for (const t of body(name, at)) {
      if (budget <= 0) return;
      if (t.tokenType === T.Identifier && macros.has(t.image) && !active.has(t.image)) {
        active.add(t.image);
        emit(t.image, at, active);
        active.delete(t.image);
      } else {
        out.push({ ...t, startOffset: at.startOffset, endOffset: at.endOffset });
        budget--;
      }
    }
  };
  for (const t of tokens) {
    if (t.tokenType !== T.Identifier || !macros.has(t.image)) {
      out.push(t);
      continue;
    }
    emit(t.image, t, new Set([t.image]));
    if (budget <= 0) {
      problems.push({ offset: t.startOffset, message: `macro expansion of ${t.image} is too large`, kind: 'lexical' });
      break;
    }
  }
  return out;
}

/** The tokens of `text`; lexical errors (bad characters, unterminated comments and literals) go to `problems`. */
function lex(text: string, problems: MofSyntaxProblem[]): IToken[] {
  const lexed = T.mofLexer.tokenize(text);
  for (const t of (lexed.groups.errors as IToken[] | undefined) ?? []) {
    const what = t.tokenType === T.UnterminatedComment ? 'unterminated comment' : `unterminated literal ${JSON.stringify(t.image.slice(0, 20))}`;
    problems.push({ offset: t.startOffset, message: what, kind: 'lexical' });
  }
  for (const e of lexed.errors.slice(0, maxSyntaxErrors)) {
    const ch = text.slice(e.offset, e.offset + Math.max(1, Math.min(e.length, 20)));
    const what = ch[0] === '"' || ch[0] === "'" ? `unterminated literal ${JSON.stringify(ch)}` : `unexpected character ${JSON.stringify(ch)}`;
    problems.push({ offset: e.offset, message: what, kind: 'lexical' });
  }
  return lexed.tokens;
}

export function parseMof(text: string, macros?: ReadonlyMap<string, string>): MofParseResult {
  const problems: MofSyntaxProblem[] = [];
  const lexical: MofSyntaxProblem[] = [];
  let tokens = lex(text, lexical);
  if (macros !== undefined && macros.size > 0) tokens = expandMacros(tokens, macros, problems);
  const count = tokens.length;
  // After the macro problems, as before (problems at one offset keep this order).
  for (const p of lexical) problems.push(p);
  const p = parser();
  p.problems = [];
  let parserWork = count;
  let productions: ProductionAst[];
  try {
    p.input = tokens;
    productions = p.mofFile();
  } catch (err) {
    // A stack overflow on absurdly nested input (instance values inside instance values):
    // a diagnostic, not a crash.
    if (!(err instanceof RangeError)) throw err;
    p.input = [];
    problems.push({ offset: 0, message: 'input is nested too deeply to parse', kind: 'syntax' });
    return { productions: [], problems, tokenCount: count, parserWork };
  }
  if (p.errors.length > 0) {
    productions = [];
    p.problems = [];
    let reported = 0;
    for (const chunk of splitProductions(tokens)) {
      if (reported >= maxSyntaxErrors) {
        problems.push({ offset: chunk[0].startOffset, message: `too many syntax errors; the rest of the file is not checked`, kind: 'syntax' });
        break;
      }
      parserWork += chunk.length;
      p.input = chunk;
      let part: ProductionAst[];
      try {
        part = p.mofFile();
      } catch (err) {
        if (!(err instanceof RangeError)) throw err;
        p.input = [];
        problems.push({ offset: chunk[0].startOffset, message: 'input is nested too deeply to parse', kind: 'syntax' });
        continue;
      }
      if (p.errors.length > 0) {
        const err = p.errors[0];
        const offset = err.token.tokenType === EOF ? (chunk.length > 0 ? chunkEnd(chunk) : text.length) : err.token.startOffset;
        problems.push({ offset, message: syntaxMessage(err), kind: 'syntax' });
        reported++;
      } else {
        productions.push(...part);
      }
    }
  }
  for (const pr of p.problems) problems.push({ offset: pr.offset, message: pr.message, kind: 'literal' });
  problems.sort((a, b) => a.offset - b.offset);
  // The shared parser would otherwise keep the file's tokens alive until the next parse.
  p.input = [];
  return { productions, problems, tokenCount: count, parserWork };
}

function chunkEnd(chunk: IToken[]): number {
  const last = chunk[chunk.length - 1];
  return last.endOffset !== undefined && !Number.isNaN(last.endOffset) ? last.endOffset + 1 : last.startOffset + last.image.length;
}

/** Bare tokenization of the same text, for the benchmark's baseline. */
export function tokenizeMof(text: string): number {
  return T.mofLexer.tokenize(text).tokens.length;
}
