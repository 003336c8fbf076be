#!/usr/bin/env node
// Builds a bundled schema snapshot: one gzipped MOF with every `#pragma include` of the
// top file inlined in order. Each inlined file starts with a `// wmigen-file: <path>`
// comment line, so the snapshot stays one valid MOF text while wmigen can still report
// and label classes by their original file (Core/CIM_Process.mof).
//
//   node schemas/build-snapshot.mjs <top.mof> <out.mof.gz>
//
// The output is deterministic (gzip header without a timestamp or file name).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const [top, out] = process.argv.slice(2);
if (!top || !out) {
  process.stderr.write('usage: node schemas/build-snapshot.mjs <top.mof> <out.mof.gz>\n');
  process.exit(2);
}

function decode(buf) {
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  const text = buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const include = /^\s*#pragma\s+include\s*\(\s*"([^"]+)"\s*\)\s*$/i;
const topText = decode(readFileSync(top)).replace(/\r\n/g, '\n');
const baseDir = dirname(top);
const parts = [];
const head = [];
const topName = top.split(/[\\/]/).pop();
for (const line of topText.split('\n')) {
  const m = include.exec(line);
  if (!m) {
    head.push(line);
    continue;
  }
  const rel = m[1].replace(/\\/g, '/');
  const text = decode(readFileSync(join(baseDir, rel))).replace(/\r\n/g, '\n');
  if (include.test(text)) throw new Error(`${rel} has its own includes; nested includes are not inlined`);
  parts.push(`// wmigen-file: ${rel}\n${text.endsWith('\n') ? text : text + '\n'}`);
}
const mof = `// wmigen-file: ${topName}\n${head.join('\n').trimEnd()}\n` + parts.join('');
const gz = gzipSync(Buffer.from(mof, 'utf8'), { level: 9 });
// Bytes 4–7 are the gzip MTIME; Node writes 0 already, assert it so the file never churns.
if (gz.readUInt32LE(4) !== 0) throw new Error('gzip header carries a timestamp');
writeFileSync(out, gz);
process.stdout.write(`${out}: ${parts.length} files, ${mof.length} characters, ${gz.length} bytes gzipped\n`);
