import * as fs from 'node:fs';

/**
 * Whether this machine can run the SSH lab (root, /dev/fuse, sshd, zfs-fuse, bindfs). Where it
 * can, the over-SSH suites cover the vzdump scenarios and the local copy of them is skipped.
 */
export function canRunLab(): boolean {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return (
    isRoot && ['/dev/fuse', '/usr/sbin/sshd', '/usr/sbin/zfs-fuse', '/usr/bin/bindfs'].every((f) => fs.existsSync(f))
  );
}
