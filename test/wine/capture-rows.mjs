/**
 * Runs INSIDE the Windows node.exe under Wine (started by docs-types.test.ts): reads the
 * instances of some classes Wine's WMI implements, as the COM provider hands them over
 * (wire form), and writes them as JSON into the file named by the last argument (node.exe
 * cannot print to a pipe under Wine).
 *
 * Usage: node.exe capture-rows.mjs <dist folder> <class,class,...> <result file>
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [distRoot, classList, resultFile] = process.argv.slice(2);
const result = { rows: [], fatal: undefined };
try {
  const { ComProvider } = await import(pathToFileURL(join(distRoot, 'runtime/com/provider.js')).href);
  const wine = await ComProvider.connect({ namespace: 'root\\cimv2' });
  try {
    for (const className of classList.split(',')) {
      let n = 0;
      for await (const row of wine.execQuery(`SELECT * FROM ${className}`)) {
        result.rows.push({ className: row.className, properties: row.properties });
        if (++n === 25) break; // enough rows of a class to see every property's shape
      }
    }
  } finally {
    wine.close();
  }
} catch (err) {
  result.fatal = String(err && err.stack ? err.stack : err);
}
writeFileSync(resultFile, JSON.stringify(result));
