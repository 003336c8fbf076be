/**
 * The `wmigen model <file.mof>... --json` form: the resolved schema itself (it is plain,
 * deterministic data) with source locations reduced to `file:line:col` strings so the
 * output does not depend on offsets, plus the counts printed by the plain form.
 */

import type { SourceLocation } from '../../grammar/diagnostics.js';
import type { CimSchema } from './types.js';

export interface MofModelCounts {
  readonly namespaces: number;
  readonly qualifierTypes: number;
  readonly classes: number;
  readonly instances: number;
  readonly properties: number;
  readonly methods: number;
}

export function countSchema(schema: CimSchema): MofModelCounts {
  let qualifierTypes = 0;
  let classes = 0;
  let instances = 0;
  let properties = 0;
  let methods = 0;
  for (const ns of schema.namespaces) {
    qualifierTypes += ns.qualifierTypes.length;
    classes += ns.classes.length;
    instances += ns.instances.length;
    for (const c of ns.classes) {
      properties += c.properties.filter((p) => !p.inherited).length;
      methods += c.methods.filter((m) => !m.inherited).length;
    }
  }
  return { namespaces: schema.namespaces.length, qualifierTypes, classes, instances, properties, methods };
}

function isLocation(v: unknown): v is SourceLocation {
  return typeof v === 'object' && v !== null && typeof (v as SourceLocation).file === 'string' && typeof (v as SourceLocation).line === 'number';
}

/** JSON text of the model: `{ counts, namespaces: [...] }`, two-space indented. */
export function schemaToJson(schema: CimSchema, displayPath: (file: string) => string = (f) => f): string {
  const body = { counts: countSchema(schema), namespaces: schema.namespaces };
  return JSON.stringify(
    body,
    (key, value: unknown) => {
      if (key === 'location' && isLocation(value)) return `${displayPath(value.file)}:${value.line}:${value.column}`;
      return value;
    },
    2,
  );
}
