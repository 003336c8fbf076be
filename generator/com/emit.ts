/**
 * Emits the COM bindings of one IDL file (`generated/com/wbemcli.ts`) from the COM
 * model: per interface a const descriptor (IID, base, vtable length, each method's slot,
 * argument and result kinds, koffi prototype and parameters) and the union of the
 * method names it can be called with; an index of the interfaces by name; every enum
 * of the file as a TypeScript enum; a WBEMSTATUS name lookup when the file declares
 * WBEMSTATUS; the CLSIDs of its coclasses and their index. The whole file is one ts-morph structure
 * printed once; output is deterministic (model order, no timestamps).
 */

import { printStructure, StructureKind, VariableDeclarationKind, type StatementStructures, type WriterFunction } from 'ts-morph';
import type { ComEnum, ComInterface, ComModel } from '../../model/com/types.js';
import { safeIdentifier } from '../../common/identifiers.js';
import { fileHeader } from '../../templates/header.js';
import { argKinds, ffiParam, koffiPrototype, returnKind } from './koffi.js';

export { safeIdentifier } from '../../common/identifiers.js';

/** Escapes text for a `/** … *\/` comment (a `*\/` inside would end it). */
export function docText(text: string): string {
  return text.replace(/\*\//g, '*\\/');
}

function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function hexOrDecimal(v: number): string {
  if (v < 0) return String(v);
  return v >= 0x100 ? `0x${v.toString(16).toUpperCase()}` : String(v);
}

export interface EmitOptions {
  /** Base name of the IDL file whose declarations are emitted, e.g. `wbemcli.idl`. */
  readonly file: string;
}

/** Interfaces declared in `file`, preceded by the bases they inherit from other files. */
function interfacesToEmit(model: ComModel, file: string): ComInterface[] {
  const byName = new Map(model.interfaces.map((i) => [i.name, i]));
  const chosen: ComInterface[] = [];
  const seen = new Set<string>();
  const add = (i: ComInterface) => {
    if (seen.has(i.name)) return;
    if (i.base && byName.has(i.base)) add(byName.get(i.base)!);
    seen.add(i.name);
    chosen.push(i);
  };
  for (const i of model.interfaces) if (i.file === file && i.isObject) add(i);
  return chosen;
}

function paramNames(i: ComInterface): Map<string, string[]> {
  return new Map(i.methods.map((m) => [m.name, m.params.map((p) => safeIdentifier(p.name))]));
}

function emitInterface(i: ComInterface): (StatementStructures | WriterFunction)[] {
  const names = paramNames(i);
  const methods = i.methods.map((m) => {
    const pn = names.get(m.name)!;
    const params = m.params.map((p, k) => {
      const f = ffiParam(p);
      const extra = [
        p.retval ? 'retval: true' : '',
        p.sizeIs !== undefined ? `sizeIs: ${quote(p.sizeIs)}` : '',
        p.lengthIs !== undefined ? `lengthIs: ${quote(p.lengthIs)}` : '',
        p.iidIs !== undefined ? `iidIs: ${quote(p.iidIs)}` : '',
      ].filter(Boolean);
      return `{ name: ${quote(pn[k])}, direction: ${quote(p.direction)}, idlType: ${quote(p.idlType)}, pointerDepth: ${p.pointerDepth}, ffiType: ${quote(f.ffiType)}${extra.length ? ', ' + extra.join(', ') : ''} }`;
    });
    const body = [
      `slot: ${m.slot}`,
      `args: [${argKinds(m).map(quote).join(', ')}]`,
      `returns: ${quote(returnKind(m))}`,
      `proto: ${quote(koffiPrototype(i.name, m, pn))}`,
      `params: [${params.length ? '\n        ' + params.join(',\n        ') + ',\n      ' : ''}]`,
    ];
    // Property names may be reserved words (`delete`): keep the C name as the key.
    const key = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(m.name) ? m.name : quote(m.name);
    return `    ${key}: {\n      ${body.join(',\n      ')},\n    }`;
  });
  const fields = [
    `name: ${quote(i.name)}`,
    `iid: ${i.iid ? quote(i.iid) : 'undefined'}`,
    `base: ${i.base ? quote(i.base) : 'undefined'}`,
    `vtableStart: ${i.vtableStart}`,
    `vtableLength: ${i.vtableLength}`,
    `methods: {${methods.length ? '\n' + methods.join(',\n') + ',\n  ' : ''}}`,
  ];
  const attrs = i.attributes.filter((a) => a.name !== 'uuid').map((a) => a.name);
  const doc = `${i.name}${i.base ? ` : ${i.base}` : ''}${attrs.length ? ` [${attrs.join(', ')}]` : ''}: vtable begins at ${i.vtableStart}, is ${i.vtableLength} entries long`;
  const descriptor: StatementStructures = {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [docText(doc)],
    declarations: [{ name: i.name, initializer: `{\n  ${fields.join(',\n  ')},\n} as const satisfies ComInterfaceDescriptor` }],
  };
  const own = `keyof (typeof ${i.name})['methods']`;
  const methodNameDoc = `The methods an ${i.name} pointer can be called with: its own${i.base ? ` and ${i.base}'s` : ''}.`;
  const methodName: WriterFunction = (w) =>
    w
      .writeLine(`/** ${docText(methodNameDoc)} */`)
      .write(`export type ${methodNameType(i.name)} = ${i.base ? `${own} | ${methodNameType(i.base)}` : own};`)
      .blankLine();
  return [descriptor, methodName];
}

function methodNameType(interfaceName: string): string {
  return `${interfaceName}MethodName`;
}

/** The interfaces by name, their name union and the method-name union of each. */
function emitInterfaceIndex(interfaces: readonly ComInterface[]): StatementStructures[] {
  const names = interfaces.map((i) => i.name);
  return [
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ['Every interface descriptor of this file, by interface name.'],
      declarations: [
        {
          name: 'comInterfaces',
          initializer: `{ ${names.join(', ')} } as const satisfies Readonly<Record<string, ComInterfaceDescriptor>>`,
        },
      ],
    },
    {
      kind: StructureKind.TypeAlias,
      name: 'ComInterfaceName',
      isExported: true,
      type: 'keyof typeof comInterfaces',
    },
    {
      kind: StructureKind.Interface,
      name: 'ComMethodNames',
      isExported: true,
      docs: ['Per interface, the names of the methods it can be called with (inherited ones included).'],
      properties: names.map((n) => ({ name: n, isReadonly: true, type: methodNameType(n) })),
    },
  ];
}

function emitEnum(e: ComEnum): StatementStructures {
  return {
    kind: StructureKind.Enum,
    name: safeIdentifier(e.name),
    isExported: true,
    docs: [docText(`${e.name}${e.tag ? ` (enum ${e.tag})` : ''}; values are unsigned 32-bit numbers as written in the IDL.`)],
    members: e.members.map((m) => ({ name: m.name, initializer: hexOrDecimal(m.value) })),
  };
}

/** The preferred name of each status value: the first `_S_`/`_E_` name, else the first. */
function statusNames(e: ComEnum): [number, string][] {
  const byValue = new Map<number, string>();
  const isStatus = (n: string) => /_[SE]_/.test(n);
  for (const m of e.members) {
    const v = m.value >>> 0;
    const prev = byValue.get(v);
    if (prev === undefined || (!isStatus(prev) && isStatus(m.name))) byValue.set(v, m.name);
  }
  return [...byValue];
}

export function emitComBindings(model: ComModel, options: EmitOptions): string {
  const file = options.file;
  const statements: (StatementStructures | WriterFunction | string)[] = [];
  statements.push(
    [
      '/**',
      ' * How each argument and result crosses a call, and the koffi type it crosses as: a',
      ' * pointer, a 32- or 64-bit integer (narrower integers widen to 32 bits, as the x64',
      " * ABI passes them), a float or a double. The one table of C widths the runtime uses.",
      ' */',
      'export const comMachineTypes = {',
      "  ptr: 'void *',",
      "  i32: 'int32',",
      "  u32: 'uint32',",
      "  i64: 'int64',",
      "  u64: 'uint64',",
      "  f32: 'float',",
      "  f64: 'double',",
      '} as const;',
      'export type ComMachineKind = keyof typeof comMachineTypes;',
      '/** An argument\'s kind; `struct` is a struct passed by value, which the runtime does not call. */',
      "export type ComArgKind = ComMachineKind | 'struct';",
      '/** A result\'s kind; `HRESULT` crosses as a signed `i32`. */',
      "export type ComReturnKind = 'HRESULT' | 'void' | ComArgKind;",
      '',
      'export interface ComParamDescriptor {',
      '  readonly name: string;',
      "  readonly direction: 'in' | 'out' | 'inout';",
      '  readonly idlType: string;',
      '  readonly pointerDepth: number;',
      '  /** The parameter\'s type in the koffi prototype. */',
      '  readonly ffiType: string;',
      '  readonly retval?: boolean;',
      '  readonly sizeIs?: string;',
      '  readonly lengthIs?: string;',
      '  readonly iidIs?: string;',
      '}',
      '',
      'export interface ComMethodDescriptor {',
      '  /** Index in the vtable (IUnknown::QueryInterface is 0). */',
      '  readonly slot: number;',
      '  /** How each argument after `self` crosses the call. */',
      '  readonly args: readonly ComArgKind[];',
      '  readonly returns: ComReturnKind;',
      '  /** koffi prototype, built-in type names only, `self` first. */',
      '  readonly proto: string;',
      '  readonly params: readonly ComParamDescriptor[];',
      '}',
      '',
      'export interface ComInterfaceDescriptor {',
      '  readonly name: string;',
      '  readonly iid: string | undefined;',
      '  readonly base: string | undefined;',
      '  readonly vtableStart: number;',
      '  readonly vtableLength: number;',
      '  /** Own methods; inherited ones are on the base descriptor. */',
      '  readonly methods: Readonly<Record<string, ComMethodDescriptor>>;',
      '}',
    ].join('\n'),
  );
  const interfaces = interfacesToEmit(model, file);
  for (const i of interfaces) statements.push(...emitInterface(i));
  statements.push(...emitInterfaceIndex(interfaces));
  const enums = model.enums.filter((e) => e.file === file);
  for (const e of enums) statements.push(emitEnum(e));
  const status = enums.find((e) => e.name === 'WBEMSTATUS');
  if (status) {
    const entries = statusNames(status).map(([v, n]) => `  [${hexOrDecimal(v)}, ${quote(n)}],`);
    statements.push(`const wbemStatusNames: ReadonlyMap<number, string> = new Map([\n${entries.join('\n')}\n]);`);
    statements.push({
      kind: StructureKind.Function,
      name: 'wbemStatusName',
      isExported: true,
      docs: ['The WBEMSTATUS name of an HRESULT, signed or unsigned (it is normalized with `>>> 0`).'],
      parameters: [{ name: 'hr', type: 'number' }],
      returnType: 'string | undefined',
      statements: ['return wbemStatusNames.get(hr >>> 0);'],
    });
  }
  const coclasses = model.coclasses.filter((c) => c.file === file && c.clsid);
  for (const c of coclasses) {
    statements.push({
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: [docText(`coclass ${c.name} (${c.interfaces.map((x) => x.name).join(', ')})`)],
      declarations: [{ name: `CLSID_${safeIdentifier(c.name)}`, initializer: quote(c.clsid!) }],
    });
  }
  if (coclasses.length) {
    const names = coclasses.map((c) => `CLSID_${safeIdentifier(c.name)}`);
    statements.push({
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ['Every CLSID of this file, by constant name.'],
      declarations: [{ name: 'comClassIds', initializer: `{ ${names.join(', ')} } as const` }],
    });
  }
  for (const l of model.libraries.filter((l) => l.file === file && l.libid)) {
    statements.push({
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: [docText(`library ${l.name}`)],
      declarations: [{ name: `LIBID_${safeIdentifier(l.name)}`, initializer: quote(l.libid!) }],
    });
  }
  const body = printStructure(
    { kind: StructureKind.SourceFile, statements },
    { indentNumberOfSpaces: 2 },
  );
  return `${fileHeader(file)}${body.trimEnd()}\n`;
}
