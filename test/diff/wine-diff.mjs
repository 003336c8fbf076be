// Runs in the Windows node.exe under Wine: `wmigen diff <args>` through the compiled CLI,
// its output written as JSON to the file named by the last argument (node.exe cannot
// write to a pipe under Wine).
import { writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const mainUrl = args.shift();
const outFile = args.pop();
const { main } = await import(mainUrl);
let out = '';
let err = '';
const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: process.cwd(), isTTY: false });
writeFileSync(outFile, JSON.stringify({ code, out, err }));
