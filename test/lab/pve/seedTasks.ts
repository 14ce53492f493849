import { NODE_NAME } from './labPaths';
import { encodeUpid } from './tasks/upid';

export interface SeedTask {
  upid: string;
  endtime: number;
  status: string;
  log: string;
}

const fmt = (epoch: number): string => {
  const d = new Date(epoch * 1000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};
const stamp = (epoch: number): string => fmt(epoch).replace(/-/g, '_').replace(' ', '-').replace(/:/g, '_');

/**
 * Finished tasks from the days before the incident, so task lists are not empty. Their pids and
 * pstart values are made up and never match a live process, so they always read as stopped.
 */
export function seedTasks(now: number): SeedTask[] {
  const tasks: SeedTask[] = [];
  const add = (
    ago: number,
    pid: number,
    type: string,
    id: string,
    duration: number,
    status: string,
    log: string,
  ): void => {
    const starttime = now - ago;
    tasks.push({
      upid: encodeUpid({ node: NODE_NAME, pid, pstart: 1234 + pid, starttime, type, id, user: 'root@pam' }),
      endtime: starttime + duration,
      status,
      log: log
        .replace(/\{start\}/g, fmt(starttime))
        .replace(/\{end\}/g, fmt(starttime + duration))
        .replace(/\{stamp\}/g, stamp(starttime)),
    });
  };
  add(
    5 * 86400,
    2811,
    'aptupdate',
    '',
    9,
    'OK',
    'starting apt-get update\nHit:1 http://deb.debian.org/debian bookworm InRelease\nReading package lists...\nTASK OK\n',
  );
  add(
    4 * 86400 + 3600,
    40711,
    'vzdump',
    '1034',
    21,
    'OK',
    `INFO: starting new backup job: vzdump 1034 --mode stop --compress zstd --storage local
INFO: Starting Backup of VM 1034 (lxc)
INFO: Backup started at {start}
INFO: status = running
INFO: backup mode: stop
INFO: ionice priority: 7
INFO: CT Name: plex
INFO: including mount point rootfs ('/') in backup
INFO: excluding bind mount point mp0 ('/media') from backup (not a volume)
INFO: stopping virtual guest
INFO: creating vzdump archive '/var/lib/vz/dump/vzdump-lxc-1034-{stamp}.tar.zst'
INFO: Total bytes written: 2017280 (2.0MiB, 96MiB/s)
INFO: archive file size: 120KB
INFO: restarting vm
INFO: guest is online again after 21 seconds
INFO: Finished Backup of VM 1034 (00:00:21)
INFO: Backup finished at {end}
INFO: Backup job finished successfully
TASK OK
`,
  );
  add(3 * 86400, 51220, 'vzstart', '1031', 2, 'OK', 'TASK OK\n');
  add(
    2 * 86400 + 7200,
    60233,
    'vzdump',
    '1031',
    48,
    'job errors',
    `INFO: starting new backup job: vzdump 1031 --node pve2 --storage truenas-bu --mode snapshot --compress zstd
INFO: Starting Backup of VM 1031 (lxc)
INFO: Backup started at {start}
INFO: status = running
INFO: CT Name: docker
INFO: including mount point rootfs ('/') in backup
INFO: excluding bind mount point mp0 ('/mnt/Main') from backup (not a volume)
INFO: mode failure - some volumes do not support snapshots
INFO: trying 'suspend' mode instead
INFO: backup mode: suspend
INFO: ionice priority: 7
INFO: CT Name: docker
INFO: including mount point rootfs ('/') in backup
INFO: excluding bind mount point mp0 ('/mnt/Main') from backup (not a volume)
INFO: temporary directory is on NFS, disabling xattr and acl support, consider configuring a local tmpdir via /etc/vzdump.conf
INFO: starting first sync /var/lib/lxc/1031/rootfs/ to /mnt/pve/truenas-bu/dump/vzdump-lxc-1031-{stamp}.tmp
ERROR: rsync: [generator] chown "/mnt/pve/truenas-bu/dump/vzdump-lxc-1031-{stamp}.tmp/." failed: Operation not permitted (1)
ERROR: rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1338) [sender=3.2.7]
ERROR: Backup of VM 1031 failed - command 'rsync --stats -h --numeric-ids -aH --delete --no-whole-file --sparse --one-file-system --relative '--exclude=/tmp/?*' '--exclude=/var/tmp/?*' '--exclude=/var/run/?*.pid' '--exclude=/mnt/Main' /var/lib/lxc/1031/rootfs//./ /mnt/pve/truenas-bu/dump/vzdump-lxc-1031-{stamp}.tmp' failed: exit code 23
INFO: Failed at {end}
INFO: Backup job finished with errors
TASK ERROR: job errors
`,
  );
  add(2 * 86400, 61019, 'vzstart', '10006', 4, 'OK', 'TASK OK\n');
  add(19 * 3600 + 9 * 60, 77310, 'vzstop', '10006', 1, 'OK', 'TASK OK\n');
  return tasks.sort((a, b) => a.endtime - b.endtime);
}
