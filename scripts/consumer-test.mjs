#!/usr/bin/env node
/**
 * The consumer test: wmigen as a user installs it. Packs every package of the workspace,
 * installs the tarballs into fresh temporary projects that hold nothing else from this
 * repository, and checks what a user would do:
 *
 *  1. an app with only `@wmigen/runtime`: its production dependency tree is koffi and
 *     what the runtime needs (Chevrotain for WQL), nothing of the generator;
 *  2. an app with both: `npx wmigen --namespace 'root\cimv2' --out wmi`, a small app
 *     compiled with `tsc --strict` (module nodenext, and bundler resolution), run against
 *     the in-memory provider on Node 20, 22 and 24, its output checked.
 *
 * Prints one `ok`/`FAIL` line per check and exits 1 when any failed. Options: `--no-build`
 * (use the current dist/), `--node 20,22` (Node majors to run on; binaries from
 * `npm i node@N` are cached under $WMIGEN_NODE_CACHE or ~/.cache/wmigen-node), `--keep`
 * (keep the temporary folder). `npm run test:consumer` runs it.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const nodeMajors = (args.includes('--node') ? args[args.indexOf('--node') + 1] : '20,22,24').split(
  ',',
);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npmFlags = ['--no-audit', '--no-fund', '--loglevel=error'];

// What an app that installs only the runtime may get in production: the runtime's own
// dependencies (and what they bring), never the generator's toolchain.
const runtimeDirectDependencies = ['chevrotain', 'fast-xml-parser', 'js-md4', 'koffi', 'rc4'];
const generatorOnly = ['typescript', 'ts-morph', '@ts-morph/common', 'prettier', 'wmigen'];

let failed = 0;
function check(name, fn) {
  try {
    const note = fn();
    console.log(`ok   ${name}${note ? ` (${note})` : ''}`);
  } catch (err) {
    failed++;
    console.log(
      `FAIL ${name}: ${(err.stderr?.toString() || err.stdout?.toString() || err.message).trim().split('\n').slice(-15).join('\n     ')}`,
    );
  }
}

function run(cmd, cmdArgs, cwd, env = {}) {
  return execFileSync(cmd, cmdArgs, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
    maxBuffer: 64 << 20,
  });
}

function writeJson(path, value) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
}

/** Node N's binary: the running one if it is N, else `npm i node@N` in a cache folder. */
function nodeBinary(major) {
  if (process.versions.node.split('.')[0] === major) return process.execPath;
  const dir = join(
    process.env.WMIGEN_NODE_CACHE ?? join(homedir(), '.cache', 'wmigen-node'),
    major,
  );
  const bin = join(dir, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');
  if (!existsSync(bin)) {
    writeJson(join(dir, 'package.json'), { private: true });
    run(npm, ['install', `node@${major}`, ...npmFlags], dir);
  }
  const version = run(bin, ['--version'], dir).trim();
  if (!version.startsWith(`v${major}.`)) throw new Error(`node@${major} gave ${version}`);
  return bin;
}

const appSource = `import { connect, WbemError, type WmiServices } from '@wmigen/runtime';
import { loadSchema } from 'wmigen/schema';
import { Win32_Service } from '../wmi/root/cimv2/Win32_Service.js';

async function autoServices(wmi: WmiServices): Promise<string[]> {
  const out: string[] = [];
  for await (const s of wmi.from(Win32_Service).select('Name', 'State').where({ StartMode: 'Auto' }))
    out.push(\`\${s.Name}=\${s.State ?? '?'}\`);
  return out.sort();
}

const schema = await loadSchema({ bundled: 'windows-cimv2' });
const instances = [
  { className: 'Win32_Service', properties: { Name: 'Spooler', StartMode: 'Auto', State: 'Running' } },
  { className: 'Win32_Service', properties: { Name: 'Fax', StartMode: 'Manual', State: 'Stopped' } },
  { className: 'Win32_Service', properties: { Name: 'W32Time', StartMode: 'Auto', State: 'Stopped' } },
];
await using wmi = await connect({ memory: { schema, instances } });
console.log('auto: ' + (await autoServices(wmi)).join(' '));
const spooler = await wmi.get(Win32_Service, { Name: 'Spooler' });
console.log('get: ' + spooler.Name + ' ' + spooler.StartMode);
try {
  await wmi.get(Win32_Service, { Name: 'NoSuchService' });
  console.log('missing: found');
} catch (err) {
  console.log('missing: ' + (err instanceof WbemError ? err.statusName : String(err)));
}
`;
const expectedOutput =
  'auto: Spooler=Running W32Time=Stopped\nget: Spooler Auto\nmissing: WBEM_E_NOT_FOUND\n';

const work = mkdtempSync(join(tmpdir(), 'wmigen-consumer-'));
try {
  if (!args.includes('--no-build'))
    check('npm run build', () => void run(npm, ['run', 'build'], repo));
  else if (!existsSync(join(repo, 'runtime', 'dist')) || !existsSync(join(repo, 'dist', 'cli')))
    check('a build to pack', () => {
      throw new Error('no dist/: run npm run build first or drop --no-build');
    });
  const packs = join(work, 'packs');
  mkdirSync(packs);
  check('npm pack (every package)', () => {
    // The build step above made dist/: the packages' prepack (a build) is not run again.
    run(
      npm,
      [
        'pack',
        '--workspaces',
        '--include-workspace-root',
        '--ignore-scripts',
        '--pack-destination',
        packs,
        ...npmFlags,
      ],
      repo,
    );
    return readdirSync(packs).join(', ');
  });
  const tarball = (pattern) =>
    join(packs, readdirSync(packs).find((f) => pattern.test(f)) ?? `missing-${pattern.source}.tgz`);
  const runtimeTgz = tarball(/^wmigen-runtime-\d/);
  const generatorTgz = tarball(/^wmigen-\d/);

  const listing = (tgz) =>
    run('tar', ['-tzf', tgz], packs)
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ''));
  check('the wmigen tarball: what the README links, licenses, no test goldens or bench', () => {
    const files = new Set(listing(generatorTgz));
    const readme = run('tar', ['-xzOf', generatorTgz, 'package/README.md'], packs);
    const links = [...readme.matchAll(/\]\(([^)#:]+)(?:#[^)]*)?\)/g)].map((m) => m[1]);
    const required = [
      'LICENSE',
      'README.md',
      'bin/wmigen.js',
      'dist/cli/main.js',
      'dist/generator/schema.js',
      'schemas/index.json',
      'schemas/LICENSE-DMTF',
      'schemas/windows/ATTRIBUTION.md',
      ...links,
    ];
    const missing = required.filter(
      (f) => !files.has(f) && ![...files].some((x) => x.startsWith(`${f.replace(/\/$/, '')}/`)),
    );
    const unwanted = [...files].filter((f) =>
      /^(generated|test|vendor|bench)\/|^dist\/(bench|runtime|test|generated)\//.test(f),
    );
    if (missing.length + unwanted.length > 0)
      throw new Error(
        `missing: ${missing.join(', ') || 'none'}; unwanted: ${unwanted.slice(0, 10).join(', ') || 'none'}`,
      );
    return `${files.size} files, ${links.length} README links`;
  });
  check('the @wmigen/runtime tarball: compiled runtime with the shared modules, license', () => {
    const files = new Set(listing(runtimeTgz));
    const required = [
      'LICENSE',
      'README.md',
      'dist/runtime/index.js',
      'dist/runtime/index.d.ts',
      'dist/runtime/memory/index.js',
      'dist/grammar/wql/parser.js',
      'dist/generated/com/wbemcli.js',
    ];
    const missing = required.filter((f) => !files.has(f));
    const sources = [...files].filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    if (missing.length + sources.length > 0)
      throw new Error(
        `missing: ${missing.join(', ') || 'none'}; TypeScript sources: ${sources.slice(0, 10).join(', ') || 'none'}`,
      );
    return `${files.size} files`;
  });

  // 1. An app that installs only the runtime.
  const lean = join(work, 'runtime-only');
  writeJson(join(lean, 'package.json'), {
    name: 'runtime-only-app',
    version: '1.0.0',
    private: true,
    type: 'module',
  });
  check('install the runtime tarball alone', () => {
    run(npm, ['install', runtimeTgz, ...npmFlags], lean);
    return `node_modules ${run('du', ['-sh', 'node_modules'], lean).split('\t')[0]}`;
  });
  check('runtime production tree: its own dependencies, no generator toolchain', () => {
    const tree = JSON.parse(run(npm, ['ls', '--omit=dev', '--all', '--json'], lean));
    const names = new Set();
    const walk = (deps) =>
      Object.entries(deps ?? {}).forEach(([n, d]) => (names.add(n), walk(d.dependencies)));
    const direct = Object.keys(tree.dependencies?.['@wmigen/runtime']?.dependencies ?? {}).sort();
    walk(tree.dependencies?.['@wmigen/runtime']?.dependencies);
    if (direct.join() !== runtimeDirectDependencies.join())
      throw new Error(`the runtime depends on ${direct.join(', ')}, expected ${runtimeDirectDependencies.join(', ')}`);
    const toolchain = generatorOnly.filter((n) => names.has(n));
    if (toolchain.length > 0)
      throw new Error(`the generator's toolchain in the runtime's tree: ${toolchain.join(', ')}`);
    const platformBinaries = [...names].filter((n) => n.startsWith('@koromix/koffi-')).length;
    return (
      [...names]
        .filter((n) => !n.startsWith('@koromix/koffi-'))
        .sort()
        .join(', ') + ` and ${platformBinaries} optional koffi platform packages`
    );
  });

  // 2. An app with both packages, the generator as a devDependency.
  const app = join(work, 'app');
  writeJson(join(app, 'package.json'), {
    name: 'consumer-app',
    version: '1.0.0',
    private: true,
    type: 'module',
  });
  check('install the runtime and (dev) the generator tarballs', () => {
    run(npm, ['install', runtimeTgz, ...npmFlags], app);
    run(npm, ['install', '--save-dev', generatorTgz, ...npmFlags], app);
    const size = run('du', ['-sh', 'node_modules'], app).split('\t')[0];
    run(npm, ['install', '--save-dev', '@types/node@20', ...npmFlags], app);
    return `node_modules ${size}`;
  });
  check("npx wmigen --namespace 'root\\cimv2' --out wmi", () => {
    run(npx, ['wmigen', '--namespace', 'root\\cimv2', '--out', 'wmi'], app);
    if (!existsSync(join(app, 'wmi', 'root', 'cimv2', 'Win32_Service.ts')))
      throw new Error('wmi/root/cimv2/Win32_Service.ts was not generated');
    return `${readdirSync(join(app, 'wmi', 'root', 'cimv2')).length} files`;
  });
  mkdirSync(join(app, 'src'));
  writeFileSync(join(app, 'src', 'main.ts'), appSource);
  const common = {
    strict: true,
    target: 'ES2022',
    lib: ['ES2023', 'ESNext.Disposable'],
    types: ['node'],
    skipLibCheck: false,
  };
  writeJson(join(app, 'tsconfig.json'), {
    compilerOptions: {
      ...common,
      module: 'nodenext',
      moduleResolution: 'nodenext',
      outDir: 'dist',
      rootDir: '.',
    },
    include: ['src', 'wmi'],
  });
  writeJson(join(app, 'tsconfig.bundler.json'), {
    compilerOptions: { ...common, module: 'preserve', moduleResolution: 'bundler', noEmit: true },
    include: ['src', 'wmi'],
  });
  check('tsc --strict (module nodenext)', () => void run(npx, ['tsc', '-p', 'tsconfig.json'], app));
  check(
    'tsc --strict (moduleResolution bundler)',
    () => void run(npx, ['tsc', '-p', 'tsconfig.bundler.json'], app),
  );
  for (const major of nodeMajors) {
    check(`the app on Node ${major} against the in-memory provider`, () => {
      const out = run(nodeBinary(major), [join('dist', 'src', 'main.js')], app);
      if (out !== expectedOutput) throw new Error(`output:\n${out}\nexpected:\n${expectedOutput}`);
    });
  }
} finally {
  if (args.includes('--keep')) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
console.log(
  failed === 0 ? 'consumer test: all checks passed' : `consumer test: ${failed} check(s) failed`,
);
process.exit(failed === 0 ? 0 : 1);
