/**
 * `WqlSyntaxError`: a query that is not valid WQL, with the position of the problem.
 * Codes: WQL1001 lexical (bad character, unterminated string or path), WQL1002 grammar,
 * WQL1003 a well-formed but invalid construct (e.g. ClassDefsOnly with ResultClass).
 */

import { WmigenError, codeFrame, locate, type Diagnostic } from '../diagnostics.js';

export class WqlSyntaxError extends WmigenError {
  /** 0-based offset of the problem in the query text. */
  readonly offset: number;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly query: string;
  readonly code: string;

  constructor(query: string, offset: number, reason: string, code: string, file = '<wql>') {
    const location = locate(query, offset, file);
    const diagnostic: Diagnostic = { severity: 'error', code, message: reason, location };
    super(
      `invalid WQL at column ${location.column}${location.line > 1 ? ` of line ${location.line}` : ''}: ${reason}`,
      [diagnostic],
    );
    this.offset = offset;
    this.line = location.line;
    this.column = location.column;
    this.query = query;
    this.code = code;
  }

  static at(query: string, offset: number, reason: string, code: string): WqlSyntaxError {
    return new WqlSyntaxError(query, offset, reason, code);
  }

  /** The message plus a code frame pointing at the offending column. */
  describe(): string {
    const frame = codeFrame(this.query, this.diagnostics[0].location!);
    return frame ? `${this.message}\n${frame}` : this.message;
  }
}
