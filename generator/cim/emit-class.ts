/**
 * One class plan → one module. The whole module is built as a single ts-morph
 * `SourceFileStructure` and printed once with `printStructure` (no Project, no AST
 * manipulation), which is what keeps 1,894 modules inside the time budget.
 *
 * Module layout: header; runtime and superclass imports; ValueMap const objects with
 * their union types and BitMap masks; the instance interface; the keys type; method
 * parameter and result interfaces; the method maps; the class handle (`defineClass`).
 */

import {
  printStructure,
  StructureKind,
  type CodeBlockWriter,
  type ImportDeclarationStructure,
  type InterfaceDeclarationStructure,
  type OptionalKind,
  type PropertySignatureStructure,
  type SourceFileStructure,
  type StatementStructures,
  type WriterFunction,
} from 'ts-morph';
import type { CimParameter } from '../../model/cim/types.js';
import { fileHeader } from '../../templates/header.js';
import type { ClassPlan, EnumDecl, MemberPlan, MethodPlan, PropertyPlan } from './plan.js';
import { isIntervalMember } from './plan.js';
import { propertyKey, quote } from './naming.js';

export interface EmitOptions {
  /** Module the bindings import the runtime from. */
  readonly runtimeModule: string;
  /** The `// source:` text of this class. */
  readonly source: string;
}

const PRINT_OPTIONS = { indentNumberOfSpaces: 2, useSingleQuote: true } as const;
/** Unions longer than this go one member per line, as prettier would print them. */
const UNION_WIDTH = 80;

export function buildClassStructure(plan: ClassPlan, options: EmitOptions): SourceFileStructure {
  const statements: (StatementStructures | string | WriterFunction)[] = [];
  statements.push(...importStructures(plan, options.runtimeModule));
  for (const e of plan.enums) statements.push(enumStatements(e));
  statements.push(instanceInterface(plan));
  if (plan.keysType) {
    const keys = plan.cls.keys.map((k) => quote(k)).join(' | ');
    statements.push({
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: plan.keysType,
      docs: [`The key properties of ${plan.cls.name}: what identifies one instance.`],
      type: `Pick<${plan.id}, ${keys}>`,
    });
  }
  for (const m of [...plan.methods, ...plan.staticMethods]) statements.push(...methodInterfaces(m));
  if (plan.methodsType) statements.push(methodMap(plan.methodsType, plan.methods, `Instance methods of ${plan.cls.name}.`));
  if (plan.staticMethodsType) statements.push(methodMap(plan.staticMethodsType, plan.staticMethods, `Static methods of ${plan.cls.name}.`));
  statements.push(classHandle(plan));
  return { kind: StructureKind.SourceFile, leadingTrivia: fileHeader(options.source), statements };
}

export function emitClassModule(plan: ClassPlan, options: EmitOptions): string {
  return printStructure(buildClassStructure(plan, options), PRINT_OPTIONS);
}

function importStructures(plan: ClassPlan, runtimeModule: string): ImportDeclarationStructure[] {
  const out: ImportDeclarationStructure[] = [];
  const runtime = [...plan.runtimeImports].sort();
  out.push({
    kind: StructureKind.ImportDeclaration,
    moduleSpecifier: runtimeModule,
    namedImports: runtime.map((name) => ({ kind: StructureKind.ImportSpecifier, name, isTypeOnly: name !== 'defineClass' })),
  });
  for (const moduleName of [...plan.imports.keys()].sort()) {
    out.push({
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: `./${moduleName}.js`,
      namedImports: [...plan.imports.get(moduleName)!].sort().map((name) => ({ kind: StructureKind.ImportSpecifier, name })),
    });
  }
  return out;
}

function enumStatements(e: EnumDecl): WriterFunction {
  const members = e.kind === 'values' ? e.values!.members : e.flags!.members;
  return (w) => {
    w.blankLineIfLastNot();
    if (members.length > 0) {
      writeDoc(w, e.doc);
      w.write(`export const ${e.name} = {`).newLine();
      w.indent(() => {
        for (const m of members) w.write(`${propertyKey(m.name)}: ${m.literal},`).newLine();
      });
      w.write('} as const;').newLine();
    }
    if (e.kind === 'values') {
      const v = e.values!;
      const parts = [...v.literals];
      if (v.open) parts.push(`(${v.base} & {})`);
      writeDoc(w, e.doc);
      w.write(`export type ${e.name} =`);
      writeUnion(w, parts);
      w.write(';').newLine();
    }
  };
}

function writeUnion(w: CodeBlockWriter, parts: readonly string[]): void {
  const oneLine = parts.join(' | ');
  if (oneLine.length <= UNION_WIDTH) {
    w.write(' ' + oneLine);
    return;
  }
  w.indent(() => {
    for (const p of parts) w.newLine().write(`| ${p}`);
  });
}

function propertySignature(m: MemberPlan): OptionalKind<PropertySignatureStructure> {
  return {
    name: m.key,
    type: m.typeText,
    isReadonly: m.readonly,
    hasQuestionToken: m.optional,
    docs: m.doc ? [m.doc] : undefined,
  };
}

function instanceInterface(plan: ClassPlan): InterfaceDeclarationStructure {
  const sup = plan.superPlan;
  const ext = sup
    ? [plan.omitFromSuper.length > 0 ? `Omit<${sup.id}, ${plan.omitFromSuper.map((n) => quote(n)).join(' | ')}>` : sup.id]
    : undefined;
  return {
    kind: StructureKind.Interface,
    isExported: true,
    name: plan.id,
    docs: plan.doc ? [plan.doc] : undefined,
    extends: ext,
    properties: plan.ownProperties.map(propertySignature),
  };
}

function methodInterfaces(m: MethodPlan): InterfaceDeclarationStructure[] {
  if (!m.inType || !m.outType) return [];
  return [
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: m.inType,
      docs: [`In-parameters of ${m.method.classOrigin}.${m.method.name}.`],
      properties: m.inMembers.map(propertySignature),
    },
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: m.outType,
      docs: [`Result of ${m.method.classOrigin}.${m.method.name}: its out-parameters${m.method.returnType !== 'void' ? ' and ReturnValue' : ''}.`],
      properties: m.outMembers.map(propertySignature),
    },
  ];
}

function writeDoc(w: CodeBlockWriter, doc: string): void {
  if (!doc) return;
  const lines = doc.split('\n');
  if (lines.length === 1) {
    w.write(`/** ${lines[0]} */`).newLine();
    return;
  }
  w.write('/**').newLine();
  for (const line of lines) w.write(line ? ` * ${line}` : ' *').newLine();
  w.write(' */').newLine();
}

function methodMap(name: string, methods: readonly MethodPlan[], doc: string): WriterFunction {
  return (w) => {
    w.blankLineIfLastNot();
    writeDoc(w, doc);
    w.write(`export type ${name} = {`).newLine();
    w.indent(() => {
      for (const m of methods) {
        writeDoc(w, m.doc);
        const sig = m.inheritedFrom ? `${m.inheritedFrom}[${quote(m.method.name)}]` : `MethodSignature<${m.inType}, ${m.outType}>`;
        w.write(`readonly ${m.key}: ${sig};`).newLine();
      }
    });
    w.write('};').newLine();
  };
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

function propertyDescriptor(p: PropertyPlan): string {
  const prop = p.property;
  return descriptorFields({
    name: prop.name,
    cimType: prop.type,
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
      cimType: p.type,
      isArray: p.isArray,
      refClass: p.refClass,
      embeddedClass: p.embeddedClass,
      isInterval: isIntervalMember(p.type, p.qualifiers),
    }) + `, in: ${p.in}, out: ${p.out}`
  );
}

function classHandle(plan: ClassPlan): WriterFunction {
  const { cls } = plan;
  const typeArgs = [plan.id];
  if (plan.methodsType || plan.staticMethodsType) typeArgs.push(plan.methodsType ?? 'Record<never, MethodSignature>');
  if (plan.staticMethodsType) typeArgs.push(plan.staticMethodsType);
  const methods = [...plan.methods, ...plan.staticMethods].sort((a, b) => cls.methods.indexOf(a.method) - cls.methods.indexOf(b.method));
  return (w) => {
    w.blankLineIfLastNot();
    writeDoc(w, `The ${cls.name} class for the runtime: its descriptor, typed by {@link ${plan.id}}.`);
    w.write(`export const ${plan.id} = defineClass<${typeArgs.join(', ')}>({`).newLine();
    w.indent(() => {
      w.write(`name: ${quote(cls.name)},`).newLine();
      w.write(`namespace: ${quote(cls.namespace)},`).newLine();
      w.write(`superclass: ${cls.superclass === null ? 'null' : quote(cls.superclass)},`).newLine();
      w.write(`keys: [${cls.keys.map((k) => quote(k)).join(', ')}],`).newLine();
      if (cls.isAssociation) w.write('isAssociation: true,').newLine();
      if (plan.allProperties.size === 0) w.write('properties: {},').newLine();
      else {
        w.write('properties: {').newLine();
        w.indent(() => {
          for (const p of plan.allProperties.values()) w.write(`${p.key}: { ${propertyDescriptor(p)} },`).newLine();
        });
        w.write('},').newLine();
      }
      if (methods.length === 0) w.write('methods: {},').newLine();
      else {
        w.write('methods: {').newLine();
        w.indent(() => {
          for (const m of methods) {
            const md = m.method;
            w.write(`${m.key}: {`).newLine();
            w.indent(() => {
              w.write(`name: ${quote(md.name)},`).newLine();
              w.write(`isStatic: ${md.isStatic},`).newLine();
              w.write(`returnType: ${quote(md.returnType)},`).newLine();
              if (md.parameters.length === 0) w.write('parameters: [],').newLine();
              else {
                w.write('parameters: [').newLine();
                w.indent(() => {
                  for (const p of md.parameters) w.write(`{ ${parameterDescriptor(p)} },`).newLine();
                });
                w.write('],').newLine();
              }
            });
            w.write('},').newLine();
          }
        });
        w.write('},').newLine();
      }
    });
    w.write('});').newLine();
  };
}
