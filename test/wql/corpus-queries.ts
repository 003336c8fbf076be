/**
 * Collects the WQL queries shown on Microsoft's WMI reference pages (the shared corpus):
 * fenced code blocks and inline code, with HTML entities decoded. In program code
 * (VBScript, C++, C#, PowerShell) a query is a string literal: it is taken from the
 * quote that opens it to the quote that closes it, with the host language's quote
 * escapes undone (`""` in VBScript, `\"` in C-like languages); literals continued by
 * concatenation (`" _`, `" &`, `" +`) are incomplete and skipped, and so are format strings
 * (`{0}`, `%s`), which the program completes. In `sql`/`syntax`
 * blocks a query runs to the next blank line or the next query.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface CorpusQuery {
  readonly text: string;
  /** `folder/file.md` */
  readonly source: string;
}

const queryStart =
  /\b(SELECT\s+(?:\*|[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*)\s+FROM\b|ASSOCIATORS\s+OF\s*\{|REFERENCES\s+OF\s*\{)/i;

function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else if (entry.name.endsWith('.md')) out.push(p);
  }
}

/** A query inside a string literal of program code, or null when it is continued or not closed. */
function fromStringLiteral(line: string, start: number): string | null {
  let k = start - 1;
  while (k >= 0 && line[k] === ' ') k--;
  const quote = line[k];
  if (quote !== '"' && quote !== "'" && quote !== '`') return null;
  let out = '';
  for (let i = start; i < line.length; i++) {
    const c = line[i];
    if (quote === '"' && c === '\\' && line[i + 1] === '"') {
      out += '"';
      i++;
    } else if (c === quote && quote === '"' && line[i + 1] === '"') {
      out += '"'; // VBScript's doubled quote
      i++;
    } else if (c === quote) {
      const rest = line.slice(i + 1).trimStart();
      if (/^(_|&|\+|\.\s*")/.test(rest)) return null; // concatenated with more text
      // A format string (`{0}`, `{{0}}`, `%s`) is a template the program fills in, not a query.
      if (/\{\{?\d+\}?\}|%[sdSl]/.test(out)) return null;
      return out;
    } else {
      out += c;
    }
  }
  return null;
}

export function collectCorpusQueries(docsRoot: string): CorpusQuery[] {
  const files: string[] = [];
  walk(docsRoot, files);
  files.sort();
  const found = new Map<string, CorpusQuery>();
  const add = (text: string, file: string): void => {
    const t = text.replace(/\s+/g, ' ').trim().replace(/;$/, '').trim();
    if (t.length > 0 && !found.has(t)) found.set(t, { text: t, source: relative(docsRoot, file) });
  };
  for (const file of files) {
    const lines = decodeEntities(readFileSync(file, 'utf8')).split(/\r?\n/);
    let fence: string | null = null;
    let pending: string | null = null;
    const flush = (): void => {
      if (pending !== null) add(pending, file);
      pending = null;
    };
    for (const rawLine of lines) {
      const line = rawLine.replace(/<[^>]+>/g, '');
      const fenceMatch = /^\s*```\s*(\S*)/.exec(line);
      if (fenceMatch) {
        flush();
        fence = fence === null ? fenceMatch[1].toLowerCase() || 'plain' : null;
        continue;
      }
      const isQueryBlock = fence === 'sql' || fence === 'syntax' || fence === 'plain';
      const m = queryStart.exec(line);
      if (fence !== null && isQueryBlock) {
        if (m && (m.index === 0 || /^\s*$/.test(line.slice(0, m.index)))) {
          flush();
          pending = line.slice(m.index);
        } else if (m) {
          flush();
          const q = fromStringLiteral(line, m.index);
          if (q !== null) add(q, file);
        } else if (pending !== null && line.trim() !== '' && /^\s/.test(line)) {
          pending += ' ' + line.trim();
        } else {
          flush();
        }
        continue;
      }
      if (!m) continue;
      if (fence !== null) {
        const q = fromStringLiteral(line, m.index);
        if (q !== null) add(q, file);
      } else {
        // Prose: only inline code spans.
        for (const span of line.matchAll(/`([^`]+)`/g)) {
          const inner = span[1];
          const mm = queryStart.exec(inner);
          if (!mm) continue;
          const q = mm.index === 0 ? inner : fromStringLiteral(inner, mm.index);
          if (q !== null) add(q, file);
        }
      }
    }
    flush();
  }
  return [...found.values()];
}
