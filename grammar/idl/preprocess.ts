/**
 * The C preprocessor subset IDL files need, run on tokens (the IDL lexer emits each
 * `#…` line as one `Directive` token): `#include` (quoted and angled, through the include
 * directories), `#define`/`#undef` of object-like and function-like macros,
 * `#if`/`#ifdef`/`#ifndef`/`#elif`/`#else`/`#endif` with `defined`, `#error`, and
 * `#pragma`/`#line` (ignored). `import` is not a directive: the parser sees it and the
 * loader resolves it, so each imported file is preprocessed on its own, as MIDL and widl do.
 *
 * Macro bodies support `#` (stringize) and `##` (paste): objidlbase.idl builds its
 * IPipeByte/IPipeLong/IPipeDouble interfaces with a pasting macro. Deliberately not
 * followed: variadic macros (`__VA_ARGS__`), which no SDK IDL uses.
 */

import type { IToken, TokenType } from '../chevrotain.js';
import { formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import {
  Comma,
  CppQuote,
  CppQuoteLine,
  Directive,
  Semicolon,
  StringLiteral,
  Identifier,
  LParen,
  RParen,
  ShiftRight,
  IdlToken,
  idlLexer,
  nameTokenTypes,
} from './tokens.js';
import { IdlPreprocessError, diagnosticAt } from './errors.js';
import { evaluateTokens } from './constexpr.js';
import { unquote } from './strings.js';

const none: IToken[] = [];

export interface Macro {
  readonly name: string;
  /** Parameter names for function-like macros; undefined for object-like ones. */
  readonly params?: readonly string[];
  /** Body tokens, lexed on first use: most macros of SDK headers are never expanded. */
  readonly body: readonly IToken[];
}

/** A macro whose body is lexed the first time it is expanded. */
class LazyMacro implements Macro {
  private tokens?: readonly IToken[];
  constructor(
    readonly name: string,
    readonly params: readonly string[] | undefined,
    private readonly text: string,
    private readonly offset: number,
  ) {}
  get body(): readonly IToken[] {
    return (this.tokens ??= lexPlain(this.text, this.offset));
  }
}

/** A run of output tokens that came from one file: tokens [start, next segment's start). */
export interface Segment {
  readonly start: number;
  readonly file: string;
}

export interface SourceHost {
  /** Returns the text of `path`, or undefined when it does not exist. */
  readFile(path: string): string | undefined;
  /** Resolves an include or import name to a path, or undefined. */
  resolve(name: string, fromFile: string, angled: boolean): string | undefined;
}

/** A `cpp_quote("…")`: C text for the generated header, kept aside, never parsed. */
export interface CppQuote {
  readonly file: string;
  readonly offset: number;
  readonly text: string;
}

export interface PreprocessResult {
  readonly tokens: IToken[];
  /** The cpp_quotes set aside, in a compact list (see CppQuoteList). */
  readonly cppQuotes: CppQuoteList;
  readonly segments: Segment[];
  readonly notes: Diagnostic[];
  /** Every file read, the top one first, with its text (for code frames). */
  readonly texts: Map<string, string>;
  /**
   * Whether a `>>` token was output: only then can a WinRT type argument list end in one
   * (`IVector<IReference<INT32>>`), so the loader scans the tokens for it only then.
   */
  readonly hasShiftRight: boolean;
}

const MAX_INCLUDE_DEPTH = 64;
/** The least room of an output vector (an included file may be larger than its includer). */
const MIN_OUTPUT = 1024;
/** A directive that may be an #include (tested before the directive is parsed). */
const includePrefix = /^#\s*include/;
/** 1 at the index of each token type whose image may name a macro (faster than a Set). */
const nameTokenFlags: Uint8Array = (() => {
  const flags = new Uint8Array(512);
  for (const t of nameTokenTypes) flags[t.tokenTypeIdx!] = 1;
  return flags;
})();
/** Stand-ins for `##` and `#` inside macro bodies (not valid IDL identifiers by convention). */
const PASTE = '__wmigen_paste__';
const STRINGIZE = '__wmigen_stringize__';

interface Conditional {
  /** Whether the enclosing region is active. */
  readonly outerActive: boolean;
  /** Whether some branch of this #if chain was already taken. */
  taken: boolean;
  active: boolean;
  seenElse: boolean;
  readonly offset: number;
}

export class Preprocessor {
  readonly macros = new Map<string, Macro>();
  /**
   * The output once the top file's own vector no longer serves (see processFile): a
   * vector made then with room for twice that file's tokens, filled up to `outCount` and
   * returned as the result (grown by push, it would be copied several times as it grows).
   */
  private out: IToken[] = [];
  private outCount = 0;
  /** Whether the output is in `out` (else in the top file's own vector). */
  private buffered = false;
  private segments: Segment[] = [];
  private notes: Diagnostic[] = [];
  private texts = new Map<string, string>();
  /** The cpp_quotes set aside. */
  private cppQuotes = new CppQuoteList();
  private currentFile = '';
  private hasShiftRight = false;
  /**
   * (length, first character) pairs of the macro names defined: a cheap filter before
   * the map lookup, which hashes the name and would run for every identifier.
   */
  private macroNameKeys: number[] = new Array<number>(MACRO_KEY_WORDS).fill(0);

  constructor(
    private readonly host: SourceHost,
    predefined: Readonly<Record<string, string>> = {},
  ) {
    for (const [name, value] of Object.entries(predefined)) this.define(name, value);
  }

  /** Defines an object-like macro from text, as `-D name=value` would. */
  define(name: string, value: string): void {
    this.setMacro(new LazyMacro(name, undefined, value, 0));
  }

  private setMacro(macro: Macro): void {
    this.macros.set(macro.name, macro);
    const key = macroKey(macro.name);
    this.macroNameKeys[key >>> 5] |= 1 << (key & 31);
  }

  run(file: string, text: string): PreprocessResult {
    this.hasShiftRight = false;
    this.out = none;
    this.outCount = 0;
    this.buffered = false;
    this.segments = [];
    this.notes = [];
    this.texts = new Map();
    this.cppQuotes = new CppQuoteList();
    const tokens = this.processFile(file, text, 0);
    return { tokens, cppQuotes: this.cppQuotes, segments: this.segments, notes: this.notes, texts: this.texts, hasShiftRight: this.hasShiftRight };
  }

  /** Preprocesses one file into the output; for the top file, returns the whole output. */
  private processFile(file: string, text: string, depth: number): IToken[] {
    const outerFile = this.currentFile;
    this.currentFile = file;
    this.texts.set(file, text);
    const lexed = idlLexer.tokenize(text);
    if (lexed.errors.length > 0) {
      const e = lexed.errors[0];
      const d = diagnosticAt('error', 'IDL2002', e.message, file, text, e.offset);
      throw new IdlPreprocessError(formatWithFrame(d, text), [d]);
    }
    const toks: IToken[] = lexed.tokens.map((t) => new IdlToken(t.image, t.startOffset, t.tokenTypeIdx));
    const n = toks.length;
    // The top file's kept tokens are compacted into the lexer's own vector (write index
    // `kept` never passes the read index) until an #include or a macro expansion may add
    // tokens; then they and the rest go to the output buffer. Most SDK files have
    // neither, so they need no second vector.
    let kept = depth === 0 && !this.buffered ? 0 : -1;
    this.segments.push({ start: kept === 0 ? 0 : this.outCount, file });
    let out = this.out;
    const macros = this.macros;
    const keys = this.macroNameKeys;
    const stack: Conditional[] = [];
    let active = true;
    // One pass over the file's tokens: plain tokens go straight out; a macro name or a
    // cpp_quote keyword goes to expandAt, bounded (as a run of expandRange was) by the
    // next directive, found once per run and only when needed.
    let runEnd = -1;
    for (let i = 0; i < n; i++) {
      const tok = toks[i];
      const type = tok.tokenType;
      if (type === Directive) {
        if (kept >= 0 && includePrefix.test(tok.image)) {
          out = this.bufferKept(toks, kept);
          kept = -1;
        }
        active = this.directive(tok, file, text, stack, active, depth);
        continue;
      }
      if (!active) continue;
      if (type === CppQuoteLine) {
        this.addCppQuote(new CppQuoteOfToken(file, tok.startOffset, tok.image));
        continue;
      }
      if (type !== CppQuote && (nameTokenFlags[tok.tokenTypeIdx] !== 1 || !hasMacroKey(keys, tok.image) || !macros.has(tok.image))) {
        if (type === ShiftRight) this.hasShiftRight = true;
        if (kept >= 0) toks[kept++] = tok;
        else out[this.outCount++] = tok;
        continue;
      }
      if (kept >= 0) {
        out = this.bufferKept(toks, kept);
        kept = -1;
      }
      if (runEnd <= i) {
        runEnd = i + 1;
        while (runEnd < n && toks[runEnd].tokenType !== Directive) runEnd++;
      }
      const expanded: IToken[] = [];
      i = this.expandAt(toks, i, runEnd, undefined, expanded);
      this.appendOutput(expanded);
    }
    this.currentFile = outerFile;
    if (stack.length > 0) {
      const d = diagnosticAt('error', 'IDL1001', 'unterminated conditional directive', file, text, stack[stack.length - 1].offset);
      throw new IdlPreprocessError(formatWithFrame(d, text), [d]);
    }
    if (kept >= 0) {
      toks.length = kept;
      return toks;
    }
    return depth === 0 ? this.takeOutput() : none;
  }

  private addCppQuote(quote: CppQuote): void {
    this.cppQuotes.add(quote);
  }

  /** Moves the top file's kept tokens to the output buffer, which takes the rest. */
  private bufferKept(toks: readonly IToken[], kept: number): IToken[] {
    const out = new Array<IToken>(Math.max(2 * toks.length, MIN_OUTPUT));
    for (let k = 0; k < kept; k++) out[k] = toks[k];
    this.out = out;
    this.outCount = kept;
    this.buffered = true;
    return out;
  }

  private appendOutput(tokens: readonly IToken[]): void {
    const out = this.out;
    for (let k = 0; k < tokens.length; k++) out[this.outCount++] = tokens[k];
  }

  /** The output buffer's tokens as a vector of their count; the buffer is cleared. */
  private takeOutput(): IToken[] {
    const tokens = this.out;
    tokens.length = this.outCount;
    this.out = none;
    this.outCount = 0;
    return tokens;
  }

  /** Handles one directive; returns whether the region after it is active. */
  private directive(
    tok: IToken,
    file: string,
    text: string,
    stack: Conditional[],
    active: boolean,
    depth: number,
  ): boolean {
    const image = tok.image;
    // Continuations and comments are rare in directives: replaced only when present.
    const joined = image.indexOf('\\') < 0 ? image : image.replace(/\\\r?\n/g, ' ');
    const line = joined.indexOf('/') < 0 ? joined : stripComments(joined);
    // `#`, space, the directive's name, space, the rest (trimmed): what
    // /^#\s*([A-Za-z_]\w*)?\s*([\s\S]*)$/ gives, read without its match array.
    let k = 1;
    while (k < line.length && isJsSpace(line.charCodeAt(k))) k++;
    let name = '';
    if (k < line.length && isWordStart(line.charCodeAt(k))) {
      let end = k + 1;
      while (end < line.length && isWordPart(line.charCodeAt(end))) end++;
      name = line.slice(k, end);
      k = end;
    }
    const rest = line.slice(k).trim();
    const fail = (code: 'IDL1001' | 'IDL1002' | 'IDL1003', message: string): never => {
      const d = diagnosticAt('error', code, message, file, text, tok.startOffset);
      throw new IdlPreprocessError(formatWithFrame(d, text), [d]);
    };
    switch (name) {
      case 'if':
      case 'ifdef':
      case 'ifndef': {
        let cond = false;
        if (active) {
          if (name === 'if') cond = this.evaluateCondition(rest, file, text, tok.startOffset);
          else {
            const id = /^[A-Za-z_]\w*/.exec(rest)?.[0];
            if (!id) fail('IDL1002', `#${name} needs a macro name`);
            cond = this.macros.has(id!) === (name === 'ifdef');
          }
        }
        stack.push({ outerActive: active, taken: cond, active: active && cond, seenElse: false, offset: tok.startOffset });
        return active && cond;
      }
      case 'elif': {
        const top = stack[stack.length - 1];
        if (!top || top.seenElse) fail('IDL1001', '#elif without #if');
        let cond = false;
        if (top.outerActive && !top.taken) cond = this.evaluateCondition(rest, file, text, tok.startOffset);
        top.active = top.outerActive && !top.taken && cond;
        if (cond) top.taken = true;
        return top.active;
      }
      case 'else': {
        const top = stack[stack.length - 1];
        if (!top || top.seenElse) fail('IDL1001', '#else without #if');
        top.seenElse = true;
        top.active = top.outerActive && !top.taken;
        top.taken = true;
        return top.active;
      }
      case 'endif': {
        const top = stack.pop();
        if (!top) fail('IDL1001', '#endif without #if');
        return top!.outerActive;
      }
      default:
        break;
    }
    if (!active) return false;
    switch (name) {
      case 'define':
        this.defineFromDirective(rest, file, text, tok.startOffset);
        break;
      case 'undef': {
        const id = /^[A-Za-z_]\w*/.exec(rest)?.[0];
        if (!id) fail('IDL1002', '#undef needs a macro name');
        this.macros.delete(id!);
        break;
      }
      case 'include':
        this.include(rest, file, text, tok.startOffset, depth);
        break;
      case 'error':
        fail('IDL1003', `#error ${rest}`);
        break;
      case 'warning':
        this.notes.push(diagnosticAt('warning', 'IDL1003', `#warning ${rest}`, file, text, tok.startOffset));
        break;
      case 'pragma':
      case 'line':
      case 'ident':
      case '':
        // `#pragma` carries compiler options only; `#line` would only move locations.
        break;
      default:
        fail('IDL1002', `unknown directive #${name}`);
    }
    return true;
  }

  private include(rest: string, file: string, text: string, offset: number, depth: number): void {
    // The operand may itself be a macro that names the file.
    let operand = rest;
    if (/^[A-Za-z_]/.test(operand)) {
      const expanded: IToken[] = [];
      const toks = lexPlain(operand);
      this.expandRange(toks, 0, toks.length, undefined, expanded);
      operand = expanded.map((t) => t.image).join('');
    }
    const m = /^"([^"]+)"|^<([^>]+)>/.exec(operand);
    if (!m) {
      const d = diagnosticAt('error', 'IDL1002', `malformed #include ${rest}`, file, text, offset);
      throw new IdlPreprocessError(formatWithFrame(d, text), [d]);
    }
    const angled = m[2] !== undefined;
    const name = m[1] ?? m[2];
    const path = this.host.resolve(name, file, angled);
    const included = path === undefined ? undefined : this.host.readFile(path);
    if (path === undefined || included === undefined) {
      if (angled) {
        // System headers (<_mingw.h>, <string.h>) are not IDL; their few macros that IDL
        // needs are predefined (see defaultDefines).
        this.notes.push(diagnosticAt('note', 'IDL1006', `#include <${name}> not found in the include directories; skipped`, file, text, offset));
        return;
      }
      const d = diagnosticAt('error', 'IDL1004', `#include "${name}": file not found`, file, text, offset);
      throw new IdlPreprocessError(formatWithFrame(d, text), [d]);
    }
    if (depth >= MAX_INCLUDE_DEPTH) {
      const d = diagnosticAt('error', 'IDL1005', `#include nested more than ${MAX_INCLUDE_DEPTH} deep`, file, text, offset);
      throw new IdlPreprocessError(formatWithFrame(d, text), [d]);
    }
    this.processFile(path, included, depth + 1);
    this.segments.push({ start: this.outCount, file });
  }

  private defineFromDirective(rest: string, file: string, text: string, offset: number): void {
    const m = /^([A-Za-z_]\w*)(\(([^)]*)\))?\s*([\s\S]*)$/.exec(rest);
    if (!m) {
      const d = diagnosticAt('error', 'IDL1002', `malformed #define ${rest}`, file, text, offset);
      throw new IdlPreprocessError(formatWithFrame(d, text), [d]);
    }
    const [, name, paren, paramText, bodyText] = m;
    // `#` and `##` would lex as a directive: mark them first (outside literals).
    const marked = bodyText.indexOf('#') < 0 ? bodyText : bodyText.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|##|#/g, (s) =>
      s === '##' ? ` ${PASTE} ` : s === '#' ? ` ${STRINGIZE} ` : s,
    );
    const params = paren === undefined ? undefined : paramText.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
    this.setMacro(new LazyMacro(name, params, marked, offset));
  }

  /**
   * `cpp_quote ( "…" "…" ) ;?` at toks[i]: records it aside and returns the index of its
   * last token, or returns i when the tokens do not have that shape (the parser reports it).
   */
  private takeCppQuote(toks: readonly IToken[], i: number, end: number): number {
    if (i + 3 >= end || toks[i + 1].tokenType !== cppQuoteShape[1]) return i;
    let j = i + 2;
    let text = '';
    while (j < end && toks[j].tokenType === StringLiteral) text += unquote(toks[j++].image);
    if (j === i + 2 || j >= end || toks[j].tokenType !== RParen) return i;
    if (j + 1 < end && toks[j + 1].tokenType === Semicolon) j++;
    this.addCppQuote({ file: this.currentFile, offset: toks[i].startOffset, text });
    return j;
  }

  /** Replaces parameters in a macro body, then applies `#` and `##`. */
  private substitute(macro: Macro, args: IToken[][], hide: ReadonlySet<string> | undefined): IToken[] {
    const params = macro.params ?? [];
    const body = macro.body;
    const argIndex = (t: IToken | undefined) => (t && t.tokenType === Identifier ? params.indexOf(t.image) : -1);
    const items: IToken[] = [];
    let pasteNext = false;
    for (let i = 0; i < body.length; i++) {
      const b = body[i];
      if (b.image === STRINGIZE && argIndex(body[i + 1]) >= 0) {
        const arg = args[argIndex(body[i + 1])] ?? [];
        const str = arg.map((t) => t.image).join(' ').replace(/\\/g, '\\\\').replace(/"/g, '\\"');
        items.push(...lexPlain(`"${str}"`, b.startOffset));
        i++;
        continue;
      }
      if (b.image === PASTE) {
        pasteNext = true;
        continue;
      }
      const k = argIndex(b);
      let piece: IToken[];
      if (k < 0) piece = [b];
      else {
        const arg = args[k] ?? [];
        // Operands of ## are pasted unexpanded, other arguments are expanded first.
        const raw = pasteNext || body[i + 1]?.image === PASTE;
        if (raw) piece = arg;
        else {
          piece = [];
          this.expandRange(arg, 0, arg.length, hide, piece);
        }
      }
      if (pasteNext && items.length > 0 && piece.length > 0) {
        const left = items.pop()!;
        const joined = lexPlain(left.image + piece[0].image, left.startOffset);
        items.push(...joined, ...piece.slice(1));
      } else items.push(...piece);
      pasteNext = false;
    }
    return items;
  }

  private evaluateCondition(expr: string, file: string, text: string, offset: number): boolean {
    // `defined X` / `defined(X)` are answered before expansion, as cpp does.
    const replaced = expr.replace(/\bdefined\s*(?:\(\s*([A-Za-z_]\w*)\s*\)|([A-Za-z_]\w*))/g, (_, a, b) =>
      this.macros.has(a ?? b) ? ' 1 ' : ' 0 ',
    );
    const toks = lexPlain(replaced);
    const expanded: IToken[] = [];
    this.expandRange(toks, 0, toks.length, undefined, expanded);
    try {
      return evaluateTokens(expanded) !== 0n;
    } catch (err) {
      const d = diagnosticAt('error', 'IDL1002', `cannot evaluate #if ${expr}: ${(err as Error).message}`, file, text, offset);
      throw new IdlPreprocessError(formatWithFrame(d, text), [d]);
    }
  }

  /**
   * Appends toks[start, end) to `out`, expanding macros. `hide` holds the names being
   * expanded, so a macro never expands inside itself (C's rule, simplified to one set).
   */
  private expandRange(
    toks: readonly IToken[],
    start: number,
    end: number,
    hide: ReadonlySet<string> | undefined,
    out: IToken[],
  ): void {
    for (let i = start; i < end; i++) i = this.expandAt(toks, i, end, hide, out);
  }

  /** Appends toks[i] (expanded when it names a macro) to `out`; returns the last index it consumed. */
  private expandAt(
    toks: readonly IToken[],
    i: number,
    end: number,
    hide: ReadonlySet<string> | undefined,
    out: IToken[],
  ): number {
    {
      const tok = toks[i];
      if (tok.tokenType === CppQuoteLine) {
        this.addCppQuote(new CppQuoteOfToken(this.currentFile, tok.startOffset, tok.image));
        return i;
      }
      if (tok.tokenType === CppQuote && hide === undefined) {
        const next = this.takeCppQuote(toks, i, end);
        if (next > i) return next;
      }
      const macro =
        nameTokenFlags[tok.tokenTypeIdx] === 1 && hasMacroKey(this.macroNameKeys, tok.image) ? this.macros.get(tok.image) : undefined;
      if (macro === undefined || (hide !== undefined && hide.has(macro.name))) {
        if (tok.tokenType === ShiftRight) this.hasShiftRight = true;
        out.push(tok);
        return i;
      }
      let body: readonly IToken[] = macro.body;
      if (macro.params !== undefined) {
        if (i + 1 >= end || toks[i + 1].tokenType !== LParen) {
          out.push(tok); // a function-like macro's name without arguments is just a name
          return i;
        }
        const args: IToken[][] = [[]];
        let depth = 0;
        let j = i + 2;
        for (; j < end; j++) {
          const t = toks[j];
          if (t.tokenType === LParen) depth++;
          else if (t.tokenType === RParen) {
            if (depth === 0) break;
            depth--;
          } else if (t.tokenType === Comma && depth === 0) {
            args.push([]);
            continue;
          }
          args[args.length - 1].push(t);
        }
        // The closing parenthesis; when unbalanced, the run's last token (so a caller's
        // loop next sees the directive that ends the run, as before).
        i = j < end ? j : end - 1;
        body = this.substitute(macro, args, hide);
      } else if (macro.body.some((t) => t.image === PASTE)) {
        body = this.substitute(macro, [], hide);
      }
      const inner = new Set(hide);
      inner.add(macro.name);
      // Expanded tokens take the position of the use, so errors point at the use site.
      const placed = body.map((b) => relocate(b, tok));
      this.expandRange(placed, 0, placed.length, inner, out);
      return i;
    }
  }
}

const cppQuoteShape = [CppQuote, LParen];

/**
 * The cpp_quotes of one preprocessed file. SDK IDLs hold thousands (msxml.idl alone
 * 3,350) and the model only counts them by file: `countByFile` counts them without
 * decoding their text, which a CppQuote decodes only when read.
 */
export class CppQuoteList {
  private readonly items: CppQuote[] = [];

  add(quote: CppQuote): void {
    this.items.push(quote);
  }

  /** Calls `count(file, n)` for each run of `n` cpp_quotes of one file, in order. */
  countByFile(count: (file: string, n: number) => void): void {
    let file: string | undefined;
    let run = 0;
    for (const item of this.items) {
      if (item.file !== file) {
        if (file !== undefined) count(file, run);
        file = item.file;
        run = 0;
      }
      run++;
    }
    if (file !== undefined) count(file, run);
  }

  toArray(): CppQuote[] {
    return [...this.items];
  }
}

/** A `cpp_quote` from a CppQuoteLine token (of a macro body or an expanded run), decoded when read. */
class CppQuoteOfToken implements CppQuote {
  constructor(
    readonly file: string,
    readonly offset: number,
    private readonly image: string,
  ) {}
  get text(): string {
    return cppQuoteText(this.image);
  }
  toJSON(): { file: string; offset: number; text: string } {
    return { file: this.file, offset: this.offset, text: this.text };
  }
}

/** The text of a `cpp_quote("a" "b")` token: its string literals, unquoted and joined. */
function cppQuoteText(image: string): string {
  let text = '';
  for (const m of image.matchAll(/L?"(?:[^"\\\n]|\\.)*"/g)) text += unquote(m[0]);
  return text;
}

/**
 * The (length, first character) keys as bits in 128 small integers: a plain array, as
 * each file's preprocessor makes one and a typed array's separate backing store costs
 * more to allocate.
 */
const MACRO_KEY_WORDS = (32 * 128) >>> 5;

function hasMacroKey(keys: readonly number[], name: string): boolean {
  const key = macroKey(name);
  return (keys[key >>> 5] & (1 << (key & 31))) !== 0;
}

function macroKey(name: string): number {
  return ((name.length < 31 ? name.length : 31) << 7) | (name.charCodeAt(0) & 127);
}

function relocate(t: IToken, at: IToken): IToken {
  return new IdlToken(t.image, at.startOffset, t.tokenTypeIdx);
}

/** JavaScript's `\s`: white space and line terminators. */
function isJsSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function isWordStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/** `\w`. */
function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57);
}

function stripComments(s: string): string {
  return s.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/, '');
}

function lexPlain(text: string, offset = 0): IToken[] {
  const r = idlLexer.tokenize(text);
  return r.tokens
    .filter((t) => t.tokenType !== Directive)
    .map((t) => new IdlToken(t.image, offset, t.tokenTypeIdx));
}

function formatWithFrame(d: Diagnostic, text: string): string {
  return formatDiagnostic(d, text);
}

export type { TokenType };
