import * as assert from 'node:assert/strict';
import { parseVzdumpLog, type VzdumpLogSummary } from '../../../../src/domain/backup/index';

// The pve2 lab's vzdump stand-in (test/lab/pve/vzdump/*.ts) writes its own logs. These synthetic logs
// quote its messages (lxcBackup.ts, vzdumpJob.ts, backupContext.ts, worker.ts) with the values the
// lab fills in, in the order it writes them; rsync and tar lines are what those tools print, which
// the lab logs as ERROR (rsync stderr) and INFO (tar stderr) lines.

const STAMP = '2026_11_26-03_00_00';
const NFS_TMP = `/mnt/pve/truenas-bu/dump/vzdump-lxc-1031-${STAMP}.tmp`;

const problemsOf = (summary: VzdumpLogSummary) => summary.problems.map((p) => [p.code, p.line, p.vmid]);

/** The runbook's failing backup: LXC 1031, snapshot falls back to suspend, temporary copy on NFS. */
const NFS_SUSPEND = [
  'INFO: starting new backup job: vzdump 1031 --storage truenas-bu --mode snapshot --compress zstd',
  'INFO: Starting Backup of VM 1031 (lxc)',
  'INFO: Backup started at 2026-11-26 03:00:00',
  'INFO: status = running',
  'INFO: CT Name: docker',
  "INFO: including mount point rootfs ('/') in backup",
  "INFO: excluding bind mount point mp0 ('/mnt/Main') from backup (not a volume)",
  'INFO: mode failure - some volumes do not support snapshots',
  "INFO: trying 'suspend' mode instead",
  'INFO: backup mode: suspend',
  'INFO: bandwidth limit: 10240 KiB/s',
  'INFO: ionice priority: 7',
  'INFO: CT Name: docker',
  "INFO: including mount point rootfs ('/') in backup",
  "INFO: excluding bind mount point mp0 ('/mnt/Main') from backup (not a volume)",
  'INFO: temporary directory is on NFS, disabling xattr and acl support, consider configuring a local tmpdir via /etc/vzdump.conf',
  `INFO: starting first sync /var/lib/lxc/1031/rootfs/ to ${NFS_TMP}`,
  `ERROR: rsync: [generator] chown "${NFS_TMP}/." failed: Operation not permitted (1)`,
  'ERROR: rsync: [sender] file has vanished: "/var/lib/lxc/1031/rootfs/root/docker-projects/docker-media-stack/config/radarr-directors/Sentry/envelope"',
  'ERROR: rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1338) [sender=3.2.7]',
  `ERROR: Backup of VM 1031 failed - command 'rsync --stats -h --numeric-ids -aH --delete --no-whole-file --sparse --one-file-system --relative /var/lib/lxc/1031/rootfs//./ ${NFS_TMP}' failed: exit code 23`,
  'INFO: Failed at 2026-11-26 03:05:00',
  'INFO: Backup job finished with errors',
  'TASK ERROR: job errors',
];

describe('parseVzdumpLog: logs of the lab stand-in', () => {
  it('the runbook failure: fallback to suspend, tmpdir on NFS, rsync refused chown, a file vanished', () => {
    const summary = parseVzdumpLog(NFS_SUSPEND.join('\n'));
    assert.equal(summary.guests.length, 1);
    const guest = summary.guests[0];
    assert.deepEqual(
      { ...guest, errors: guest?.errors.length },
      { vmid: 1031, guestType: 'lxc', mode: 'suspend', modeFallback: 'suspend', status: 'failed', errors: 4 },
    );
    assert.deepEqual(problemsOf(summary), [
      ['snapshot-unsupported', 7, 1031],
      ['tmpdir-nfs', 15, 1031],
      ['rsync-permission', 17, 1031],
      ['file-vanished', 18, 1031],
    ]);
    assert.equal(summary.finished, true);
    assert.equal(summary.ok, false);
  });

  it('the same lines as the per-guest file /var/log/vzdump/lxc-1031.log writes them ("<date> <time> LEVEL: ...")', () => {
    // the file gets the guest's lines only: not the job's lines nor "Backup started at" / "Failed at"
    const taskOnly = /starting new backup job|Backup started at|Failed at|Backup job finished|TASK /;
    const file = NFS_SUSPEND.filter((line) => !taskOnly.test(line)).map((line) => `2026-11-26 03:00:00 ${line}`);
    const summary = parseVzdumpLog(file.join('\n'));
    const fromTask = parseVzdumpLog(NFS_SUSPEND.join('\n'));
    assert.deepEqual(summary.guests, fromTask.guests);
    assert.deepEqual(
      summary.problems.map((p) => p.code),
      fromTask.problems.map((p) => p.code),
    );
    assert.equal(summary.finished, false);
  });

  it('a local tmpdir on ZFS without POSIX ACLs: rsync cannot set ACLs', () => {
    const tmp = '/var/lib/vz/vzdump-tmp/vzdumptmp4242_1031/';
    const summary = parseVzdumpLog(
      [
        'INFO: Starting Backup of VM 1031 (lxc)',
        'INFO: backup mode: suspend',
        `INFO: starting first sync /var/lib/lxc/1031/rootfs/ to ${tmp}`,
        `ERROR: rsync: [generator] set_acl: sys_acl_set_file(${tmp}., ACL_TYPE_ACCESS): Operation not supported (95)`,
        `ERROR: Backup of VM 1031 failed - command 'rsync --stats -h -X -A --numeric-ids -aH /var/lib/lxc/1031/rootfs//./ ${tmp}' failed: exit code 23`,
      ].join('\n'),
    );
    assert.deepEqual(problemsOf(summary), [['acl-unsupported', 3, 1031]]);
  });

  it('a running CT backed up in stop mode to local storage, tar noticing a changed file', () => {
    const summary = parseVzdumpLog(
      [
        "INFO: filesystem type on dumpdir is 'zfs' -using /var/tmp/vzdumptmp4242_1034 for temporary files",
        'INFO: Starting Backup of VM 1034 (lxc)',
        'INFO: Backup started at 2026-11-26 03:10:00',
        'INFO: status = running',
        'INFO: backup mode: stop',
        'INFO: ionice priority: 7',
        'INFO: CT Name: plex',
        "INFO: including mount point rootfs ('/') in backup",
        'INFO: stopping virtual guest',
        `INFO: creating vzdump archive '/var/lib/vz/dump/vzdump-lxc-1034-${STAMP}.tar.zst'`,
        'INFO: tar: ./var/lib/plexmediaserver/Library/Logs/Plex Media Server.log: file changed as we read it',
        'INFO: archive file size: 120KB',
        'INFO: adding notes to backup',
        'INFO: marking backup as protected',
        'INFO: prune older backups with retention: keep-last=3',
        `INFO: delete old backup '/var/lib/vz/dump/vzdump-lxc-1034-2026_11_20-03_00_00.tar.zst'`,
        'INFO: pruned 1 backup(s) not covered by keep-retention policy',
        'INFO: restarting vm',
        'INFO: guest is online again after 21 seconds',
        'INFO: Finished Backup of VM 1034 (00:00:21)',
        'INFO: Backup finished at 2026-11-26 03:10:21',
        'INFO: Backup job finished successfully',
        'TASK OK',
      ].join('\n'),
    );
    assert.deepEqual(summary.guests, [
      {
        vmid: 1034,
        guestType: 'lxc',
        mode: 'stop',
        status: 'ok',
        archive: `/var/lib/vz/dump/vzdump-lxc-1034-${STAMP}.tar.zst`,
        errors: [],
      },
    ]);
    assert.deepEqual(problemsOf(summary), [['file-vanished', 10, 1034]]);
    assert.equal(summary.ok, true);
  });

  it('the temporary directory cannot be created: the guest fails before its "Starting Backup" line', () => {
    const summary = parseVzdumpLog(
      [
        'INFO: starting new backup job: vzdump 1031 --storage truenas-bu --mode suspend',
        `ERROR: Backup of VM 1031 failed - unable to create temporary directory '${NFS_TMP}' at /usr/share/perl5/PVE/VZDump.pm line 1050.`,
        'INFO: Failed at 2026-11-26 03:00:01',
        'INFO: Backup job finished with errors',
        'TASK ERROR: job errors',
      ].join('\n'),
    );
    assert.deepEqual(
      summary.guests.map((g) => [g.vmid, g.status]),
      [[1031, 'failed']],
    );
    assert.deepEqual(problemsOf(summary), [['nfs-permission', 1, 1031]]);
  });

  it('a guest still locked from the hung backup, and a job that could not create the tar file', () => {
    const summary = parseVzdumpLog(
      [
        'INFO: Starting Backup of VM 1034 (lxc)',
        'INFO: status = running',
        'ERROR: Backup of VM 1034 failed - CT is locked (backup)',
        'INFO: Failed at 2026-11-26 03:00:01',
        'INFO: Starting Backup of VM 1031 (lxc)',
        'INFO: backup mode: stop',
        `INFO: creating vzdump archive '/mnt/pve/truenas-bu/dump/vzdump-lxc-1031-${STAMP}.tar.zst'`,
        `INFO: tar: /mnt/pve/truenas-bu/dump/vzdump-lxc-1031-${STAMP}.tmp: Cannot open: Permission denied`,
        'INFO: tar: Error is not recoverable: exiting now',
        `ERROR: Backup of VM 1031 failed - command 'set -o pipefail && tar cpf - --totals | zstd --threads=1 >/mnt/pve/truenas-bu/dump/vzdump-lxc-1031-${STAMP}.tar.dat' failed: exit code 2`,
        'INFO: Failed at 2026-11-26 03:00:02',
        'INFO: Backup job finished with errors',
        'TASK ERROR: job errors',
      ].join('\n'),
    );
    assert.deepEqual(
      summary.guests.map((g) => [g.vmid, g.status]),
      [
        [1034, 'failed'],
        [1031, 'failed'],
      ],
    );
    assert.deepEqual(problemsOf(summary), [
      ['guest-locked', 2, 1034],
      ['nfs-permission', 7, 1031],
    ]);
  });

  it('waiting for the global lock, then giving up (the lab writes no TASK line then)', () => {
    const summary = parseVzdumpLog(
      [
        'INFO: trying to get global lock - waiting...',
        "ERROR: can't acquire lock '/var/run/vzdump.lock' - got timeout",
      ].join('\n'),
    );
    assert.deepEqual(summary, {
      guests: [],
      finished: true,
      ok: false,
      problems: [{ code: 'lock-timeout', line: 1, message: summary.problems[0]?.message }],
    });
  });

  it('the sync CLI after a lock failure, and a job stopped by a signal mid-sync', () => {
    const lock = parseVzdumpLog(
      [
        "ERROR: can't acquire lock '/var/run/vzdump.lock' (wait = 0)",
        '',
        'TASK ERROR: got unexpected control message:  ',
      ].join('\n'),
    );
    assert.deepEqual([lock.finished, lock.ok, problemsOf(lock)], [true, false, [['lock-timeout', 0, undefined]]]);

    const stopped = parseVzdumpLog(
      [
        'INFO: Starting Backup of VM 1031 (lxc)',
        `INFO: starting first sync /var/lib/lxc/1031/rootfs/ to ${NFS_TMP}`,
        'INFO: resume vm',
        'ERROR: Backup of VM 1031 failed - interrupted by signal',
        'INFO: Failed at 2026-11-26 03:20:00',
        'ERROR: Backup job failed - interrupted by signal',
        'TASK ERROR: interrupted by signal',
      ].join('\n'),
    );
    assert.deepEqual(stopped.guests[0]?.errors, ['Backup of VM 1031 failed - interrupted by signal']);
    assert.deepEqual([stopped.finished, stopped.ok], [true, false]);
  });

  it('a job that fails at setup, before any guest', () => {
    const summary = parseVzdumpLog("TASK ERROR: tmpdir '/var/lib/vz/vzdump-tmp' does not exist");
    assert.deepEqual(summary, { guests: [], finished: true, ok: false, problems: [] });
  });
});
