import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client, type ConnectConfig } from 'ssh2';
import { SEED_DAMAGED_FILES } from './pve/seed';
import { run } from './runtime/exec';
import { labRuntimeState } from './runtime/lab';
import {
  ensureLab,
  killLabSshConnections,
  labSsh,
  rekeyLab,
  resetLab,
  stopLab,
  type LabInfo,
} from './runtime/labClient';
import { LabInfoSchema } from './runtime/labInfo';
import { readMountInfo } from './runtime/mountInfo';
import { isAlive, listPids, nsId, readCmdline } from './runtime/procfs';

/**
 * The lab runtime against the real thing: OpenSSH's sshd in the lab namespaces, zfs-fuse pools,
 * bindfs. Needs root. Uses a lab dir of its own so a developer's running .lab/ is left alone.
 */
const TEST_LAB_DIR = path.join(os.tmpdir(), `pve-lab-runtime-test-${process.pid}`);
const REPO = path.resolve(__dirname, '../..');

function sha256Fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

interface Ssh2Result {
  stdout: string;
  code: number | null;
}

/** Runs command over ssh2, accepting the host key only if its SHA256 fingerprint is `fingerprint`. */
function ssh2Exec(config: ConnectConfig, fingerprint: string, command: string): Promise<Ssh2Result> {
  return new Promise((resolve, reject) => {
    const conn = new Client();
    conn.on('error', reject);
    conn.on('ready', () => {
      conn.exec(command, (err, stream) => {
        if (err) return reject(err);
        let stdout = '';
        stream.on('data', (d: Buffer) => (stdout += d.toString()));
        stream.stderr.on('data', () => undefined);
        stream.on('exit', (code: number | null) => stream.on('close', () => (conn.end(), resolve({ stdout, code }))));
      });
    });
    conn.connect({
      host: '127.0.0.1',
      readyTimeout: 15_000,
      hostVerifier: (key: Buffer) => sha256Fingerprint(key) === fingerprint,
      ...config,
    });
  });
}

/** CKSUM column of each row of the config tree in `zpool status` output. */
function cksumByVdev(status: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of status.matchAll(
    /^\t\s*(\S+)\s+(ONLINE|DEGRADED|OFFLINE|FAULTED|UNAVAIL)\s+(\d+)\s+(\d+)\s+(\d+)/gm,
  )) {
    const [, name, , , , cksum] = m;
    if (name !== undefined && cksum !== undefined) out.set(name, Number(cksum));
  }
  return out;
}

function permanentErrorFiles(status: string): string[] {
  const after = status.split('errors: Permanent errors have been detected in the following files:\n')[1];
  return after === undefined
    ? []
    : after
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '');
}

async function ok(command: string): Promise<string> {
  const r = await labSsh(command);
  assert.equal(r.code, 0, `'${command}' exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

describe('pve2 lab runtime (needs root)', function () {
  this.timeout(180_000);
  let info: LabInfo;
  const savedDir = process.env.PVE_LAB_DIR;

  let failed = false;

  before(async function () {
    // namespaces, overlays and FUSE mounts need root (CI runs as root)
    if (process.getuid?.() !== 0) this.skip();
    this.timeout(900_000); // a clean machine first installs the Debian packages
    process.env.PVE_LAB_DIR = TEST_LAB_DIR;
    info = await ensureLab();
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') failed = true;
  });

  after(async () => {
    if (process.env.PVE_LAB_DIR !== TEST_LAB_DIR) return;
    try {
      await stopLab();
      // keep keys and logs of a failed run for a look
      if (!failed) fs.rmSync(TEST_LAB_DIR, { recursive: true, force: true });
      else console.log(`lab logs kept in ${TEST_LAB_DIR}/log`);
    } finally {
      if (savedDir === undefined) delete process.env.PVE_LAB_DIR;
      else process.env.PVE_LAB_DIR = savedDir;
    }
  });

  describe('SSH', () => {
    it('`lab:start --json` prints a LabInfo whose fingerprint is the one ssh-keygen -lf prints', async () => {
      const r = await run(['npx', '--no-install', 'tsx', path.join(REPO, 'test/lab/cli.ts'), 'start', '--json'], {
        env: process.env,
      });
      assert.equal(r.code, 0, r.stderr);
      const printed = LabInfoSchema.parse(JSON.parse(r.stdout));
      assert.equal(printed.port, info.port, 'a second start reuses the running lab');
      const keygen = await run(['ssh-keygen', '-lf', path.join(TEST_LAB_DIR, 'ssh/ssh_host_ed25519_key.pub')]);
      assert.equal(keygen.stdout.split(' ')[1], printed.hostKeyFingerprint);
      const scan = await run(['ssh-keyscan', '-t', 'ed25519', '-p', String(info.port), '127.0.0.1']);
      assert.ok(scan.stdout.includes(printed.hostKey), 'sshd serves the host key LabInfo names');
    });

    it('root logs in with the key over the real ssh client and lands in the lab, not on this machine', async () => {
      const out = await ok(
        'hostname; cat /proc/1/cmdline | tr "\\0\\n" "  "; echo; command -v pvesh; findmnt -no FSTYPE /var/lib/vz',
      );
      const [hostname, init, pvesh, vzFs] = out.split('\n');
      assert.equal(hostname, 'pve2');
      assert.match(init ?? '', /pve-lab-init/);
      assert.equal(pvesh, '/usr/local/sbin/pvesh');
      assert.match(vzFs ?? '', /^fuse/, '/var/lib/vz is the zfs-fuse dataset');
      assert.ok(!fs.existsSync('/var/lib/vz'), 'the host has no /var/lib/vz');
    });

    it('known_hosts with StrictHostKeyChecking yes refuses a host whose key is not in it', async () => {
      const r = await run([
        'ssh',
        '-F',
        '/dev/null',
        '-o',
        'BatchMode=yes',
        '-o',
        'StrictHostKeyChecking=yes',
        '-o',
        'UserKnownHostsFile=/dev/null',
        '-o',
        'GlobalKnownHostsFile=/dev/null',
        '-i',
        info.clientKeyPath,
        '-p',
        String(info.port),
        'root@127.0.0.1',
        'true',
      ]);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /Host key verification failed/);
    });

    it('ssh2 logs in as root with the key, checking the host key against the fingerprint', async () => {
      const r = await ssh2Exec(
        { port: info.port, username: 'root', privateKey: fs.readFileSync(info.clientKeyPath) },
        info.hostKeyFingerprint,
        'id -un',
      );
      assert.deepEqual(r, { stdout: 'root\n', code: 0 });
    });

    it('ssh2 gives up when the host key does not match', async () => {
      await assert.rejects(
        ssh2Exec(
          { port: info.port, username: 'root', privateKey: fs.readFileSync(info.clientKeyPath) },
          info.jump.hostKeyFingerprint,
          'true',
        ),
        /verification failed/i,
      );
    });

    it('ssh2 logs in as the password account, which has passwordless sudo', async () => {
      const r = await ssh2Exec(
        { port: info.port, username: info.passwordUser, password: info.password, tryKeyboard: false },
        info.hostKeyFingerprint,
        'id -un; sudo -n id -u',
      );
      assert.deepEqual(r, { stdout: `${info.passwordUser}\n0\n`, code: 0 });
    });

    it('sshd refuses a wrong password and root passwords', async () => {
      await assert.rejects(
        ssh2Exec(
          { port: info.port, username: info.passwordUser, password: 'wrong-password' },
          info.hostKeyFingerprint,
          'true',
        ),
        /authentication/i,
      );
      await assert.rejects(
        ssh2Exec({ port: info.port, username: 'root', password: info.password }, info.hostKeyFingerprint, 'true'),
        /authentication/i,
      );
    });

    it('the jump sshd forwards to the main one (ssh -J through the lab ssh_config)', async () => {
      const r = await run(['ssh', '-F', info.sshConfigPath, '-J', 'pve2-jump', 'pve2', 'hostname']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'pve2\n');
    });

    it('killLabSshConnections closes an open connection; sshd keeps listening', async () => {
      const conn = new Client();
      const closed = new Promise<void>((resolve) => conn.on('close', () => resolve()));
      await new Promise<void>((resolve, reject) => {
        conn.on('ready', resolve).on('error', reject);
        conn.connect({
          host: '127.0.0.1',
          port: info.port,
          username: 'root',
          privateKey: fs.readFileSync(info.clientKeyPath),
          hostVerifier: (k: Buffer) => sha256Fingerprint(k) === info.hostKeyFingerprint,
        });
      });
      assert.ok(killLabSshConnections() >= 1);
      await closed;
      assert.equal((await ok('echo still-here')).trim(), 'still-here');
    });

    it('rekey serves new host keys and updates known_hosts', async () => {
      const before = info.hostKeyFingerprint;
      const after = await rekeyLab();
      assert.notEqual(after.hostKeyFingerprint, before);
      await assert.rejects(
        ssh2Exec(
          { port: info.port, username: 'root', privateKey: fs.readFileSync(info.clientKeyPath) },
          before,
          'true',
        ),
        /verification failed/i,
      );
      assert.equal((await ok('hostname')).trim(), 'pve2', 'labSsh trusts the new key');
      info = after;
    });
  });

  describe('pool states and switches', () => {
    it('seed: zpool status -v lists the three damaged images with CKSUM counts', async () => {
      await resetLab('seed');
      const status = await ok('zpool status -v rpool');
      const cksum = cksumByVdev(status);
      for (const vdev of [
        'rpool',
        'mirror-0',
        'ata-TEAM_T253256GB_TPBF2212130080607072-part3',
        'ata-TEAM_T2531TB_TPBG2212130010401358-part3',
      ]) {
        assert.ok((cksum.get(vdev) ?? 0) > 0, `CKSUM of ${vdev} in:\n${status}`);
      }
      assert.deepEqual(permanentErrorFiles(status).sort(), [...SEED_DAMAGED_FILES].sort());
      const read = await labSsh(`cat ${SEED_DAMAGED_FILES[0] ?? ''} > /dev/null`);
      assert.match(read.stderr, /Input\/output error/);
    });

    it('healthy: no errors at all', async () => {
      await resetLab('healthy');
      const status = await ok('zpool status -v rpool');
      assert.match(status, /^ state: ONLINE$/m);
      assert.match(status, /^errors: No known data errors$/m);
      assert.deepEqual([...cksumByVdev(status).values()], [0, 0, 0, 0]);
    });

    it('degraded: one mirror side OFFLINE, the pool DEGRADED', async () => {
      await resetLab('degraded');
      const status = await ok('zpool status -v rpool');
      assert.match(status, /^ state: DEGRADED$/m);
      assert.match(status, /^\t    ata-TEAM_T2531TB_TPBG2212130010401358-part3\s+OFFLINE/m);
      assert.match(status, /^\t    ata-TEAM_T253256GB_TPBF2212130080607072-part3\s+ONLINE/m);
    });

    it('scrubbing: a scrub is running, and still running a moment later', async () => {
      await resetLab('healthy', 'scrubbing');
      assert.match(await ok('zpool status rpool'), /scrub in progress/);
      // the disks are slow: a few more commands later the scrub has not finished
      await ok('ls -R /var/lib/vz /mnt/ext > /dev/null');
      assert.match(await ok('zpool status rpool'), /scrub in progress/);
    });

    it('nfs-acl: chown and chmod on truenas-bu fail with EPERM, creating files works', async () => {
      const probe =
        'cd /mnt/pve/truenas-bu/dump && touch .pve-write-test && echo created; chown root:root .pve-write-test; chmod 755 /mnt/pve/truenas-bu/dump';
      const plain = await labSsh(probe);
      assert.equal(plain.code, 0, `without the switch chown/chmod work: ${plain.stderr}`);
      await resetLab('nfs-acl');
      const r = await labSsh(probe);
      assert.equal(r.stdout, 'created\n');
      assert.match(r.stderr, /chown: changing ownership of '\.pve-write-test': Operation not permitted/);
      assert.match(r.stderr, /chmod: changing permissions of '\/mnt\/pve\/truenas-bu\/dump': Operation not permitted/);
      const rsync = await labSsh(
        'mkdir -p /tmp/src && echo x > /tmp/src/f && rsync -a /tmp/src/ /mnt/pve/truenas-bu/dump/src/',
      );
      assert.equal(rsync.code, 23);
      assert.match(rsync.stderr, /Operation not permitted/);
    });

    it('many-guests: 1,000 guests on top of the seed within a few seconds; a reset removes them', async () => {
      const seedStart = Date.now();
      await resetLab('seed');
      const seedMs = Date.now() - seedStart;
      const start = Date.now();
      const applied = await resetLab('many-guests');
      const ms = Date.now() - start;
      assert.deepEqual(applied.states, ['seed', 'many-guests']);
      // the guests cost well under two seconds on top of a plain reset (rpool rebuilt either way)
      assert.ok(ms < seedMs + 2000 && ms < 15_000, `reset took ${ms} ms (seed alone ${seedMs} ms)`);
      const types = (
        await ok("pvesh get /cluster/resources --type vm --output-format json | jq -r '.[].type' | sort | uniq -c")
      ).trim();
      assert.deepEqual(
        types.split('\n').map((l) => l.trim().split(/\s+/).join(' ')),
        ['950 lxc', '50 qemu'],
      );
      assert.match(await ok('pct list'), /^20046 +\w+ +\S* *\S+/m);
      await resetLab();
      assert.equal((await ok('pvesh get /cluster/resources --type vm --output-format json | jq length')).trim(), '4');
      assert.equal(await ok('qm list'), '');
    });

    it('a reset turns every switch off again', async () => {
      await resetLab('nfs-acl', 'scrubbing', 'degraded');
      await resetLab();
      const status = await ok('zpool status rpool');
      assert.match(status, /^ state: ONLINE$/m);
      assert.doesNotMatch(status, /scrub in progress/);
      assert.equal((await labSsh('chown root:root /mnt/pve/truenas-bu/dump')).code, 0);
      const state = labRuntimeState();
      assert.ok(state && !state.bindfs && !state.throttle);
    });
  });

  describe('start', () => {
    it('replaces a broken lab (its sshd killed) with a working one', async () => {
      const state = labRuntimeState();
      assert.ok(state?.sshd);
      process.kill(state.sshd.pid, 'SIGKILL');
      info = await ensureLab();
      assert.notEqual(labRuntimeState()?.init.pid, state.init.pid, 'a new namespace');
      assert.ok(!isAlive(state.init) && !isAlive(state.zfsFuse), 'the broken lab is gone');
      assert.equal((await ok('hostname')).trim(), 'pve2');
    });

    it('without root, stops with one message naming what is needed', async () => {
      const r = await run(
        [
          'setpriv',
          '--reuid=65534',
          '--regid=65534',
          '--clear-groups',
          process.execPath,
          '--import',
          pathToFileURL(require.resolve('tsx')).href,
          path.join(REPO, 'test/lab/cli.ts'),
          'start',
        ],
        {
          env: { ...process.env, HOME: '/tmp' },
        },
      );
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^The pve2 lab needs root \(it creates namespaces, overlays and FUSE mounts\)\.\n$/);
    });
  });

  describe('stop', () => {
    it('leaves no process and no mount behind, and is idempotent', async () => {
      const state = labRuntimeState();
      assert.ok(state);
      assert.equal(await stopLab(), true);
      for (const ref of [state.unshare, state.init, state.zfsFuse, state.sshd, state.jumpSshd])
        assert.ok(!isAlive(ref), `pid ${ref?.pid} still runs`);
      const inLab = listPids().filter((p) => nsId(p, 'pid') === state.pidNs || nsId(p, 'mnt') === state.mntNs);
      assert.deepEqual(inLab, [], 'processes left in the lab namespaces');
      const mentions = listPids().filter((p) => readCmdline(p).some((a) => a.includes(TEST_LAB_DIR)));
      assert.deepEqual(mentions, [], 'processes naming the lab dir');
      const mounts = readMountInfo('self').filter(
        (m) =>
          m.mountPoint.includes(TEST_LAB_DIR) ||
          m.source.startsWith('pve-lab') ||
          /truenas|\/var\/lib\/vz|\/mnt\/ext/.test(m.mountPoint),
      );
      assert.deepEqual(mounts, []);
      assert.ok(!fs.existsSync(path.join(TEST_LAB_DIR, 'vdevs')), 'vdev files removed');
      assert.equal(await stopLab(), false, 'a second stop finds nothing to do');
    });
  });
});
