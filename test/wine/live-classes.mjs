/**
 * Runs INSIDE the Windows node.exe under Wine (started by wine-vs-23h2.test.ts): reads the
 * class of every candidate name that Wine's WMI resolves in each namespace, through the
 * runtime's live-schema reader (runtime/com/live-schema.ts, compiled in dist/), and writes
 * them as JSON into the file named by the last argument (node.exe cannot print to a pipe
 * under Wine). A candidate may be an object path (`CIM_DataFile.Name="…"`) for a class whose
 * unkeyed read would walk every file of drive Z:; the class is recorded under its name.
 *
 * Usage: node.exe live-classes.mjs <dist folder> <namespace;namespace…> <candidates file> <result file>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [distRoot, namespaceList, candidatesFile, resultFile] = process.argv.slice(2);
const result = { namespaces: [], fatal: undefined };
try {
  const { ComProvider } = await import(pathToFileURL(join(distRoot, 'runtime/com/provider.js')).href);
  const { readLiveSchema } = await import(pathToFileURL(join(distRoot, 'runtime/com/live-schema.js')).href);
  const candidates = readFileSync(candidatesFile, 'utf8').split('\n').filter((l) => l.trim() !== '');
  for (const namespace of namespaceList.split(';')) {
    const entry = { namespace, classes: [], connectError: undefined };
    result.namespaces.push(entry);
    let provider;
    try {
      provider = await ComProvider.connect({ namespace });
    } catch (err) {
      entry.connectError = String(err && err.message ? err.message : err);
      continue;
    }
    try {
      for (const candidate of candidates) {
        let schema;
        try {
          schema = await readLiveSchema({ namespace, classes: [candidate], connection: provider });
        } catch {
          continue; // not a class of this namespace
        }
        for (const c of schema.namespaces[0].classes) {
          const name = candidate.split('.')[0];
          entry.classes.push({
            name,
            properties: c.properties.map((p) => ({ name: p.name, type: p.type, isArray: p.isArray, refClass: p.refClass ?? null })),
            methods: c.methods.map((m) => m.name),
          });
        }
      }
    } finally {
      provider.close();
    }
  }
} catch (err) {
  result.fatal = String(err && err.stack ? err.stack : err);
}
writeFileSync(resultFile, JSON.stringify(result));
