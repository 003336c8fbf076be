/**
 * The MOF parser: a Chevrotain EmbeddedActionsParser that builds the plain AST of
 * `ast.ts` directly (no CST), one shared instance reset with `parser.input`. This file
 * holds the file-level productions (pragmas, qualifier declarations, qualified
 * declarations); the rules for their parts are in parser-*.ts, one layer per file, by
 * production: parser-values, parser-qualifiers, parser-classes, parser-instances, each
 * extending the one before it (parser-base.ts holds the shared machinery).
 *
 * Deviations from DSP0004 (all on purpose, to accept what WMI's mofcomp accepts):
 * - a data type is parsed as a name and classified later, so class-typed properties
 *   (`Win32_ProcessStartup ProcessStartupInformation`) and `void` methods parse;
 * - array brackets may follow the type (`string[] Names`, MOF 3.0) as well as the name;
 * - `Scope(...)` is optional in the grammar so that its absence gets a precise semantic
 *   error instead of a generic syntax error;
 * - values may be bare names (MOF 3.0 enumeration values, `#pragma deleteclass("X", FAIL)`).
 * Literal conversion problems (bad escapes, invalid numbers) do not stop the parse: they
 * are collected in `problems` with their offsets.
 */

import * as T from './tokens.js';
import type { PragmaAst, ProductionAst, ValueAst } from './ast.js';
import { noProductions, noQualifiers, type Alts } from './parser-base.js';
import { MofInstanceRules } from './parser-instances.js';

export type { ParseProblem } from './parser-base.js';

export class MofParser extends MofInstanceRules {
  private declarationAlts: Alts<ProductionAst> | undefined;
  private productionAlts: Alts<ProductionAst> | undefined;

  constructor() {
    super();
    this.performSelfAnalysis();
  }

  /** What `mofFile` appends to (files do not nest); `noProductions` between parses. */
  private fileOut: ProductionAst[] = noProductions;
  private readonly fileProduction = (): void => {
    this.fileOut.push(this.SUBRULE(this.production));
  };
  mofFile = this.RULE('mofFile', (): ProductionAst[] => {
    const out: ProductionAst[] = (this.fileOut = []);
    // A parse that failed leaves its items behind: start from the bottom.
    this.listTop = 0;
    this.MANY(this.fileProduction);
    // Every list was taken; clear the slots used so that they keep no tree alive between
    // files (filled rather than truncated: truncating drops the backing store). Nor do
    // the file's list and the token vector stay reachable from here.
    this.listItems.fill(undefined, 0, this.listHigh);
    this.listHigh = 0;
    this.fileOut = noProductions;
    return out;
  });

  production = this.RULE('production', (): ProductionAst =>
    this.OR(
      (this.productionAlts ??= [
        { ALT: () => this.SUBRULE(this.pragma) },
        { ALT: () => this.SUBRULE(this.qualifierDecl) },
        { ALT: () => this.SUBRULE(this.qualifiedDeclaration) },
      ]),
    ),
  );

  private readonly pragmaArgs = {
    SEP: T.Comma,
    DEF: (): void => this.pushItem(this.SUBRULE(this.value)),
  };
  private readonly pragmaArgsOption = (): void => {
    this.CONSUME(T.LParen);
    this.MANY_SEP(this.pragmaArgs);
    this.CONSUME(T.RParen);
  };
  pragma = this.RULE('pragma', (): PragmaAst => {
    const start = this.CONSUME(T.Pragma);
    const name = this.CONSUME(T.Name);
    const base = this.listTop;
    this.OPTION(this.pragmaArgsOption);
    const args = this.takeList<ValueAst>(base);
    return { kind: 'pragma', name: name.image, args, o: start.startOffset };
  });

  /** Class, instance, MOF 3.0 structure/association/enumeration, with an optional qualifier list. */
  qualifiedDeclaration = this.RULE('qualifiedDeclaration', (): ProductionAst => {
    const quals = this.OPTION(this.qualifierListOption);
    if (!this.RECORDING_PHASE) this.pendingQualifiers = quals ?? noQualifiers;
    return this.OR(
      (this.declarationAlts ??= [
        { ALT: () => this.SUBRULE(this.classDecl) },
        { ALT: () => this.SUBRULE(this.instanceDecl) },
        { ALT: () => this.SUBRULE(this.enumerationDecl) },
      ]),
    );
  });
}
