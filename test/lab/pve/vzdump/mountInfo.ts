import { spawnSync } from 'node:child_process';
import { readStorageCfg } from '../config/storageConfig';
import { hostPath } from '../labPaths';

/**
 * File system type of a directory as vzdump's get_mount_info sees it (`df -P -T -B 1`). The lab's
 * stand-ins are mapped to what they stand for: the bindfs mount of an 'nfs' storage reports
 * 'nfs', zfs-fuse datasets report 'zfs'.
 */
export function mountFsType(dir: string): string | undefined {
  for (const s of readStorageCfg()) {
    if (s.type === 'nfs' && s.path && (dir === s.path || dir.startsWith(`${s.path}/`))) return 'nfs';
  }
  const r = spawnSync('df', ['-P', '-T', '-B', '1', hostPath(dir)], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const line = r.stdout.split('\n')[1] ?? '';
  const m = /(\S+.*)\s+(\S+)\s+\d+\s+-?\d+\s+\d+\s+(\d+%|-)\s+(\/.*)$/.exec(line);
  const fstype = m?.[2];
  if (fstype === 'fuse' || fstype === 'fuse.zfs-fuse' || fstype === 'fuse.zfs') return 'zfs';
  return fstype;
}

/** vzdump uses the dump directory itself for temporary files on these. */
export const POSIX_FILESYSTEMS = ['ext3', 'ext4', 'nfs', 'nfs4', 'reiserfs', 'xfs'];
