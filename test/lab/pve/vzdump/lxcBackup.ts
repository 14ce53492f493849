import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { guestRootfsPath, hostPath, PATHS } from '../labPaths';
import { listLxcIds, readLxcConfig, removeLock, setLock, formatLxcConfig } from '../config/lxcConfig';
import { backupInclusion, mountPointsOf, type MountPoint } from '../config/mountPoints';
import { findStorage } from '../config/storageConfig';
import { isRunning, setFrozen, startGuest, stopGuest } from '../config/guestRuntime';
import { archiveTimestamp, formatDuration, formatSize, localTimestamp } from './format';
import { compressorFor, COMMON_TAR_FLAGS, runArchivePipeline } from './archive';
import { GuestLog, type BackupContext } from './backupContext';
import { mountFsType, POSIX_FILESYSTEMS } from './mountInfo';
import { runCommand } from './runCommand';
import { phasePause, rsyncBwlimit } from './slowdown';

interface GuestTask {
  vmid: number;
  mode: 'snapshot' | 'suspend' | 'stop';
  disks: MountPoint[];
  excludeDirs: string[];
  tmpdir: string;
  snapdir: string;
  noXattrs: boolean;
  vmstoptime?: number;
  vmconttime?: number;
}

/** The standard excludes plus configured exclude paths (vzdump's findexcl). */
function findExcludes(ctx: BackupContext): string[] {
  return [...ctx.opts.excludePaths, ...(ctx.opts.stdexcludes ? ['/tmp/?*', '/var/tmp/?*', '/var/run/?*.pid'] : [])];
}

/** LXC prepare(): logs the guest name and which mount points are backed up. */
function prepare(ctx: BackupContext, glog: GuestLog, task: GuestTask, mode: GuestTask['mode']): void {
  const conf = readLxcConfig(task.vmid);
  const hostname = conf.entries.get('hostname');
  if (hostname !== undefined) glog.info(`CT Name: ${hostname}`);
  task.disks = [];
  task.excludeDirs = [];
  for (const mp of mountPointsOf(conf)) {
    if (!mp.volume || !mp.mp) continue;
    const [included, reason] = backupInclusion(mp);
    if (!included) {
      task.excludeDirs.push(mp.mp);
      glog.info(`excluding ${mp.type} mount point ${mp.key} ('${mp.mp}') from backup (${reason})`);
      continue;
    }
    glog.info(`including mount point ${mp.key} ('${mp.mp}') in backup`);
    task.disks.push(mp);
  }
  if (mode === 'snapshot') {
    const canSnapshot = task.disks.every((d) => findStorage(d.volume.split(':')[0] ?? '')?.type === 'zfspool');
    if (!canSnapshot) throw new Error('mode failure - some volumes do not support snapshots\n');
  }
  if (mode === 'suspend') task.snapdir = task.tmpdir;
  void ctx;
}

/** rsync of the running guest's root into the temporary directory ($rsync_vm of LXC.pm). */
async function rsyncPhase(ctx: BackupContext, glog: GuestLog, task: GuestTask, text: 'first' | 'final'): Promise<void> {
  const from = `${guestRootfsPath(task.vmid)}/`;
  glog.info(`starting ${text} sync ${from} to ${task.snapdir}`);
  const display = [
    'rsync',
    '--stats',
    '-h',
    ...(task.noXattrs ? [] : ['-X', '-A']),
    '--numeric-ids',
    '-aH',
    '--delete',
    '--no-whole-file',
    '--sparse',
    '--one-file-system',
    '--relative',
    ...(ctx.opts.bwlimit ? [`--bwlimit=${ctx.opts.bwlimit}`] : []),
    ...findExcludes(ctx).map((e) => `--exclude=${e}`),
    ...task.excludeDirs.map((e) => `--exclude=${e}`),
    ...task.disks.map((d) => `${from}/.${d.mp}`),
    task.snapdir,
  ];
  // the lab's slowdown throttles rsync; the logged command stays the real one
  const limit = ctx.opts.bwlimit ? undefined : rsyncBwlimit(ctx.slowFactor);
  const argv = display.map((a) => (a.startsWith('/') ? hostPath(a) : a));
  if (limit) argv.splice(argv.indexOf('--relative') + 1, 0, `--bwlimit=${limit}`);
  let transferred = '';
  const start = Date.now();
  await runCommand(
    argv,
    {
      onStdoutLine: (line) => {
        const m = /^Total transferred file size: (.+)$/.exec(line);
        if (m) transferred = m[1] ?? '';
      },
      onStderrLine: (line) => glog.err(line),
      signal: ctx.interrupt.signal,
      freeze: ctx.hang && text === 'first',
    },
    display,
  );
  glog.info(`${text} sync finished - transferred ${transferred} in ${Math.floor((Date.now() - start) / 1000)}s`);
}

/** assemble(): etc/vzdump/pct.conf (without lock and snapshots) and pct.fw in the tmpdir. */
function assemble(task: GuestTask): void {
  const conf = readLxcConfig(task.vmid);
  conf.entries.delete('lock');
  conf.snapshotText = '';
  const dir = hostPath(`${task.tmpdir}/etc/vzdump`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(`${dir}/pct.conf`, formatLxcConfig(conf));
  const fw = hostPath(`${PATHS.firewallDir}/${task.vmid}.fw`);
  fs.writeFileSync(`${dir}/pct.fw`, fs.existsSync(fw) ? fs.readFileSync(fw) : '');
}

/** Runs the backup of one container: exec_backup_task of PVE/VZDump.pm with the LXC plugin. */
export async function backupGuest(ctx: BackupContext, vmid: number): Promise<boolean> {
  const { opts } = ctx;
  const glog = new GuestLog(ctx);
  const backupTime = new Date();
  const startedAt = Date.now();
  const cleanup = { unlock: false, prepared: false, resume: false, restart: false };
  let task: GuestTask | undefined;
  let tmptar: string | undefined;
  let logfile: string | undefined;
  let tmplog: string | undefined;
  let err: Error | undefined;

  const onlineAgain = (): void => {
    if (task?.vmstoptime === undefined) return;
    task.vmconttime ??= Date.now() / 1000;
    const d = task.vmconttime - task.vmstoptime;
    glog.info(`guest is online again after ${d < 1 ? '<1' : Math.floor(d)} seconds`);
  };

  try {
    if (!listLxcIds().includes(vmid)) throw new Error(`unable to find VM '${vmid}'\n`);
    const basename = `vzdump-lxc-${vmid}-${archiveTimestamp(backupTime)}`;
    const comp = compressorFor(opts.compress, opts.zstdThreads, opts.pigz);
    const target = `${opts.dumpdir}/${basename}.tar${comp ? `.${comp.ext}` : ''}`;
    logfile = `${opts.dumpdir}/${basename}.log`;
    tmptar = `${opts.dumpdir}/${basename}.tar.dat`;
    fs.rmSync(hostPath(tmptar), { force: true });

    let tmpdir: string;
    if (opts.tmpdir) tmpdir = `${opts.tmpdir}/vzdumptmp${process.pid}_${vmid}/`;
    else {
      const fstype = mountFsType(opts.dumpdir);
      if (fstype !== undefined && POSIX_FILESYSTEMS.includes(fstype)) tmpdir = `${opts.dumpdir}/${basename}.tmp`;
      else {
        tmpdir = `${PATHS.varTmp}/vzdumptmp${process.pid}_${vmid}`;
        glog.infoTaskOnly(
          `filesystem type on dumpdir is '${fstype ?? 'unknown'}' -using ${tmpdir} for temporary files`,
        );
      }
    }
    task = { vmid, mode: opts.mode, disks: [], excludeDirs: [], tmpdir, snapdir: tmpdir, noXattrs: false };
    fs.rmSync(hostPath(tmpdir), { recursive: true, force: true });
    try {
      fs.mkdirSync(hostPath(tmpdir));
    } catch {
      // reported below, as vzdump checks -d after mkdir
    }
    if (!fs.existsSync(hostPath(tmpdir)))
      throw new Error(`unable to create temporary directory '${tmpdir}' at /usr/share/perl5/PVE/VZDump.pm line 1050.`);

    tmplog = hostPath(`${PATHS.vzdumpLogDir}/lxc-${vmid}.log`);
    glog.openFile(tmplog);
    glog.info(`Starting Backup of VM ${vmid} (lxc)`);
    glog.infoTaskOnly(`Backup started at ${localTimestamp()}`);
    const running = isRunning(vmid);
    glog.info(`status = ${running ? 'running' : 'stopped'}`);
    setLock(vmid, 'backup');
    cleanup.unlock = true;

    let mode: GuestTask['mode'] = running ? opts.mode : 'stop';
    if (mode === 'snapshot') {
      try {
        prepare(ctx, glog, task, mode);
      } catch (e) {
        const msg = (e as Error).message;
        if (!/^mode failure/.test(msg)) throw e;
        glog.info(msg);
        glog.info("trying 'suspend' mode instead");
        mode = 'suspend';
      }
    }
    cleanup.prepared = true;
    task.mode = mode;
    glog.info(`backup mode: ${mode}`);
    if (opts.bwlimit) glog.info(`bandwidth limit: ${opts.bwlimit} KiB/s`);
    glog.info(`ionice priority: ${opts.ionice}`);
    await phasePause(ctx.slowFactor, ctx.interrupt.signal);

    if (mode === 'stop') {
      prepare(ctx, glog, task, mode);
      task.snapdir = guestRootfsPath(vmid);
      if (running) {
        glog.info('stopping virtual guest');
        task.vmstoptime = Date.now() / 1000;
        stopGuest(vmid);
        cleanup.restart = true;
      }
    } else if (mode === 'suspend') {
      prepare(ctx, glog, task, mode);
      if (mountFsType(task.snapdir.replace(/\/$/, '')) === 'nfs') {
        glog.info(
          'temporary directory is on NFS, disabling xattr and acl support, consider configuring a local tmpdir via /etc/vzdump.conf\n',
        );
        task.noXattrs = true;
      }
      await rsyncPhase(ctx, glog, task, 'first');
      await phasePause(ctx.slowFactor, ctx.interrupt.signal);
      glog.info('suspending guest');
      task.vmstoptime = Date.now() / 1000;
      setFrozen(vmid, true);
      cleanup.resume = true;
      await rsyncPhase(ctx, glog, task, 'final');
      glog.info('resuming guest');
      cleanup.resume = false;
      setFrozen(vmid, false);
      onlineAgain();
    } else {
      glog.info("create storage snapshot 'vzdump'");
      task.snapdir = guestRootfsPath(vmid);
    }
    ctx.interrupt.throwIfInterrupted();

    assemble(task);
    glog.info(`creating vzdump archive '${target}'`);
    const tar = [
      'tar',
      'cpf',
      '-',
      '--totals',
      ...COMMON_TAR_FLAGS,
      '--one-file-system',
      '--warning=no-file-ignored',
      `--directory=${task.tmpdir}`,
      './etc/vzdump/pct.conf',
      './etc/vzdump/pct.fw',
      `--directory=${task.snapdir}`,
      '--no-anchored',
      ...findExcludes(ctx)
        .filter((p) => !p.startsWith('/'))
        .map((p) => `--exclude=${p}`),
      '--anchored',
      ...findExcludes(ctx)
        .filter((p) => p.startsWith('/'))
        .map((p) => `--exclude=.${p}`),
      ...(mode === 'suspend' ? ['.'] : task.disks.map((d) => `.${d.mp}`)),
    ];
    await runArchivePipeline(
      tar.map((a) => (a.startsWith('--directory=') ? `--directory=${hostPath(a.slice(12))}` : a)),
      comp?.argv,
      hostPath(tmptar),
      {
        // zfs-fuse (the lab's ZFS) has no xattrs; real ZFS on Linux does, so these lines are lab noise
        onLine: (line) => {
          if (!/^tar: .*: Warning: Cannot [fl]?listxattr(at)?: Operation not supported$/.test(line)) glog.info(line);
        },
        signal: ctx.interrupt.signal,
        slowFactor: ctx.slowFactor,
        displayOutFile: tmptar,
      },
    );
    try {
      fs.renameSync(hostPath(tmptar), hostPath(target));
    } catch {
      throw new Error(`unable to rename '${tmptar}' to '${target}'\n`);
    }
    glog.info(`archive file size: ${formatSize(fs.statSync(hostPath(target)).size)}`);
    if (opts.storage && opts.notesTemplate) {
      glog.info('adding notes to backup');
      const conf = readLxcConfig(vmid);
      const notes = opts.notesTemplate
        .replace(/\{\{guestname\}\}/g, conf.entries.get('hostname') ?? `CT${vmid}`)
        .replace(/\{\{vmid\}\}/g, String(vmid))
        .replace(/\{\{node\}\}/g, 'pve2')
        .replace(/\{\{cluster\}\}/g, 'pve2');
      fs.writeFileSync(hostPath(`${target}.notes`), notes);
    }
    if (opts.protected) {
      glog.info('marking backup as protected');
      fs.writeFileSync(hostPath(`${opts.dumpdir}/${basename}.protected`), '');
    }
    if (opts.remove) pruneOld(glog, opts.dumpdir, `vzdump-lxc-${vmid}-`, opts.prune);
  } catch (e) {
    err = e instanceof Error ? e : new Error(String(e));
  }

  // clean-up, in vzdump's order
  if (cleanup.unlock) {
    try {
      removeLock(vmid, 'backup');
    } catch (e) {
      ctx.log.line((e as Error).message);
    }
  }
  if (cleanup.resume || cleanup.restart) {
    if (cleanup.resume) {
      glog.info('resume vm');
      setFrozen(vmid, false);
    } else if (!isRunning(vmid)) {
      glog.info('restarting vm');
      startGuest(vmid);
    }
    onlineAgain();
  }
  if (tmptar) fs.rmSync(hostPath(tmptar), { force: true });
  if (task) fs.rmSync(hostPath(task.tmpdir), { recursive: true, force: true });

  if (err) {
    const msg = err.message.replace(/\n+$/, '');
    glog.err(`Backup of VM ${vmid} failed - ${msg}`);
    glog.infoTaskOnly(`Failed at ${localTimestamp()}`);
  } else {
    glog.info(`Finished Backup of VM ${vmid} (${formatDuration(Math.floor((Date.now() - startedAt) / 1000))})`);
    glog.infoTaskOnly(`Backup finished at ${localTimestamp()}`);
  }
  glog.close();
  if (tmplog && logfile) {
    try {
      // cp (not a copy API that would chmod, which an NFS export with the ACL mismatch refuses)
      spawnSync('cp', [tmplog, hostPath(logfile)], { stdio: 'ignore' });
    } catch {
      // the real job ignores a failed cp as well
    }
  }
  if (err && err.message === 'interrupted by signal') throw err;
  return err === undefined;
}

/** Minimal prune for keep-last (other keep-* options keep everything). */
function pruneOld(glog: GuestLog, dumpdir: string, prefix: string, prune: Record<string, string>): void {
  const keepstr = Object.keys(prune)
    .sort()
    .map((k) => `${k}=${prune[k]}`)
    .join(', ');
  glog.info(`prune older backups with retention: ${keepstr}`);
  const keepLast = Number(prune['keep-last'] ?? 0);
  let pruned = 0;
  if (keepLast > 0) {
    const dir = hostPath(dumpdir);
    const archives = fs
      .readdirSync(dir)
      .filter((n) => n.startsWith(prefix) && /\.(tar|vma)(\.\w+)?$/.test(n))
      .sort()
      .reverse();
    for (const old of archives.slice(keepLast)) {
      glog.info(`delete old backup '${dumpdir}/${old}'`);
      fs.rmSync(`${dir}/${old}`, { force: true });
      fs.rmSync(`${dir}/${old.replace(/\.(tar|vma)(\.\w+)?$/, '.log')}`, { force: true });
      pruned++;
    }
  }
  glog.info(`pruned ${pruned} backup(s)${pruned > 0 ? ' not covered by keep-retention policy' : ''}`);
}
