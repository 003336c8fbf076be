/**
 * How well the reference pages and the Go facts agree, for the classes both describe in a
 * namespace: every property the page declares on the class, matched by name against the
 * Go facts of the class, and its CIM type against the Go type (a Go type says less: a
 * datetime is a `string`, a reference or embedded object a struct or `interface{}`).
 */

import type { CimProperty } from '../../model/cim/types.js';
import type { DocsSchemaResult } from '../../model/docs/build.js';
import type { GoNamespaceFacts, GoProperty } from '../wmi-go/read.js';

export interface FidelityReport {
  readonly classes: number;
  readonly properties: number;
  readonly agreeing: number;
  /** `root\CIMV2 Win32_X.Prop: page uint32, Go string` or `…: on the page, not in the Go facts`. */
  readonly disagreements: readonly string[];
}

const compatible: Readonly<Record<string, readonly string[]>> = {
  string: ['string', 'datetime', 'char16'],
  bool: ['boolean'],
  uint8: ['uint8'],
  uint16: ['uint16', 'char16'],
  uint32: ['uint32'],
  uint64: ['uint64'],
  int8: ['sint8'],
  int16: ['sint16'],
  int32: ['sint32'],
  int64: ['sint64'],
  float32: ['real32'],
  float64: ['real64'],
  'interface{}': ['object', 'reference'],
};

const integers = ['uint8', 'uint16', 'uint32', 'uint64', 'sint8', 'sint16', 'sint32', 'sint64'];

function agrees(page: CimProperty, go: GoProperty, enums: ReadonlySet<string>): boolean {
  if (page.isArray !== go.isArray) return false;
  const allowed = compatible[go.goType];
  if (allowed) return allowed.includes(page.type);
  // A Go enum (a ValueMap the bindings made a type of) is an integer of unknown width.
  if (enums.has(go.goType.toLowerCase())) return integers.includes(page.type);
  // A struct type: the page's reference or embedded class, or a class of the same family.
  return page.type === 'reference' || page.type === 'object';
}

function typeText(p: { isArray: boolean }, t: string): string {
  return p.isArray ? `${t}[]` : t;
}

/** Compares the pages' classes of one namespace (not those pulled in) with the Go facts. */
export function fidelityOf(go: GoNamespaceFacts, docs: DocsSchemaResult): FidelityReport {
  const pulledIn = new Set(docs.warnings.filter((w) => w.reason.startsWith('pulled in from')).map((w) => w.subject.toLowerCase()));
  const goClasses = new Map(go.classes.map((c) => [c.name.toLowerCase(), c]));
  const enums = new Set(go.enums.map((e) => e.name.toLowerCase()));
  const disagreements: string[] = [];
  let classes = 0;
  let properties = 0;
  let agreeing = 0;
  for (const page of docs.schema.namespaces[0]?.classes ?? []) {
    const g = goClasses.get(page.name.toLowerCase());
    if (!g || pulledIn.has(page.name.toLowerCase())) continue;
    classes++;
    // The class's Go properties and its Go ancestors' (a page may declare what Go puts higher up).
    const goProps = new Map<string, GoProperty>();
    for (let k: typeof g | undefined = g, i = 0; k && i < 64; k = k.superclass ? goClasses.get(k.superclass.toLowerCase()) : undefined, i++) {
      for (const p of k.properties) if (!goProps.has(p.name.toLowerCase())) goProps.set(p.name.toLowerCase(), p);
    }
    for (const p of page.properties) {
      properties++;
      const gp = goProps.get(p.name.toLowerCase());
      const subject = `${go.namespace} ${page.name}.${p.name}`;
      if (!gp) disagreements.push(`${subject}: on the page, not in the Go facts`);
      else if (!agrees(p, gp, enums)) disagreements.push(`${subject}: page ${typeText(p, p.refClass ? `${p.refClass} ref` : p.embeddedClass ?? p.type)}, Go ${typeText(gp, gp.goType)}`);
      else agreeing++;
    }
  }
  return { classes, properties, agreeing, disagreements };
}
