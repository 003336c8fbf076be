/**
 * Typed errors of the IDL front-end. Each carries diagnostics with file:line:col and,
 * where the source is known, a code frame in its message, so the CLI prints them as is.
 */

import { WmigenError, formatDiagnostic, locate, type Diagnostic } from '../diagnostics.js';

/** Codes: IDL1xxx preprocessor, IDL2xxx syntax, IDL3xxx imports, IDL4xxx model. */
export type IdlDiagnosticCode =
  | 'IDL1001' // unterminated or unmatched conditional
  | 'IDL1002' // malformed directive
  | 'IDL1003' // #error
  | 'IDL1004' // include not found
  | 'IDL1005' // include nesting too deep
  | 'IDL1006' // note: system include skipped
  | 'IDL1007' // unsupported macro feature
  | 'IDL2001' // syntax error
  | 'IDL2002' // lexical error
  | 'IDL3001' // import not found
  | 'IDL3002' // note: C header parsed
  | 'IDL4001' // unknown base interface
  | 'IDL4002' // constant expression cannot be evaluated
  | 'IDL4003' // duplicate definition
  | 'IDL4004'; // call_as without a [local] method

export class IdlError extends WmigenError {}
export class IdlPreprocessError extends IdlError {}
export class IdlSyntaxError extends IdlError {}
export class IdlImportError extends IdlError {}
export class IdlModelError extends IdlError {}

/** Builds a diagnostic at `offset` of `text`, located lazily (the lexer tracks offsets only). */
export function diagnosticAt(
  severity: Diagnostic['severity'],
  code: IdlDiagnosticCode,
  message: string,
  file: string,
  text: string | undefined,
  offset: number | undefined,
): Diagnostic {
  const location =
    text !== undefined && offset !== undefined ? locate(text, offset, file) : { file, line: 1, column: 1 };
  return { severity, code, message, location };
}

/** Message with the code frame, for errors thrown from the front-end. */
export function framed(d: Diagnostic, text: string | undefined): string {
  return formatDiagnostic(d, text);
}
