/**
 * `wmigen browse [--namespace ns,…] [--os v | --mof f… | --schema name] [--out dir] [--port n]
 * [--open]`: a page to look through the bundled Windows schemas (every namespace of each
 * version) or a schema of one's own, served on loopback (a free port unless `--port`), or
 * written as a static site with `--out`.
 */

import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { UsageError, type CommandIo } from '../main.js';

interface BrowseArgs {
  namespaces?: string[];
  mof: string[];
  schema?: string;
  os?: string;
  out?: string;
  port: number;
  open: boolean;
}

function parseArgs(args: string[]): BrowseArgs {
  const out: BrowseArgs = { port: 0, open: false, mof: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--open') {
      out.open = true;
      continue;
    }
    if (a === '--live') throw new UsageError('browse --live is not supported yet: browse the bundled snapshots, --mof or --schema');
    if (!['--namespace', '--os', '--out', '--port', '--mof', '--schema'].includes(a)) throw new UsageError(a.startsWith('-') ? `unknown option ${a}` : `browse takes no positional argument (${a})`);
    const v = args[++i];
    if (v === undefined) throw new UsageError(`${a} needs a value`);
    if (a === '--namespace') out.namespaces = [...(out.namespaces ?? []), ...v.split(',').map((s) => s.trim()).filter(Boolean)];
    else if (a === '--os') out.os = v;
    else if (a === '--mof') out.mof.push(v);
    else if (a === '--schema') out.schema = v;
    else if (a === '--out') out.out = v;
    else {
      const port = Number(v);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port needs a port number (0-65535), not ${v}`);
      out.port = port;
    }
  }
  if (out.mof.length && out.schema !== undefined) throw new UsageError('browse takes --mof or --schema, not both');
  if (out.os !== undefined && (out.mof.length || out.schema !== undefined)) throw new UsageError('--os chooses a bundled Windows version; it does not go with --mof or --schema');
  return out;
}

/** `--mof`/`--schema`: the schema as a browser source; errors in it are reported, nothing served. */
async function ownSchemaSource(parsed: BrowseArgs, io: CommandIo) {
  const { WmigenError } = await import('../../grammar/diagnostics.js');
  const sources = await import('../../sources/load.js');
  const { schemaSource } = await import('../../browser/export.js');
  const loaded = parsed.schema !== undefined ? await sources.loadSnapshot(sources.findSnapshot(parsed.schema)) : await sources.loadMofSources(parsed.mof, io.cwd, parsed.namespaces?.[0]);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new WmigenError(`${loaded.description}: ${errors.length} errors in the schema`, errors.slice(0, 20));
  const args = parsed.schema !== undefined ? `--schema ${parsed.schema}` : parsed.mof.map((m) => `--mof ${/[\s'"]/.test(m) ? `'${m}'` : m}`).join(' ');
  return schemaSource(loaded.schema, parsed.schema ?? loaded.description, args);
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
  const { parseWindowsOs } = await import('../../sources/windows/load.js');
  const { namespaceSlug, windowsSource } = await import('../../browser/export.js');
  const os = parsed.os === undefined ? undefined : parseWindowsOs(parsed.os).os;
  const own = parsed.mof.length || parsed.schema !== undefined;
  const source = own ? await ownSchemaSource(parsed, io) : windowsSource();
  if (source.entries.length === 0) throw new WmigenError(own ? 'the schema has no namespaces' : 'no bundled Windows snapshots (schemas/windows/os/index.json is missing)');
  if (parsed.namespaces) {
    const known = new Set(source.entries.map((s) => namespaceSlug(s.namespace)));
    const unknown = parsed.namespaces.filter((n) => !known.has(namespaceSlug(n)));
    const have = [...new Set(source.entries.map((e) => e.namespace))];
    if (unknown.length) throw new WmigenError(`no namespace ${unknown.join(', ')} in ${own ? 'the schema' : 'the bundled snapshots'} (${have.length} namespaces: ${have.slice(0, 5).join(', ')}${have.length > 5 ? ', …' : ''})`);
  }
  const site = await import('../../browser/site.js');
  const options = { namespaces: parsed.namespaces, os, source: own ? source : undefined };
  if (parsed.out !== undefined) {
    const started = performance.now();
    const dir = resolve(io.cwd, parsed.out);
    const written = await site.writeSite(dir, options);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    io.stderr(`wmigen: wrote ${written.files} files (${(written.bytes / 1e6).toFixed(1)} MB) for ${written.namespaces} namespaces, ${written.classes} classes, into ${parsed.out} in ${seconds} s\n`);
    return 0;
  }
  const served = await site.serveSite(parsed.port, options);
  io.stdout(`wmigen: browsing ${own ? source.versions[0].name : 'the bundled Windows schemas'} at ${served.url} (Ctrl+C to stop)\n`);
  if (parsed.open) openInBrowser(served.url);
  await new Promise<void>((resolve) => served.server.once('close', () => resolve()));
  return 0;
}
