/**
 * WQL LIKE patterns: `%` any run of characters, `_` any one character, `[abc]` / `[a-f]`
 * one character of a set or range, `[^…]` one character not in it. Matching is
 * case-insensitive like every WQL comparison. A `[` without its `]` stands for itself.
 *
 * Patterns compile to an anchored RegExp, cached, because the same pattern is tested
 * against every instance of a query.
 */

const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 512;

/** Escapes a character for use outside a character class (u-mode allows only syntax characters). */
function escapeRegExpChar(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

/** Escapes a character inside a character class. */
function escapeClassChar(ch: string): string {
  return /[\\\]\[^-]/.test(ch) ? `\\${ch}` : ch;
}

export function compileLikePattern(pattern: string): RegExp {
  const cached = cache.get(pattern);
  if (cached) return cached;
  let out = '^';
  const chars = Array.from(pattern); // by code point, so a surrogate pair is one character
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '%') {
      while (chars[i + 1] === '%') i++; // `%%` is `%`: avoid needless backtracking
      out += '[\\s\\S]*';
    } else if (ch === '_') {
      out += '[\\s\\S]';
    } else if (ch === '[') {
      const close = chars.indexOf(']', i + 2); // `[]…]`: a leading `]` is a member
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let members = chars.slice(i + 1, close);
      let negated = false;
      if (members[0] === '^' && members.length > 1) {
        negated = true;
        members = members.slice(1);
      }
      let set = '';
      for (let j = 0; j < members.length; j++) {
        if (members[j + 1] === '-' && j + 2 < members.length) {
          set += `${escapeClassChar(members[j])}-${escapeClassChar(members[j + 2])}`;
          j += 2;
        } else {
          set += escapeClassChar(members[j]);
        }
      }
      out += negated ? `[^${set}]` : `[${set}]`;
      i = close;
    } else {
      out += escapeRegExpChar(ch);
    }
  }
  out += '$';
  let re: RegExp;
  try {
    re = new RegExp(out, 'iu');
  } catch {
    // An inverted range such as [z-a] matches nothing, as in SQL.
    re = /(?!)/u;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, re);
  return re;
}

export function matchesLike(value: string, pattern: string): boolean {
  return compileLikePattern(pattern).test(value);
}

/** Escapes text so that a LIKE pattern matches it literally (for the typed builder). */
export function escapeLikeLiteral(text: string): string {
  return text.replace(/[%_[]/g, (c) => `[${c}]`);
}
