import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { hostPath, NODE_NAME, PATHS } from './labPaths';
import {
  DAMAGED_IMAGE_PATHS,
  DOCKER_STACK_FILES,
  guestSkeleton,
  IMAGE_SIZE,
  SEED_GUESTS,
  STORAGE_CFG,
  VZDUMP_CONF,
} from './seedData';
import { seedTasks } from './seedTasks';
import { taskLogPath } from './tasks/upid';
import { removeGuestStates, updateGuestStates } from './config/guestRuntime';

/** The three disk images the runtime corrupts on ZFS (runbook 3.1). */
export const SEED_DAMAGED_FILES: readonly string[] = DAMAGED_IMAGE_PATHS;

const OS_NAMES: Record<string, string> = {
  debian: 'Debian GNU/Linux 12 (bookworm)',
  ubuntu: 'Ubuntu 22.04.4 LTS',
  alpine: 'Alpine Linux v3.19',
};

/**
 * Writes the whole Proxmox state of pve2 below root ('/' inside the lab namespace, a temp dir in
 * tests). Idempotent: a reset calls it again to restore configs and guest trees, clear locks,
 * tasks, backups and temporary directories. Disk images are only created when missing or
 * resized, so corruption the runtime put there on ZFS survives a reset.
 */
export function writeSeed(root: string): void {
  const p = (logical: string): string => hostPath(logical, root);
  const now = Math.floor(Date.now() / 1000);

  ensureRunSymlink(root);
  writeEtcPve(p);
  fs.writeFileSync(p(PATHS.vzdumpConf), VZDUMP_CONF);

  for (const guest of SEED_GUESTS) {
    writeGuestRootfs(p(`/var/lib/lxc/${guest.vmid}/rootfs`), guest.vmid, guest.hostname, guest.config);
    ensureImage(p(guest.imagePath), guest.vmid);
  }
  removeGuestStates(root);
  updateGuestStates(
    new Map(SEED_GUESTS.map((g) => [g.vmid, { status: g.status, since: now - g.sinceSecondsAgo, frozen: false }])),
    [],
    root,
  );
  writeBindMountSources(p);
  writeBackupTargets(p, now);
  writeTasks(p, now);

  fs.rmSync(p('/var/lib/vz/vzdump-tmp'), { recursive: true, force: true });
  fs.rmSync(p(PATHS.vzdumpLogDir), { recursive: true, force: true });
  fs.mkdirSync(p(PATHS.vzdumpLogDir), { recursive: true });
  fs.rmSync(p(PATHS.vzdumpPid), { force: true });
  fs.rmSync(p('/run/lock/lxc'), { recursive: true, force: true });
  fs.mkdirSync(p('/run/lock/lxc'), { recursive: true });
  fs.mkdirSync(p(PATHS.varTmp), { recursive: true });
  for (const entry of safeReaddir(p(PATHS.varTmp))) {
    if (entry.startsWith('vzdumptmp')) fs.rmSync(p(`${PATHS.varTmp}/${entry}`), { recursive: true, force: true });
  }
}

/** On Debian /var/run is a symlink to /run; a test root needs the same. */
function ensureRunSymlink(root: string): void {
  fs.mkdirSync(hostPath('/run', root), { recursive: true });
  const varRun = hostPath('/var/run', root);
  if (!fs.existsSync(varRun)) {
    fs.mkdirSync(path.dirname(varRun), { recursive: true });
    fs.symlinkSync('../run', varRun);
  }
}

/** /etc/pve with the per-node directories and the lxc/qemu-server links of a real node. */
function writeEtcPve(p: (l: string) => string): void {
  const nodeDir = p(`/etc/pve/nodes/${NODE_NAME}`);
  fs.rmSync(`${nodeDir}/lxc`, { recursive: true, force: true });
  fs.mkdirSync(`${nodeDir}/lxc`, { recursive: true });
  fs.mkdirSync(`${nodeDir}/qemu-server`, { recursive: true });
  for (const [link, target] of [
    ['lxc', `nodes/${NODE_NAME}/lxc`],
    ['qemu-server', `nodes/${NODE_NAME}/qemu-server`],
    ['local', `nodes/${NODE_NAME}`],
  ] as const) {
    const l = p(`/etc/pve/${link}`);
    if (!isSymlink(l)) {
      fs.rmSync(l, { recursive: true, force: true });
      fs.symlinkSync(target, l);
    }
  }
  for (const file of fs.readdirSync(`${nodeDir}/qemu-server`))
    fs.rmSync(`${nodeDir}/qemu-server/${file}`, { force: true });
  for (const guest of SEED_GUESTS) fs.writeFileSync(`${nodeDir}/lxc/${guest.vmid}.conf`, guest.config, { mode: 0o640 });
  fs.writeFileSync(p(PATHS.storageCfg), STORAGE_CFG);
  fs.mkdirSync(p(PATHS.firewallDir), { recursive: true });
  fs.writeFileSync(p('/etc/pve/.version'), `{"version":${Date.now() % 100000},"vmlist":1}\n`);
  fs.writeFileSync(p('/etc/pve/.vmlist'), vmlistJson());
}

function vmlistJson(): string {
  const ids = Object.fromEntries(
    SEED_GUESTS.map((g) => [String(g.vmid), { node: NODE_NAME, type: 'lxc', version: 1 }]),
  );
  return `${JSON.stringify({ version: 1, ids }, null, 1)}\n`;
}

/** Rebuilds a guest tree from scratch (drops leftovers of the lab's live writer). */
function writeGuestRootfs(dir: string, vmid: number, hostname: string, config: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  const ostype = /^ostype: (\S+)/m.exec(config)?.[1] ?? 'debian';
  const files: Record<string, string | Buffer> = guestSkeleton(hostname, OS_NAMES[ostype] ?? ostype);
  const rng = seededRandom(vmid);
  if (vmid === 1031) {
    for (const [file, size] of DOCKER_STACK_FILES) files[file] = filler(rng, size, file);
    files['var/run/docker.pid'] = '733\n';
    fs.mkdirSync(path.join(dir, 'mnt/Main'), { recursive: true });
  } else {
    files[`opt/${hostname}/data.bin`] = filler(rng, 300_000, hostname);
  }
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  for (const d of ['var/tmp', 'dev', 'proc', 'sys']) fs.mkdirSync(path.join(dir, d), { recursive: true });
}

/** Creates a random-filled image only when it is missing or has the wrong size. */
function ensureImage(file: string, vmid: number): void {
  try {
    if (fs.statSync(file).size === IMAGE_SIZE) return;
  } catch {
    // missing: create below
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const rng = seededRandom(vmid * 7919);
  const buf = Buffer.alloc(IMAGE_SIZE);
  for (let i = 0; i < IMAGE_SIZE; i += 4) buf.writeUInt32LE(rng(), i);
  fs.writeFileSync(file, buf);
}

function writeBindMountSources(p: (l: string) => string): void {
  const media = p('/mnt/Main/media');
  fs.mkdirSync(`${media}/movies/Metropolis (1927)`, { recursive: true });
  fs.mkdirSync(`${media}/tv`, { recursive: true });
  fs.writeFileSync(`${media}/movies/Metropolis (1927)/Metropolis (1927).mkv`, Buffer.alloc(64 * 1024, 7));
  fs.mkdirSync(p('/mnt/Main/downloads'), { recursive: true });
}

/** Backup directories; the old archives of the seed are rebuilt, anything newer is removed. */
function writeBackupTargets(p: (l: string) => string, now: number): void {
  for (const dir of ['/var/lib/vz/dump', '/mnt/pve/truenas-bu/dump']) {
    fs.mkdirSync(p(dir), { recursive: true });
    for (const entry of safeReaddir(p(dir))) {
      if (entry.startsWith('vzdump-') || entry.startsWith('.pve-write-test'))
        fs.rmSync(p(`${dir}/${entry}`), { recursive: true, force: true });
    }
  }
  for (const d of ['/var/lib/vz/template/cache', '/var/lib/vz/template/iso', '/var/lib/vz/images', '/mnt/ext/images']) {
    fs.mkdirSync(p(d), { recursive: true });
  }
  // the successful stop-mode backup of CT 1034 from four days ago (see seedTasks)
  const old = seedTasks(now).find((t) => t.upid.includes(':vzdump:1034:'));
  const name = old ? /vzdump-lxc-1034-[0-9_-]+\.tar\.zst/.exec(old.log)?.[0] : undefined;
  if (old && name) {
    const archive = p(`/var/lib/vz/dump/${name}`);
    const src = p('/var/lib/lxc/1034/rootfs');
    const r = spawnSync('tar', ['--zstd', '-cf', archive, '-C', src, '.'], { stdio: 'ignore' });
    if (r.status !== 0) fs.writeFileSync(archive, '');
    const log = old.log
      .split('\n')
      .filter(
        (l) => l.startsWith('INFO:') && !l.includes('starting new backup job') && !l.includes('Backup job finished'),
      )
      .map((l) => `${formatLocal(old.endtime - 21)} ${l}`)
      .join('\n');
    fs.writeFileSync(archive.replace(/\.tar\.zst$/, '.log'), `${log}\n`);
    const mtime = new Date((old.endtime - 1) * 1000);
    fs.utimesSync(archive, mtime, mtime);
  }
}

/** Empty task state plus the older finished tasks of seedTasks(). */
function writeTasks(p: (l: string) => string, now: number): void {
  const dir = p(PATHS.tasksDir);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const c of '0123456789ABCDEF') fs.mkdirSync(`${dir}/${c}`, { recursive: true });
  const tasks = seedTasks(now);
  let index = '';
  for (const t of tasks) {
    fs.writeFileSync(p(taskLogPath(t.upid)), t.log);
    index += `${t.upid} ${t.endtime.toString(16).toUpperCase().padStart(8, '0')} ${t.status}\n`;
  }
  fs.writeFileSync(`${dir}/index`, index);
  const recent = [...tasks].reverse().slice(0, 25);
  fs.writeFileSync(
    `${dir}/active`,
    recent.map((t) => `${t.upid} 1 ${t.endtime.toString(16).toUpperCase().padStart(8, '0')} ${t.status}\n`).join(''),
  );
}

function formatLocal(epoch: number): string {
  const d = new Date(epoch * 1000);
  const z = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${z(d.getMonth() + 1)}-${z(d.getDate())} ${z(d.getHours())}:${z(d.getMinutes())}:${z(d.getSeconds())}`;
}

function seededRandom(seed: number): () => number {
  let x = (seed * 2654435761) >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** Text-ish files get readable filler, the rest pseudo-random bytes. */
function filler(rng: () => number, size: number, name: string): Buffer {
  if (/\.(xml|yml|conf|txt|md|env)$|Caddyfile$/.test(name)) {
    const line = `# ${path.basename(name)} generated for the pve2 lab\n`;
    return Buffer.from(line.repeat(Math.ceil(size / line.length)).slice(0, size));
  }
  const buf = Buffer.alloc(size);
  for (let i = 0; i + 4 <= size; i += 4) buf.writeUInt32LE(rng(), i);
  return buf;
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
