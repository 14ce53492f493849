import * as assert from 'node:assert/strict';
import { parseVzdumpLog, type ProblemCode } from '../../../../src/domain/backup/index';
import { findProblems } from '../../../../src/domain/backup/vzdumpProblems';

// What each problem code matches and what it leaves alone. Lines are what rsync, tar, QEMU and
// vzdump print, with the level vzdump puts in front.

const codes = (line: string): ProblemCode[] => findProblems(line).map((p) => p.code);

const MATCHES: Record<ProblemCode, string[]> = {
  'rsync-permission': [
    'ERROR: rsync: [generator] chown "/mnt/pve/truenas-bu/dump/vzdump-lxc-1031.tmp/root" failed: Operation not permitted (1)',
    'ERROR: rsync: [receiver] failed to set times on "/var/lib/vz/vzdump-tmp/vzdumptmp1_1031/etc": Operation not permitted (1)',
    'ERROR: rsync: [generator] set_acl: sys_acl_set_file(etc, ACL_TYPE_ACCESS): Operation not permitted (1)',
    'INFO: tar: ./etc/shadow: Cannot change ownership to uid 0, gid 42: Operation not permitted',
  ],
  'nfs-permission': [
    'INFO: tar: /mnt/pve/NAS-DS2/dump/vzdump-lxc-200-2023_04_07-17_11_08.tmp: Cannot open: Permission denied',
    "ERROR: Backup of VM 1031 failed - unable to create temporary directory '/mnt/pve/truenas-bu/dump/vzdump-lxc-1031-2024_01_01-03_00_00.tmp' at /usr/share/perl5/PVE/VZDump.pm line 1050.",
    "ERROR: unable to create temporary directory '/mnt/pve/x/dump/y.tmp' - Permission denied",
    'ERROR: rsync: [receiver] mkstemp "/mnt/pve/truenas-bu/dump/vzdump-lxc-1031.tmp/etc/.hosts.Xy12" failed: Permission denied (13)',
    "ERROR: Backup of VM 1031 failed - unable to open file '/var/lib/vz/dump/vzdump-lxc-1031-2024_01_01-03_00_00.log' - Permission denied",
  ],
  'tmpdir-nfs': [
    'INFO: temporary directory is on NFS, disabling xattr and acl support, consider configuring a local tmpdir via /etc/vzdump.conf',
  ],
  'acl-unsupported': [
    'ERROR: rsync: [generator] set_acl: sys_acl_set_file(var/log/journal, ACL_TYPE_DEFAULT): Operation not supported (95)',
    'ERROR: rsync: [receiver] sys_acl_set_file(etc) failed: Operation not supported (95)',
    'ERROR: rsync: ACLs are not supported on this client',
  ],
  'file-vanished': [
    'ERROR: rsync: [sender] file has vanished: "/proc/4242/root/srv/radarr/config/Sentry/envelope.json"',
    'ERROR: file has vanished: "/proc/4242/root/tmp/x"',
    'ERROR: rsync warning: some files vanished before they could be transferred (code 24) at main.c(1338) [sender=3.2.7]',
    'INFO: tar: ./var/log/syslog: file changed as we read it',
    'INFO: tar: ./run/app.sock: File removed before we read it',
  ],
  'lock-timeout': [
    "ERROR: can't acquire lock '/var/run/vzdump.lock' - got timeout",
    "ERROR: can't acquire lock '/var/run/vzdump.lock' (wait = 0)",
  ],
  'guest-locked': [
    'ERROR: Backup of VM 1034 failed - CT is locked (backup)',
    'ERROR: Backup of VM 300 failed - VM is locked (snapshot-delete)',
  ],
  'snapshot-unsupported': ['INFO: mode failure - some volumes do not support snapshots'],
  'io-error': [
    'ERROR: rsync: [sender] send_files failed to open "/proc/55667/root/foo/file": Input/output error (5)',
    'INFO: tar: ./var/lib/vz/images/x.raw: Read error at byte 0, while reading 512 bytes: Input/output error',
    'ERROR: job failed with err -5 - Input/output error',
  ],
};

/** Lines that look close to a problem but are not one. */
const NOT_PROBLEMS = [
  'INFO: update VM 117: -lock backup',
  "INFO: trying 'suspend' mode instead",
  'INFO: trying to get global lock - waiting...',
  'INFO: got global lock',
  "ERROR: can't lock file '/var/lock/qemu-server/lock-100.conf' - got timeout",
  'INFO: tar: ./home/user/secret: Warning: Cannot flistxattr: Operation not supported',
  "INFO: filesystem type on dumpdir is 'ceph' -using /var/tmp/vzdumptmp1890531 for temporary files",
  'ERROR: rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1338) [sender=3.2.7]',
  'ERROR: cat: /root/notes.txt: Permission denied',
  'INFO: Operation not permitted',
  "ERROR: unable to rename '/var/lib/vz/dump/vzdump-lxc-1-x.tar.dat' to '/var/lib/vz/dump/vzdump-lxc-1-x.tar': Operation not permitted",
  "ERROR: Backup of VM 113 failed - command 'rsync --stats -h -X -A --numeric-ids -aH' failed: exit code 23",
  '<img src=x onerror=alert(1)>',
];

describe('vzdump problems', () => {
  for (const [code, lines] of Object.entries(MATCHES)) {
    it(`${code}: matches each way the log shows it, and nothing else there`, () => {
      for (const line of lines) assert.deepEqual(codes(line), [code], line);
    });
  }

  it('leaves lines alone that only look like a problem', () => {
    for (const line of NOT_PROBLEMS) assert.deepEqual(codes(line), [], line);
  });

  it('says what happened in its own words, not by repeating the line', () => {
    for (const lines of Object.values(MATCHES)) {
      for (const line of lines) {
        for (const { message } of findProblems(line)) {
          assert.ok(message.length > 20 && !line.includes(message), `${line} -> ${message}`);
        }
      }
    }
    assert.match(findProblems('ERROR: x - CT is locked (mounted)')[0]?.message ?? '', /'mounted' lock/);
  });

  it('reports a code once per guest, at its first line, and again for another guest', () => {
    const vanished = 'ERROR: rsync: [sender] file has vanished: "/proc/1/root/a"';
    const summary = parseVzdumpLog(
      [
        'INFO: Starting Backup of VM 1031 (lxc)',
        vanished,
        vanished,
        'INFO: Starting Backup of VM 1034 (lxc)',
        vanished,
        'INFO: Starting Backup of VM 1031 (lxc)',
        vanished,
      ].join('\n'),
    );
    assert.deepEqual(
      summary.problems.map((p) => [p.code, p.line, p.vmid]),
      [
        ['file-vanished', 1, 1031],
        ['file-vanished', 4, 1034],
      ],
    );
  });

  it('reports several codes of one line, and job-wide ones without a VMID', () => {
    const summary = parseVzdumpLog(
      [
        "ERROR: can't acquire lock '/var/run/vzdump.lock' (wait = 0)",
        'INFO: Starting Backup of VM 1031 (lxc)',
        "ERROR: can't acquire lock '/var/run/vzdump.lock' - got timeout",
        'INFO: tar: ./srv/db: file changed as we read it; tar: ./srv/db2: Read error at byte 0: Input/output error',
      ].join('\n'),
    );
    assert.deepEqual(
      summary.problems.map((p) => [p.code, p.line, p.vmid]),
      [
        ['lock-timeout', 0, undefined],
        ['file-vanished', 3, 1031],
        ['io-error', 3, 1031],
      ],
    );
    assert.equal('vmid' in (summary.problems[0] ?? {}), false);
  });
});
