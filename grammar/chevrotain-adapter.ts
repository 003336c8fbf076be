/**
 * The one place where wmigen's grammars reach into Chevrotain's undocumented parser state.
 *
 * The IDL parser notes, for each top-level definition, the index of its first token in
 * the token vector (the loader maps definitions back to their files with it). Chevrotain
 * keeps the position as the private field `currIdx` (the index of the last consumed
 * token) of its `LexerAdapter` trait; nothing public reads it. Private fields can change in any
 * release, so the adapter names the versions it was checked against and refuses others
 * with a clear message instead of reading a wrong field (test/grammar/chevrotain-adapter.test.ts
 * fails on an installed version missing from the list).
 */

import { VERSION } from './chevrotain.js';

/** The Chevrotain versions whose parser state this file was checked against. */
export const supportedChevrotainVersions: readonly string[] = ['11.2.0'];

/** The version loaded, as Chevrotain reports it. */
export const chevrotainVersion: string = VERSION;

export function isSupportedChevrotain(version: string): boolean {
  return supportedChevrotainVersions.includes(version);
}

/** Throws when the loaded Chevrotain is not one whose private state this adapter knows. */
export function assertSupportedChevrotain(version: string = chevrotainVersion): void {
  if (!isSupportedChevrotain(version)) {
    throw new Error(
      `wmigen's grammar reads Chevrotain's parser state, checked for chevrotain ${supportedChevrotainVersions.join(', ')}; ` +
        `chevrotain ${version} is installed (add it to grammar/chevrotain-adapter.ts once checked)`,
    );
  }
}

/** What the adapter reads: `LexerAdapter.currIdx`, the index of the last consumed token. */
interface LexerState {
  currIdx: number;
}

/** The index in the parser's token vector of the next token to be consumed. */
export function nextTokenIndex(parser: object): number {
  return (parser as LexerState).currIdx + 1;
}

