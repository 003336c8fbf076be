/**
 * Builds the search index off the main thread, so the server answers the page while the
 * index (every namespace of every version) is made. `workerData`: the `SiteOptions`.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { BrowserData } from './export.js';

const options = workerData as { namespaces?: string[] };
const data = new BrowserData({ namespaces: options.namespaces });
const index = await data.searchIndex(async (slug) => data.forget(slug));
parentPort!.postMessage(JSON.stringify(index));
