/**
 * Values of enum members and constants: expressions evaluated on demand, each once,
 * members and constants referring to each other in any order; a cycle or a bad
 * expression is a warning and the member or constant is left out.
 */

import { ConstExprError, evaluate, type EvalEnv } from '../../grammar/idl/constexpr.js';
import { diagnosticAt } from '../../grammar/idl/errors.js';
import type { Definitions, EnumEntry } from './collect.js';
import type { BuildContext } from './context.js';
import type { TypeResolver } from './resolve-type.js';

export class ConstantEvaluator {
  readonly env: EvalEnv;

  constructor(
    private readonly defs: Definitions,
    private readonly types: TypeResolver,
    private readonly ctx: BuildContext,
  ) {
    this.env = {
      lookup: (name) => {
        const e = this.defs.enumOfMember.get(name);
        if (e) return this.enumValues(e).get(name);
        if (this.defs.constByName.has(name)) {
          const v = this.constValue(name);
          return typeof v === 'bigint' ? v : undefined;
        }
        return undefined;
      },
      castWidth: (type, pointerDepth) => {
        if (pointerDepth > 0) return { bits: 64, signed: true }; // (void *)-1 stays -1
        const r = this.types.resolve(type, 0);
        if ((r.kind === 'int' || r.kind === 'uint') && r.bits) return { bits: r.bits, signed: r.kind === 'int' };
        if (r.kind === 'enum') return { bits: 32, signed: true };
        return undefined;
      },
    };
  }

  enumValues(e: EnumEntry): Map<string, bigint> {
    if (e.values) return e.values;
    if (e.evaluating) throw new ConstExprError(`enum ${e.name} refers to itself`);
    e.evaluating = true;
    const values = new Map<string, bigint>();
    let next = 0n;
    // Members may refer to members declared before them in the same enum.
    const memberEnv: EvalEnv = {
      lookup: (n) => values.get(n) ?? this.env.lookup(n),
      castWidth: this.env.castWidth,
    };
    for (let mi = 0; mi < e.members.length; mi++) {
      const m = e.members[mi];
      if (m.value) {
        try {
          next = evaluate(m.value, memberEnv);
        } catch (err) {
          this.ctx.notes.push(diagnosticAt('warning', 'IDL4002', `${e.name}.${m.name}: ${(err as Error).message}`, e.file, this.ctx.texts.get(e.file), m.offset));
          continue;
        }
      }
      values.set(m.name, next);
      next += 1n;
    }
    e.values = values;
    e.evaluating = false;
    return values;
  }

  constValue(name: string): bigint | string | undefined {
    const c = this.defs.constByName.get(name)!;
    if (c.value !== undefined) return c.value;
    if (c.busy) return undefined;
    c.busy = true;
    const init = c.declarator.initializer!;
    try {
      if (init.kind === 'string') c.value = init.value;
      else {
        let v = evaluate(init, this.env);
        const w = c.declarator.pointerDepth === 0 ? this.env.castWidth!(c.type, 0) : undefined;
        if (w) v = w.signed ? BigInt.asIntN(w.bits, v) : BigInt.asUintN(w.bits, v);
        c.value = v;
      }
    } catch (err) {
      this.ctx.notes.push(diagnosticAt('warning', 'IDL4002', `const ${name}: ${(err as Error).message}`, c.file, this.ctx.texts.get(c.file), c.declarator.offset));
    }
    c.busy = false;
    return c.value;
  }
}
