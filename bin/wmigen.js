#!/usr/bin/env node
// Entry point of the `wmigen` command: runs the compiled CLI from dist/.
import { setFlagsFromString } from 'node:v8';

// A wmigen run is short (about a second for all of CIM 2.51) and runs a lot of distinct code
// once per class. With V8's default tier-up budget about a hundred functions were optimized
// by TurboFan, whose compiler threads then used 0.7–1 s of CPU — as much as the main thread's
// whole run, on a machine with two cores. A budget 4.4× larger leaves only the hottest code to
// TurboFan: on Node 20, process CPU of generating CIM 2.51 1.75–2.5 s → 1.2–1.6 s (bundled
// snapshot), 2.7–3.7 s → 2.1–2.7 s (MOF files), main thread about the same. V8 12 (Node 22)
// renamed the setting and counts calls instead of bytecode: the same factor over its default
// of 3,000. An unknown flag would print an error on every run, hence the choice by version.
// Set before the CLI is loaded; it only changes when code is optimized, never what it does.
const v8Major = Number(process.versions.v8.split('.')[0]);
setFlagsFromString(v8Major >= 12 ? '--invocation-count-for-turbofan=13200' : '--interrupt-budget=300000');

import('../dist/cli/main.js').then((m) => m.main(process.argv.slice(2))).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`wmigen: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 70;
  },
);
