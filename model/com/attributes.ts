/** IDL attribute lists as the COM model holds them, and the questions the passes ask of them. */

import type { Attribute } from '../../grammar/idl/ast.js';
import type { ComAttribute } from './types.js';

/**
 * The model's attributes share the syntax tree's argument lists (both are read-only):
 * a copy of each was about 0.2 MB of a load of the wbemcli.idl closure.
 */
function copyAttributes(list: readonly Attribute[]): ComAttribute[] {
  return list.map((a) => ({ name: a.name, args: a.args }));
}

export function hasAttribute(list: readonly Attribute[], name: string): boolean {
  return list.some((a) => a.name === name);
}

/** The arguments of the attribute `name`, joined, or undefined when the list lacks it. */
export function attributeArgs(list: readonly Attribute[], name: string): string | undefined {
  for (const a of list) if (a.name === name) return a.args.join(', ');
  return undefined;
}

/** A node of the tree of shared attribute lists. */
interface SharedListNode {
  list: ComAttribute[] | undefined;
  next: Map<string, SharedListNode> | undefined;
}

/**
 * Attribute lists without arguments (`[in]`, `[out, retval]`, `[local]`: most of the
 * 3,500 lists of a wbemcli.idl closure model) are made once per spelling and shared, as
 * every list of the model is read-only; lists with arguments are copied. Found by a walk
 * down a tree of maps keyed by each name in turn (names are the scanner's strings, their
 * hashes computed once), where a key joined from the names cost a new string and its
 * hash for every list of two or more.
 */
export class SharedAttributeLists {
  private readonly none: ComAttribute[] = [];
  private readonly root: SharedListNode = { list: undefined, next: undefined };

  of(list: readonly Attribute[]): ComAttribute[] {
    if (list.length === 0) return this.none;
    for (let ai = 0; ai < list.length; ai++) {
      if (list[ai].args.length !== 0) return copyAttributes(list);
    }
    let node = this.root;
    for (let ai = 0; ai < list.length; ai++) {
      const a = list[ai];
      const next = (node.next ??= new Map<string, SharedListNode>());
      let child = next.get(a.name);
      if (child === undefined) {
        child = { list: undefined, next: undefined };
        next.set(a.name, child);
      }
      node = child;
    }
    return (node.list ??= copyAttributes(list));
  }
}
