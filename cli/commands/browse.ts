/**
 * `wmigen browse [--namespace ns,…] [--os v] [--out dir] [--port n] [--open]`: a page to look
 * through the bundled Windows schemas (every namespace of each version), served on loopback
 * (a free port unless `--port`), or written as a static site with `--out`.
 */

import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { UsageError, type CommandIo } from '../main.js';

interface BrowseArgs {
  namespaces?: string[];
  os?: string;
  out?: string;
  port: number;
  open: boolean;
}

function parseArgs(args: string[]): BrowseArgs {
  const out: BrowseArgs = { port: 0, open: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--open') {
      out.open = true;
      continue;
    }
    if (!['--namespace', '--os', '--out', '--port'].includes(a)) throw new UsageError(a.startsWith('-') ? `unknown option ${a}` : `browse takes no positional argument (${a})`);
    const v = args[++i];
    if (v === undefined) throw new UsageError(`${a} needs a value`);
    if (a === '--namespace') out.namespaces = [...(out.namespaces ?? []), ...v.split(',').map((s) => s.trim()).filter(Boolean)];
    else if (a === '--os') out.os = v;
    else if (a === '--out') out.out = v;
    else {
      const port = Number(v);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port needs a port number (0-65535), not ${v}`);
      out.port = port;
    }
  }
  return out;
}

function openInBrowser(url: string): void {
  const command = process.platform === 'win32' ? 'cmd' : process.platform === 'darwin' ? 'open' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined); // no opener: the URL is printed anyway
  child.unref();
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  const parsed = parseArgs(args);
  const { WmigenError } = await import('../../grammar/diagnostics.js');
  const { listWindowsSnapshots, parseWindowsOs } = await import('../../sources/windows/load.js');
  const os = parsed.os === undefined ? undefined : parseWindowsOs(parsed.os).os;
  const snapshots = listWindowsSnapshots();
  if (snapshots.length === 0) throw new WmigenError('no bundled Windows snapshots (schemas/windows/os/index.json is missing)');
  if (parsed.namespaces) {
    const { namespaceSlug } = await import('../../browser/export.js');
    const known = new Set(snapshots.map((s) => namespaceSlug(s.namespace)));
    const unknown = parsed.namespaces.filter((n) => !known.has(namespaceSlug(n)));
    if (unknown.length) throw new WmigenError(`no bundled snapshot of ${unknown.join(', ')} (see \`wmigen browse\` for the namespaces of each version)`);
  }
  const site = await import('../../browser/site.js');
  const options = { namespaces: parsed.namespaces, os };
  if (parsed.out !== undefined) {
    const started = performance.now();
    const dir = resolve(io.cwd, parsed.out);
    const written = await site.writeSite(dir, options);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    io.stderr(`wmigen: wrote ${written.files} files (${(written.bytes / 1e6).toFixed(1)} MB) for ${written.namespaces} namespaces, ${written.classes} classes, into ${parsed.out} in ${seconds} s\n`);
    return 0;
  }
  const served = await site.serveSite(parsed.port, options);
  io.stdout(`wmigen: browsing the bundled Windows schemas at ${served.url} (Ctrl+C to stop)\n`);
  if (parsed.open) openInBrowser(served.url);
  await new Promise<void>((resolve) => served.server.once('close', () => resolve()));
  return 0;
}
