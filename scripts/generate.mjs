#!/usr/bin/env node
/**
 * `npm run generate`: regenerates the committed COM bindings, generated/com/wbemcli.ts,
 * from the vendored mingw-w64 IDL (vendor/mingw-w64/wbemcli.idl and its imports), with
 * the build in dist/ (`npm run generate` builds first). The result is byte-identical to
 * the committed file unless the IDL front-end or the COM emitter changed;
 * test/idl/generated.test.ts checks that it is.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const { generateComBindings } = await import('../dist/generator/com/index.js');
const idlDir = join(repo, 'vendor', 'mingw-w64');
const out = join(repo, 'generated', 'com', 'wbemcli.ts');
const text = await generateComBindings(join(idlDir, 'wbemcli.idl'), out, { includeDirs: [idlDir] });
const before = readFileSync(out, 'utf8');
if (text === before) console.log('generated/com/wbemcli.ts: unchanged');
else {
  writeFileSync(out, text);
  console.log('generated/com/wbemcli.ts: rewritten');
}
