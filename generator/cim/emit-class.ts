/**
 * One class plan → one module. The module's declarations (imports, the instance
 * interface, the keys type, method parameter and result interfaces) are built as a single
 * ts-morph `SourceFileStructure` and printed once (`print-structure.ts` prints the kinds
 * built here as ts-morph's `printStructure` would, without loading ts-morph; anything else
 * goes to ts-morph itself). The regular, data-like rest (ValueMap const objects with their
 * union types, BitMap masks, method maps, the class descriptor) is appended as text: these
 * parts are most of a module's size and need no structure.
 */

import { createRequire } from 'node:module';
import type {
  ImportDeclarationStructure,
  InterfaceDeclarationStructure,
  OptionalKind,
  PropertySignatureStructure,
  SourceFileStructure,
  StatementStructures,
} from 'ts-morph';
import { holdsEmbeddedObject } from '../../model/cim/lookup.js';
import type { CimParameter, CimQualifier, CimType } from '../../model/cim/types.js';
import { fileHeader } from '../../templates/header.js';
import { docComment } from '../../templates/tsdoc.js';
import type { ClassPlan, EnumDecl, MemberPlan, MethodPlan, PropertyPlan } from './plan.js';
import { isIntervalMember } from './plan.js';
import { propertyKey, quote } from './naming.js';
import { Kind, printStatements } from './print-structure.js';

export interface EmitOptions {
  /** Module the bindings import the runtime from. */
  readonly runtimeModule: string;
  /** The `// source:` text of this class. */
  readonly source: string;
}

/**
 * ts-morph, loaded only when a module needs its printer. It is CommonJS; loading it with
 * require skips Node's ESM named-export scan of its bundled TypeScript.
 */
let tsMorph: typeof import('ts-morph') | undefined;
function loadTsMorph(): typeof import('ts-morph') {
  return (tsMorph ??= createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph'));
}

const PRINT_OPTIONS = { indentNumberOfSpaces: 2, useSingleQuote: true } as const;
/** Unions longer than this go one member per line, as prettier would print them. */
const UNION_WIDTH = 80;

export function buildClassStructure(plan: ClassPlan, options: EmitOptions, slots = new DocSlots()): SourceFileStructure {
  const statements: StatementStructures[] = [];
  statements.push(...importStructures(plan, options.runtimeModule));
  statements.push(instanceInterface(plan, slots));
  if (plan.keysType) {
    const keys = plan.cls.keys.map((k) => quote(k)).join(' | ');
    statements.push({
      kind: Kind.TypeAlias,
      isExported: true,
      name: plan.keysType,
      docs: [`The key properties of ${plan.cls.name}: what identifies one instance.`],
      type: `Pick<${plan.id}, ${keys}>`,
    });
  }
  for (const m of [...plan.methods, ...plan.staticMethods]) statements.push(...methodInterfaces(m, slots));
  return { kind: Kind.SourceFile, leadingTrivia: fileHeader(options.source), statements };
}

/**
 * The module's text: the printed structure (imports, interfaces), then the plain-text
 * parts: ValueMap/BitMap consts, method maps, the class handle. Types may be used before
 * their declaration, so this order costs nothing in TypeScript and keeps the interface,
 * what people read first, at the top.
 */
export function emitClassModule(plan: ClassPlan, options: EmitOptions): string {
  const slots = new DocSlots();
  const structure = buildClassStructure(plan, options, slots);
  const body = printStatements(structure.statements as StatementStructures[], slots.expand);
  if (body === undefined) return emitClassModulesWithTsMorph([plan], () => options)[0];
  return finishModule(plan, (structure.leadingTrivia as string) + body);
}

/** Every module of `plans`, in order. */
export function emitClassModules(plans: readonly ClassPlan[], optionsOf: (plan: ClassPlan) => EmitOptions): string[] {
  return plans.map((plan) => emitClassModule(plan, optionsOf(plan)));
}

const MODULE_BREAK = '//§wmigen-module-break§';

/**
 * The same modules printed by ts-morph's `printStructure`: what `emitClassModule` falls back
 * to for a structure its printer does not cover, and the reference the tests compare it
 * with. The structures of up to `batchSize` classes go through one `printStructure` call,
 * separated by a marker line, and are split afterwards (each call sets up a printer
 * factory and a writer, which measured 10–20 % of printing small modules one by one).
 */
export function emitClassModulesWithTsMorph(plans: readonly ClassPlan[], optionsOf: (plan: ClassPlan) => EmitOptions, batchSize = 64): string[] {
  const { printStructure } = loadTsMorph();
  const out: string[] = [];
  for (let i = 0; i < plans.length; i += batchSize) {
    const batch = plans.slice(i, i + batchSize);
    const slots = new DocSlots();
    const statements: (StatementStructures | string)[] = [];
    const headers: string[] = [];
    for (const plan of batch) {
      const structure = buildClassStructure(plan, optionsOf(plan), slots);
      headers.push(structure.leadingTrivia as string);
      statements.push(MODULE_BREAK, ...(structure.statements as StatementStructures[]));
    }
    const printed = printStructure({ kind: Kind.SourceFile, statements }, PRINT_OPTIONS);
    const chunks = printed.split(MODULE_BREAK).slice(1);
    if (chunks.length !== batch.length) throw new Error(`internal: ${chunks.length} printed modules for ${batch.length} classes`);
    chunks.forEach((chunk, j) => {
      const body = chunk.replace(/^\n+/, '').replace(/\n+$/, '\n');
      // ts-morph prints an empty interface body over two lines; prettier writes `{}`.
      out.push(finishModule(batch[j], slots.fill(headers[j] + body).replace(/ \{\n\}\n/g, ' {}\n')));
    });
  }
  return out;
}

/** The printed structure's text plus the parts written as text. */
function finishModule(plan: ClassPlan, printed: string): string {
  let text = printed;
  for (const e of plan.enums) text += '\n' + enumText(e);
  if (plan.methodsType) text += '\n' + methodMapText(plan.methodsType, plan.methods, `Instance methods of ${plan.cls.name}.`);
  if (plan.staticMethodsType) text += '\n' + methodMapText(plan.staticMethodsType, plan.staticMethods, `Static methods of ${plan.cls.name}.`);
  return text + '\n' + classHandleText(plan);
}

function importStructures(plan: ClassPlan, runtimeModule: string): ImportDeclarationStructure[] {
  const out: ImportDeclarationStructure[] = [];
  const runtime = [...plan.runtimeImports].sort();
  out.push({
    kind: Kind.ImportDeclaration,
    moduleSpecifier: runtimeModule,
    namedImports: runtime.map((name) => ({ kind: Kind.ImportSpecifier, name, isTypeOnly: name !== 'defineClass' })),
  });
  for (const moduleName of [...plan.imports.keys()].sort()) {
    out.push({
      kind: Kind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: `./${moduleName}.js`,
      namedImports: [...plan.imports.get(moduleName)!].sort().map((name) => ({ kind: Kind.ImportSpecifier, name })),
    });
  }
  return out;
}

/** A ValueMap's const object and union type, or a BitMap's masks, as text. */
export function enumText(e: EnumDecl): string {
  const members = e.kind === 'values' ? e.values!.members : e.flags!.members;
  let out = '';
  if (members.length > 0) {
    out += docComment(e.doc, '') + `export const ${e.name} = {\n`;
    for (const m of members) out += `  ${propertyKey(m.name)}: ${m.literal},\n`;
    out += '} as const;\n';
  }
  if (e.kind === 'values') {
    const v = e.values!;
    const parts = [...v.literals];
    if (v.open) parts.push(`(${v.base} & {})`);
    const oneLine = parts.join(' | ');
    out += docComment(e.doc, '') + `export type ${e.name} =`;
    out += oneLine.length <= UNION_WIDTH ? ` ${oneLine};\n` : parts.map((p) => `\n  | ${p}`).join('') + ';\n';
  }
  return out;
}

/**
 * Doc comments in the structure are placeholders (`/** §3§ *\/`), expanded by the printer
 * (or filled in after ts-morph printed): the descriptions are about half of a module's text
 * and only need their lines prefixed. The structure still says where each comment goes.
 */
class DocSlots {
  /** Each comment as made for the indent its declaration is printed at. */
  private readonly comments: Array<{ readonly indent: string; readonly text: string }> = [];

  /** A placeholder for `comment`, made at `indent`; none for no comment. */
  slot(comment: string, indent: string): string[] | undefined {
    if (!comment) return undefined;
    this.comments.push({ indent, text: comment });
    return [`§${this.comments.length - 1}§`];
  }

  /** For `printStatements`: a placeholder's comment lines at `indent`. */
  readonly expand = (doc: string, indent: string): string | undefined => {
    if (doc.charCodeAt(0) !== 0xa7 || doc.charCodeAt(doc.length - 1) !== 0xa7) return undefined;
    const made = this.comments[Number(doc.slice(1, -1))];
    return made === undefined ? undefined : this.at(made, indent);
  };

  fill(printed: string): string {
    if (this.comments.length === 0) return printed;
    return printed.replace(/^( *)\/\*\* §(\d+)§ \*\/\n/gm, (_, indent: string, n: string) => this.at(this.comments[Number(n)], indent));
  }

  private at(made: { readonly indent: string; readonly text: string }, indent: string): string {
    if (made.indent !== indent) throw new Error(`internal: a comment made for indent ${made.indent.length} printed at ${indent.length}`);
    return made.text;
  }
}

function propertySignature(m: MemberPlan, slots: DocSlots): OptionalKind<PropertySignatureStructure> {
  return {
    name: m.key,
    type: m.typeText,
    isReadonly: m.readonly,
    hasQuestionToken: m.optional,
    docs: slots.slot(m.comment('  '), '  '),
  };
}

function instanceInterface(plan: ClassPlan, slots: DocSlots): InterfaceDeclarationStructure {
  const sup = plan.superPlan;
  const ext = sup
    ? [plan.omitFromSuper.length > 0 ? `Omit<${sup.id}, ${plan.omitFromSuper.map((n) => quote(n)).join(' | ')}>` : sup.id]
    : undefined;
  return {
    kind: Kind.Interface,
    isExported: true,
    name: plan.id,
    docs: slots.slot(plan.comment(''), ''),
    extends: ext,
    properties: plan.ownProperties.map((p) => propertySignature(p, slots)),
  };
}

function methodInterfaces(m: MethodPlan, slots: DocSlots): InterfaceDeclarationStructure[] {
  if (!m.inType || !m.outType) return [];
  return [
    {
      kind: Kind.Interface,
      isExported: true,
      name: m.inType,
      docs: [`In-parameters of ${m.method.classOrigin}.${m.method.name}.`],
      properties: m.inMembers.map((p) => propertySignature(p, slots)),
    },
    {
      kind: Kind.Interface,
      isExported: true,
      name: m.outType,
      docs: [`Result of ${m.method.classOrigin}.${m.method.name}: its out-parameters${m.method.returnType !== 'void' ? ' and ReturnValue' : ''}.`],
      properties: m.outMembers.map((p) => propertySignature(p, slots)),
    },
  ];
}

/** `export type X_Methods = { readonly M: MethodSignature<…>; … };` as text. */
export function methodMapText(name: string, methods: readonly MethodPlan[], doc: string): string {
  let out = docComment(doc, '') + `export type ${name} = {\n`;
  for (const m of methods) {
    const sig = m.inheritedFrom ? `${m.inheritedFrom}[${quote(m.method.name)}]` : `MethodSignature<${m.inType}, ${m.outType}>`;
    out += m.comment('  ') + `  readonly ${m.key}: ${sig};\n`;
  }
  return out + '};\n';
}

function descriptorFields(p: {
  name: string;
  cimType: string;
  isArray: boolean;
  refClass?: string;
  embeddedClass?: string;
  isKey?: boolean;
  writable?: boolean;
  isInterval?: boolean;
}): string {
  let s = `name: ${quote(p.name)}, cimType: ${quote(p.cimType)}, isArray: ${p.isArray}`;
  if (p.refClass) s += `, refClass: ${quote(p.refClass)}`;
  if (p.embeddedClass) s += `, embeddedClass: ${quote(p.embeddedClass)}`;
  if (p.isKey) s += ', isKey: true';
  if (p.writable) s += ', writable: true';
  if (p.isInterval) s += ', isInterval: true';
  return s;
}

/**
 * The CIM type the runtime converts a member's values as: a string holding an embedded
 * object (`EmbeddedObject`, `EmbeddedInstance("X")`) is an `object` there, as live WMI reports it.
 */
function wireType(m: { type: CimType | 'void'; embeddedClass?: string; qualifiers: readonly CimQualifier[] }): string {
  return m.type !== 'void' && holdsEmbeddedObject(m) ? 'object' : m.type;
}

function propertyDescriptor(p: PropertyPlan): string {
  const prop = p.property;
  return descriptorFields({
    name: prop.name,
    cimType: wireType(prop),
    isArray: prop.isArray,
    refClass: prop.refClass,
    embeddedClass: prop.embeddedClass,
    isKey: prop.isKey,
    writable: p.writable,
    isInterval: p.isInterval,
  });
}

function parameterDescriptor(p: CimParameter): string {
  return (
    descriptorFields({
      name: p.name,
      cimType: wireType(p),
      isArray: p.isArray,
      refClass: p.refClass,
      embeddedClass: p.embeddedClass,
      isInterval: isIntervalMember(p.type, p.qualifiers),
    }) + `, in: ${p.in}, out: ${p.out}`
  );
}

/**
 * A property's descriptor line, made once: subclasses share their superclass's property
 * plans, and every class's handle lists all its properties, inherited ones included (CIM
 * 2.51: about 47,000 lines for 8,484 declared properties).
 */
const descriptorLines = new WeakMap<PropertyPlan, string>();

/**
 * The class handle: `export const X = defineClass<…>({ …descriptor… });`. Plain data, the
 * largest part of a module, so it is built as text rather than going through
 * CodeBlockWriter character by character.
 */
export function classHandleText(plan: ClassPlan): string {
  const { cls } = plan;
  const typeArgs = [plan.id];
  if (plan.methodsType || plan.staticMethodsType) typeArgs.push(plan.methodsType ?? 'Record<never, MethodSignature>');
  if (plan.staticMethodsType) typeArgs.push(plan.staticMethodsType);
  const methods = [...plan.methods, ...plan.staticMethods].sort((a, b) => cls.methods.indexOf(a.method) - cls.methods.indexOf(b.method));
  const out: string[] = [
    `/** The ${cls.name} class for the runtime: its descriptor, typed by {@link ${plan.id}}. */`,
    `export const ${plan.id} = defineClass<${typeArgs.join(', ')}>({`,
    `  name: ${quote(cls.name)},`,
    `  namespace: ${quote(cls.namespace)},`,
    `  superclass: ${cls.superclass === null ? 'null' : quote(cls.superclass)},`,
    `  keys: [${cls.keys.map((k) => quote(k)).join(', ')}],`,
  ];
  if (cls.isAssociation) out.push('  isAssociation: true,');
  if (plan.allProperties.size === 0) out.push('  properties: {},');
  else {
    out.push('  properties: {');
    for (const p of plan.allProperties.values()) {
      let line = descriptorLines.get(p);
      if (line === undefined) {
        line = `    ${p.key}: { ${propertyDescriptor(p)} },`;
        descriptorLines.set(p, line);
      }
      out.push(line);
    }
    out.push('  },');
  }
  if (methods.length === 0) out.push('  methods: {},');
  else {
    out.push('  methods: {');
    for (const m of methods) {
      const md = m.method;
      out.push(`    ${m.key}: {`, `      name: ${quote(md.name)},`, `      isStatic: ${md.isStatic},`, `      returnType: ${quote(wireType({ type: md.returnType, embeddedClass: md.returnEmbeddedClass, qualifiers: md.qualifiers }))},`);
      if (md.parameters.length === 0) out.push('      parameters: [],');
      else {
        out.push('      parameters: [');
        for (const p of md.parameters) out.push(`        { ${parameterDescriptor(p)} },`);
        out.push('      ],');
      }
      out.push('    },');
    }
    out.push('  },');
  }
  out.push('});', '');
  return out.join('\n');
}
