import * as path from 'node:path';
import { waitUntil } from '../../support/waitUntil';
import { nsPath, type LabLayout } from './labLayout';
import { topMount } from './mountInfo';
import { nsDaemon, nsRunOk, type LabNs } from './namespace';
import { isAlive, signal, type ProcRef } from './procfs';

export const NFS_MOUNT = '/mnt/pve/truenas-bu';

/**
 * The TrueNAS export with the ACL mismatch: bindfs over the same lab dir refuses chown, chgrp and
 * chmod with EPERM while creating, writing and deleting files works (rsync -a and tar fail with
 * "Operation not permitted", as in the runbook).
 */
export async function nfsAclOn(ns: LabNs, layout: LabLayout): Promise<ProcRef> {
  await nsRunOk(ns, ['umount', NFS_MOUNT]);
  const log = nsPath(layout, path.join(layout.logDir, 'bindfs.log'));
  const ref = await nsDaemon(
    ns,
    ['bindfs', '-f', '--chown-deny', '--chgrp-deny', '--chmod-deny', nsPath(layout, layout.nfsExportDir), NFS_MOUNT],
    log,
  );
  await waitUntil(
    `bindfs on ${NFS_MOUNT}`,
    () => {
      if (!isAlive(ref)) throw new Error(`lab: bindfs exited (see ${layout.logDir}/bindfs.log)`);
      return topMount(ns.init.pid, NFS_MOUNT)?.fsType.startsWith('fuse');
    },
    { timeoutMs: 10_000 },
  );
  return ref;
}

/** Back to a plain bind mount of the export dir. */
export async function nfsAclOff(ns: LabNs, layout: LabLayout, bindfs: ProcRef | undefined): Promise<void> {
  if (topMount(ns.init.pid, NFS_MOUNT)?.fsType.startsWith('fuse')) await nsRunOk(ns, ['umount', NFS_MOUNT]);
  signal(bindfs, 'SIGTERM');
  await waitUntil('bindfs to exit', () => !isAlive(bindfs), { timeoutMs: 10_000 });
  if (!topMount(ns.init.pid, NFS_MOUNT)) {
    await nsRunOk(ns, ['mkdir', '-p', NFS_MOUNT]);
    await nsRunOk(ns, ['mount', '--bind', nsPath(layout, layout.nfsExportDir), NFS_MOUNT]);
  }
}
