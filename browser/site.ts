/**
 * The browser as a site: the page's files (`browser/page/`, plain ES modules and CSS) plus
 * the data of `export.ts` under `data/`. `writeSite` writes it all as a static site that can
 * be published as is; `serveSite` serves it on loopback, making each data file when it is
 * first asked for, so the first view needs one namespace, not all of Windows.
 */

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { BrowserData, SearchIndexBuilder, type BrowserIndex, type BrowserSource } from './export.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The page's folder: next to this module in the repository, `../../browser/page` from `dist/browser`. */
export function pageDir(): string {
  for (const dir of [join(here, 'page'), join(here, '..', '..', 'browser', 'page')]) {
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  throw new Error(`the browser page is missing next to ${here}`);
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface SiteOptions {
  readonly namespaces?: readonly string[];
  /** The version the page shows first (default: the newest). */
  readonly os?: string;
  /** Default: the bundled Windows snapshots. */
  readonly source?: BrowserSource;
}

/** `data/config.json`: what the page opens with, and the `wmigen` arguments of each version. */
function config(index: BrowserIndex, data: BrowserData, options: SiteOptions): { os: string; namespace: string; sourceArgs: Record<string, string> } {
  const first = index.namespaces.find((n) => n.slug === 'root/cimv2') ?? index.namespaces[0];
  const sourceArgs = Object.fromEntries(index.versions.map((v) => [v.os, data.source.sourceArgs(v.os)]));
  return { os: options.os ?? index.newest, namespace: first?.name ?? '', sourceArgs };
}

export interface WrittenSite {
  readonly files: number;
  readonly bytes: number;
  readonly namespaces: number;
  readonly classes: number;
}

/** Writes the whole site into `outDir` (created; files in it are replaced). */
export async function writeSite(outDir: string, options: SiteOptions = {}, onNamespace?: (name: string) => void): Promise<WrittenSite> {
  const data = new BrowserData({ namespaces: options.namespaces, source: options.source });
  const index = data.index();
  let files = 0;
  let bytes = 0;
  const write = (rel: string, text: string): void => {
    const path = join(outDir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    files++;
    bytes += Buffer.byteLength(text);
  };
  for (const name of readdirSync(pageDir())) write(name, readFileSync(join(pageDir(), name), 'utf8'));
  write('data/index.json', JSON.stringify(index));
  write('data/config.json', JSON.stringify(config(index, data, options)));
  const search = new SearchIndexBuilder(index);
  let classes = 0;
  for (const ns of index.namespaces) {
    for (const v of [...index.versions].reverse()) {
      const file = await data.namespace(v.os, ns.slug);
      if (!file) continue;
      search.add(file, ns.slug);
      classes += file.classes.length;
      write(`data/${v.os}/${ns.slug}.json`, JSON.stringify(file));
    }
    const diff = await data.diff(ns.slug);
    if (diff) write(`data/diff/${ns.slug}.json`, JSON.stringify(diff));
    data.forget(ns.slug);
    onNamespace?.(ns.name);
  }
  write('data/search.json', JSON.stringify(search.result()));
  return { files, bytes, namespaces: index.namespaces.length, classes };
}

/**
 * The search index of the bundled snapshots, made in a worker thread (the compiled build
 * has the worker's module); from the sources, or for a schema already loaded, it is made
 * on this thread, yielding between namespaces.
 */
function searchIndexOffThread(served: BrowserData, options: SiteOptions): Promise<string> {
  const onThisThread = (): Promise<string> => {
    const data = options.source ? served : new BrowserData({ namespaces: options.namespaces });
    const between = async (slug: string): Promise<void> => {
      if (!options.source) data.forget(slug);
      await new Promise((r) => setImmediate(r));
    };
    return data.searchIndex(between).then((index) => JSON.stringify(index));
  };
  const workerFile = join(here, 'search-worker.js');
  if (options.source || !existsSync(workerFile)) return onThisThread();
  return new Promise((resolve) => {
    // Not the process's own flags: `node --input-type=module -e …` would stop the worker.
    const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type') && a !== '-e' && a !== '--eval');
    const worker = new Worker(workerFile, { workerData: { namespaces: options.namespaces }, execArgv });
    worker.once('message', (text: string) => {
      resolve(text);
      void worker.terminate();
    });
    // A worker that cannot run costs only time: the index is made here instead.
    worker.once('error', () => resolve(onThisThread()));
  });
}

export interface ServedSite {
  readonly url: string;
  readonly server: Server;
  /** Resolves when the search index is ready. */
  readonly searchReady: Promise<void>;
  close(): Promise<void>;
}

/** Serves the site on 127.0.0.1 (`port` 0: a free one); data files are made on first request. */
export async function serveSite(port: number, options: SiteOptions = {}): Promise<ServedSite> {
  const data = new BrowserData({ namespaces: options.namespaces, source: options.source });
  const index = data.index();
  const page = pageDir();
  const cache = new Map<string, Promise<Buffer | undefined>>();
  const json = (make: () => Promise<unknown> | undefined): Promise<Buffer | undefined> =>
    Promise.resolve(make()).then((v) => (v === undefined ? undefined : gzipSync(JSON.stringify(v), { level: 1 })));
  const dataFile = (rel: string): Promise<Buffer | undefined> => {
    let p = cache.get(rel);
    if (p) return p;
    const m = /^(diff|[a-z0-9]+)\/(.+)\.json$/.exec(rel);
    if (rel === 'index.json') p = json(() => Promise.resolve(index));
    else if (rel === 'config.json') p = json(() => Promise.resolve(config(index, data, options)));
    else if (rel === 'search.json') p = searchIndexOffThread(data, options).then((text) => gzipSync(text, { level: 1 }));
    else if (m && m[1] === 'diff') p = json(() => data.diff(m[2]));
    else if (m) p = json(() => data.namespace(m[1], m[2]));
    else p = Promise.resolve(undefined);
    cache.set(rel, p);
    return p;
  };

  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const send = (status: number, type: string, body: Buffer | string, gzipped = false): void => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache', ...(gzipped ? { 'content-encoding': 'gzip' } : {}) });
      res.end(body);
    };
    if (path.startsWith('/data/')) {
      dataFile(path.slice('/data/'.length)).then(
        (body) => (body ? send(200, contentTypes['.json'], body, true) : send(404, 'text/plain', 'not found')),
        (err: Error) => send(500, 'text/plain', err.message),
      );
      return;
    }
    const name = path === '/' ? 'index.html' : path.slice(1);
    if (!/^[a-z0-9_-]+\.[a-z]+$/i.test(name) || !existsSync(join(page, name))) return send(404, 'text/plain', 'not found');
    send(200, contentTypes[extname(name)] ?? 'application/octet-stream', readFileSync(join(page, name)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/`;
  // The first namespace is made before the URL is printed, so the first view needs no wait;
  // the search index follows in the background, a namespace at a time.
  const first = config(index, data, options);
  const firstSlug = index.namespaces.find((n) => n.name === first.namespace)?.slug;
  if (firstSlug) await dataFile(`${first.os}/${firstSlug}.json`);
  // A failure reaches the page as a 500 on search.json; it must not stop the server.
  const searchReady = dataFile('search.json').then(
    () => undefined,
    () => undefined,
  );
  return {
    url,
    server,
    searchReady,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
