/**
 * Builds the COM model from a parsed IDL closure: collects every definition by name
 * across files, follows typedef chains, evaluates enum and const expressions, and lays
 * out vtables (IUnknown's three slots first, each base's slots before the derived
 * interface's own; `[call_as]` methods are the remote twins of `[local]` ones and take
 * no slot, as in the C layout MIDL and widl emit).
 */

import { basename as pathBasename } from 'node:path';
import type { Diagnostic } from '../../grammar/diagnostics.js';
import type {
  Attribute,
  DeclarationDef,
  Declarator,
  Definition,
  EnumMember,
  InterfaceDef,
  Param,
  TypeRef,
} from '../../grammar/idl/ast.js';
import { ConstExprError, evaluate, type EvalEnv } from '../../grammar/idl/constexpr.js';
import { IdlModelError, diagnosticAt } from '../../grammar/idl/errors.js';
import { countCppQuotes, type IdlProgram } from '../../grammar/idl/load.js';
import { formatDiagnostic } from '../../grammar/diagnostics.js';
import type {
  ComAttribute,
  ComCoclass,
  ComConstant,
  ComDispinterface,
  ComEnum,
  ComEnumMember,
  ComInterface,
  ComLibrary,
  ComMethod,
  ComModel,
  ComParam,
  ComTypedef,
  ParamDirection,
  ResolvedType,
} from './types.js';

interface Located<T> {
  readonly def: T;
  readonly file: string;
}

interface TypedefEntry {
  readonly type: TypeRef;
  readonly declarator: Declarator;
  readonly attributes: readonly Attribute[];
  readonly file: string;
}

interface EnumEntry {
  readonly name: string;
  readonly tag?: string;
  readonly file: string;
  readonly attributes: readonly Attribute[];
  readonly members: readonly EnumMember[];
  values?: Map<string, bigint>;
  evaluating?: boolean;
}

const baseTypeCache = new Map<string, ResolvedType>();
function baseType(words: string, pointerDepth: number): ResolvedType {
  let r = baseTypeCache.get(words);
  if (r === undefined) {
    r = computeBaseType(words, 0);
    baseTypeCache.set(words, r);
  }
  return pointerDepth === 0 ? r : { ...r, pointerDepth };
}

/** C base type words to integer/float shapes on 64-bit Windows (LLP64: long is 32 bits). */
function computeBaseType(words: string, pointerDepth: number): ResolvedType {
  const w = words.split(' ');
  const unsigned = w.includes('unsigned');
  const has = (x: string) => w.includes(x);
  const int = (bits: number): ResolvedType => ({ kind: unsigned ? 'uint' : 'int', bits, name: words, pointerDepth });
  if (has('void')) return { kind: 'void', name: 'void', pointerDepth };
  if (has('double')) return { kind: 'float', bits: 64, name: words, pointerDepth };
  if (has('float')) return { kind: 'float', bits: 32, name: words, pointerDepth };
  if (has('char') || has('small') || has('__int8')) return int(8);
  if (has('short') || has('__int16')) return int(16);
  if (has('hyper') || has('__int64') || has('__int3264') || w.filter((x) => x === 'long').length === 2) return int(64);
  return int(32); // int, long, __int32, bare signed/unsigned
}

/** IDL base types that are names rather than C keywords. */
const idlNamedBaseTypes: Readonly<Record<string, Omit<ResolvedType, 'pointerDepth'>>> = {
  byte: { kind: 'uint', bits: 8, name: 'byte' },
  boolean: { kind: 'bool8', bits: 8, name: 'boolean' },
  wchar_t: { kind: 'char16', bits: 16, name: 'wchar_t' },
  error_status_t: { kind: 'uint', bits: 32, name: 'error_status_t' },
  handle_t: { kind: 'void', name: 'handle_t' },
};

/**
 * The model's attributes share the syntax tree's argument lists (both are read-only):
 * a copy of each was about 0.2 MB of a load of the wbemcli.idl closure.
 */
function copyAttributes(list: readonly Attribute[]): ComAttribute[] {
  return list.map((a) => ({ name: a.name, args: a.args }));
}

function has(list: readonly Attribute[], name: string): boolean {
  return list.some((a) => a.name === name);
}

function arg(list: readonly Attribute[], name: string): string | undefined {
  for (const a of list) if (a.name === name) return a.args.join(', ');
  return undefined;
}

/** A node of the model's tree of shared attribute lists (see attributesOf in buildComModel). */
interface SharedListNode {
  list: ComAttribute[] | undefined;
  next: Map<string, SharedListNode> | undefined;
}

export function typeText(t: TypeRef): string {
  // Most types are a plain name: that name itself, without a concatenation.
  if (t.kind === 'named' && !t.isConst) return t.name;
  const c = t.isConst ? 'const ' : '';
  switch (t.kind) {
    case 'base':
    case 'named':
      return c + t.name;
    case 'struct':
    case 'union':
    case 'enum':
      return `${c}${t.kind}${t.tag ? ' ' + t.tag : ''}`;
    case 'safearray':
      return `${c}SAFEARRAY(${typeText(t.element)}${'*'.repeat(t.elementPointerDepth)})`;
  }
}

/** `Windows.Foundation.IReference<INT32>` → `IReference`; plain names unchanged. */
function simpleName(name: string): string {
  const lt = name.indexOf('<');
  const bare = lt < 0 ? name : name.slice(0, lt);
  const dot = bare.lastIndexOf('.');
  return dot < 0 ? bare : bare.slice(dot + 1);
}

function toNumber(v: bigint): number {
  return Number(v);
}

export function buildComModel(program: IdlProgram): ComModel {
  // Arrays are walked with indexed loops here: this function runs once per load and much
  // of it is not optimized, where a for-of allocates an iterator result per step (0.14 MB
  // of a load of the wbemcli.idl closure).
  // Attribute lists without arguments (`[in]`, `[out, retval]`, `[local]`: most of the
  // 3,500 lists of a wbemcli.idl closure model) are made once per spelling and shared,
  // as every list of the model is read-only; lists with arguments are copied. Found by
  // a walk down a tree of maps keyed by each name in turn (names are the scanner's
  // strings, their hashes computed once), where a key joined from the names cost a new
  // string and its hash for every list of two or more.
  const noAttributes: ComAttribute[] = [];
  const sharedLists: SharedListNode = { list: undefined, next: undefined };
  const attributesOf = (list: readonly Attribute[]): ComAttribute[] => {
    if (list.length === 0) return noAttributes;
    for (let ai = 0; ai < list.length; ai++) {
      const a = list[ai];
      if (a.args.length !== 0) return copyAttributes(list);
    }
    let node = sharedLists;
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
  };
  // Every interface, enum, constant and typedef names its file: one basename per file.
  const baseNames = new Map<string, string>();
  const basename = (file: string): string => {
    let b = baseNames.get(file);
    if (b === undefined) {
      b = pathBasename(file);
      baseNames.set(file, b);
    }
    return b;
  };
  const notes: Diagnostic[] = [...program.notes];
  const texts = program.texts;
  const interfaces = new Map<string, Located<InterfaceDef>>();
  const interfaceOrder: Located<InterfaceDef>[] = [];
  const forwardInterfaces = new Set<string>();
  const typedefs = new Map<string, TypedefEntry>();
  const typedefOrder: string[] = [];
  const tags = new Map<string, { type: TypeRef; file: string }>();
  const enums: EnumEntry[] = [];
  const enumOfMember = new Map<string, EnumEntry>();
  const constDecls: { name: string; file: string; type: TypeRef; declarator: Declarator }[] = [];
  const constByName = new Map<string, { type: TypeRef; declarator: Declarator; file: string; value?: bigint | string; busy?: boolean }>();
  const coclasses: ComCoclass[] = [];
  const libraries: ComLibrary[] = [];
  const dispinterfaces: ComDispinterface[] = [];
  const cppQuoteCounts = new Map<string, number>();
  const delegates = new Set<string>();

  const registerTypeBody = (t: TypeRef, file: string, typedefName?: string, attrs: readonly Attribute[] = []) => {
    if ((t.kind === 'struct' || t.kind === 'union' || t.kind === 'enum') && t.tag) {
      const defined = t.kind === 'enum' ? t.members !== undefined : t.fields !== undefined;
      if (defined || !tags.has(t.tag)) tags.set(t.tag, { type: t, file });
    }
    if (t.kind === 'enum' && t.members) {
      const entry: EnumEntry = { name: typedefName ?? t.tag ?? '(anonymous enum)', tag: t.tag, file, attributes: attrs, members: t.members };
      enums.push(entry);
      for (let mi = 0; mi < t.members.length; mi++) {
        const m = t.members[mi];
        enumOfMember.set(m.name, entry);
      }
    }
    if ((t.kind === 'struct' || t.kind === 'union') && t.fields) {
      for (let fi = 0; fi < t.fields.length; fi++) {
        const f = t.fields[fi];
        if (f.type) registerTypeBody(f.type, file);
      }
    }
  };

  // `files`: the file of each definition (a parsed file's definitionFiles), or the one
  // file of all (a block's body). A loop, not forEach with a file callback: no closure
  // per block.
  const walk = (defs: readonly Definition[], files: readonly string[] | string) => {
    for (let i = 0; i < defs.length; i++) {
      const d = defs[i];
      const file = typeof files === 'string' ? files : files[i];
      switch (d.kind) {
        case 'cppQuote':
          cppQuoteCounts.set(file, (cppQuoteCounts.get(file) ?? 0) + 1);
          break;
        case 'delegate': {
          // A delegate is an object interface deriving from IUnknown with one method.
          const iface: InterfaceDef = {
            kind: 'interface',
            name: d.name,
            attributes: [...d.attributes, { name: 'object', args: [], offset: d.offset }],
            base: 'IUnknown',
            body: [d.method],
            offset: d.offset,
            ...(d.typeParams ? { typeParams: d.typeParams } : {}),
          };
          if (!interfaces.has(simpleName(d.name))) {
            const loc = { def: iface, file };
            interfaces.set(simpleName(d.name), loc);
            interfaceOrder.push(loc);
            delegates.add(simpleName(d.name));
          }
          break;
        }
        case 'namespace':
        case 'apicontract':
          walk(d.body, file);
          break;
        case 'interface':
          if (!interfaces.has(simpleName(d.name))) {
            const loc = { def: d, file };
            interfaces.set(simpleName(d.name), loc);
            interfaceOrder.push(loc);
          } else {
            notes.push(diagnosticAt('warning', 'IDL4003', `interface ${d.name} is defined twice; the first definition is used`, file, texts.get(file), d.offset));
          }
          walk(d.body, file);
          break;
        case 'forward':
          if (d.what === 'interface') forwardInterfaces.add(simpleName(d.name));
          break;
        case 'library':
          libraries.push({ name: d.name, file: basename(file), libid: d.attributes.find((a) => a.uuid)?.uuid });
          walk(d.body, file);
          break;
        case 'module':
          walk(d.body, file);
          break;
        case 'coclass':
        case 'runtimeclass': {
          const clsid = d.attributes.find((a) => a.uuid)?.uuid;
          coclasses.push({
            name: d.name,
            ...(d.kind === 'runtimeclass' ? { kind: 'runtimeclass' as const } : {}),
            file: basename(file),
            clsid,
            interfaces: d.interfaces.map((r) => ({ name: r.name, isDefault: has(r.attributes, 'default'), isSource: has(r.attributes, 'source') })),
            attributes: attributesOf(d.attributes),
          });
          break;
        }
        case 'dispinterface':
          dispinterfaces.push({
            name: d.name,
            file: basename(file),
            iid: d.attributes.find((a) => a.uuid)?.uuid,
            methods: d.methods.flatMap((m) => m.declarators.map((x) => x.name ?? '')),
            properties: d.properties.flatMap((p) => p.declarators.map((x) => x.name ?? '')),
          });
          for (let mi = 0; mi < d.methods.length; mi++) {
            const m = d.methods[mi];
            registerTypeBody(m.type, file);
          }
          break;
        case 'typedef': {
          const firstName = d.declarators.find((x) => x.pointerDepth === 0 && x.name)?.name ?? d.declarators[0]?.name;
          registerTypeBody(d.type, file, firstName, d.attributes);
          for (let di = 0; di < d.declarators.length; di++) {
            const decl = d.declarators[di];
            if (!decl.name) continue;
            if (!typedefs.has(decl.name)) typedefOrder.push(decl.name);
            typedefs.set(decl.name, { type: d.type, declarator: decl, attributes: d.attributes, file });
          }
          break;
        }
        case 'declaration':
          registerTypeBody(d.type, file);
          for (let di = 0; di < d.declarators.length; di++) {
            const decl = d.declarators[di];
            if (decl.initializer && decl.name && !decl.params) {
              const entry = { name: decl.name, file, type: d.type, declarator: decl };
              constDecls.push(entry);
              constByName.set(decl.name, { type: d.type, declarator: decl, file });
            }
          }
          break;
        default:
          break;
      }
    }
  };
  const countCppQuoteRun = (file: string, n: number): void => {
    // Inserted at its first cpp_quote, as before: the map's order is the output's.
    cppQuoteCounts.set(file, (cppQuoteCounts.get(file) ?? 0) + n);
  };
  for (const f of program.files) {
    // Counted by runs of one file (a file's cpp_quotes come together), not one map
    // update per cpp_quote (5,489 per load of the wbemcli.idl closure), and without
    // making their objects (see countCppQuotes).
    countCppQuotes(f, countCppQuoteRun);
    walk(f.definitions, f.definitionFiles);
  }

  // ---- types ----

  const resolveType = (t: TypeRef, pointerDepth: number, isString = false, guard = 0): ResolvedType => {
    if (guard > 64) return { kind: 'unknown', name: typeText(t), pointerDepth };
    switch (t.kind) {
      case 'base':
        return baseType(t.name, pointerDepth);
      case 'safearray':
        // SAFEARRAY(T) in a declaration stands for a SAFEARRAY pointer (LPSAFEARRAY).
        return { kind: 'safearray', name: `SAFEARRAY(${typeText(t.element)})`, pointerDepth: pointerDepth + 1 };
      case 'enum':
        return { kind: 'enum', bits: 32, name: t.tag ?? 'enum', pointerDepth };
      case 'struct':
      case 'union': {
        const name = t.tag ?? `(anonymous ${t.kind})`;
        if (name === 'tagVARIANT') return { kind: 'variant', name: 'VARIANT', pointerDepth };
        return { kind: t.kind, name, pointerDepth };
      }
      case 'named': {
        // Named types resolve the same way every time: cache them by pointer depth (the
        // model's types are read-only and may be shared). A copy per parameter was the
        // model's largest cost after the method objects themselves.
        const cache = isString ? namedStringCache : namedCache;
        let byDepth = cache.get(t.name);
        if (byDepth === undefined) {
          byDepth = [resolveNamed(t.name, isString, guard)];
          cache.set(t.name, byDepth);
        }
        let r = byDepth[pointerDepth];
        if (r === undefined) {
          const base = byDepth[0];
          r = { ...base, pointerDepth: base.pointerDepth + pointerDepth };
          byDepth[pointerDepth] = r;
        }
        return r;
      }
    }
  };

  const namedCache = new Map<string, ResolvedType[]>();
  const namedStringCache = new Map<string, ResolvedType[]>();
  const resolveNamed = (written: string, isString: boolean, guard: number): ResolvedType => {
    // WinRT names may be qualified and parameterized: look up the last plain segment.
    const name = written.includes('.') || written.includes('<') ? simpleName(written) : written;
    if (written !== name && interfaces.has(name)) return { kind: 'interface', name: written, pointerDepth: 0 };
    if (name === 'BSTR') return { kind: 'bstr', name, pointerDepth: 0, isString: true };
    if (name === 'VARIANT' || name === 'VARIANTARG') return { kind: 'variant', name: 'VARIANT', pointerDepth: 0 };
    if (interfaces.has(name) || (forwardInterfaces.has(name) && !typedefs.has(name))) {
      return { kind: 'interface', name, pointerDepth: 0 };
    }
    const td = typedefs.get(name);
    if (td) {
      const str = isString || has(td.attributes, 'string');
      const inner = td.declarator;
      const depth = inner.pointerDepth + inner.arrays.length;
      if (inner.params) return { kind: 'function', name, pointerDepth: depth };
      if ((td.type.kind === 'struct' || td.type.kind === 'union') && !td.type.tag) {
        return { kind: td.type.kind, name, pointerDepth: depth };
      }
      if (td.type.kind === 'enum' && !td.type.tag) return { kind: 'enum', bits: 32, name, pointerDepth: depth };
      const r = resolveType(td.type, depth, str, guard + 1);
      return str && !r.isString ? { ...r, isString: true } : r;
    }
    const builtin = idlNamedBaseTypes[name];
    if (builtin) return isString ? { ...builtin, pointerDepth: 0, isString } : { ...builtin, pointerDepth: 0 };
    return { kind: 'unknown', name, pointerDepth: 0 };
  };

  // ---- constants ----

  const env: EvalEnv = {
    lookup(name) {
      const e = enumOfMember.get(name);
      if (e) return enumValues(e).get(name);
      const c = constByName.get(name);
      if (c) {
        const v = constValue(name);
        return typeof v === 'bigint' ? v : undefined;
      }
      return undefined;
    },
    castWidth(type, pointerDepth) {
      if (pointerDepth > 0) return { bits: 64, signed: true }; // (void *)-1 stays -1
      const r = resolveType(type, 0);
      if ((r.kind === 'int' || r.kind === 'uint') && r.bits) return { bits: r.bits, signed: r.kind === 'int' };
      if (r.kind === 'enum') return { bits: 32, signed: true };
      return undefined;
    },
  };

  const enumValues = (e: EnumEntry): Map<string, bigint> => {
    if (e.values) return e.values;
    if (e.evaluating) throw new ConstExprError(`enum ${e.name} refers to itself`);
    e.evaluating = true;
    const values = new Map<string, bigint>();
    let next = 0n;
    // Members may refer to members declared before them in the same enum.
    const memberEnv: EvalEnv = {
      lookup: (n) => values.get(n) ?? env.lookup(n),
      castWidth: env.castWidth,
    };
    for (let mi = 0; mi < e.members.length; mi++) {
      const m = e.members[mi];
      if (m.value) {
        try {
          next = evaluate(m.value, memberEnv);
        } catch (err) {
          notes.push(diagnosticAt('warning', 'IDL4002', `${e.name}.${m.name}: ${(err as Error).message}`, e.file, texts.get(e.file), m.offset));
          continue;
        }
      }
      values.set(m.name, next);
      next += 1n;
    }
    e.values = values;
    e.evaluating = false;
    return values;
  };

  const constValue = (name: string): bigint | string | undefined => {
    const c = constByName.get(name)!;
    if (c.value !== undefined) return c.value;
    if (c.busy) return undefined;
    c.busy = true;
    const init = c.declarator.initializer!;
    try {
      if (init.kind === 'string') c.value = init.value;
      else {
        let v = evaluate(init, env);
        const w = c.declarator.pointerDepth === 0 ? env.castWidth!(c.type, 0) : undefined;
        if (w) v = w.signed ? BigInt.asIntN(w.bits, v) : BigInt.asUintN(w.bits, v);
        c.value = v;
      }
    } catch (err) {
      notes.push(diagnosticAt('warning', 'IDL4002', `const ${name}: ${(err as Error).message}`, c.file, texts.get(c.file), c.declarator.offset));
    }
    c.busy = false;
    return c.value;
  };

  // ---- interfaces and vtables ----

  const buildParam = (p: Param, i: number): ComParam => {
    let isIn = false;
    let isOut = false;
    let isString = false;
    const depth = p.declarator.pointerDepth + p.declarator.arrays.length;
    const param: { -readonly [K in keyof ComParam]: ComParam[K] } = {
      name: p.declarator.name ?? `arg${i}`,
      direction: 'in',
      idlType: typeText(p.type),
      pointerDepth: depth,
      resolved: undefined as unknown as ResolvedType,
      attributes: attributesOf(p.attributes),
    };
    for (let ai = 0; ai < p.attributes.length; ai++) {
      const a = p.attributes[ai];
      switch (a.name) {
        case 'in':
          isIn = true;
          break;
        case 'out':
          isOut = true;
          break;
        case 'string':
          isString = true;
          break;
        case 'retval':
          param.retval = true;
          break;
        case 'size_is':
          param.sizeIs = a.args.join(', ');
          break;
        case 'length_is':
          param.lengthIs = a.args.join(', ');
          break;
        case 'iid_is':
          param.iidIs = a.args.join(', ');
          break;
      }
    }
    param.direction = isIn && isOut ? 'inout' : isOut ? 'out' : 'in';
    param.resolved = resolveType(p.type, depth, isString);
    return param;
  };

  const layouts = new Map<string, ComInterface>();
  /** Interfaces being laid out (to report a cycle): a short array, not a Set (adding and deleting shrank and regrew its table). */
  const layoutStack: string[] = [];
  /** Whether a base of `layout` (the chain from `base`) has a method named `name`. */
  const inherits = (base: ComInterface | undefined, name: string): boolean => {
    for (let b = base; b; b = b.base ? layouts.get(simpleName(b.base)) : undefined) {
      for (let mi = 0; mi < b.methods.length; mi++) {
        const m = b.methods[mi];
        if (m.name === name) return true;
      }
    }
    return false;
  };
  const layout = (name: string, useAt?: { file: string; offset: number }): ComInterface => {
    const done = layouts.get(name);
    if (done) return done;
    const loc = interfaces.get(name);
    if (!loc) {
      const where = useAt ?? { file: program.root, offset: 0 };
      const d = diagnosticAt('error', 'IDL4001', `base interface ${name} is not defined (only declared or unknown)`, where.file, texts.get(where.file), where.offset);
      throw new IdlModelError(formatDiagnostic(d, texts.get(where.file)), [d]);
    }
    if (layoutStack.includes(name)) {
      const d = diagnosticAt('error', 'IDL4001', `interface ${name} inherits from itself`, loc.file, texts.get(loc.file), loc.def.offset);
      throw new IdlModelError(formatDiagnostic(d, texts.get(loc.file)), [d]);
    }
    layoutStack.push(name);
    const def = loc.def;
    const baseLayout = def.base ? layout(simpleName(def.base), { file: loc.file, offset: def.offset }) : undefined;
    const start = baseLayout ? baseLayout.vtableLength : 0;
    const methodDecls: DeclarationDef[] = [];
    const remoteMethods: string[] = [];
    let remotedBy: Map<string, string> | undefined;
    for (let k = 0; k < def.body.length; k++) {
      const d = def.body[k];
      if (d.kind !== 'declaration' || d.declarators.length === 0 || d.declarators[0].params === undefined || d.declarators[0].isFunctionPointer) continue;
      methodDecls.push(d);
      const target = arg(d.attributes, 'call_as');
      if (target !== undefined) {
        remoteMethods.push(d.declarators[0].name ?? '');
        (remotedBy ??= new Map<string, string>()).set(target, d.declarators[0].name ?? '');
      }
    }
    const methods: ComMethod[] = [];
    for (let mi = 0; mi < methodDecls.length; mi++) {
      const m = methodDecls[mi];
      let callAs = false;
      let local = false;
      let property: 'get' | 'put' | 'putref' | undefined;
      for (let ai = 0; ai < m.attributes.length; ai++) {
        const a = m.attributes[ai];
        if (a.name === 'call_as') callAs = true;
        else if (a.name === 'local') local = true;
        else if (a.name === 'propget') property = 'get';
        else if (a.name === 'propput') property ??= 'put';
        else if (a.name === 'propputref') property = 'putref';
      }
      if (callAs) continue;
      const decl = m.declarators[0];
      const declared = decl.name ?? '';
      // Property accessors share a declared name; C (and so the vtable) prefixes them.
      const cName = property ? `${property}_${declared}` : declared;
      // A C vtable struct cannot hold two members of one name: a method named like an
      // inherited one is `<Interface>_<Method>` there (as widl and MIDL name it). The
      // bases' methods are searched (a few dozen names), not copied into a set per
      // interface.
      const unique = inherits(baseLayout, cName) ? `${name}_${cName}` : cName;
      const method: { -readonly [K in keyof ComMethod]: ComMethod[K] } = {
        name: unique,
        slot: start + methods.length,
        returnType: { idlType: typeText(m.type), pointerDepth: decl.pointerDepth, resolved: resolveType(m.type, decl.pointerDepth) },
        callingConvention: decl.callingConvention ?? '__stdcall',
        params: decl.params === undefined ? [] : decl.params.map(buildParam),
        local,
        attributes: attributesOf(m.attributes),
      };
      if (property) method.property = property;
      if (unique !== declared) method.declaredName = declared;
      const remote = remotedBy?.get(declared);
      if (remote !== undefined) method.remotedBy = remote;
      methods.push(method);
    }
    for (const [target, remote] of remotedBy ?? []) {
      if (!methods.some((m) => (m.declaredName ?? m.name) === target)) {
        notes.push(diagnosticAt('warning', 'IDL4004', `${name}::${remote} is [call_as(${target})] but ${target} is not declared`, loc.file, texts.get(loc.file), def.offset));
      }
    }
    const result: { -readonly [K in keyof ComInterface]: ComInterface[K] } = {
      name,
      file: basename(loc.file),
      iid: def.attributes.find((a) => a.uuid)?.uuid,
      base: def.base,
      isObject: has(def.attributes, 'object'),
      attributes: attributesOf(def.attributes),
      vtableStart: start,
      vtableLength: start + methods.length,
      methods,
      remoteMethods,
    };
    // Present only when set, in this order (as the JSON shows them).
    if (def.typeParams) result.typeParams = def.typeParams;
    if (def.requires) result.requires = def.requires;
    if (delegates.has(name)) result.isDelegate = true;
    layoutStack.pop();
    layouts.set(name, result);
    return result;
  };

  const comInterfaces = interfaceOrder.map((loc) => layout(simpleName(loc.def.name)));

  const comEnums: ComEnum[] = enums.map((e) => {
    const values = enumValues(e);
    const members: ComEnumMember[] = [];
    for (let mi = 0; mi < e.members.length; mi++) {
      const m = e.members[mi];
      const v = values.get(m.name);
      if (v !== undefined) members.push({ name: m.name, value: toNumber(v) });
    }
    const file = basename(e.file);
    const attributes = attributesOf(e.attributes);
    // `tag` only when there is one, in its place (the JSON's key order).
    return e.tag ? { name: e.name, tag: e.tag, file, attributes, members } : { name: e.name, file, attributes, members };
  });

  const constants: ComConstant[] = [];
  for (const c of constDecls) {
    const v = constValue(c.name);
    if (v === undefined) continue;
    constants.push({ name: c.name, file: basename(c.file), idlType: c.type.isConst ? typeText({ ...c.type, isConst: false }) : typeText(c.type), value: typeof v === 'bigint' ? toNumber(v) : v });
  }

  const comTypedefs: ComTypedef[] = typedefOrder.map((name) => {
    const td = typedefs.get(name)!;
    return { name, file: basename(td.file), resolved: resolveType({ kind: 'named', name, isConst: false, offset: 0 }, 0) };
  });

  return {
    root: basename(program.root),
    files: program.files.map((f) => basename(f.path)),
    interfaces: comInterfaces,
    dispinterfaces,
    enums: comEnums,
    constants,
    coclasses,
    libraries,
    typedefs: comTypedefs,
    cppQuotes: [...cppQuoteCounts].map(([file, count]) => ({ file: basename(file), count })),
    notes: notes.map((n) => (n.location ? { ...n, location: { ...n.location, file: basename(n.location.file) } } : n)),
  };
}
