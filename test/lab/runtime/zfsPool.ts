import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { waitUntil } from '../../support/waitUntil';
import { corruptHits, findMarkers } from './corruptVdevs';
import { NS_BASE, nsPath, POOL, REBUILT_VDEVS, VDEVS, type LabLayout, type LabVdev } from './labLayout';
import { nsDaemon, nsFile, nsRun, nsRunOk, type LabNs } from './namespace';
import { innermostPid, isAlive, signal, type ProcRef } from './procfs';

const zpool = (ns: LabNs, ...args: string[]): Promise<string> =>
  nsRunOk(ns, ['zpool', ...args], { timeoutMs: 120_000 });
const zfs = (ns: LabNs, ...args: string[]): Promise<string> => nsRunOk(ns, ['zfs', ...args], { timeoutMs: 120_000 });

/** zfs-fuse in the foreground (its daemon mode dies silently); no /zfs-kstat on the host's /. */
export async function startZfsFuse(ns: LabNs, layout: LabLayout): Promise<ProcRef> {
  const log = nsPath(layout, path.join(layout.logDir, 'zfs-fuse.log'));
  const ref = await nsDaemon(ns, ['zfs-fuse', '--no-daemon', '--no-kstat-mount'], log);
  await waitUntil(
    "zfs-fuse's socket",
    () => {
      if (!isAlive(ref)) throw new Error(`lab: zfs-fuse exited (see ${layout.logDir}/zfs-fuse.log)`);
      return fs.existsSync(nsFile(ns, '/run/zfs/zfs_socket'));
    },
    { timeoutMs: 10_000 },
  );
  return ref;
}

export async function poolExists(ns: LabNs): Promise<boolean> {
  return (await nsRun(ns, ['zpool', 'list', '-H', '-o', 'name', POOL])).code === 0;
}

export interface PoolOptions {
  /** corrupt the seed's three disk images on both mirror sides */
  damaged: boolean;
  /** MiB of data on rpool/ROOT/pve-1, so a (slowed) scrub has something to read */
  fillerMiB: number;
  /** the seed's mixed mirror (default), or the matched one of the rebuilt pool */
  vdevs?: readonly LabVdev[];
  /** end with a clean scrub, as a well-kept pool has one on record */
  scrubbed?: boolean;
}

/**
 * Builds rpool from scratch the way a Proxmox 8 installer lays it out (ROOT/pve-1, data,
 * var-lib-vz) plus the seed's 'ext' dataset, writes the seed, and corrupts the damaged images.
 */
export async function buildPool(ns: LabNs, layout: LabLayout, opts: PoolOptions): Promise<string[]> {
  if (await poolExists(ns)) await retryBusy(ns, ['zpool', 'destroy', '-f', POOL]);
  fs.mkdirSync(layout.vdevDir, { recursive: true });
  const vdevs = opts.vdevs ?? VDEVS;
  for (const v of [...VDEVS, ...REBUILT_VDEVS]) fs.rmSync(path.join(layout.vdevDir, v.name), { force: true });
  for (const v of vdevs) {
    const file = path.join(layout.vdevDir, v.name);
    fs.rmSync(file, { force: true });
    fs.writeFileSync(file, '');
    fs.truncateSync(file, v.bytes); // sparse: only what ZFS writes takes disk space
  }
  // leftovers of an earlier pool's mount points would be hidden under the new mounts
  await nsRunOk(ns, ['rm', '-rf', '--one-file-system', '/var/lib/vz', '/mnt/ext']);
  const devs = vdevs.map((v) => `/dev/${v.name}`);
  await zpool(
    ns,
    'create',
    '-f',
    '-O',
    'compression=off',
    '-O',
    'atime=off',
    '-O',
    'mountpoint=none',
    POOL,
    'mirror',
    ...devs,
  );
  await zfs(ns, 'create', '-o', 'mountpoint=none', `${POOL}/ROOT`);
  // pve-1 is '/' on a real node; it is filled through a temporary mount, then never mounted
  const rootfs = `${NS_BASE}/rootfs`;
  await zfs(ns, 'create', '-o', `mountpoint=${rootfs}`, `${POOL}/ROOT/pve-1`);
  if (opts.fillerMiB > 0) {
    await nsRunOk(
      ns,
      ['dd', 'if=/dev/urandom', `of=${rootfs}/filler.bin`, 'bs=1M', `count=${opts.fillerMiB}`, 'status=none'],
      { timeoutMs: 120_000 },
    );
  }
  await zfs(ns, 'umount', `${POOL}/ROOT/pve-1`);
  await zfs(ns, 'set', 'canmount=noauto', `${POOL}/ROOT/pve-1`);
  await zfs(ns, 'set', 'mountpoint=/', `${POOL}/ROOT/pve-1`);
  await zfs(ns, 'create', '-o', 'mountpoint=none', `${POOL}/data`);
  await zfs(ns, 'create', '-o', 'mountpoint=/var/lib/vz', `${POOL}/var-lib-vz`);
  await zfs(ns, 'create', '-o', 'mountpoint=/mnt/ext', `${POOL}/ext`);
  // zfs-fuse keeps its cache in /var/lib/zfs (the lab's /var overlay); export drops the pool from
  // it, so a copy is what lets `zpool import -c` find the vdevs under their /dev names again
  fs.copyFileSync(nsFile(ns, '/var/lib/zfs/zpool.cache'), layout.poolCache);

  const damaged = await writeSeedInLab(ns, opts.damaged);
  if (opts.damaged) await corruptOnDisk(ns, layout, vdevs, damaged);
  else if (opts.scrubbed) {
    await zpool(ns, 'scrub', POOL);
    await waitForScrubEnd(ns, 120_000);
  }
  return damaged;
}

const SeedRunnerOutput = z.object({ damaged: z.array(z.string()) });

/** Runs seedRunner.ts in the lab (the stand-in's writeSeed('/') plus damage markers). */
async function writeSeedInLab(ns: LabNs, mark: boolean): Promise<string[]> {
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  const runner = path.join(__dirname, 'seedRunner.ts');
  const out = await nsRunOk(ns, [process.execPath, '--import', tsx, runner, ...(mark ? ['--mark'] : [])], {
    timeoutMs: 120_000,
  });
  const last = out.trim().split('\n').pop() ?? '';
  return SeedRunnerOutput.parse(JSON.parse(last)).damaged;
}

/**
 * Real checksum errors: with the pool exported, overwrite each damaged image's first block on
 * both mirror sides, import again, read the files (EIO) and scrub, so `zpool status -v` lists
 * them as permanent errors with CKSUM counts.
 */
async function corruptOnDisk(
  ns: LabNs,
  layout: LabLayout,
  vdevs: readonly LabVdev[],
  files: readonly string[],
): Promise<void> {
  await retryBusy(ns, ['zpool', 'export', POOL]);
  const vdevFiles = vdevs.map((v) => path.join(layout.vdevDir, v.name));
  const first = vdevFiles[0];
  if (first === undefined) throw new Error('lab: no vdevs');
  const hits = findMarkers(first).filter((h) => files.includes(h.file));
  const missing = files.filter((f) => !hits.some((h) => h.file === f));
  if (missing.length > 0) throw new Error(`lab: no block of ${missing.join(', ')} found in ${first}`);
  corruptHits(vdevFiles, hits);
  await zpool(ns, 'import', '-c', nsPath(layout, layout.poolCache), POOL);
  for (const file of files) {
    const r = await nsRun(ns, ['cat', file], { timeoutMs: 60_000 });
    if (r.code === 0) throw new Error(`lab: ${file} still reads fine after corrupting its block`);
  }
  await zpool(ns, 'scrub', POOL);
  await waitForScrubEnd(ns, 120_000);
}

/**
 * zfs-fuse answers 'pool is busy' for a moment after its datasets were unmounted (FUSE unmounts
 * reach the daemon asynchronously); retry until it goes through.
 */
async function retryBusy(ns: LabNs, argv: string[]): Promise<void> {
  let last = '';
  await waitUntil(
    `'${argv.join(' ')}' (last: ${last})`,
    async () => {
      const r = await nsRun(ns, argv, { timeoutMs: 60_000 });
      if (r.code === 0) return true;
      last = r.stderr.trim();
      if (!/busy/.test(last)) throw new Error(`lab: '${argv.join(' ')}' failed: ${last}`);
      return undefined;
    },
    { timeoutMs: 30_000, intervalMs: 200 },
  );
}

export async function zpoolStatus(ns: LabNs): Promise<string> {
  return zpool(ns, 'status', '-v', POOL);
}

/** zfs-fuse prints the old ' scrub: scrub in progress for 0h0m, ...' line while one runs. */
export async function waitForScrubEnd(ns: LabNs, timeoutMs: number): Promise<void> {
  await waitUntil('the scrub of rpool to finish', async () => !/scrub in progress/.test(await zpoolStatus(ns)), {
    timeoutMs,
    intervalMs: 100,
  });
}

/** One mirror side offline: the pool shows DEGRADED, the disk OFFLINE. */
export async function offlineOneSide(ns: LabNs, vdevs: readonly LabVdev[] = VDEVS): Promise<void> {
  const second = vdevs[1];
  if (second) await zpool(ns, 'offline', POOL, `/dev/${second.name}`);
}

/**
 * 'Slow disks': strace delays every io_submit of zfs-fuse (its vdev I/O is Linux AIO), so a
 * scrub crawls while `zpool status` and cached reads stay quick.
 */
export async function startThrottle(
  ns: LabNs,
  layout: LabLayout,
  zfsFuse: ProcRef,
  delayMicros: number,
): Promise<ProcRef> {
  const inner = innermostPid(zfsFuse.pid);
  if (inner === undefined) throw new Error('lab: zfs-fuse is not running');
  const log = nsPath(layout, path.join(layout.logDir, 'throttle.log'));
  const ref = await nsDaemon(
    ns,
    [
      'strace',
      '-f',
      '-qq',
      '-p',
      String(inner),
      '-e',
      'trace=io_submit',
      '-e',
      `inject=io_submit:delay_enter=${delayMicros}`,
      '-o',
      '/dev/null',
    ],
    log,
  );
  await waitUntil('strace to attach to zfs-fuse', () => tracerPid(zfsFuse.pid) !== 0, { timeoutMs: 10_000 });
  return ref;
}

export async function stopThrottle(ref: ProcRef | undefined, zfsFuse: ProcRef | undefined): Promise<void> {
  if (!ref) return;
  signal(ref, 'SIGTERM'); // strace detaches cleanly on TERM
  await waitUntil('strace to detach', () => !isAlive(ref) && (!zfsFuse || tracerPid(zfsFuse.pid) === 0), {
    timeoutMs: 10_000,
  });
}

function tracerPid(pid: number): number {
  try {
    return Number(/^TracerPid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Starts a scrub without waiting for `zpool scrub` itself: on throttled disks its final txg sync
 * queues behind the scrub's reads for a minute, but the scrub shows as running at once.
 */
export async function startScrubInBackground(ns: LabNs, layout: LabLayout): Promise<void> {
  await nsDaemon(ns, ['zpool', 'scrub', POOL], nsPath(layout, path.join(layout.logDir, 'zpool-scrub.log')));
  await waitUntil('the scrub of rpool to start', async () => /scrub in progress/.test(await zpoolStatus(ns)), {
    timeoutMs: 30_000,
    intervalMs: 100,
  });
}

/**
 * Waits until everything written so far is on the vdevs (a snapshot is a sync task: it waits for
 * the open txg), so a throttle started next does not also crawl through the seed's writes.
 */
export async function syncPool(ns: LabNs): Promise<void> {
  await zfs(ns, 'snapshot', `${POOL}@pve-lab-sync`);
  await zfs(ns, 'destroy', `${POOL}@pve-lab-sync`);
}

/** Export before the namespace dies, so zfs-fuse leaves the vdevs consistent. */
export async function exportPool(ns: LabNs): Promise<void> {
  if (!(await poolExists(ns))) return;
  await retryBusy(ns, ['zpool', 'export', POOL]).catch(() =>
    nsRun(ns, ['zpool', 'export', '-f', POOL], { timeoutMs: 60_000 }),
  );
}
