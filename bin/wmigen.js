#!/usr/bin/env node
// Entry point of the `wmigen` command: runs the compiled CLI from dist/.
import('../dist/cli/main.js').then((m) => m.main(process.argv.slice(2))).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`wmigen: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 70;
  },
);
