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

/**
 * Appends the unescaped text of `text[from, to)`, the inside of a literal, to `pieces`: the
 * runs between escapes as slices and each escape as its character. Returns an error message,
 * and leaves `pieces` as it found them, at an invalid escape.
 *
 * Pieces, joined by the caller once for a whole run of literals, rather than `+=`: a string
 * built by `+=` is a tree of one cons cell and one slice per piece, which the model then kept
 * (CIM 2.51: 74,000 cons cells and 60,000 slices, copied by every scavenge that met them),
 * where `join` makes one flat string.
 */
export function appendUnescaped(text: string, from: number, to: number, pieces: string[]): string | undefined {
  const start = pieces.length;
  for (let i = from; ; ) {
    const next = text.indexOf('\\', i);
    if (next < 0 || next >= to) {
      if (to > i) pieces.push(text.slice(i, to));
      return undefined;
    }
    if (next > i) pieces.push(text.slice(i, next));
    i = next + 1;
    if (i >= to) {
      pieces.length = start;
      return 'unterminated escape sequence';
    }
    const e = text[i];
    const simple = simpleEscapes[e];
    if (simple !== undefined) {
      pieces.push(simple);
      i++;
      continue;
    }
    if (e === 'x' || e === 'X') {
      let j = i + 1;
      while (j < to && j < i + 5 && /[0-9a-fA-F]/.test(text[j])) j++;
      if (j === i + 1) {
        pieces.length = start;
        return `invalid escape sequence '\\${e}${text.slice(i + 1, Math.min(i + 5, to))}': hex digits expected`;
      }
      pieces.push(String.fromCharCode(parseInt(text.slice(i + 1, j), 16)));
      i = j;
      continue;
    }
    pieces.length = start;
    return `invalid escape sequence '\\${e}'`;
  }
}

/** Unescapes the inside of a string or char16 literal (quotes already removed). */
export function unescapeMof(body: string): TextResult {
  if (body.indexOf('\\') < 0) return { ok: true, v: body };
  const pieces: string[] = [];
  const message = appendUnescaped(body, 0, body.length, pieces);
  return message === undefined ? { ok: true, v: pieces.join('') } : { ok: false, message };
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
