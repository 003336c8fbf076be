/**
 * The MOF front-end's entry points: read MOF files (following `#pragma include`), parse
 * them, apply the compiler directives, and resolve everything into a `CimSchema`.
 *
 * Nothing here throws on bad input: every problem is a diagnostic in the result
 * (`loadMofFilesOrThrow` is the throwing variant for callers that want an exception).
 */

import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { canonicalNamespace } from '../../common/namespaces.js';
import type { Diagnostic } from '../../grammar/diagnostics.js';
import { decodeMofBytes, parseMof } from '../../grammar/mof/index.js';
import { needsPreprocessing, preprocess, type MacroTable } from '../../grammar/mof/preprocess.js';
import type { ProductionAst, ValueAst } from '../../grammar/mof/ast.js';
import { absolutePath, joinToDirectoryOf } from './paths.js';
import { DiagnosticSink, MofCode, MofSemanticError, MofSource, MofSyntaxError } from './errors.js';
import { createResolver, StreamingBail, type MofUnit } from './resolve.js';
import type { CimSchema } from './types.js';

export { MofError, MofSemanticError, MofSyntaxError } from './errors.js';

export interface MofLoadOptions {
  /** DMTF mode: no WMI built-in qualifiers or system classes, undeclared qualifiers are errors. */
  readonly strict?: boolean;
  /** Namespace before any `#pragma namespace`; default `root\cimv2`. */
  readonly defaultNamespace?: string;
  /** Reads a file (tests, bundled snapshots); default: the file system. */
  readonly readFile?: (path: string) => Buffer | Uint8Array;
  /** Extra directories searched by `#pragma include` after the including file's directory. */
  readonly includeDirs?: readonly string[];
}

export interface MofLoadResult {
  readonly schema: CimSchema;
  readonly diagnostics: Diagnostic[];
  /** No error diagnostics (warnings allowed). */
  readonly ok: boolean;
  /** Decoded text of every file read, by path, for code frames. */
  readonly sources: ReadonlyMap<string, string>;
  /** Number of tokens lexed, for the benchmark. */
  readonly tokenCount: number;
}

const knownPragmas = new Set([
  'include', 'namespace', 'locale', 'instancelocale', 'classflags', 'instanceflags', 'deleteclass',
  'deleteinstance', 'autorecover', 'nonlocal', 'nonlocaltype', 'source', 'sourcetype', 'amendment', 'comment',
]);
const classFlags = new Set(['forceupdate', 'updateonly', 'createonly', 'safeupdate']);

/** `\\.\root\cimv2`, `//./root/cimv2`, `root/cimv2` → `root\cimv2`; relative names join the current one. */
export function normalizeNamespace(raw: string, current: string): string {
  const ns = canonicalNamespace(raw);
  // A leading separator (a server prefix included) or `root` makes the name absolute.
  const absolute = /^[\\/]/.test(raw.trim()) || /^root(\\|$)/i.test(ns);
  if (absolute || current === '') return ns;
  return ns === '' ? current : `${current}\\${ns}`;
}

class Loader {
  readonly sink = new DiagnosticSink();
  readonly resolver: ReturnType<typeof createResolver>;
  readonly sources = new Map<string, string>();
  tokenCount = 0;
  namespace: string;
  private readonly macroTable: MacroTable = { macros: new Map() };
  private readonly stack: string[] = [];
  private readonly readFile: (path: string) => Buffer | Uint8Array;

  constructor(
    private readonly options: MofLoadOptions,
    streaming: boolean,
    readFile: (path: string) => Buffer | Uint8Array,
  ) {
    this.namespace = normalizeNamespace(options.defaultNamespace ?? 'root\\cimv2', '');
    this.readFile = readFile;
    this.resolver = createResolver({ strict: options.strict ?? false }, this.sink, streaming);
  }

  private add(unit: MofUnit): void {
    try {
      this.resolver.add(unit);
    } catch (err) {
      // Too deep to resolve while loading: resolving at the end reports it properly.
      if (err instanceof RangeError) throw new StreamingBail();
      throw err;
    }
  }

  loadFile(path: string, from?: { source: MofSource; offset: number }): void {
    const key = absolutePath(path);
    if (this.stack.includes(key)) {
      this.sink.error(MofCode.includeCycle, `include cycle: ${path} includes itself`, from?.source, from?.offset);
      return;
    }
    let bytes: Buffer | Uint8Array;
    try {
      bytes = this.readFile(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'cannot read: a directory, not a MOF file' : `cannot read: ${(err as Error).message}`;
      this.sink.error(MofCode.fileNotFound, `${path}: ${reason}`, from?.source, from?.offset);
      return;
    }
    this.loadText(decodeMofBytes(bytes), path, key);
  }

  /** `key`: the absolute path, for include cycles (computed once per file). */
  loadText(text: string, path: string, key = absolutePath(path)): void {
    // A binary file would give a code frame per byte: one line says what it is instead.
    const notText = notMofText(text);
    if (notText !== undefined) {
      // Located at 1:1 of the file, but its text is not kept (so no code frame of binary).
      this.sink.error(MofCode.notText, `not MOF text (${notText}); not read`, new MofSource(path, ''), 0);
      return;
    }
    let parseText = text;
    let preProblems: ReturnType<typeof preprocess>['problems'] = [];
    if (needsPreprocessing(text)) {
      // Directive lines become spaces of the same length, so offsets in the preprocessed
      // text locate the same line and column as in the file (but a `#include` line).
      const pre = preprocess(text, this.macroTable, (name) => this.readIncluded(name, path));
      parseText = pre.text;
      preProblems = pre.problems;
    }
    // Locations come from the preprocessed text; code frames show the file as written
    // (both have the same lines, the preprocessor only blanks directive lines).
    const source = new MofSource(path, parseText);
    this.sources.set(path, text);
    for (const p of preProblems) this.sink.add(p.severity, MofCode.preprocessor, p.message, source, p.offset);
    const parsed = parseMof(parseText, this.macroTable.macros);
    this.tokenCount += parsed.tokenCount;
    const literalProblems: number[] = [];
    for (const p of parsed.problems) {
      const code = p.kind === 'lexical' ? MofCode.unexpectedCharacter : p.kind === 'literal' ? MofCode.invalidLiteral : MofCode.syntax;
      this.sink.error(code, p.message, source, p.offset);
      if (p.kind === 'literal') literalProblems.push(p.offset);
    }
    this.stack.push(key);
    const productions = parsed.productions;
    for (let i = 0; i < productions.length; i++) {
      const prod = productions[i];
      if (prod.kind !== 'pragma') {
        this.add({ source, namespace: this.namespace, production: prod });
        continue;
      }
      // A pragma whose string had an invalid escape (reported above) has lost that string:
      // acting on what is left (an include of "" is the including file's directory) would
      // only add a confusing second error.
      const end = productions[i + 1]?.o ?? parseText.length;
      if (literalProblems.length > 0 && literalProblems.some((o) => o >= prod.o && o < end)) continue;
      this.pragma(prod, source);
    }
    this.stack.pop();
  }

  /** Where `#pragma include("file")` in `from` may be: its directory, then the include directories. */
  private includeCandidates(file: string, from: string): string[] {
    const candidates = [isAbsolute(file) ? file : joinToDirectoryOf(from, file)];
    for (const dir of this.options.includeDirs ?? []) candidates.push(join(dir, file));
    return candidates;
  }

  private stringArg(prod: Extract<ProductionAst, { kind: 'pragma' }>, source: MofSource, index = 0): string | undefined {
    const arg: ValueAst | undefined = prod.args[index];
    if (arg?.t === 'str') return arg.v;
    this.sink.error(MofCode.badPragma, `#pragma ${prod.name} expects a string argument`, source, arg?.o ?? prod.o);
    return undefined;
  }

  private pragma(prod: Extract<ProductionAst, { kind: 'pragma' }>, source: MofSource): void {
    const name = prod.name.toLowerCase();
    switch (name) {
      case 'include': {
        const file = this.stringArg(prod, source);
        if (file === undefined) return;
        const candidates = this.includeCandidates(file, source.path);
        // Only search when there is a choice: a stat per include is measurable on CIM's 1,896.
        const found = candidates.length === 1 ? candidates[0] : (candidates.find((c) => this.exists(c)) ?? candidates[0]);
        this.loadFile(found, { source, offset: prod.args[0]?.o ?? prod.o });
        return;
      }
      case 'namespace': {
        const ns = this.stringArg(prod, source);
        if (ns === undefined) return;
        if (ns.trim() === '' || /[^A-Za-z0-9_\\/.\-]/.test(ns)) {
          this.sink.error(MofCode.badPragma, `invalid namespace name '${ns}'`, source, prod.args[0]?.o ?? prod.o);
          return;
        }
        this.namespace = normalizeNamespace(ns, this.namespace);
        return;
      }
      case 'locale':
      case 'instancelocale': {
        const loc = this.stringArg(prod, source);
        if (loc !== undefined && !/^(?:[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*|ms_[0-9a-f]{3,4})$/i.test(loc)) {
          this.sink.warning(MofCode.badPragma, `locale value "${loc}" not defined`, source, prod.args[0]?.o ?? prod.o);
        }
        return;
      }
      case 'classflags':
      case 'instanceflags': {
        for (const a of prod.args) {
          if (a.t === 'int') continue;
          if (a.t === 'str' && a.v.split(/[\s,]+/).every((f) => f === '' || classFlags.has(f.toLowerCase()))) continue;
          this.sink.warning(MofCode.badPragma, `unknown #pragma ${prod.name} flag`, source, a.o);
        }
        return;
      }
      case 'deleteclass': {
        const cls = this.stringArg(prod, source);
        if (cls === undefined) return;
        this.add({ source, namespace: this.namespace, production: prod });
        return;
      }
      default:
        if (!knownPragmas.has(name)) {
          this.sink.warning(MofCode.unknownPragma, `Pragma "${prod.name}" not implemented; ignored`, source, prod.o);
        }
    }
  }

  private exists(path: string): boolean {
    if (this.options.readFile === undefined) return existsSync(path);
    try {
      this.readFile(path);
      return true;
    } catch {
      return false;
    }
  }

  /** Text of a file named by a C `#include`, searched like `#pragma include`. */
  private readIncluded(name: string, from: string): string | undefined {
    for (const c of this.includeCandidates(name, from)) {
      if (!this.exists(c)) continue;
      try {
        return decodeMofBytes(this.readFile(c));
      } catch {
        return undefined;
      }
    }
    return undefined;
  }
}

/** Where a NUL character is looked for (a native scan), and where control characters are counted. */
const NUL_SAMPLE = 8192;
const SHARE_SAMPLE = 512;
/** Share of SHARE_SAMPLE's characters that may be controls or undecodable before it is not text. */
const NOT_TEXT_SHARE = 0.05;
/** Control characters but tab, line feed, vertical tab, form feed, carriage return and DOS's end-of-file mark; DEL; undecodable bytes. */
const NOT_TEXT_CHAR = /[\x00-\x08\x0e-\x19\x1b-\x1f\x7f\ufffd]/;
const NOT_TEXT_CHARS = new RegExp(NOT_TEXT_CHAR.source, 'g');

/**
 * Why a decoded file is not MOF text, or undefined when it may be: a NUL character in its
 * first 8 KB, or more than 5% of its first 512 characters neither text nor whitespace
 * (control characters, bytes that are not UTF-8). A Windows-1252 letter in a comment stays
 * text. Samples, because every file of a load is checked; what this avoids is parsing a
 * binary file, whose error recovery takes far longer than reading text of its size.
 */
export function notMofText(text: string): string | undefined {
  if ((text.length > NUL_SAMPLE ? text.slice(0, NUL_SAMPLE) : text).includes('\0')) return 'a binary file: it holds NUL bytes';
  const sample = text.length > SHARE_SAMPLE ? text.slice(0, SHARE_SAMPLE) : text;
  if (!NOT_TEXT_CHAR.test(sample)) return undefined;
  const bad = sample.match(NOT_TEXT_CHARS)?.length ?? 0;
  if (bad > 8 && bad > sample.length * NOT_TEXT_SHARE) return `a binary file: ${bad} of its first ${sample.length} characters are control characters or not UTF-8`;
  return undefined;
}

function finish(loader: Loader): MofLoadResult {
  let schema: CimSchema;
  try {
    schema = loader.resolver.complete();
  } catch (err) {
    // Only a stack overflow (an inheritance chain or nesting thousands deep) is expected
    // here; it becomes a diagnostic. Anything else is a bug and propagates.
    if (!(err instanceof RangeError)) throw err;
    loader.sink.phase = 0;
    loader.sink.error(MofCode.tooDeep, 'input is nested too deeply to resolve (inheritance chain or instance values)');
    loader.sink.sortByPhase();
    schema = { namespaces: [] };
  }
  loader.sink.summarizeRepeats();
  return {
    schema,
    diagnostics: loader.sink.diagnostics,
    ok: loader.sink.errorCount === 0,
    sources: loader.sources,
    tokenCount: loader.tokenCount,
  };
}

/**
 * Runs `load` resolving classes while loading; when a later declaration could change a class
 * already resolved (`StreamingBail`: a class or qualifier type defined twice, a class
 * deleted), runs it again resolving everything at the end.
 */
function loadWithFallback(options: MofLoadOptions, load: (loader: Loader) => void): MofLoadResult {
  const read = options.readFile ?? ((path: string) => readFileSync(path));
  const run = (streaming: boolean): MofLoadResult => {
    const loader = new Loader(options, streaming, read);
    load(loader);
    return finish(loader);
  };
  try {
    return run(true);
  } catch (err) {
    if (!(err instanceof StreamingBail)) throw err;
  }
  return run(false);
}

/** Loads MOF files in order (each with its includes) and resolves them into one schema. */
export function loadMofFiles(paths: readonly string[], options: MofLoadOptions = {}): MofLoadResult {
  return loadWithFallback(options, (loader) => {
    for (const p of paths) loader.loadFile(p);
  });
}

/** Loads MOF source text; `fileName` names it in diagnostics and anchors relative includes. */
export function loadMofText(text: string, fileName: string, options: MofLoadOptions = {}): MofLoadResult {
  return loadWithFallback(options, (loader) => {
    loader.loadText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, fileName);
  });
}

/** Throws `MofSyntaxError` or `MofSemanticError` (carrying every diagnostic) when there are errors. */
export function throwIfErrors(result: MofLoadResult): MofLoadResult {
  if (result.ok) return result;
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const syntax = errors.some((d) => d.code < 'MOF2000');
  const message = `${errors.length} error${errors.length === 1 ? '' : 's'} in MOF input`;
  throw syntax ? new MofSyntaxError(message, result.diagnostics) : new MofSemanticError(message, result.diagnostics);
}

export function loadMofFilesOrThrow(paths: readonly string[], options: MofLoadOptions = {}): MofLoadResult {
  return throwIfErrors(loadMofFiles(paths, options));
}

export function loadMofTextOrThrow(text: string, fileName: string, options: MofLoadOptions = {}): MofLoadResult {
  return throwIfErrors(loadMofText(text, fileName, options));
}
