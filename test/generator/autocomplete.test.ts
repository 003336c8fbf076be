/**
 * Autocomplete, proven through the TypeScript language service (what editors call), over
 * the committed golden CIM bindings: completions after `proc.` list inherited properties
 * with their types, a ValueMap property completes to its literal values, and hover shows
 * the TSDoc taken from the MOF Description.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../corpus.js';
import { compilerOptions } from './typecheck.js';

const appPath = join(repoRoot, 'generated', 'cim', '__autocomplete_app__.ts');

function languageService(appText: string): ts.LanguageService {
  const files = new Map<string, string>([[appPath, appText]]);
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => compilerOptions,
    getScriptFileNames: () => [appPath],
    getScriptVersion: () => '1',
    getScriptSnapshot: (f) => {
      const text = files.get(f) ?? (existsSync(f) ? readFileSync(f, 'utf8') : undefined);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => repoRoot,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => files.has(f) || ts.sys.fileExists(f),
    readFile: (f) => files.get(f) ?? ts.sys.readFile(f),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  return ts.createLanguageService(host, ts.createDocumentRegistry());
}

/** The app text with `|` marking the cursor; returns the service and the offset. */
function at(source: string): { ls: ts.LanguageService; pos: number } {
  const pos = source.indexOf('|');
  const text = source.slice(0, pos) + source.slice(pos + 1);
  return { ls: languageService(text), pos };
}

const header = [
  "import { CIM_Process_ExecutionState, type CIM_Process, type CIM_Service } from './root/cimv2/index.js';",
  'declare const proc: CIM_Process;',
  'declare const svc: CIM_Service;',
  'void CIM_Process_ExecutionState;',
].join('\n');

describe('language service over the generated CIM bindings', () => {
  it('completes inherited and own properties of a CIM_Process value, with their types', () => {
    const { ls, pos } = at(`${header}\nproc.|`);
    const completions = ls.getCompletionsAtPosition(appPath, pos, {});
    const names = completions!.entries.map((e) => e.name);
    // own (CIM_Process), inherited from CIM_EnabledLogicalElement, CIM_ManagedSystemElement, CIM_ManagedElement
    for (const n of ['Handle', 'ExecutionState', 'KernelModeTime', 'EnabledState', 'InstallDate', 'Status', 'Caption', 'ElementName', 'InstanceID']) {
      expect(names).toContain(n);
    }
    const detail = (name: string): string =>
      ts.displayPartsToString(ls.getCompletionEntryDetails(appPath, pos, name, {}, undefined, undefined, undefined)!.displayParts);
    expect(detail('Caption')).toBe('(property) CIM_ManagedElement.Caption: string | null');
    expect(detail('KernelModeTime')).toBe('(property) CIM_Process.KernelModeTime: bigint | null');
    expect(detail('InstallDate')).toBe('(property) CIM_ManagedSystemElement.InstallDate: CimDateTime | null');
    expect(detail('ExecutionState')).toBe('(property) CIM_Process.ExecutionState: CIM_Process_ExecutionState | null');
  });

  it('completes the literal values of a string ValueMap property', () => {
    const { ls, pos } = at(`${header}\nif (svc.StartMode === '|') {}`);
    const names = ls.getCompletionsAtPosition(appPath, pos, {})!.entries.map((e) => e.name);
    expect(names.sort()).toEqual(['Automatic', 'Manual']);
  });

  it('completes the named values of a numeric ValueMap and resolves them to literals', () => {
    const { ls, pos } = at(`${header}\nif (proc.ExecutionState === CIM_Process_ExecutionState.|) {}`);
    const entries = ls.getCompletionsAtPosition(appPath, pos, {})!.entries;
    expect(entries.map((e) => e.name)).toEqual(expect.arrayContaining(['Unknown', 'Running', 'Terminated', 'Hung']));
    const detail = ts.displayPartsToString(ls.getCompletionEntryDetails(appPath, pos, 'Running', {}, undefined, undefined, undefined)!.displayParts);
    expect(detail).toBe('(property) Running: 3');
  });

  it('shows the Description as hover documentation', () => {
    const src = `${header}\nproc.Handle;`;
    const ls = languageService(src);
    const info = ls.getQuickInfoAtPosition(appPath, src.lastIndexOf('Handle') + 1)!;
    expect(ts.displayPartsToString(info.displayParts)).toBe('(property) CIM_Process.Handle: string');
    const doc = ts.displayPartsToString(info.documentation);
    expect(doc).toContain('A string used to identify the Process. A Process ID is a kind of Process Handle.');
    expect(doc).toContain('Key property');
    const onType = ls.getQuickInfoAtPosition(appPath, src.indexOf('CIM_Process;') + 1)!;
    expect(ts.displayPartsToString(onType.documentation)).toContain('Each instance of the CIM_Process class represents a single instance of a running program.');
  });

  it('reports misuse of a ValueMap property as a type error', () => {
    const src = `${header}\nconst m: CIM_Service['StartMode'] = 'Sometimes';\nexport { m };`;
    const ls = languageService(src);
    const errors = ls.getSemanticDiagnostics(appPath).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(errors.join('\n')).toContain(`Type '"Sometimes"' is not assignable to type 'CIM_Service_StartMode | null'`);
  });
});
