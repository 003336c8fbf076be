/**
 * Module resolution hook for the Windows node.exe under Wine: the repository's
 * node_modules holds koffi with its Linux addon only, so the bare specifier `koffi` is
 * sent to the copy installed for win32-x64 in the Wine cache (`WMIGEN_KOFFI_ENTRY`,
 * a Windows path such as `Z:\…\koffi\index.js`).
 */
import { pathToFileURL } from 'node:url';

const entry = process.env.WMIGEN_KOFFI_ENTRY;

export async function resolve(specifier, context, nextResolve) {
  if (entry && specifier === 'koffi') {
    return { url: pathToFileURL(entry).href, shortCircuit: true, format: 'module' };
  }
  return nextResolve(specifier, context);
}
