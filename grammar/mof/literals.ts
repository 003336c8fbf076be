/**
 * Conversion of MOF literal tokens into values, and datetime validation.
 * Every function returns either a value or an error message; nothing here throws.
 */

export type NumberResult =
  /** `based`: written in hex, octal or binary (a bit pattern for signed types, as C compilers read it). */
  | { readonly t: 'int'; readonly v: number | bigint; readonly based?: boolean }
  | { readonly t: 'real'; readonly v: number }
  | { readonly t: 'error'; readonly message: string };

const decimalRe = /^[+-]?(?:0|[1-9][0-9]*)$/;
const hexRe = /^[+-]?0[xX][0-9a-fA-F]+$/;
const binaryRe = /^[+-]?[01]+[bB]$/;
const octalRe = /^[+-]?0[0-7]+$/;
const realRe = /^[+-]?(?:[0-9]*\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+)$/;

function toInt(negative: boolean, magnitude: bigint): number | bigint {
  const v = negative ? -magnitude : magnitude;
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** Classifies a NumberLiteral token image (DSP0004 decimal, hex, octal, binary and real values). */
export function convertNumber(image: string): NumberResult {
  const negative = image[0] === '-';
  const body = image[0] === '-' || image[0] === '+' ? image.slice(1) : image;
  if (decimalRe.test(image)) {
    if (body.length < 16) return { t: 'int', v: negative ? -Number(body) : Number(body) };
    return { t: 'int', v: toInt(negative, BigInt(body)) };
  }
  if (hexRe.test(image)) return { t: 'int', v: toInt(negative, BigInt('0x' + body.slice(2))), based: true };
  if (binaryRe.test(image)) return { t: 'int', v: toInt(negative, BigInt('0b' + body.slice(0, -1))), based: true };
  if (octalRe.test(image)) return { t: 'int', v: toInt(negative, BigInt('0o' + body.slice(1))), based: true };
  if (realRe.test(image)) return { t: 'real', v: Number(image) };
  return { t: 'error', message: `invalid number literal '${image}'` };
}

export type TextResult = { readonly ok: true; readonly v: string } | { readonly ok: false; readonly message: string };

const simpleEscapes: Record<string, string> = {
  b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', "'": "'", '\\': '\\',
};
/** The character each simple escape stands for, by the code of the letter after the backslash (0: none). */
const simpleEscapeUnits = new Uint16Array(128);
for (const [letter, ch] of Object.entries(simpleEscapes)) simpleEscapeUnits[letter.charCodeAt(0)] = ch.charCodeAt(0);

/** The value of an ASCII hex digit, or -1. */
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/**
 * Whether Buffer's 'utf16le' bytes are native 16-bit units (a Uint16Array over the same
 * memory reads them as code units): on little-endian machines only.
 */
export const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A run buffer grown past this many code units is let go after its run (see `take`). */
const keptUnits = 1 << 20;

/**
 * The unescaped text of string literals, collected in one reused buffer of UTF-16 code units
 * and made into one flat string by `take`: for the value of a run of adjacent literals (a
 * Description is one literal per line), and for a literal with an escape.
 *
 * Each literal's text is copied into the buffer (one native copy of the token's image, then
 * each literal's inside moved down over the quotes and blanks before it, and escapes decoded
 * in place), and the buffer is decoded once per run. A run built as one slice per piece,
 * collected in an array and joined, makes slices and arrays that are garbage once joined;
 * a string built by `+=` is a tree of one cons cell and one
 * slice per piece, which the model would keep. Buffer's UTF-16 decoding gives a one-byte
 * string when every character fits in a byte, as a join does.
 */
export class StringRunBuilder {
  private units = new Uint16Array(1 << 12);
  private bytes = Buffer.from(this.units.buffer);
  /** The code units of the run so far: units[0, length). */
  private length = 0;

  reset(): void {
    this.length = 0;
  }

  /** The run's text as one flat string; the builder is left empty. */
  take(): string {
    const n = this.length;
    this.length = 0;
    let out = '';
    if (littleEndian) out = n === 0 ? '' : this.bytes.toString('utf16le', 0, 2 * n);
    else for (let i = 0; i < n; i += 4096) out += String.fromCharCode(...this.units.subarray(i, Math.min(n, i + 4096)));
    // The parser keeps its builder: one huge literal should not keep its buffer alive.
    if (this.units.length > keptUnits) this.resize(1 << 12, 0);
    return out;
  }

  /** A buffer of `size` code units holding the first `keep` of the current one. */
  private resize(size: number, keep: number): void {
    const units = new Uint16Array(size);
    units.set(this.units.subarray(0, keep));
    this.units = units;
    this.bytes = Buffer.from(units.buffer);
  }

  /** Copies `text` into the buffer after the run so far, and returns where it starts there. */
  private place(text: string): number {
    const at = this.length;
    if (at + text.length > this.units.length) this.resize(Math.max(this.units.length * 2, at + text.length), at);
    if (littleEndian) this.bytes.write(text, 2 * at, 'utf16le');
    else for (let i = 0; i < text.length; i++) this.units[at + i] = text.charCodeAt(i);
    return at;
  }

  /**
   * Appends the literals of a StringLiteral token's image (`"..."` literals with blanks
   * between them, as the lexer joins them). A literal with an invalid escape is left out of
   * the run, and `onProblem` gets the index of its opening quote in `image` and the message.
   */
  appendLiterals(image: string, onProblem: (at: number, message: string) => void): void {
    const last = image.length - 1;
    const base = this.place(image);
    const units = this.units;
    let backslash = image.indexOf('\\');
    let open = 0;
    for (;;) {
      let close = image.indexOf('"', open + 1);
      if (backslash < 0 || backslash > close) {
        // No backslash before the first quote: that quote ends the literal.
        units.copyWithin(this.length, base + open + 1, base + close);
        this.length += close - open - 1;
      } else {
        // A quote after a backslash is escaped: the literal ends at the first quote that is not.
        close = open + 1;
        for (let c = units[base + close]; c !== 34; c = units[base + ++close]) if (c === 92) close++;
        const message = this.unescape(image, base, open + 1, close);
        if (message !== undefined) onProblem(open, message);
        backslash = image.indexOf('\\', close + 1);
      }
      if (close >= last) return;
      open = image.indexOf('"', close + 1);
    }
  }

  /**
   * Appends the unescaped text of text[from, to) (the inside of a literal, with escapes),
   * which is at units[base + from, base + to). Returns an error message at the first invalid
   * escape, and leaves the run as it was.
   */
  private unescape(text: string, base: number, from: number, to: number): string | undefined {
    const units = this.units;
    const start = this.length;
    let w = start;
    for (let r = base + from; r < base + to; ) {
      const c = units[r++];
      if (c !== 92) {
        units[w++] = c;
        continue;
      }
      const i = r - base;
      if (i >= to) return 'unterminated escape sequence';
      const e = units[r];
      const simple = e < 128 ? simpleEscapeUnits[e] : 0;
      if (simple !== 0) {
        units[w++] = simple;
        r++;
        continue;
      }
      if (e === 120 || e === 88) {
        // \x with one to four hex digits.
        let value = 0;
        let digits = 0;
        for (let h: number; digits < 4 && i + 1 + digits < to && (h = hexDigit(units[r + 1 + digits])) >= 0; digits++) value = value * 16 + h;
        if (digits === 0) return `invalid escape sequence '\\${text[i]}${text.slice(i + 1, Math.min(i + 5, to))}': hex digits expected`;
        units[w++] = value;
        r += 1 + digits;
        continue;
      }
      return `invalid escape sequence '\\${text[i]}'`;
    }
    this.length = w;
    return undefined;
  }

  /** Unescapes the inside of a literal (quotes already removed): a string, or an error message. */
  unescapeBody(body: string): TextResult {
    this.length = 0;
    const message = this.unescape(body, this.place(body), 0, body.length);
    if (message !== undefined) {
      this.length = 0;
      return { ok: false, message };
    }
    return { ok: true, v: this.take() };
  }
}

const bodyBuilder = new StringRunBuilder();

/** Unescapes the inside of a string or char16 literal (quotes already removed). */
export function unescapeMof(body: string): TextResult {
  if (body.indexOf('\\') < 0) return { ok: true, v: body };
  return bodyBuilder.unescapeBody(body);
}

/** A char16 literal: exactly one UTF-16 code unit after unescaping. */
export function convertChar(image: string): TextResult {
  const r = unescapeMof(image.slice(1, -1));
  if (!r.ok) return r;
  if (r.v.length !== 1) return { ok: false, message: `a char16 literal holds exactly one character, not ${r.v.length}: ${image}` };
  return r;
}

const digits = (s: string): boolean => /^[0-9]+$/.test(s);
const stars = (s: string): boolean => /^\*+$/.test(s);

/**
 * Validates a CIM datetime string (DSP0004 5.2.4): a timestamp `yyyymmddhhmmss.mmmmmmsutc`
 * or an interval `ddddddddhhmmss.mmmmmm:000`. Fields may be all asterisks (unspecified),
 * and the microseconds may end in asterisks. Returns an error message or undefined.
 */
export function validateDatetime(s: string): string | undefined {
  if (s.length !== 25) return `datetime value '${s}' must be 25 characters long, not ${s.length}`;
  if (s[14] !== '.') return `datetime value '${s}': '.' expected at position 15`;
  const sep = s[21];
  const micro = s.slice(15, 21);
  const microOk = /^[0-9]*\**$/.test(micro);
  if (!microOk) return `datetime value '${s}': invalid microseconds '${micro}'`;
  const field = (from: number, to: number, max: number, min: number, what: string): string | undefined => {
    const f = s.slice(from, to);
    if (stars(f)) return undefined;
    if (!digits(f)) return `datetime value '${s}': invalid ${what} '${f}'`;
    const n = Number(f);
    if (n < min || n > max) return `datetime value '${s}': ${what} ${f} out of range`;
    return undefined;
  };
  if (sep === ':') {
    if (s.slice(22) !== '000') return `interval value '${s}' must end in ':000'`;
    return (
      field(0, 8, 99999999, 0, 'days') ??
      field(8, 10, 23, 0, 'hours') ??
      field(10, 12, 59, 0, 'minutes') ??
      field(12, 14, 59, 0, 'seconds')
    );
  }
  if (sep !== '+' && sep !== '-') return `datetime value '${s}': '+', '-' or ':' expected at position 22`;
  const utc = s.slice(22);
  if (!digits(utc) && !stars(utc)) return `datetime value '${s}': invalid UTC offset '${utc}'`;
  return (
    field(0, 4, 9999, 0, 'year') ??
    field(4, 6, 12, 1, 'month') ??
    field(6, 8, 31, 1, 'day') ??
    field(8, 10, 23, 0, 'hour') ??
    field(10, 12, 59, 0, 'minute') ??
    field(12, 14, 60, 0, 'second')
  );
}
