/**
 * Typed errors and diagnostic plumbing of the MOF front-end. Every problem becomes a
 * `Diagnostic` with a stable code; `loadMofFilesOrThrow` turns error diagnostics into a
 * `MofSyntaxError` (any lexical or grammar error) or a `MofSemanticError` (the input
 * parsed but does not resolve).
 */

import { WmigenError, type Diagnostic, type Severity, type SourceLocation } from '../../grammar/diagnostics.js';

/** Stable diagnostic codes. 1xxx: reading and syntax; 2xxx: resolution. */
export const MofCode = {
  unexpectedCharacter: 'MOF1001',
  syntax: 'MOF1002',
  invalidLiteral: 'MOF1003',
  fileNotFound: 'MOF1101',
  includeCycle: 'MOF1102',
  preprocessor: 'MOF1103',
  notText: 'MOF1104',
  unknownPragma: 'MOF1201',
  badPragma: 'MOF1202',
  unknownSuperclass: 'MOF2001',
  duplicateClass: 'MOF2002',
  inheritanceCycle: 'MOF2003',
  deleteClass: 'MOF2004',
  undeclaredQualifier: 'MOF2010',
  qualifierScope: 'MOF2011',
  qualifierValue: 'MOF2012',
  flavor: 'MOF2013',
  disableOverride: 'MOF2014',
  qualifierDeclaration: 'MOF2015',
  duplicateQualifier: 'MOF2016',
  unknownType: 'MOF2020',
  duplicateMember: 'MOF2021',
  defaultValue: 'MOF2022',
  overrideType: 'MOF2023',
  keyRedefinition: 'MOF2024',
  unknownClass: 'MOF2030',
  unknownProperty: 'MOF2031',
  duplicatePropertyValue: 'MOF2032',
  valueType: 'MOF2033',
  undefinedAlias: 'MOF2034',
  duplicateAlias: 'MOF2035',
  invalidDatetime: 'MOF2036',
  abstractInstance: 'MOF2037',
  unsupported: 'MOF2090',
  tooDeep: 'MOF2099',
} as const;

export type MofCodeValue = (typeof MofCode)[keyof typeof MofCode];

/** Any MOF input problem reported as an exception. */
export class MofError extends WmigenError {}
/** The input does not lex or parse (or a file cannot be read). */
export class MofSyntaxError extends MofError {}
/** The input parses but does not resolve (unknown class, wrong value type, ...). */
export class MofSemanticError extends MofError {}

/**
 * A decoded source file that turns offsets into line:column.
 *
 * The resolver asks for locations in increasing offset order within a file (a class, then
 * its members), so a cursor that counts newlines forward from the previous answer serves
 * them with one pass over the text and no line table (building a table of every line of
 * CIM's 1,897 files was a measurable share of loading). The first request that goes
 * backwards builds the table once, and binary search answers from then on.
 */
export class MofSource {
  private lineStarts: number[] | undefined;
  /** Newlines before `scanned` are counted: `line` is the line at `scanned`, starting at `lineStart`. */
  private scanned = 0;
  private line = 1;
  private lineStart = 0;
  /** The first newline at or after `scanned` (the text's length when there is none). */
  private nextNewline: number;
  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    const nl = text.indexOf('\n');
    this.nextNewline = nl < 0 ? text.length : nl;
  }

  locate(offset: number): SourceLocation {
    const text = this.text;
    const off = Math.max(0, Math.min(Number.isFinite(offset) ? offset : text.length, text.length));
    if (this.lineStarts === undefined && off >= this.scanned) {
      let line = this.line;
      let lineStart = this.lineStart;
      let nl = this.nextNewline;
      while (nl < off) {
        line++;
        lineStart = nl + 1;
        nl = text.indexOf('\n', lineStart);
        if (nl < 0) nl = text.length;
      }
      this.scanned = off;
      this.nextNewline = nl;
      this.line = line;
      this.lineStart = lineStart;
      return { file: this.path, line, column: off - lineStart + 1, offset: off };
    }
    const starts = (this.lineStarts ??= computeLineStarts(text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.path, line: lo + 1, column: off - starts[lo] + 1, offset: off };
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  let i = text.indexOf('\n');
  while (i >= 0) {
    starts.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  return starts;
}

/** Collects diagnostics in order of discovery. */
/** How many times one warning (same code and message) is listed before the rest are counted. */
export const REPEATS_LISTED = 3;

export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];
  errorCount = 0;
  /** The phase the next diagnostics belong to (see `DiagnosticPhase` in resolve.ts). */
  phase = 0;
  /** `phases[i]` is the phase of `diagnostics[i]`. */
  private readonly phases: number[] = [];

  /** Warnings given so far by code and message, to summarize repeats (see `summarizeRepeats`). */
  private readonly repeats = new Map<string, { code: MofCodeValue; message: string; count: number }>();

  add(severity: Severity, code: MofCodeValue, message: string, source?: MofSource, offset?: number): void {
    if (severity === 'warning') {
      // The same warning again and again (one class defined over and over) is listed a few
      // times, then counted and summarized once at the end.
      const key = `${code}\0${message}`;
      const seen = this.repeats.get(key);
      if (seen === undefined) this.repeats.set(key, { code, message, count: 1 });
      else if (++seen.count > REPEATS_LISTED) return;
    }
    const location = source !== undefined ? source.locate(offset ?? 0) : undefined;
    this.diagnostics.push(location ? { severity, code, message, location } : { severity, code, message });
    this.phases.push(this.phase);
    if (severity === 'error') this.errorCount++;
  }

  /** Puts the diagnostics in phase order, keeping discovery order within a phase. */
  sortByPhase(): void {
    const phases = this.phases;
    let sorted = true;
    for (let i = 1; i < phases.length && sorted; i++) sorted = phases[i - 1] <= phases[i];
    if (sorted) return;
    const order = phases.map((_, i) => i).sort((a, b) => phases[a] - phases[b] || a - b);
    const diagnostics = order.map((i) => this.diagnostics[i]);
    const newPhases = order.map((i) => phases[i]);
    for (let i = 0; i < order.length; i++) {
      this.diagnostics[i] = diagnostics[i];
      phases[i] = newPhases[i];
    }
  }

  /** Adds one warning per repeated warning that was left out: how many more, how many in all. */
  summarizeRepeats(): void {
    for (const r of this.repeats.values()) {
      if (r.count <= REPEATS_LISTED) continue;
      const more = r.count - REPEATS_LISTED;
      this.diagnostics.push({
        severity: 'warning',
        code: r.code,
        message: `… and ${more.toLocaleString('en-US')} more like the above (${r.count.toLocaleString('en-US')} in all): ${r.message}`,
      });
      this.phases.push(this.phase);
    }
    this.repeats.clear();
  }

  error(code: MofCodeValue, message: string, source?: MofSource, offset?: number): void {
    this.add('error', code, message, source, offset);
  }

  warning(code: MofCodeValue, message: string, source?: MofSource, offset?: number): void {
    this.add('warning', code, message, source, offset);
  }
}
