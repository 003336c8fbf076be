/**
 * Runs once before the Wine project's files. In CI (or with WMIGEN_WINE=1) it prepares the
 * Wine environment up front — Wine's prefix, the Windows node.exe, koffi's Windows addon —
 * so that every suite using real WMI under Wine finds it ready, whatever order the files
 * run in. Set-up problems are only reported here: the Wine suite itself fails on them.
 */
export default async function setup(): Promise<void> {
  if (!process.env.CI && process.env.WMIGEN_WINE !== '1') return;
  if (process.platform !== 'linux') return;
  const { ensureWine } = await import('../../scripts/wine-setup.mjs');
  try {
    ensureWine((line: string) => process.stdout.write(`wine-setup: ${line}\n`));
  } catch (err) {
    process.stdout.write(`wine-setup: not ready (${(err as Error).message}); the Wine suite will fail\n`);
  }
}
