/**
 * Browser benchmark (`npm run bench -- browse`): the first-view time of `wmigen browse`
 * from its local server, in Debian's headless chromium, with a fresh profile each time:
 *  1. cold: the page opened as soon as the server prints its URL (the search index is then
 *     being built in a worker, sharing the CPU), median of 3 servers;
 *  2. warm: the same server once its search index is ready, median of 5 loads;
 * a first view is the root\CIMV2 namespace page (1,349 classes) rendered, from navigation
 * to the page marking itself ready. Also: how long the search index takes and its size.
 * Target: under 1 s. Skips when /usr/bin/chromium is absent.
 */

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveSite } from '../browser/site.js';

const chromiumPath = '/usr/bin/chromium';
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function firstView(url: string): Promise<number> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'wmigen-browse-bench-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, args: flags, viewport: { width: 1400, height: 900 } });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('about:blank');
    const started = performance.now();
    await page.goto(url);
    await page.waitForSelector('html[data-ready]');
    return performance.now() - started;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  if (!existsSync(chromiumPath)) {
    process.stdout.write(`browse: skipped: ${chromiumPath} is absent\n`);
    return;
  }
  process.stdout.write(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  const cold: number[] = [];
  const startups: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const served = await serveSite(0);
    startups.push(performance.now() - t);
    cold.push(await firstView(served.url));
    await served.searchReady;
    await served.close();
  }
  const t = performance.now();
  const served = await serveSite(0);
  await served.searchReady;
  const searchMs = performance.now() - t;
  const size = (await (await fetch(served.url + 'data/search.json')).text()).length;
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) warm.push(await firstView(served.url));
  await served.close();
  process.stdout.write(`server start to URL (root\\CIMV2 made): median ${median(startups).toFixed(0)} ms\n`);
  process.stdout.write(`first view, cold server (search index building): median ${median(cold).toFixed(0)} ms of [${cold.map((x) => x.toFixed(0)).join(', ')}] (target < 1000 ms)\n`);
  process.stdout.write(`first view, warm server: median ${median(warm).toFixed(0)} ms of [${warm.map((x) => x.toFixed(0)).join(', ')}] (target < 1000 ms)\n`);
  process.stdout.write(`search index: ready ${(searchMs / 1000).toFixed(1)} s after start, ${(size / 1e6).toFixed(2)} MB of JSON\n`);
}
