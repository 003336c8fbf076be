/**
 * The whole-program half of emit.test.ts: generated modules compile under --strict with
 * code that uses them, and misuse fails to compile.
 */
import { describe, expect, it } from 'vitest';
import { generateCimBindings } from '../../generator/cim/generate.js';
import { buildNamespace, miniProcessSchema, q, schemaOf, overridesSchema } from './model-builders.js';
import { typecheckFiles } from './typecheck.js';

const mini = generateCimBindings(miniProcessSchema());

describe('overrides', () => {
  const schema = overridesSchema();
  const out = generateCimBindings(schema);

  it('type-checks', () => {
    expect(typecheckFiles(out.files).errors).toEqual([]);
  });
});

describe('type-checking the output', () => {
  it('compiles under --strict together with code that uses it', () => {
    const app = {
      path: 'app.ts',
      text: [
        "import { CIM_Process, CIM_Process_ExecutionState, type CIM_Process_Create_In } from './root/cimv2/index.js';",
        "import { flagNames, hasFlag, type InstanceOf, type StaticMethodsOf, CimDateTime } from '@wmigen/runtime';",
        "import { CIM_Process_Characteristics } from './root/cimv2/CIM_Process.js';",
        'declare const p: InstanceOf<typeof CIM_Process>;',
        'const caption: string | null = p.Caption;',
        'const handle: string = p.Handle;',
        'const running: boolean = p.ExecutionState === CIM_Process_ExecutionState.Running;',
        "const mode: 'Auto' | 'Manual' | 'Disabled' | null = p.StartMode;",
        'const installed: Date | undefined = p.InstallDate?.toDate();',
        'const flags: string[] = flagNames(p.Characteristics, CIM_Process_Characteristics);',
        'const readable: boolean = hasFlag(p.Characteristics, CIM_Process_Characteristics.Readable);',
        "const args: CIM_Process_Create_In = { CommandLine: 'notepad.exe' };",
        "type CreateOut = StaticMethodsOf<typeof CIM_Process>['Create']['out'];",
        'declare const r: CreateOut;',
        'const rv: 0 | 2 = r.ReturnValue;',
        'const when: CimDateTime | null = p.InstallDate;',
        'export { caption, handle, running, mode, installed, flags, readable, args, rv, when };',
      ].join('\n'),
    };
    expect(typecheckFiles([...mini.files, app]).errors).toEqual([]);
  });

  it('rejects misuse (the check can fail)', () => {
    const bad = {
      path: 'bad.ts',
      text: [
        "import type { CIM_Process } from './root/cimv2/index.js';",
        'declare const p: CIM_Process;',
        "p.Handle = 'x';", // readonly
        'const n: number = p.KernelModeTime;', // bigint | null
        "const s: typeof p.StartMode = 'Sometimes';", // not in the ValueMap
        'export { n, s };',
      ].join('\n'),
    };
    const errors = typecheckFiles([...mini.files, bad]).errors.join('\n');
    expect(errors).toContain("Cannot assign to 'Handle' because it is a read-only property");
    expect(errors).toContain("Type 'bigint | null' is not assignable to type 'number'");
    expect(errors).toContain('"Sometimes"');
  });
});
