/**
 * Diagnostics shared by every front-end (MOF, IDL, WQL): a location in a source file,
 * a severity, a stable code, and a code frame for humans. Front-ends never throw
 * anything else at a user: every problem in the input becomes one of these.
 */

export interface SourceLocation {
  /** File path as given by the user (or a pseudo name such as `<string>`). */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, counted in UTF-16 code units. */
  readonly column: number;
  /** 0-based offset into the decoded text, when known. */
  readonly offset?: number;
}

export type Severity = 'error' | 'warning' | 'note';

export interface Diagnostic {
  readonly severity: Severity;
  /** Stable machine-readable code, e.g. `MOF1001`. */
  readonly code: string;
  readonly message: string;
  readonly location?: SourceLocation;
}

/** Base class of every typed error wmigen reports to users. */
const errorClasses = Symbol.for('wmigen.errorClasses');

export class WmigenError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(message: string, diagnostics: readonly Diagnostic[] = []) {
    super(message);
    this.name = new.target.name;
    this.diagnostics = diagnostics;
    const names: string[] = [];
    for (let c: unknown = new.target; typeof c === 'function' && c !== Error; c = Object.getPrototypeOf(c))
      names.push((c as { name: string }).name);
    Object.defineProperty(this, errorClasses, { value: names });
  }

  /**
   * The generator and the runtime package (`@wmigen/runtime`) each carry a copy of this
   * module, so an error thrown by one copy must pass `instanceof` against the other's
   * classes: a foreign instance is recognized by the class names it records.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (typeof value !== 'object' || value === null) return false;
    const names = (value as { [errorClasses]?: readonly string[] })[errorClasses];
    return Array.isArray(names) && names.includes(this.name);
  }
}

/** Computes 1-based line and column of `offset` in `text`. */
export function locate(text: string, offset: number, file: string): SourceLocation {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { file, line, column: end - lineStart + 1, offset };
}

/**
 * A code frame: the offending line with a caret under the column, and one line of
 * context before it. Tabs are kept so the caret lines up in a terminal.
 */
export function codeFrame(text: string, loc: SourceLocation): string {
  const lines = text.split(/\r?\n/);
  const idx = loc.line - 1;
  if (idx < 0 || idx >= lines.length) return '';
  const width = String(loc.line).length;
  const out: string[] = [];
  if (idx > 0) out.push(`  ${String(loc.line - 1).padStart(width)} | ${lines[idx - 1]}`);
  out.push(`> ${String(loc.line).padStart(width)} | ${lines[idx]}`);
  const prefix = lines[idx].slice(0, Math.max(0, loc.column - 1)).replace(/[^\t]/g, ' ');
  out.push(`  ${' '.repeat(width)} | ${prefix}^`);
  return out.join('\n');
}

/** `file:line:col: severity CODE: message`, the form editors and CI logs link. */
export function formatDiagnostic(d: Diagnostic, sourceText?: string): string {
  const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column}: ` : '';
  const head = `${where}${d.severity} ${d.code}: ${d.message}`;
  if (sourceText === undefined || !d.location) return head;
  const frame = codeFrame(sourceText, d.location);
  return frame ? `${head}\n${frame}` : head;
}
