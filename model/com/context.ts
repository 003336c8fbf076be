/** What every pass of the COM model's build shares: notes, source texts, file names, attribute lists. */

import { basename as pathBasename } from 'node:path';
import type { Diagnostic } from '../../grammar/diagnostics.js';
import type { Attribute } from '../../grammar/idl/ast.js';
import { SharedAttributeLists } from './attributes.js';
import type { ComAttribute } from './types.js';

export class BuildContext {
  /** Warnings of the whole build, the program's own first. */
  readonly notes: Diagnostic[];
  private readonly lists = new SharedAttributeLists();
  private readonly baseNames = new Map<string, string>();

  constructor(
    notes: readonly Diagnostic[],
    /** Source texts by path, for the excerpts of diagnostics. */
    readonly texts: ReadonlyMap<string, string>,
  ) {
    this.notes = [...notes];
  }

  attributesOf(list: readonly Attribute[]): ComAttribute[] {
    return this.lists.of(list);
  }

  /** Every interface, enum, constant and typedef names its file: one basename per file. */
  basename(file: string): string {
    let b = this.baseNames.get(file);
    if (b === undefined) {
      b = pathBasename(file);
      this.baseNames.set(file, b);
    }
    return b;
  }
}
