import { describe, expect, it } from 'vitest';
import { codeFrame, formatDiagnostic, locate } from '../../grammar/diagnostics.js';

describe('diagnostics', () => {
  const text = 'class A {\n\tuint32 x\n};\n';

  it('locates offsets as 1-based line and column', () => {
    expect(locate(text, text.indexOf('x'), 'a.mof')).toEqual({
      file: 'a.mof',
      line: 2,
      column: 9,
      offset: text.indexOf('x'),
    });
  });

  it('formats file:line:col with a code frame whose caret keeps tabs', () => {
    const loc = locate(text, text.indexOf('x') + 1, 'a.mof');
    const out = formatDiagnostic(
      { severity: 'error', code: 'MOF1001', message: "expected ';'", location: loc },
      text,
    );
    expect(out.split('\n')).toEqual([
      "a.mof:2:10: error MOF1001: expected ';'",
      '  1 | class A {',
      '> 2 | \tuint32 x',
      '    | \t        ^',
    ]);
    expect(codeFrame(text, { file: 'a.mof', line: 99, column: 1 })).toBe('');
  });
});
