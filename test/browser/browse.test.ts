/**
 * `wmigen browse` in a real headless browser (Debian's chromium through playwright-core):
 * the served page over the bundled Windows snapshots. Screenshots of each view are kept in
 * test/browser/out/ (ignored by git) to be looked at.
 */

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { serveSite, type ServedSite } from '../../browser/site.js';
import { loadWindowsSnapshot } from '../../sources/windows/load.js';
import { diffSchemas } from '../../model/diff.js';

const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
const out = fileURLToPath(new URL('./out/', import.meta.url));
if (!hasChromium) process.stdout.write(`test/browser: skipped: ${chromiumPath} is absent (apt-get install -y chromium)\n`);

describe.runIf(hasChromium)('wmigen browse in chromium', () => {
  let served: ServedSite;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;

  beforeAll(async () => {
    mkdirSync(out, { recursive: true });
    served = await serveSite(0, {});
    const { chromium } = await import('playwright-core');
    userDataDir = mkdtempSync(join(tmpdir(), 'wmigen-browse-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: { width: 1400, height: 900 },
      colorScheme: 'light',
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    await served?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  const open = async (hash: string): Promise<void> => {
    await page.goto(served.url + hash);
    await page.waitForSelector('html[data-ready]');
  };
  const shot = (name: string, height = 900) => page.setViewportSize({ width: 1400, height }).then(() => page.screenshot({ path: join(out, name) }));

  it('opens on root\\CIMV2 with the namespace tree of every captured namespace', async () => {
    const started = performance.now();
    await open('');
    const firstView = performance.now() - started;
    expect(await page.locator('main h1').textContent()).toBe('root\\CIMV2');
    expect(await page.locator('#tree a').count()).toBeGreaterThan(75);
    await expect.poll(() => page.locator('#classes li').count()).toBeGreaterThan(1300);
    // A wide margin: the figure itself is `npm run bench -- browse`.
    expect(firstView).toBeLessThan(10_000);
    await shot('namespace.png');
  });

  it('search finds Win32_Process and MSFT_Disk, and the keyboard opens a result', async () => {
    await open('');
    await page.keyboard.press('/');
    await page.keyboard.type('Win32_Process');
    await expect.poll(() => page.locator('#results a .n').first().textContent(), { timeout: 60_000 }).toBe('Win32_Process');
    await page.locator('#q').fill('MSFT_Disk');
    await expect.poll(() => page.locator('#results a .n').first().textContent(), { timeout: 60_000 }).toBe('MSFT_Disk');
    expect(await page.locator('#results li').first().textContent()).toContain('root\\Microsoft\\Windows\\Storage');
    await shot('search.png');
    await page.locator('#q').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('main h1').textContent()).toContain('MSFT_Disk');
    // A member name finds its class too.
    await page.locator('#q').fill('GetAvailableVirtualSize');
    await expect.poll(() => page.locator('#results li').first().textContent()).toContain('method GetAvailableVirtualSize');
  });

  it('a class page shows keys, value lists, TypeScript types and methods with typed parameters', async () => {
    await open('#/23h2/root%5CCIMV2/Win32_Service');
    expect(await page.locator('main h1').textContent()).toContain('Win32_Service');
    // State's value list, inherited from Win32_BaseService, with its TypeScript union's name.
    const state = page.locator('#p-State');
    expect(await state.textContent()).toContain('Running');
    expect(await state.textContent()).toContain('Paused');
    expect(await state.textContent()).toContain('Win32_BaseService_State | null');
    const changeStartMode = await page.locator('#m-ChangeStartMode').textContent();
    expect(changeStartMode).toContain('StartMode');
    expect(changeStartMode).toContain('Access Denied'); // a return code
    expect(await page.locator('#m-StartService .sig').textContent()).toContain('StartService');
    expect(await page.locator('.snippet').first().textContent()).toContain('wmi.from(Win32_Service)');
    expect(await page.locator('.snippet').first().textContent()).toContain("from '@wmigen/runtime'");
    expect(await page.locator('.snippet').nth(1).textContent()).toContain("npx wmigen --namespace 'root\\CIMV2' --os 23h2 --classes Win32_Service");
    await shot('class.png', 2400);

    await open('#/23h2/root%5CCIMV2/Win32_Process');
    expect(await page.locator('#m-Create .sig').textContent()).toContain('static');
    expect(await page.locator('.keys .badge').allTextContents()).toEqual(['Handle']);
    expect(await page.locator('#p-Handle').textContent()).toContain('key');
    expect(await page.locator('#p-Handle td').nth(2).textContent()).toBe('string'); // a key is never null
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('class-dark.png', 1400);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('association links lead from MSFT_Disk through MSFT_DiskToPartition to MSFT_Partition', async () => {
    await open('#/23h2/root%5CMicrosoft%5CWindows%5CStorage/MSFT_Disk');
    await page.locator('.assocs a', { hasText: /^MSFT_DiskToPartition$/ }).click();
    await expect.poll(() => page.locator('main h1').textContent()).toContain('MSFT_DiskToPartition');
    await shot('association.png', 1400);
    await page.locator('main a', { hasText: /^MSFT_Partition$/ }).first().click();
    await expect.poll(() => page.locator('main h1').textContent()).toContain('MSFT_Partition');
  });

  it('the diff view of root\\cimv2 lists exactly the classes only one version has', async () => {
    const schemas = [await loadWindowsSnapshot({ os: '2019', namespace: 'root\\cimv2' }), await loadWindowsSnapshot({ os: '23h2', namespace: 'root\\cimv2' })].map((l) => l.schema);
    const [old, neu] = schemas.map((s) => new Set(s.namespaces[0].classes.map((c) => c.name.toLowerCase())));
    const onlyOld = [...old].filter((n) => !neu.has(n)).sort();
    const onlyNew = [...neu].filter((n) => !old.has(n)).sort();
    expect(onlyOld.length).toBeGreaterThan(0);
    expect(onlyNew.length).toBeGreaterThan(0);

    await open('#/diff/root%5CCIMV2');
    const listed = async (id: string) => (await page.locator(`#${id} + ul.diff > li > a`).allTextContents()).map((t) => t.toLowerCase()).sort();
    await expect.poll(() => listed('only-old')).toEqual(onlyOld);
    expect(await listed('only-new')).toEqual(onlyNew);
    await shot('diff.png');

    // One class's changes, as `wmigen diff` finds them.
    const changed = diffSchemas(schemas[0], schemas[1]).changes.filter((c) => c.className === 'Win32_PerfRawData_Counters_ReFS');
    expect(changed.length).toBeGreaterThan(0);
    await open('#/diff/root%5CCIMV2/Win32_PerfRawData_Counters_ReFS');
    expect(await page.locator('ul.diff > li').count()).toBe(changed.length);
    expect(await page.locator('ul.diff').textContent()).toContain(changed[0].path);
    await shot('diff-class.png');

    // A namespace only one capture has is not an OS difference.
    await open('#/diff/root%5CWMI');
    expect(await page.locator('main').textContent()).toContain('not a difference of the OS');
  });

  it('browses a MOF schema of one\'s own, with its command and no version diff', async () => {
    const mof = fileURLToPath(new URL('../diff/fixtures/a.mof', import.meta.url));
    const { loadMofSources } = await import('../../sources/load.js');
    const { schemaSource } = await import('../../browser/export.js');
    const own = await serveSite(0, { source: schemaSource((await loadMofSources([mof], process.cwd(), undefined)).schema, 'a.mof', `--mof ${mof}`) });
    try {
      await page.goto(own.url + '#/schema/root%5Ccimv2/Thing');
      await page.waitForSelector('html[data-ready]');
      expect(await page.locator('main h1').textContent()).toContain('Thing');
      expect(await page.locator('.snippet').nth(1).textContent()).toContain(`--mof ${mof} --classes Thing`);
      expect(await page.locator('main').textContent()).not.toContain('changes between versions');
      expect(await page.locator('#m-Make .sig').textContent()).toContain('static');
      await shot('own-mof.png');
    } finally {
      await own.close();
    }
  });
});
