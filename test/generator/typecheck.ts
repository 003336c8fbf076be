/**
 * Type-checks generated files (plus optional app files) with the TypeScript compiler API,
 * `strict` on, the way a user's project would see them: `@wmigen/runtime` resolves to this
 * repository's runtime sources.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { repoRoot } from '../corpus.js';

export interface TypecheckResult {
  readonly errors: string[];
  readonly dir: string;
}

export const compilerOptions: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts'],
  types: ['node'],
  typeRoots: [join(repoRoot, 'node_modules', '@types')],
  skipLibCheck: true,
  noUnusedLocals: false,
  paths: { '@wmigen/runtime': [join(repoRoot, 'runtime', 'index.ts')] },
};

/** Writes `files` (relative paths) under a fresh temp dir and type-checks all of them. */
export function typecheckFiles(files: ReadonlyArray<{ path: string; text: string }>, keep = false): TypecheckResult {
  const dir = mkdtempSync(join(tmpdir(), 'wmigen-tc-'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  const roots: string[] = [];
  for (const f of files) {
    const p = join(dir, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.text);
    roots.push(p);
  }
  try {
    return { errors: typecheckPaths(roots), dir };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

export function typecheckPaths(roots: readonly string[], options: ts.CompilerOptions = compilerOptions): string[] {
  const program = ts.createProgram({ rootNames: roots, options });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const msg = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return msg;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.fileName}:${line + 1}:${character + 1}: ${msg}`;
  });
}
