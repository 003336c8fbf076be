/**
 * Module resolution hook for the Windows node.exe under Wine:
 *  - the repository's node_modules holds koffi with its Linux addon only, so the bare
 *    specifier `koffi` is sent to the copy installed for win32-x64 in the Wine cache
 *    (`WMIGEN_KOFFI_ENTRY`, a Windows path such as `Z:\…\koffi\index.js`);
 *  - generated bindings import `@wmigen/runtime`: it is sent to the compiled runtime
 *    (`WMIGEN_RUNTIME_ENTRY`, `Z:\…\dist\runtime\index.js`) when that is set.
 */
import { pathToFileURL } from 'node:url';

const koffiEntry = process.env.WMIGEN_KOFFI_ENTRY;
const runtimeEntry = process.env.WMIGEN_RUNTIME_ENTRY;

export async function resolve(specifier, context, nextResolve) {
  if (koffiEntry && specifier === 'koffi') {
    return { url: pathToFileURL(koffiEntry).href, shortCircuit: true, format: 'module' };
  }
  if (runtimeEntry && (specifier === '@wmigen/runtime' || specifier === 'wmigen')) {
    return { url: pathToFileURL(runtimeEntry).href, shortCircuit: true, format: 'module' };
  }
  return nextResolve(specifier, context);
}
