/**
 * Chevrotain, loaded from its single-file bundle: the one import of Chevrotain for every
 * grammar (MOF, IDL, WQL), so that all token types come from one instance.
 *
 * The package's `exports` entry points at `lib/src/api.js`, which pulls in lodash-es and
 * Chevrotain's own sources module by module: about half a second of start-up on this
 * machine. The package also ships `lib/chevrotain.mjs`, the same API in one file
 * (about 30 ms). Its `exports` map hides that file from a bare import, so we resolve the
 * package entry and load the sibling bundle by URL, falling back to the bare import if a
 * future Chevrotain moves the bundle.
 */

import type * as ChevrotainApi from 'chevrotain';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

async function loadChevrotain(): Promise<typeof ChevrotainApi> {
  try {
    const entry = createRequire(import.meta.url).resolve('chevrotain');
    const bundle = join(dirname(entry), '..', 'chevrotain.mjs');
    if (existsSync(bundle)) return (await import(pathToFileURL(bundle).href)) as typeof ChevrotainApi;
  } catch {
    // fall through to the package entry
  }
  return import('chevrotain');
}

const chevrotain = await loadChevrotain();

export const Lexer: typeof ChevrotainApi.Lexer = chevrotain.Lexer;
export type Lexer = ChevrotainApi.Lexer;
export const createToken: typeof ChevrotainApi.createToken = chevrotain.createToken;
export const EmbeddedActionsParser: typeof ChevrotainApi.EmbeddedActionsParser = chevrotain.EmbeddedActionsParser;
export const EOF: typeof ChevrotainApi.EOF = chevrotain.EOF;
export const tokenMatcher: typeof ChevrotainApi.tokenMatcher = chevrotain.tokenMatcher;
export const isRecognitionException: typeof ChevrotainApi.isRecognitionException = chevrotain.isRecognitionException;
export type { IToken, TokenType, ILexingError, IRecognitionException } from 'chevrotain';
export const VERSION: string = chevrotain.VERSION;
export type { IOrAlt } from 'chevrotain';
export type { ParserMethod } from 'chevrotain';
