/**
 * TSDoc text from CIM qualifiers. The result is the inside of a `/** … *\/` comment (ts-morph
 * adds the delimiters and the ` * ` prefixes), so everything here is about the text:
 * escaping what would end or corrupt the comment, wrapping long MOF descriptions, and
 * putting tags last.
 */

const WRAP_COLUMN = 96;

/**
 * Makes description text safe inside a block comment: `*\/` would end it, and `@` at the
 * start of a word would read as a TSDoc tag.
 */
export function escapeDocText(text: string): string {
  if (!text.includes('*/') && !text.includes('@')) return text;
  return text.replace(/\*\//g, '*\\/').replace(/(^|\s)@(?=[A-Za-z])/g, '$1\\@');
}

/** Greedy word wrap of one paragraph at `width` columns; words longer than a line stay whole. */
export function wrapParagraph(paragraph: string, width = WRAP_COLUMN): string[] {
  // One scan over the characters (no word array): descriptions are a large share of the
  // text the generator handles.
  const lines: string[] = [];
  let line = '';
  const n = paragraph.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(paragraph.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isSpace(paragraph.charCodeAt(i))) i++;
    const wordLength = i - start;
    if (line.length === 0) line = paragraph.slice(start, i);
    else if (line.length + 1 + wordLength <= width) line += ' ' + paragraph.slice(start, i);
    else {
      lines.push(line);
      line = paragraph.slice(start, i);
    }
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0;
}

/**
 * MOF descriptions are concatenated string literals with `\n` between paragraphs and
 * irregular spacing; this keeps the paragraphs and rewraps each.
 */
export function formatDescription(text: string, width = WRAP_COLUMN): readonly string[] {
  // Descriptions repeat (overrides inherit them): format each distinct text once.
  const key = width === WRAP_COLUMN ? text : undefined;
  if (key !== undefined) {
    const cached = descriptionCache.get(key);
    if (cached) return cached;
  }
  const out: string[] = [];
  const escaped = escapeDocText(text);
  // A plain split on \n (and a trailing \r dropped) is what split(/\r?\n/) gives, without the regex.
  for (const raw of escaped.includes('\n') ? escaped.split('\n') : [escaped]) {
    const paragraph = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const lines = wrapParagraph(paragraph, width);
    if (lines.length === 0) {
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      continue;
    }
    for (const line of lines) out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  if (key !== undefined) {
    if (descriptionCache.size > 50_000) descriptionCache.clear();
    descriptionCache.set(key, out);
  }
  return out;
}

const descriptionCache = new Map<string, readonly string[]>();

export interface DocTag {
  /** Without the `@`: `deprecated`, `since`, `experimental`, `remarks`. */
  readonly tag: string;
  readonly text?: string;
}

/** Collects the parts of one doc comment in order: description, notes, then tags. */
export class DocBuilder {
  private readonly body: string[] = [];
  private readonly notes: string[] = [];
  private readonly tags: DocTag[] = [];

  description(text: string | undefined): this {
    if (text !== undefined && text.trim() !== '') this.body.push(...formatDescription(text));
    return this;
  }

  /** A short line after the description (units, ranges, key, …), already plain text. */
  note(text: string): this {
    this.notes.push(escapeDocText(text));
    return this;
  }

  tag(tag: string, text?: string): this {
    this.tags.push({ tag, text: text === undefined ? undefined : escapeDocText(text).replace(/\s+/g, ' ').trim() });
    return this;
  }

  get isEmpty(): boolean {
    return this.body.length === 0 && this.notes.length === 0 && this.tags.length === 0;
  }

  /** The comment's text, lines joined by `\n`; empty when nothing was added. */
  toString(): string {
    const lines = [...this.body];
    if (this.notes.length > 0) {
      if (lines.length > 0) lines.push('');
      lines.push(...this.notes);
    }
    for (const t of this.tags) lines.push(t.text ? `@${t.tag} ${t.text}` : `@${t.tag}`);
    return lines.join('\n');
  }
}
