/** String literal helpers shared by the preprocessor and the parser. */

/** The value of a C string literal (`"a\\n"`, `L"x"`), escapes decoded. */
export function unquote(literal: string): string {
  const body = literal.slice(literal.charCodeAt(0) === 76 /* L */ ? 2 : 1, -1);
  if (body.indexOf('\\') < 0) return body;
  return body.replace(/\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)/g, (_, e: string) => {
    switch (e[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'x':
        return String.fromCharCode(parseInt(e.slice(1), 16));
      default:
        return /^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : e;
    }
  });
}
