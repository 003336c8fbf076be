/**
 * A small C-preprocessor pass for driver MOFs. The WDK compiles some MOF files (the iSCSI
 * samples) through the C preprocessor before mofcomp, so they use `#define` (object-like,
 * with `\` continuations), `#include "x"`, `#undef` and `#ifdef`/`#ifndef`/`#else`/`#endif`.
 *
 * Directive lines are blanked (line numbers stay true). `#include "file"` becomes
 * `#pragma include("file")` for MOF files; for C headers only their `#define`s are read.
 * Macros are expanded at token level by the parser front (`parseMof(text, macros)`); a
 * macro's tokens take the offset of its use, so diagnostics point at the use.
 * Function-like macros and `#if` expressions are not supported (warned, and `#if` taken as true).
 */

export interface MacroTable {
  /** Lower-case-sensitive (C macros are case-sensitive) name → body text. */
  readonly macros: Map<string, string>;
}

export interface PreprocessProblem {
  readonly offset: number;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export interface PreprocessResult {
  readonly text: string;
  readonly problems: PreprocessProblem[];
}

const directiveRe = /^[ \t]*#[ \t]*(define|include|undef|ifdef|ifndef|if|elif|else|endif|error|line)\b/m;

/** True when the text uses C-preprocessor directives (besides `#pragma`). */
export function needsPreprocessing(text: string): boolean {
  // Most files have no '#' but in `#pragma`: skip the regex scan for them.
  let i = text.indexOf('#');
  while (i >= 0) {
    if (!text.startsWith('pragma', i + 1) && !text.startsWith('PRAGMA', i + 1)) return directiveRe.test(text);
    i = text.indexOf('#', i + 1);
  }
  return false;
}

/** A line of spaces as long as `line` (offsets and columns stay true). */
function blank(line: string): string {
  return line.replace(/[^\r]/g, ' ');
}

/** Removes a `//` comment that is outside string literals. */
function stripLineComment(s: string): string {
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '/' && s[i + 1] === '/') return s.slice(0, i);
    else if (c === '/' && s[i + 1] === '*') {
      const end = s.indexOf('*/', i + 2);
      s = s.slice(0, i) + ' ' + (end < 0 ? '' : s.slice(end + 2));
    }
  }
  return s;
}

/**
 * Preprocesses `text`. `readInclude(name)` returns an included file's text (or undefined
 * if it does not exist); included files are scanned for their macros through `scan`.
 */
export function preprocess(
  text: string,
  table: MacroTable,
  readInclude: (name: string) => string | undefined,
  depth = 0,
): PreprocessResult {
  const problems: PreprocessProblem[] = [];
  const lines = text.split('\n');
  const out: string[] = [];
  // Stack of "is this branch active".
  const active: boolean[] = [];
  const isActive = (): boolean => active.every(Boolean);
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const lineOffset = offset;
    let line = lines[i];
    offset += line.length + 1;
    const m = /^[ \t]*#[ \t]*([A-Za-z]+)\b(.*)$/.exec(line.replace(/\r$/, ''));
    if (m === null || m[1].toLowerCase() === 'pragma') {
      out.push(isActive() ? line : blank(line));
      continue;
    }
    // Join continuation lines of the directive, blanking them in the output.
    let body = m[2];
    let consumed = 0;
    out.push(blank(line));
    while (/\\\r?$/.test(line) && i + consumed + 1 < lines.length) {
      consumed++;
      line = lines[i + consumed];
      offset += line.length + 1;
      body = body.replace(/\\\r?$/, ' ') + line.replace(/\r$/, '');
      out.push(blank(line));
    }
    i += consumed;
    const directive = m[1];
    body = stripLineComment(body).trim();
    switch (directive) {
      case 'ifdef':
      case 'ifndef': {
        const defined = table.macros.has(body.split(/\s+/)[0] ?? '');
        active.push(directive === 'ifdef' ? defined : !defined);
        break;
      }
      case 'if':
        problems.push({ offset: lineOffset, message: '#if expressions are not evaluated; the branch is taken', severity: 'warning' });
        active.push(true);
        break;
      case 'elif':
      case 'else':
        if (active.length === 0) problems.push({ offset: lineOffset, message: `#${directive} without #if`, severity: 'error' });
        else active[active.length - 1] = directive === 'else' ? !active[active.length - 1] : false;
        break;
      case 'endif':
        if (active.length === 0) problems.push({ offset: lineOffset, message: '#endif without #if', severity: 'error' });
        else active.pop();
        break;
      default:
        if (!isActive()) break;
        if (directive === 'define') {
          const d = /^([A-Za-z_][A-Za-z0-9_]*)(\()?\s*([\s\S]*)$/.exec(body);
          if (d === null) problems.push({ offset: lineOffset, message: 'malformed #define', severity: 'error' });
          else if (d[2] !== undefined) problems.push({ offset: lineOffset, message: `function-like macro ${d[1]} is not supported; ignored`, severity: 'warning' });
          else table.macros.set(d[1], d[3]);
        } else if (directive === 'undef') {
          table.macros.delete(body);
        } else if (directive === 'include') {
          const inc = /^["<]([^">]+)[">]$/.exec(body);
          if (inc === null) {
            problems.push({ offset: lineOffset, message: 'malformed #include', severity: 'error' });
            break;
          }
          const name = inc[1];
          const included = depth < 16 ? readInclude(name) : undefined;
          if (/\.mof$/i.test(name)) {
            // MOF content: collect its macros now (the including file may use them), and let
            // the loader read it as an include in place.
            if (included !== undefined) preprocess(included, table, readInclude, depth + 1);
            out[out.length - 1 - consumed] = `#pragma include(${JSON.stringify(name)})`;
          } else if (included === undefined) {
            problems.push({ offset: lineOffset, message: `C header ${name} not found; macros it defines stay unexpanded`, severity: 'warning' });
          } else {
            preprocess(included, table, readInclude, depth + 1);
          }
        } else {
          problems.push({ offset: lineOffset, message: `#${directive} is not supported; ignored`, severity: 'warning' });
        }
    }
  }
  return { text: out.join('\n'), problems };
}
