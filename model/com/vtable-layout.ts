/**
 * Interfaces laid out as vtables: IUnknown's three slots first, each base's slots before
 * the derived interface's own; `[call_as]` methods are the remote twins of `[local]`
 * ones and take no slot, as in the C layout MIDL and widl emit.
 */

import type { DeclarationDef, InterfaceDef, Param } from '../../grammar/idl/ast.js';
import { formatDiagnostic } from '../../grammar/diagnostics.js';
import { IdlModelError, diagnosticAt } from '../../grammar/idl/errors.js';
import { attributeArgs, hasAttribute } from './attributes.js';
import { simpleName, typeText } from './c-types.js';
import type { Definitions, Located } from './collect.js';
import type { BuildContext } from './context.js';
import type { TypeResolver } from './resolve-type.js';
import type { ComInterface, ComMethod, ComParam, ResolvedType } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** An interface's method declarations, and which of them are `[call_as]` remote twins. */
interface MethodDeclarations {
  readonly decls: DeclarationDef[];
  readonly remoteMethods: string[];
  /** Local method name → the remote method that is its `[call_as]` twin. */
  readonly remotedBy: Map<string, string> | undefined;
}

function methodDeclarations(def: InterfaceDef): MethodDeclarations {
  const decls: DeclarationDef[] = [];
  const remoteMethods: string[] = [];
  let remotedBy: Map<string, string> | undefined;
  for (let k = 0; k < def.body.length; k++) {
    const d = def.body[k];
    if (d.kind !== 'declaration' || d.declarators.length === 0 || d.declarators[0].params === undefined || d.declarators[0].isFunctionPointer) continue;
    decls.push(d);
    const target = attributeArgs(d.attributes, 'call_as');
    if (target !== undefined) {
      remoteMethods.push(d.declarators[0].name ?? '');
      (remotedBy ??= new Map<string, string>()).set(target, d.declarators[0].name ?? '');
    }
  }
  return { decls, remoteMethods, remotedBy };
}

export class VtableLayout {
  private readonly layouts = new Map<string, ComInterface>();
  /** Interfaces being laid out (to report a cycle): a short array, not a Set (adding and deleting shrank and regrew its table). */
  private readonly layoutStack: string[] = [];

  constructor(
    private readonly defs: Definitions,
    private readonly types: TypeResolver,
    private readonly ctx: BuildContext,
    /** Where a missing base is reported when no use site is known. */
    private readonly rootFile: string,
  ) {}

  /** The interface `name` laid out (bases first), once. */
  layout(name: string, useAt?: { file: string; offset: number }): ComInterface {
    const done = this.layouts.get(name);
    if (done) return done;
    const loc = this.definitionOf(name, useAt);
    this.layoutStack.push(name);
    const def = loc.def;
    const baseLayout = def.base ? this.layout(simpleName(def.base), { file: loc.file, offset: def.offset }) : undefined;
    const start = baseLayout ? baseLayout.vtableLength : 0;
    const { decls, remoteMethods, remotedBy } = methodDeclarations(def);
    const methods: ComMethod[] = [];
    for (let mi = 0; mi < decls.length; mi++) {
      const method = this.method(decls[mi], name, baseLayout, start + methods.length, remotedBy);
      if (method) methods.push(method);
    }
    for (const [target, remote] of remotedBy ?? []) {
      if (!methods.some((m) => (m.declaredName ?? m.name) === target)) {
        this.ctx.notes.push(diagnosticAt('warning', 'IDL4004', `${name}::${remote} is [call_as(${target})] but ${target} is not declared`, loc.file, this.ctx.texts.get(loc.file), def.offset));
      }
    }
    const result: Mutable<ComInterface> = {
      name,
      file: this.ctx.basename(loc.file),
      iid: def.attributes.find((a) => a.uuid)?.uuid,
      base: def.base,
      isObject: hasAttribute(def.attributes, 'object'),
      attributes: this.ctx.attributesOf(def.attributes),
      vtableStart: start,
      vtableLength: start + methods.length,
      methods,
      remoteMethods,
    };
    // Present only when set, in this order (as the JSON shows them).
    if (def.typeParams) result.typeParams = def.typeParams;
    if (def.requires) result.requires = def.requires;
    if (this.defs.delegates.has(name)) result.isDelegate = true;
    this.layoutStack.pop();
    this.layouts.set(name, result);
    return result;
  }

  /** The definition of an interface about to be laid out; throws for an unknown one or a cycle. */
  private definitionOf(name: string, useAt: { file: string; offset: number } | undefined): Located<InterfaceDef> {
    const { texts } = this.ctx;
    const loc = this.defs.interfaces.get(name);
    if (!loc) {
      const where = useAt ?? { file: this.rootFile, offset: 0 };
      const d = diagnosticAt('error', 'IDL4001', `base interface ${name} is not defined (only declared or unknown)`, where.file, texts.get(where.file), where.offset);
      throw new IdlModelError(formatDiagnostic(d, texts.get(where.file)), [d]);
    }
    if (this.layoutStack.includes(name)) {
      const d = diagnosticAt('error', 'IDL4001', `interface ${name} inherits from itself`, loc.file, texts.get(loc.file), loc.def.offset);
      throw new IdlModelError(formatDiagnostic(d, texts.get(loc.file)), [d]);
    }
    return loc;
  }

  /** Whether a base of an interface (the chain from `base`) has a method named `name`. */
  private inherits(base: ComInterface | undefined, name: string): boolean {
    for (let b = base; b; b = b.base ? this.layouts.get(simpleName(b.base)) : undefined) {
      for (let mi = 0; mi < b.methods.length; mi++) {
        if (b.methods[mi].name === name) return true;
      }
    }
    return false;
  }

  /** One method of `interfaceName` at `slot`, or undefined for a `[call_as]` twin (no slot). */
  private method(m: DeclarationDef, interfaceName: string, baseLayout: ComInterface | undefined, slot: number, remotedBy: Map<string, string> | undefined): ComMethod | undefined {
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
    if (callAs) return undefined;
    const decl = m.declarators[0];
    const declared = decl.name ?? '';
    // Property accessors share a declared name; C (and so the vtable) prefixes them.
    const cName = property ? `${property}_${declared}` : declared;
    // A C vtable struct cannot hold two members of one name: a method named like an
    // inherited one is `<Interface>_<Method>` there (as widl and MIDL name it). The
    // bases' methods are searched (a few dozen names), not copied into a set per
    // interface.
    const unique = this.inherits(baseLayout, cName) ? `${interfaceName}_${cName}` : cName;
    const method: Mutable<ComMethod> = {
      name: unique,
      slot,
      returnType: { idlType: typeText(m.type), pointerDepth: decl.pointerDepth, resolved: this.types.resolve(m.type, decl.pointerDepth) },
      callingConvention: decl.callingConvention ?? '__stdcall',
      params: decl.params === undefined ? [] : decl.params.map((p, i) => this.param(p, i)),
      local,
      attributes: this.ctx.attributesOf(m.attributes),
    };
    if (property) method.property = property;
    if (unique !== declared) method.declaredName = declared;
    const remote = remotedBy?.get(declared);
    if (remote !== undefined) method.remotedBy = remote;
    return method;
  }

  private param(p: Param, i: number): ComParam {
    let isIn = false;
    let isOut = false;
    let isString = false;
    const depth = p.declarator.pointerDepth + p.declarator.arrays.length;
    const param: Mutable<ComParam> = {
      name: p.declarator.name ?? `arg${i}`,
      direction: 'in',
      idlType: typeText(p.type),
      pointerDepth: depth,
      resolved: undefined as unknown as ResolvedType,
      attributes: this.ctx.attributesOf(p.attributes),
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
    param.resolved = this.types.resolve(p.type, depth, isString);
    return param;
  }
}
