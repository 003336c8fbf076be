/**
 * grammar/chevrotain-adapter.ts reads Chevrotain's private parser state: it must name the
 * installed Chevrotain among the versions it was checked against, and what it reads must
 * be where it expects it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assertSupportedChevrotain,
  chevrotainVersion,
  isSupportedChevrotain,
  nextTokenIndex,
  supportedChevrotainVersions,
} from '../../grammar/chevrotain-adapter.js';
import { EmbeddedActionsParser, type IToken } from '../../grammar/chevrotain.js';
import { Identifier, Semicolon, idlLexer, allTokens } from '../../grammar/idl/tokens.js';

/** The version in the installed package's package.json (not what the bundle says of itself). */
function installedVersion(): string {
  const entry = createRequire(import.meta.url).resolve('chevrotain');
  let dir = dirname(entry);
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'chevrotain') return pkg.version;
    } catch {
      // not here: one folder up
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('chevrotain package.json not found');
    dir = up;
  }
}

describe('the Chevrotain adapter', () => {
  it('knows the installed Chevrotain version', () => {
    const installed = installedVersion();
    expect(chevrotainVersion).toBe(installed);
    expect(supportedChevrotainVersions, `chevrotain ${installed} is installed: check grammar/chevrotain-adapter.ts against it`).toContain(installed);
    expect(() => assertSupportedChevrotain()).not.toThrow();
  });

  it('refuses a version it does not know', () => {
    expect(isSupportedChevrotain('12.0.0')).toBe(false);
    expect(() => assertSupportedChevrotain('12.0.0')).toThrow(/chevrotain 12\.0\.0 is installed/);
  });

  it('reads the position where Chevrotain keeps it', () => {
    class Probe extends EmbeddedActionsParser {
      seen: number[] = [];
      constructor() {
        super(allTokens, { maxLookahead: 2, skipValidations: true });
        this.performSelfAnalysis();
      }
      readonly names = this.RULE('names', () => {
        this.MANY(() => {
          if (!this.RECORDING_PHASE) this.seen.push(nextTokenIndex(this));
          this.CONSUME(Identifier);
          this.CONSUME(Semicolon);
        });
      });
    }
    const p = new Probe();
    const tokens: IToken[] = idlLexer.tokenize('a; b; c;').tokens;
    p.input = tokens;
    p.names();
    expect(p.errors).toEqual([]);
    expect(p.seen).toEqual([0, 2, 4]);
    expect(nextTokenIndex(p)).toBe(6);
    p.input = tokens;
    expect(nextTokenIndex(p)).toBe(0);
  });
});
