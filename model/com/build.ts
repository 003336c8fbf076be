/**
 * Builds the COM model from a parsed IDL closure, in passes: collect every definition by
 * name across files (collect.ts), resolve types through typedef chains
 * (resolve-type.ts), evaluate enum and const expressions (constants.ts), lay out vtables
 * (vtable-layout.ts); then the model's lists in declaration order.
 */

import type { IdlProgram } from '../../grammar/idl/load.js';
import { simpleName, typeText } from './c-types.js';
import { collectDefinitions, type Definitions } from './collect.js';
import { ConstantEvaluator } from './constants.js';
import { BuildContext } from './context.js';
import { TypeResolver } from './resolve-type.js';
import type { ComConstant, ComEnum, ComEnumMember, ComModel, ComTypedef } from './types.js';
import { VtableLayout } from './vtable-layout.js';

export { typeText } from './c-types.js';

export function buildComModel(program: IdlProgram): ComModel {
  const ctx = new BuildContext(program.notes, program.texts);
  const defs = collectDefinitions(program, ctx);
  const types = new TypeResolver(defs);
  const constants = new ConstantEvaluator(defs, types, ctx);
  const vtables = new VtableLayout(defs, types, ctx, program.root);

  const interfaces = defs.interfaceOrder.map((loc) => vtables.layout(simpleName(loc.def.name)));
  const enums = modelEnums(defs, constants, ctx);
  const constantList = modelConstants(defs, constants, ctx);
  const typedefs: ComTypedef[] = defs.typedefOrder.map((name) => {
    const td = defs.typedefs.get(name)!;
    return { name, file: ctx.basename(td.file), resolved: types.resolve({ kind: 'named', name, isConst: false, offset: 0 }, 0) };
  });

  return {
    root: ctx.basename(program.root),
    files: program.files.map((f) => ctx.basename(f.path)),
    interfaces,
    dispinterfaces: defs.dispinterfaces,
    enums,
    constants: constantList,
    coclasses: defs.coclasses,
    libraries: defs.libraries,
    typedefs,
    cppQuotes: [...defs.cppQuoteCounts].map(([file, count]) => ({ file: ctx.basename(file), count })),
    notes: ctx.notes.map((n) => (n.location ? { ...n, location: { ...n.location, file: ctx.basename(n.location.file) } } : n)),
  };
}

function modelEnums(defs: Definitions, constants: ConstantEvaluator, ctx: BuildContext): ComEnum[] {
  return defs.enums.map((e) => {
    const values = constants.enumValues(e);
    const members: ComEnumMember[] = [];
    for (let mi = 0; mi < e.members.length; mi++) {
      const m = e.members[mi];
      const v = values.get(m.name);
      if (v !== undefined) members.push({ name: m.name, value: Number(v) });
    }
    const file = ctx.basename(e.file);
    const attributes = ctx.attributesOf(e.attributes);
    // `tag` only when there is one, in its place (the JSON's key order).
    return e.tag ? { name: e.name, tag: e.tag, file, attributes, members } : { name: e.name, file, attributes, members };
  });
}

function modelConstants(defs: Definitions, constants: ConstantEvaluator, ctx: BuildContext): ComConstant[] {
  const out: ComConstant[] = [];
  for (const c of defs.constDecls) {
    const v = constants.constValue(c.name);
    if (v === undefined) continue;
    const idlType = c.type.isConst ? typeText({ ...c.type, isConst: false }) : typeText(c.type);
    out.push({ name: c.name, file: ctx.basename(c.file), idlType, value: typeof v === 'bigint' ? Number(v) : v });
  }
  return out;
}
