/**
 * Runs INSIDE the Windows node.exe under Wine: the README example
 * (examples/list-services.ts, compiled with the test bindings) through `connect()` on
 * Wine's real WMI, and the same WQL through the COM provider directly, for comparison.
 *
 * Usage: node.exe wine-example.mjs <compiled example .js> <dist folder> <result file>
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [exampleJs, distRoot, resultFile] = process.argv.slice(2);
const result = {};
try {
  const { listServicesByStartMode } = await import(pathToFileURL(exampleJs).href);
  const { connect } = await import(pathToFileURL(join(distRoot, 'runtime', 'index.js')).href);
  const wmi = await connect({ namespace: 'root\\cimv2' });
  result.providerKind = wmi.provider.kind;
  result.auto = await listServicesByStartMode(wmi, 'Auto');
  const direct = [];
  for await (const r of wmi.provider.execQuery(
    'SELECT Name, DisplayName, State FROM Win32_Service WHERE StartMode = "Auto"',
  )) {
    direct.push({
      name: r.properties.Name,
      displayName: r.properties.DisplayName,
      state: r.properties.State,
    });
  }
  result.direct = direct.sort((a, b) => a.name.localeCompare(b.name));
  wmi.close();
} catch (err) {
  result.fatal = String(err?.stack ?? err);
}
writeFileSync(resultFile, JSON.stringify(result, null, 2));
