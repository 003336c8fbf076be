/**
 * The first pass of the COM model: every definition of the closure collected by name
 * (interfaces, typedefs, struct/union/enum tags, enums and their members, constants,
 * coclasses, libraries, dispinterfaces, cpp_quote counts), in declaration order.
 */

import type { Attribute, Declarator, Definition, EnumMember, InterfaceDef, TypeRef } from '../../grammar/idl/ast.js';
import { diagnosticAt } from '../../grammar/idl/errors.js';
import { countCppQuotes, type IdlProgram } from '../../grammar/idl/load.js';
import { hasAttribute } from './attributes.js';
import { simpleName } from './c-types.js';
import type { BuildContext } from './context.js';
import type { ComCoclass, ComDispinterface, ComLibrary } from './types.js';

export interface Located<T> {
  readonly def: T;
  readonly file: string;
}

export interface TypedefEntry {
  readonly type: TypeRef;
  readonly declarator: Declarator;
  readonly attributes: readonly Attribute[];
  readonly file: string;
}

export interface EnumEntry {
  readonly name: string;
  readonly tag?: string;
  readonly file: string;
  readonly attributes: readonly Attribute[];
  readonly members: readonly EnumMember[];
  values?: Map<string, bigint>;
  evaluating?: boolean;
}

export interface ConstDecl {
  readonly name: string;
  readonly file: string;
  readonly type: TypeRef;
  readonly declarator: Declarator;
}

export interface ConstEntry {
  readonly type: TypeRef;
  readonly declarator: Declarator;
  readonly file: string;
  value?: bigint | string;
  busy?: boolean;
}

/** The definitions of a closure by name. Arrays are walked with indexed loops (see walk). */
export class Definitions {
  readonly interfaces = new Map<string, Located<InterfaceDef>>();
  readonly interfaceOrder: Located<InterfaceDef>[] = [];
  readonly forwardInterfaces = new Set<string>();
  readonly typedefs = new Map<string, TypedefEntry>();
  readonly typedefOrder: string[] = [];
  readonly tags = new Map<string, { type: TypeRef; file: string }>();
  readonly enums: EnumEntry[] = [];
  readonly enumOfMember = new Map<string, EnumEntry>();
  readonly constDecls: ConstDecl[] = [];
  readonly constByName = new Map<string, ConstEntry>();
  readonly coclasses: ComCoclass[] = [];
  readonly libraries: ComLibrary[] = [];
  readonly dispinterfaces: ComDispinterface[] = [];
  readonly cppQuoteCounts = new Map<string, number>();
  readonly delegates = new Set<string>();

  constructor(private readonly ctx: BuildContext) {}

  registerTypeBody(t: TypeRef, file: string, typedefName?: string, attrs: readonly Attribute[] = []): void {
    if ((t.kind === 'struct' || t.kind === 'union' || t.kind === 'enum') && t.tag) {
      const defined = t.kind === 'enum' ? t.members !== undefined : t.fields !== undefined;
      if (defined || !this.tags.has(t.tag)) this.tags.set(t.tag, { type: t, file });
    }
    if (t.kind === 'enum' && t.members) {
      const entry: EnumEntry = { name: typedefName ?? t.tag ?? '(anonymous enum)', tag: t.tag, file, attributes: attrs, members: t.members };
      this.enums.push(entry);
      for (let mi = 0; mi < t.members.length; mi++) this.enumOfMember.set(t.members[mi].name, entry);
    }
    if ((t.kind === 'struct' || t.kind === 'union') && t.fields) {
      for (let fi = 0; fi < t.fields.length; fi++) {
        const f = t.fields[fi];
        if (f.type) this.registerTypeBody(f.type, file);
      }
    }
  }

  /**
   * `files`: the file of each definition (a parsed file's definitionFiles), or the one
   * file of all (a block's body). Indexed loops, not for-of or forEach with a file
   * callback: this runs once per load, mostly unoptimized, where an iterator result or a
   * closure per step showed in the load's allocations.
   */
  walk(defs: readonly Definition[], files: readonly string[] | string): void {
    for (let i = 0; i < defs.length; i++) {
      const d = defs[i];
      const file = typeof files === 'string' ? files : files[i];
      switch (d.kind) {
        case 'cppQuote':
          this.cppQuoteCounts.set(file, (this.cppQuoteCounts.get(file) ?? 0) + 1);
          break;
        case 'delegate':
          this.addDelegate(d, file);
          break;
        case 'namespace':
        case 'apicontract':
        case 'module':
          this.walk(d.body, file);
          break;
        case 'interface':
          this.addInterface(d, file);
          this.walk(d.body, file);
          break;
        case 'forward':
          if (d.what === 'interface') this.forwardInterfaces.add(simpleName(d.name));
          break;
        case 'library':
          this.libraries.push({ name: d.name, file: this.ctx.basename(file), libid: d.attributes.find((a) => a.uuid)?.uuid });
          this.walk(d.body, file);
          break;
        case 'coclass':
        case 'runtimeclass':
          this.addCoclass(d, file);
          break;
        case 'dispinterface':
          this.addDispinterface(d, file);
          break;
        case 'typedef':
          this.addTypedef(d, file);
          break;
        case 'declaration':
          this.addDeclaration(d, file);
          break;
        default:
          break;
      }
    }
  }

  /** A delegate is an object interface deriving from IUnknown with one method. */
  private addDelegate(d: Extract<Definition, { kind: 'delegate' }>, file: string): void {
    const iface: InterfaceDef = {
      kind: 'interface',
      name: d.name,
      attributes: [...d.attributes, { name: 'object', args: [], offset: d.offset }],
      base: 'IUnknown',
      body: [d.method],
      offset: d.offset,
      ...(d.typeParams ? { typeParams: d.typeParams } : {}),
    };
    if (!this.interfaces.has(simpleName(d.name))) {
      const loc = { def: iface, file };
      this.interfaces.set(simpleName(d.name), loc);
      this.interfaceOrder.push(loc);
      this.delegates.add(simpleName(d.name));
    }
  }

  private addInterface(d: InterfaceDef, file: string): void {
    if (!this.interfaces.has(simpleName(d.name))) {
      const loc = { def: d, file };
      this.interfaces.set(simpleName(d.name), loc);
      this.interfaceOrder.push(loc);
    } else {
      this.ctx.notes.push(diagnosticAt('warning', 'IDL4003', `interface ${d.name} is defined twice; the first definition is used`, file, this.ctx.texts.get(file), d.offset));
    }
  }

  private addCoclass(d: Extract<Definition, { kind: 'coclass' | 'runtimeclass' }>, file: string): void {
    const clsid = d.attributes.find((a) => a.uuid)?.uuid;
    this.coclasses.push({
      name: d.name,
      ...(d.kind === 'runtimeclass' ? { kind: 'runtimeclass' as const } : {}),
      file: this.ctx.basename(file),
      clsid,
      interfaces: d.interfaces.map((r) => ({ name: r.name, isDefault: hasAttribute(r.attributes, 'default'), isSource: hasAttribute(r.attributes, 'source') })),
      attributes: this.ctx.attributesOf(d.attributes),
    });
  }

  private addDispinterface(d: Extract<Definition, { kind: 'dispinterface' }>, file: string): void {
    this.dispinterfaces.push({
      name: d.name,
      file: this.ctx.basename(file),
      iid: d.attributes.find((a) => a.uuid)?.uuid,
      methods: d.methods.flatMap((m) => m.declarators.map((x) => x.name ?? '')),
      properties: d.properties.flatMap((p) => p.declarators.map((x) => x.name ?? '')),
    });
    for (let mi = 0; mi < d.methods.length; mi++) this.registerTypeBody(d.methods[mi].type, file);
  }

  private addTypedef(d: Extract<Definition, { kind: 'typedef' }>, file: string): void {
    const firstName = d.declarators.find((x) => x.pointerDepth === 0 && x.name)?.name ?? d.declarators[0]?.name;
    this.registerTypeBody(d.type, file, firstName, d.attributes);
    for (let di = 0; di < d.declarators.length; di++) {
      const decl = d.declarators[di];
      if (!decl.name) continue;
      if (!this.typedefs.has(decl.name)) this.typedefOrder.push(decl.name);
      this.typedefs.set(decl.name, { type: d.type, declarator: decl, attributes: d.attributes, file });
    }
  }

  private addDeclaration(d: Extract<Definition, { kind: 'declaration' }>, file: string): void {
    this.registerTypeBody(d.type, file);
    for (let di = 0; di < d.declarators.length; di++) {
      const decl = d.declarators[di];
      if (decl.initializer && decl.name && !decl.params) {
        this.constDecls.push({ name: decl.name, file, type: d.type, declarator: decl });
        this.constByName.set(decl.name, { type: d.type, declarator: decl, file });
      }
    }
  }
}

/** Collects every definition of the program's files, in the closure's order. */
export function collectDefinitions(program: IdlProgram, ctx: BuildContext): Definitions {
  const defs = new Definitions(ctx);
  const countCppQuoteRun = (file: string, n: number): void => {
    // Inserted at its first cpp_quote, as before: the map's order is the output's.
    defs.cppQuoteCounts.set(file, (defs.cppQuoteCounts.get(file) ?? 0) + n);
  };
  for (const f of program.files) {
    // Counted by runs of one file (a file's cpp_quotes come together), not one map
    // update per cpp_quote (5,489 per load of the wbemcli.idl closure), and without
    // making their objects (see countCppQuotes).
    countCppQuotes(f, countCppQuoteRun);
    defs.walk(f.definitions, f.definitionFiles);
  }
  return defs;
}
