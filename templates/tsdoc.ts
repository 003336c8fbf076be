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
  if (SINGLE_SPACED.test(paragraph)) return wrapSingleSpaced(paragraph, width);
  // One scan over the characters (no word array): descriptions are a large share of the
  // text the generator handles. A line is one slice of the paragraph when its words are
  // separated by single spaces (nearly always): appending word by word made a chain of
  // string pieces per line (CIM 2.51: 434,000 of them, 14 MB kept by the description
  // cache), which every scavenge then copied.
  const lines: string[] = [];
  let lineStart = -1;
  let lineEnd = 0;
  /** The line built piece by piece, once a gap other than one space is inside it. */
  let joined: string | undefined;
  const n = paragraph.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(paragraph.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isSpace(paragraph.charCodeAt(i))) i++;
    if (lineStart < 0) {
      lineStart = start;
      lineEnd = i;
    } else if ((joined?.length ?? lineEnd - lineStart) + 1 + (i - start) <= width) {
      if (joined === undefined && (start !== lineEnd + 1 || paragraph.charCodeAt(lineEnd) !== 32)) joined = paragraph.slice(lineStart, lineEnd);
      if (joined !== undefined) joined += ' ' + paragraph.slice(start, i);
      lineEnd = i;
    } else {
      lines.push(joined ?? paragraph.slice(lineStart, lineEnd));
      joined = undefined;
      lineStart = start;
      lineEnd = i;
    }
  }
  if (lineStart >= 0) lines.push(joined ?? paragraph.slice(lineStart, lineEnd));
  return lines;
}

/** Words separated by single spaces, nothing before or after: most description paragraphs. */
const SINGLE_SPACED = /^[^ \t\n\r\f\v\u00a0]+(?: [^ \t\n\r\f\v\u00a0]+)*$/;

/**
 * `wrapParagraph` for a `SINGLE_SPACED` paragraph, by searching for the spaces to break at
 * instead of looking at every character in script: the last space within `width` of the
 * line's start ends the line (greedy, as the scan does), or the first space after a word
 * longer than a line. The paragraphs are most of the generated text (CIM 2.51: 3 MB).
 */
function wrapSingleSpaced(paragraph: string, width: number): string[] {
  const lines: string[] = [];
  let start = 0;
  while (paragraph.length - start > width) {
    let end = paragraph.lastIndexOf(' ', start + width);
    if (end <= start) {
      end = paragraph.indexOf(' ', start);
      if (end < 0) break;
    }
    lines.push(paragraph.slice(start, end));
    start = end + 1;
  }
  lines.push(paragraph.slice(start));
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
  // Not cached: in CIM 2.51 a description is asked for again for under 10 % of its text
  // (overrides that repeat it), and a cache keyed by the text hashed all of it and kept
  // every formatted description alive to the end of the run.
  const out: string[] = [];
  /** Where the lines of the last non-empty paragraph start. */
  let lastStart = 0;
  const escaped = escapeDocText(text);
  // A plain split on \n (and a trailing \r dropped) is what split(/\r?\n/) gives, without the regex.
  for (const raw of escaped.includes('\n') ? escaped.split('\n') : [escaped]) {
    const paragraph = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const lines = wrapParagraph(paragraph, width);
    if (lines.length === 0) {
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      continue;
    }
    lastStart = out.length;
    for (const line of lines) out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  if (out.length > 0 && out[out.length - 1].endsWith(':')) endDanglingParagraph(out, lastStart, width);
  return out;
}

/** A last sentence that announces a list: "The values are:", "Values include the following:", … */
const LIST_INTRO = /(?:following(?: \w+)?|values|are|below|as follows|include|includes|is|table|strategies)\s*:$|^(?:the )?following\b/i;

/**
 * A description whose last paragraph ends in a colon announced a list that is not there (the
 * documentation's table was lost; the values, when there are any, are in the property's
 * type). Its last sentence is dropped when it only announces the list, else the colon ends
 * the sentence as a full stop.
 */
function endDanglingParagraph(out: string[], start: number, width: number): void {
  const paragraph = out.slice(start).join(' ');
  const lastSentence = /(?:^|[.!?]["')]?\s+)([^.!?]*)$/.exec(paragraph);
  let kept: string;
  if (lastSentence && LIST_INTRO.test(lastSentence[1])) kept = paragraph.slice(0, lastSentence.index + lastSentence[0].length - lastSentence[1].length).trimEnd();
  else kept = paragraph.slice(0, -1) + '.';
  out.splice(start, out.length - start, ...(kept === '' ? [] : wrapParagraph(kept, width)));
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
}

export interface DocTag {
  /** Without the `@`: `deprecated`, `since`, `experimental`, `remarks`. */
  readonly tag: string;
  readonly text?: string;
}

const NO_LINES: readonly string[] = [];

/** Collects the parts of one doc comment in order: description, notes, then tags. */
export class DocBuilder {
  /** The description's lines: `formatDescription`'s own array while there is one description (the usual case), no copy. */
  private body: readonly string[] = NO_LINES;
  private readonly notes: string[] = [];
  private readonly tags: DocTag[] = [];

  description(text: string | undefined): this {
    if (text !== undefined && text.trim() !== '') {
      const lines = formatDescription(text);
      this.body = this.body.length === 0 ? lines : [...this.body, ...lines];
    }
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

  /**
   * The whole comment, `/** … *\/` with each line prefixed by `indent` and ending in a
   * newline: what `toString()` gives, split at its newlines and laid out (one line:
   * `/** text *\/`); empty when there is no text. Written straight from the parts rather
   * than joined and split again: the descriptions are most of the generated text.
   */
  comment(indent: string): string {
    const { body, notes, tags } = this;
    const count = body.length + (notes.length > 0 ? notes.length + (body.length > 0 ? 1 : 0) : 0) + tags.length;
    if (count === 0) return '';
    if (count === 1) return docComment(body.length > 0 ? body[0] : notes.length > 0 ? notes[0] : tagLine(tags[0]), indent);
    const star = `${indent} *`;
    let out = `${indent}/**\n`;
    const line = (text: string): void => {
      if (text.includes('\n')) for (const part of text.split('\n')) out += part ? `${star} ${part}\n` : `${star}\n`;
      else out += text ? `${star} ${text}\n` : `${star}\n`;
    };
    for (const text of body) line(text);
    if (notes.length > 0) {
      if (body.length > 0) out += `${star}\n`;
      for (const text of notes) line(text);
    }
    for (const t of tags) line(tagLine(t));
    return out + `${indent} */\n`;
  }
}

/**
 * `text` as a doc comment at `indent`: `/** text *\/` for one line, one ` * ` line per line
 * otherwise; empty for no text.
 */
export function docComment(text: string, indent: string): string {
  if (!text) return '';
  const lines = text.split('\n');
  if (lines.length === 1) return `${indent}/** ${text} */\n`;
  let out = `${indent}/**\n`;
  for (const line of lines) out += line ? `${indent} * ${line}\n` : `${indent} *\n`;
  return out + `${indent} */\n`;
}

function tagLine(t: DocTag): string {
  return t.text ? `@${t.tag} ${t.text}` : `@${t.tag}`;
}
