import type { ActionId } from '../../protocol/backupMonitor';

// What the monitor says about each problem the log shows, and what it offers to do about it.

export interface ProblemAdvice {
  title: string;
  explanation: string;
  actions: { id: ActionId; label: string }[];
}

const TMPDIR_ACTIONS: ProblemAdvice['actions'] = [
  { id: 'fixTmpdir', label: 'Set a local tmpdir' },
  { id: 'testWrite', label: 'Test write access' },
];

export const PROBLEM_ADVICE: Record<string, ProblemAdvice> = {
  'rsync-permission': {
    title: 'rsync or tar could not set owners or permissions',
    explanation:
      'The temporary copy of the container is on a share (usually NFS) that refuses chown, chmod ' +
      'or ACLs for root. Suspend and snapshot backups of containers sync into that directory and ' +
      'fail. A local tmpdir in /etc/vzdump.conf avoids the share for the temporary copy; the archive ' +
      'still goes to the storage.',
    actions: TMPDIR_ACTIONS,
  },
  'nfs-permission': {
    title: 'Permission denied on the backup share',
    explanation:
      'The dump or temporary directory on the network share refused a write. Check the export (root ' +
      'squash, ACLs on the NAS dataset) with a write test, and keep temporary files local with a ' +
      'tmpdir in /etc/vzdump.conf.',
    actions: TMPDIR_ACTIONS,
  },
  'tmpdir-nfs': {
    title: 'The temporary directory is on NFS',
    explanation:
      'vzdump warned that it keeps temporary files on NFS, where owners, xattrs and ACLs cannot be kept. Set a local tmpdir in /etc/vzdump.conf.',
    actions: TMPDIR_ACTIONS,
  },
  'acl-unsupported': {
    title: 'The temporary directory has no POSIX ACLs',
    explanation:
      'rsync could not copy ACLs because the filesystem of the temporary directory does not support ' +
      'them (ZFS needs acltype=posixacl). Point tmpdir at a directory on a filesystem with ACLs, ' +
      'or turn ACLs on for that dataset.',
    actions: [{ id: 'fixTmpdir', label: 'Change tmpdir' }],
  },
  'file-vanished': {
    title: 'Files changed while they were copied',
    explanation:
      'The guest kept writing during the backup, so some files vanished or changed under rsync or ' +
      'tar. For busy containers (databases, media stacks) stop mode gives a consistent archive.',
    actions: [],
  },
  'lock-timeout': {
    title: 'Another backup held the global lock',
    explanation:
      'Only one vzdump runs per node at a time. This job gave up waiting for the lock, usually because ' +
      "an earlier job hangs (often on an unreachable NFS share). Cleaning up ends that job's processes, " +
      'removes the lock file once no vzdump is left and unlocks its guest (runbook section 4.3); ' +
      'you see the processes before anything is sent.',
    actions: [{ id: 'cleanupStuck', label: 'Clean up stuck backup' }],
  },
  'guest-locked': {
    title: 'The guest is locked',
    explanation:
      'A lock from an earlier operation (often a crashed backup) is still set on the guest. Unlock it once you are sure nothing is still working on it.',
    actions: [{ id: 'unlock', label: 'Unlock' }],
  },
  'snapshot-unsupported': {
    title: 'Snapshot mode fell back to suspend',
    explanation:
      'Some volumes of the guest cannot be snapshotted (bind mounts or a directory storage), so vzdump ' +
      'used suspend mode: the guest is paused briefly for a final sync.',
    actions: [],
  },
  'io-error': {
    title: 'Read errors while reading the guest',
    explanation:
      'The source returned I/O errors. On ZFS this usually means damaged blocks: a backup of a corrupted ' +
      'disk carries the corruption. Check the pool before trusting this archive.',
    actions: [{ id: 'openZfsHealth', label: 'Show ZFS health' }],
  },
};
