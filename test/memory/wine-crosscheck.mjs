/**
 * Runs INSIDE the Windows node.exe under Wine (started by wine-crosscheck.test.ts): reads
 * the live schema of some classes Wine's WMI implements, captures their instances,
 * loads both into the in-memory provider and runs the same WQL on Wine and on memory.
 * Writes what it saw as JSON into the file named by the last argument (node.exe cannot
 * print to a pipe under Wine).
 *
 * Usage: node.exe wine-crosscheck.mjs <dist folder> <result file>
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [distRoot, resultFile] = process.argv.slice(2);
const load = (rel) => import(pathToFileURL(join(distRoot, rel)).href);
const result = { classes: {}, captured: 0, loadErrors: [], queries: {} };

try {
  const { ComProvider } = await load('runtime/com/provider.js');
  const { readLiveSchema } = await load('runtime/com/live-schema.js');
  const memory = await load('runtime/memory/index.js');
  const wine = await ComProvider.connect({ namespace: 'root\\cimv2' });
  const classes = [
    'Win32_BIOS',
    'Win32_ComputerSystem',
    'Win32_OperatingSystem',
    'Win32_LogicalDisk',
    'Win32_Service',
    'Win32_Processor',
    'Win32_DiskDrive',
  ];
  const schema = await readLiveSchema({
    namespace: 'root\\cimv2',
    classes,
    connection: wine,
    report: (n, s) => (result.classes[n] = s),
  });
  const declared = new Map(
    schema.namespaces
      .flatMap((n) => n.classes)
      .map((c) => [c.name.toLowerCase(), new Set(c.properties.map((p) => p.name.toLowerCase()))]),
  );
  const instances = await memory.captureInstances(
    wine,
    classes.map((c) => `SELECT * FROM ${c}`),
    { keep: (cls, prop) => declared.get(cls.toLowerCase())?.has(prop.toLowerCase()) ?? false },
  );
  result.captured = instances.length;
  const mem = memory.createMemoryProvider({ schema, loadSchemaInstances: false });
  for (const inst of instances) {
    try {
      mem.add(inst);
    } catch (err) {
      result.loadErrors.push(`${inst.className}: ${err?.message ?? err}`);
    }
  }
  const queries = [
    'SELECT * FROM Win32_BIOS',
    'SELECT Name, Manufacturer, Model FROM Win32_ComputerSystem',
    'SELECT Caption, Version, BuildNumber, OSArchitecture FROM Win32_OperatingSystem',
    'SELECT DeviceID, DriveType, FileSystem FROM Win32_LogicalDisk WHERE DriveType = 3',
    'SELECT DeviceID, DriveType FROM Win32_LogicalDisk WHERE DriveType <> 3 OR FileSystem IS NULL',
    'SELECT Name, StartMode FROM Win32_Service WHERE StartMode = "Auto"',
    'SELECT Name, StartMode FROM Win32_Service WHERE StartMode = "Manual" AND Name LIKE "w%"',
    'SELECT Name FROM Win32_Service WHERE NOT Name = "Spooler"',
    'SELECT DeviceID, Manufacturer, NumberOfCores FROM Win32_Processor',
    'SELECT DeviceID, Index, InterfaceType FROM Win32_DiskDrive WHERE Index >= 0',
  ];
  for (const q of queries) {
    try {
      // Rows compared without __PATH (see the paths entry below for how Wine fills it).
      result.queries[q] = await memory.compareQuery(wine, mem, q, { ignorePaths: true });
    } catch (err) {
      result.queries[q] = { error: `${err?.statusName ?? ''} ${err?.message ?? err}` };
    }
  }
  // How each side fills __PATH for a property list that includes the key, and for *.
  const paths = async (p, q) => {
    const out = [];
    for await (const r of p.execQuery(q))
      out.push(r.path === null ? null : r.path.slice(r.path.indexOf(':') + 1));
    return out;
  };
  result.paths = {};
  for (const q of ['SELECT DeviceID FROM Win32_LogicalDisk', 'SELECT * FROM Win32_LogicalDisk']) {
    result.paths[q] = { wine: await paths(wine, q), memory: await paths(mem, q) };
  }
  mem.close();
  wine.close();
} catch (err) {
  result.fatal = String(err?.stack ?? err);
}
writeFileSync(resultFile, JSON.stringify(result, null, 2));
