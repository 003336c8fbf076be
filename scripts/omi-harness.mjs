#!/usr/bin/env node
/**
 * Runs a command next to a real WS-Management server (OMI) that lives only for the run:
 *
 *   node scripts/omi-harness.mjs [--build] -- <command> [args…]
 *
 * OMI listens on every interface, so it runs in a network namespace of its own
 * (`unshare -n`, loopback up): inside it every 127.x address is this server and nothing
 * reaches or leaves the machine's network. The command runs inside the same namespace.
 * Basic authentication goes through PAM: a user made for the run (useradd -M, chpasswd,
 * a random password) that is also OMI's service account, deleted afterwards. The
 * password reaches the command in WMIGEN_OMI_PASSWORD, never in argv.
 *
 * The build (../shared/omi/build.sh, cached outside the repository in OMI_DIR or
 * /var/cache/omi-d2c06c16) is used when present; `--build` makes it when absent. Without
 * a build, root, or unshare, the harness prints one line saying why and exits 0 with
 * WMIGEN_OMI unset, so the OMI tests skip.
 *
 * Environment given to the command: WMIGEN_OMI=1, WMIGEN_OMI_USER,
 * WMIGEN_OMI_PASSWORD, WMIGEN_OMI_HTTP_PORT, WMIGEN_OMI_HTTPS_PORT, WMIGEN_OMI_CA
 * (the server's self-signed certificate, PEM), and WMIGEN_OMI_NTLM_DOMAIN when Debian's
 * gss-ntlmssp is installed: the user's NTLM domain in OMI's NTLM credentials file, written
 * for the run and removed afterwards, so Negotiate works as `DOMAIN\user`.
 */

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const HTTP_PORT = 5985;
/**
 * The NTLM domain of the run's user in OMI's NTLM credentials file (gss-ntlmssp): the
 * host name, the one domain OMI strips to find the local account (`HOST\user` → `user`).
 */
const NTLM_DOMAIN = hostname();

/** Whether Debian's gss-ntlmssp (the GSSAPI NTLM mechanism OMI's Negotiate uses) is installed. */
function hasGssNtlmssp() {
  return existsSync('/etc/gss/mech.d/mech.ntlmssp.conf');
}
const HTTPS_PORT = 5986;

export function omiDir() {
  return process.env.OMI_DIR ?? '/var/cache/omi-d2c06c16';
}

/** Why OMI cannot run here, or null when it can. */
export function omiUnavailableReason({ build = false } = {}) {
  if (process.platform !== 'linux') return 'OMI runs on Linux only';
  if (typeof process.getuid !== 'function' || process.getuid() !== 0)
    return 'OMI tests need root (network namespace, test user)';
  if (spawnSync('unshare', ['--help'], { stdio: 'ignore' }).status !== 0)
    return 'unshare is missing';
  const dir = omiDir();
  if (existsSync(join(dir, '.built')) && existsSync(join(dir, 'Unix/output/bin/omiserver')))
    return null;
  const script = resolve(repoRoot, '..', 'shared', 'omi', 'build.sh');
  if (!existsSync(script))
    return `no OMI build in ${dir} and no ../shared/omi/build.sh to make one`;
  if (!build) return `no OMI build in ${dir} (run: bash ../shared/omi/build.sh)`;
  process.stderr.write(
    `omi-harness: building OMI into ${dir} (several minutes, once per machine)\n`,
  );
  const r = spawnSync('bash', [script, dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  return r.status === 0 ? null : 'the OMI build failed';
}

function run(cmd, args, input) {
  const r = spawnSync(cmd, args, {
    input,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'],
  });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args[0] ?? ''} failed: ${String(r.stderr ?? '').trim()}`);
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** One run at a time per build: OMI's pid file and sockets live in the build folder. */
function takeLock(out) {
  const lock = join(out, 'var', 'wmigen-harness.lock');
  for (let i = 0; i < 600; i++) {
    try {
      const fd = openSync(lock, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lock, { force: true });
    } catch {
      const pid = Number(readFileSync(lock, 'utf8'));
      if (!pid || !pidAlive(pid)) rmSync(lock, { force: true });
      else spawnSync('sleep', ['1']);
    }
  }
  throw new Error('another OMI test run holds the build for 10 minutes');
}

function outside(command) {
  const out = join(omiDir(), 'Unix', 'output');
  const release = takeLock(out);
  const user = `wmigenomi${randomBytes(3).toString('hex')}`;
  const password = `W${randomBytes(12).toString('base64url')}9!`;
  const key = join(out, 'etc', 'ssl', 'certs', 'omikey.pem');
  // The run and log folders, the sockets, and tmp (where the TestIndication provider,
  // hosted as the requesting user, keeps its indicationlog folder).
  const writable = [
    join(out, 'var'),
    join(out, 'var', 'run'),
    join(out, 'var', 'log'),
    join(out, 'etc', 'sockets'),
    join(out, 'tmp'),
    join(out, 'tmp', 'indicationlog'),
  ];
  const treesOwned = [join(out, 'var', 'log'), join(out, 'tmp', 'indicationlog')];
  const credsDir = join(out, 'etc', 'creds');
  const credsFile = join(credsDir, 'ntlm');
  let status = 1;
  try {
    run('useradd', ['-M', '-s', '/usr/sbin/nologin', user]);
    run('chpasswd', [], `${user}:${password}\n`);
    const uid = Number(spawnSync('id', ['-u', user]).stdout);
    const gid = Number(spawnSync('id', ['-g', user]).stdout);
    for (const d of writable) if (existsSync(d)) chownSync(d, uid, gid);
    // Files a provider left in a former run belong to that run's (deleted) user.
    for (const d of treesOwned) if (existsSync(d)) run('chown', ['-R', `${uid}:${gid}`, d]);
    chownSync(key, 0, gid);
    chmodSync(key, 0o640);
    // NTLM through gss-ntlmssp: OMI reads NtlmCredsFile (etc/creds/ntlm in the build's
    // omiserver.conf) as the service account and wants it private to that account.
    if (hasGssNtlmssp()) {
      mkdirSync(credsDir, { recursive: true });
      writeFileSync(credsFile, `${NTLM_DOMAIN}:${user}:${password}\n`, { mode: 0o600 });
      chownSync(credsDir, uid, gid);
      chownSync(credsFile, uid, gid);
      chmodSync(credsFile, 0o600);
    }
    const r = spawnSync(
      'unshare',
      [
        '-n',
        '--',
        process.execPath,
        fileURLToPath(import.meta.url),
        '--inside',
        user,
        '--',
        ...command,
      ],
      {
        stdio: 'inherit',
        env: { ...process.env, WMIGEN_OMI_PASSWORD: password },
        cwd: process.cwd(),
      },
    );
    status = r.status ?? 1;
  } finally {
    try {
      rmSync(credsFile, { force: true });
      if (existsSync(credsDir)) chownSync(credsDir, 0, 0);
      chownSync(key, 0, 0);
      chmodSync(key, 0o600);
      for (const d of writable) if (existsSync(d)) chownSync(d, 0, 0);
      for (const d of treesOwned) if (existsSync(d)) run('chown', ['-R', '0:0', d]);
    } catch {}
    spawnSync('userdel', ['-f', user], { stdio: 'ignore' });
    release();
  }
  return status;
}

function waitForPort(port, ms) {
  const deadline = Date.now() + ms;
  return new Promise((resolveWait, reject) => {
    const attempt = () => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolveWait();
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > deadline)
          reject(new Error(`OMI did not listen on ${port} within ${ms} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

async function inside(user, command) {
  const out = join(omiDir(), 'Unix', 'output');
  const bin = join(out, 'bin', 'omiserver');
  run('ip', ['link', 'set', 'lo', 'up']);
  const server = spawn(
    bin,
    ['--service', user, '--httpport', String(HTTP_PORT), '--httpsport', String(HTTPS_PORT)],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const exited = new Promise((r) => server.once('exit', r));
  let status = 1;
  try {
    await Promise.race([
      waitForPort(HTTP_PORT, 20_000),
      exited.then(() => Promise.reject(new Error('omiserver exited at start'))),
    ]);
    const child = spawn(command[0], command.slice(1), {
      stdio: 'inherit',
      env: {
        ...process.env,
        WMIGEN_OMI: '1',
        WMIGEN_OMI_USER: user,
        WMIGEN_OMI_HTTP_PORT: String(HTTP_PORT),
        WMIGEN_OMI_HTTPS_PORT: String(HTTPS_PORT),
        WMIGEN_OMI_CA: join(out, 'etc', 'ssl', 'certs', 'omi.pem'),
        ...(hasGssNtlmssp() ? { WMIGEN_OMI_NTLM_DOMAIN: NTLM_DOMAIN } : {}),
      },
    });
    status = await new Promise((r) => child.once('exit', (code) => r(code ?? 1)));
  } finally {
    spawnSync(bin, ['-s'], { stdio: 'ignore' });
    const stopped = await Promise.race([
      exited.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 10_000)),
    ]);
    if (!stopped) server.kill('SIGKILL');
  }
  return status;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  const dash = args.indexOf('--');
  const command = dash >= 0 ? args.slice(dash + 1) : [];
  if (args[0] === '--inside') {
    process.exitCode = await inside(args[1], command);
  } else {
    if (command.length === 0) {
      process.stderr.write('usage: node scripts/omi-harness.mjs [--build] -- <command> [args…]\n');
      process.exit(2);
    }
    const reason = omiUnavailableReason({ build: args.includes('--build') });
    if (reason) {
      process.stdout.write(`omi-harness: OMI not started: ${reason}\n`);
      const r = spawnSync(command[0], command.slice(1), { stdio: 'inherit' });
      process.exitCode = r.status ?? 1;
    } else process.exitCode = outside(command);
  }
}
