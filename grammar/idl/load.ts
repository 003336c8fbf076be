/**
 * Loads an IDL file and its whole import closure: preprocess each file, parse it, and
 * follow its `import` statements through the include directories, each file once.
 * A `.h` import is preprocessed and parsed with the same grammar (SDK headers that IDL
 * imports are written so that MIDL/widl can read them: typedefs and defines); when a
 * header holds C the grammar does not take, it is skipped with a note and its types
 * stay unknown to the model.
 */

import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { IToken } from '../chevrotain.js';
import { formatDiagnostic, locate, type Diagnostic } from '../diagnostics.js';
import type { ParsedFile } from './ast.js';
import { IdlImportError, IdlSyntaxError, IdlError, diagnosticAt } from './errors.js';
import { idlParser, unquote } from './parser.js';
import { Comma, Greater, IdlToken, Import, Less, ShiftRight, StringLiteral, nameTokenTypes } from './tokens.js';
import { CppQuoteList, Preprocessor, type Segment, type SourceHost } from './preprocess.js';

/** One file preprocessed (and, once asked, parsed), reusable by later loads. */
export interface CachedFile {
  readonly text: string;
  readonly definesKey: string;
  readonly texts: ReadonlyMap<string, string>;
  readonly imports: readonly { readonly name: string; readonly offset: number; readonly fromFile: string }[];
  readonly notes: Diagnostic[];
  /** The parsed file, or undefined for a C header skipped with a note. */
  parse(): ParsedFile | undefined;
}

/**
 * Parsed files kept between loads in one process (keyed by path, checked against the
 * text and the defines): loading many roots that share imports parses each import once.
 */
export type IdlParseCache = Map<string, CachedFile>;

export interface LoadOptions {
  /** Reuse parsed files across calls (e.g. many roots over one SDK). */
  readonly cache?: IdlParseCache;
  /** Directories searched for `import` and `#include`, after the importing file's own. */
  readonly includeDirs?: readonly string[];
  /** Macros defined before every file, like `-D`. Replaces `defaultDefines` when given. */
  readonly defines?: Readonly<Record<string, string>>;
  /** Reads a file; defaults to the file system (UTF-8). Tests pass an in-memory map. */
  readonly readFile?: (path: string) => string | undefined;
}

/**
 * Predefined macros: `__WIDL__` selects the branches of SDK headers written for IDL
 * compilers, `_WIN32`/`_WIN64` the 64-bit Windows target (so `__int3264` is 64-bit), and
 * the two macros mingw-w64 headers take from `<_mingw.h>`, which is not IDL and is not
 * read (its `#include` is skipped with a note).
 */
export const defaultDefines: Readonly<Record<string, string>> = {
  __WIDL__: '1',
  _WIN32: '1',
  _WIN64: '1',
  __MINGW_EXTENSION: '',
  __LONG32: 'long',
};

export interface IdlProgram {
  readonly root: string;
  /** Every file of the closure, imports before the files importing them. */
  readonly files: readonly ParsedFile[];
  readonly notes: readonly Diagnostic[];
  /** Source text of every file read, for code frames. */
  readonly texts: ReadonlyMap<string, string>;
}

function fsRead(path: string): string | undefined {
  try {
    let text = readFileSync(path, 'utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return text;
  } catch {
    return undefined;
  }
}

/**
 * How a load finds and reads files. A name is resolved by reading the candidate (asking
 * whether it exists only when that fails, e.g. a directory): the text is kept for the read
 * that follows, so a file found costs one open instead of a stat and an open. Most files
 * import the same few (unknwn.idl, wtypes.idl, …): each name is looked up once per
 * directory it is imported from, not once per import statement.
 */
function fileHost(options: LoadOptions, includeDirs: readonly string[]): { host: SourceHost; readFile: (path: string) => string | undefined } {
  const read = options.readFile ?? fsRead;
  const exists = options.readFile ? (p: string) => read(p) !== undefined : existsSync;
  const readAhead = new Map<string, string>();
  /** Paths read in this load (found again without reading). */
  const readPaths = new Set<string>();
  const readFile = (path: string): string | undefined => {
    let text = readAhead.get(path);
    if (text === undefined) text = read(path);
    else readAhead.delete(path);
    if (text !== undefined) readPaths.add(path);
    return text;
  };
  const found = (candidate: string): boolean => {
    if (readAhead.has(candidate) || readPaths.has(candidate)) return true;
    const text = read(candidate);
    if (text === undefined) return exists(candidate);
    readAhead.set(candidate, text);
    return true;
  };
  const resolved = new Map<string, string | undefined>();
  const host: SourceHost = {
    readFile,
    resolve(name, fromFile, angled) {
      const key = `${angled ? '<' : dirname(fromFile)}\u0000${name}`;
      if (resolved.has(key)) return resolved.get(key);
      let path: string | undefined;
      if (isAbsolute(name)) path = found(name) ? name : undefined;
      else {
        const dirs = angled ? includeDirs : [dirname(fromFile), ...includeDirs];
        for (const dir of dirs) {
          const candidate = join(dir, name);
          if (found(candidate)) {
            path = candidate;
            break;
          }
        }
      }
      resolved.set(key, path);
      return path;
    },
  };
  return { host, readFile };
}

export function loadIdl(rootPath: string, options: LoadOptions = {}): IdlProgram {
  const includeDirs = options.includeDirs ?? [];
  const { host, readFile } = fileHost(options, includeDirs);
  const defines = options.defines ?? defaultDefines;
  const files: ParsedFile[] = [];
  const notes: Diagnostic[] = [];
  const texts = new Map<string, string>();
  const seen = new Set<string>();
  const root = options.readFile ? rootPath : resolve(rootPath);
  idlParser().typeNames.clear();

  const definesKey = JSON.stringify(defines);
  const parser = idlParser();

  const visit = (path: string, isHeader: boolean): void => {
    if (seen.has(path)) return;
    seen.add(path);
    const text = readFile(path);
    if (text === undefined) throw new IdlImportError(`cannot read ${path}`, [{ severity: 'error', code: 'IDL3001', message: `cannot read ${path}`, location: { file: path, line: 1, column: 1 } }]);
    const cached = options.cache?.get(path);
    const entry = cached && cached.text === text && cached.definesKey === definesKey ? cached : parseFile(path, text, isHeader);
    if (entry !== cached) options.cache?.set(path, entry);
    for (const [f, t] of entry.texts) texts.set(f, t);
    // Imports first, so the typedef names they declare are known when this file's
    // casts are parsed, and dependencies precede dependents.
    for (const imp of entry.imports) {
      const target = host.resolve(imp.name, imp.fromFile, false);
      if (target === undefined) {
        const d = diagnosticAt('error', 'IDL3001', `import "${imp.name}": file not found in ${[dirname(imp.fromFile), ...includeDirs].join(', ')}`, imp.fromFile, texts.get(imp.fromFile), imp.offset);
        throw new IdlImportError(formatDiagnostic(d, texts.get(imp.fromFile)), [d]);
      }
      visit(target, /\.h$/i.test(target));
    }
    const parsed = entry.parse();
    notes.push(...entry.notes);
    if (parsed) files.push(parsed);
  };

  /** Preprocesses now; parses when `parse()` is first called (after the imports). */
  const parseFile = (path: string, text: string, isHeader: boolean): CachedFile => {
    // A fresh macro table per imported file: imports do not share macros.
    const pre = new Preprocessor(host, defines).run(path, text);
    const notesOfFile: Diagnostic[] = [...pre.notes];
    let result: { parsed?: ParsedFile; typeNames: string[] } | undefined;
    const entry: CachedFile = {
      text,
      definesKey,
      texts: pre.texts,
      imports: scanImports(pre.tokens).map((imp) => ({ name: imp.name, offset: imp.offset, fromFile: imp.file(pre.segments) })),
      notes: notesOfFile,
      parse: () => {
        if (result) {
          for (const n of result.typeNames) parser.typeNames.add(n);
          return result.parsed;
        }
        const before = parser.typeNames.size;
        try {
          const parsed = withCppQuotes(parseTokens(path, pre.tokens, pre.segments, pre.texts, pre.hasShiftRight), pre.cppQuotes);
          // The names this file added, for a later load that takes it from the cache
          // (without a cache, parse() is called once: no copy of the whole set).
          result = { parsed, typeNames: options.cache ? [...parser.typeNames].slice(before) : [] };
        } catch (err) {
          if (!(isHeader && err instanceof IdlSyntaxError)) throw err;
          const d = err.diagnostics[0];
          notesOfFile.push({
            severity: 'note',
            code: 'IDL3002',
            message: `C header ${path} holds declarations outside the IDL subset (${d?.message ?? 'syntax error'}); it was skipped and its types are unknown`,
            location: d?.location,
          });
          result = { typeNames: [] };
        }
        return result.parsed;
      },
    };
    return entry;
  };
  try {
    visit(root, /\.h$/i.test(root));
  } finally {
    // The parser outlives the load: its set of type names must not keep the load's
    // names (and through them the file texts they are cut from) alive until the next.
    parser.typeNames.clear();
  }
  return { root, files, notes, texts };
}

const cppQuoteListKey = Symbol('cppQuoteList');

/**
 * The parsed file with its cpp_quotes: `cppQuotes` stays an own enumerable property in
 * its place (the JSON is unchanged) but its objects are made on first read (see
 * CppQuoteList); the compact list is kept under a hidden key for `countCppQuotes`.
 */
function withCppQuotes(parsed: ParsedFile, list: CppQuoteList): ParsedFile {
  Object.defineProperty(parsed, 'cppQuotes', {
    enumerable: true,
    configurable: true,
    get(): ParsedFile['cppQuotes'] {
      const quotes = list.toArray();
      Object.defineProperty(parsed, 'cppQuotes', { value: quotes, enumerable: true, configurable: true, writable: false });
      return quotes;
    },
  });
  Object.defineProperty(parsed, cppQuoteListKey, { value: list, enumerable: false });
  return parsed;
}

/**
 * Calls `count(file, n)` for each run of `n` cpp_quotes of one file in a parsed file,
 * in order, without making the cpp_quote objects when the loader kept them compact.
 */
export function countCppQuotes(parsed: ParsedFile, count: (file: string, n: number) => void): void {
  const list = (parsed as { [cppQuoteListKey]?: CppQuoteList })[cppQuoteListKey];
  if (list !== undefined && !Object.getOwnPropertyDescriptor(parsed, 'cppQuotes')?.value) {
    list.countByFile(count);
    return;
  }
  let file: string | undefined;
  let run = 0;
  for (const q of parsed.cppQuotes) {
    if (q.file !== file) {
      if (file !== undefined) count(file, run);
      file = q.file;
      run = 0;
    }
    run++;
  }
  if (file !== undefined) count(file, run);
}

/**
 * `IVector<IReference<INT32>>` lexes its end as one `>>`: inside type arguments (a `<`
 * right after a name) that is two closers. Returns `tokens` itself when nothing changes.
 */
function splitGenericClosers(tokens: IToken[]): IToken[] {
  let out: IToken[] | undefined;
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.tokenType === Less && i > 0 && nameTokenTypes.has(tokens[i - 1].tokenType)) depth++;
    else if (t.tokenType === Greater && depth > 0) depth--;
    else if (t.tokenType === ShiftRight && depth >= 2) {
      out ??= tokens.slice(0, i);
      out.push(new IdlToken('>', t.startOffset, Greater.tokenTypeIdx!), new IdlToken('>', t.startOffset + 1, Greater.tokenTypeIdx!));
      depth -= 2;
      continue;
    }
    out?.push(t);
  }
  return out ?? tokens;
}

/** `import "a.idl", "b.idl";` statements in a token vector, in order. */
function scanImports(tokens: readonly IToken[]): { name: string; offset: number; file: (segments: readonly Segment[]) => string }[] {
  const found: { name: string; offset: number; file: (segments: readonly Segment[]) => string }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].tokenType !== Import) continue;
    // In a helper: a closure over a block-scoped local of this loop would allocate a
    // context for every token scanned.
    scanImportStatement(tokens, i, found);
  }
  return found;
}

function scanImportStatement(tokens: readonly IToken[], at: number, found: { name: string; offset: number; file: (segments: readonly Segment[]) => string }[]): void {
  for (let j = at + 1; j < tokens.length; j += 2) {
    const t = tokens[j];
    if (t.tokenType !== StringLiteral) break;
    found.push({ name: unquote(t.image), offset: t.startOffset, file: (segments) => fileOfToken(segments, at) });
    if (tokens[j + 1]?.tokenType !== Comma) break;
  }
}

function fileOfToken(segments: readonly Segment[], index: number): string {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid].start <= index) lo = mid;
    else hi = mid - 1;
  }
  return segments[lo].file;
}

/**
 * Parses preprocessed tokens; throws IdlSyntaxError with file:line:col and a code frame.
 * `hasShiftRight` false (the preprocessor output no `>>`) skips the scan for `>>` closing
 * two type argument lists: a pass over every token that finds nothing in classic IDL.
 */
export function parseTokens(
  path: string,
  tokens: IToken[],
  segments: readonly Segment[],
  texts: ReadonlyMap<string, string>,
  hasShiftRight = true,
): ParsedFile {
  const parser = idlParser();
  parser.input = hasShiftRight ? splitGenericClosers(tokens) : tokens;
  const out = parser.file();
  const e = parser.errors[0];
  parser.releaseFile();
  if (e !== undefined) {
    let index = tokens.indexOf(e.token);
    let offset = e.token.startOffset;
    if (index < 0 || Number.isNaN(offset)) {
      index = tokens.length - 1;
      // End of input: point just after the last token.
      offset = index >= 0 ? tokens[index].startOffset + tokens[index].image.length : 0;
    }
    const file = index >= 0 ? fileOfToken(segments, index) : path;
    const text = texts.get(file) ?? '';
    const found = Number.isNaN(e.token.startOffset) ? 'end of file' : `'${e.token.image}'`;
    const message = describeParseError(e.name, e.message, found);
    const d: Diagnostic = { severity: 'error', code: 'IDL2001', message, location: locate(text, offset, file) };
    throw new IdlSyntaxError(formatDiagnostic(d, text), [d]);
  }
  const definitionFiles = out.startTokens.map((i) => (i < tokens.length ? fileOfToken(segments, i) : path));
  return { path, definitions: out.definitions, definitionFiles, cppQuotes: [] };
}

/**
 * One line for a parse error: Chevrotain's messages list every expected token path,
 * which for a grammar this size is pages long.
 */
function describeParseError(kind: string, message: string, found: string): string {
  const expected = /Expecting token of type --> (.+?) <--/.exec(message)?.[1];
  if (expected) return `expected ${expected} but found ${found}`;
  if (kind === 'NotAllInputParsedException') return `unexpected ${found} after the last complete definition`;
  if (kind === 'EarlyExitException') return `expected at least one more element before ${found}`;
  return `unexpected ${found}`;
}

export { IdlError };
