import * as assert from 'node:assert/strict';
import { parseVzdumpLog, type GuestBackup, type ProblemCode } from '../../../../src/domain/backup/index';
import { listLogFixtures, readLogFixture } from './vzdumpFixtures';

// One test per real log in test/fixtures/vzdump-logs. Line numbers are the file's, 0-based.

interface Expected {
  /** a guest's errors are given as the start of each message (the real ones run to 1,000 characters) */
  guests: GuestBackup[];
  finished: boolean;
  ok?: boolean;
  /** code, line, vmid, and a piece of that line, so a reader can see what was matched */
  problems: [ProblemCode, number, number | undefined, string][];
}

const tested = new Set<string>();

function expectLog(name: string, expected: Expected): void {
  tested.add(name);
  const text = readLogFixture(name);
  const lines = text.split('\n');
  const summary = parseVzdumpLog(text);

  const withoutErrors = (guests: GuestBackup[]) => guests.map(({ errors: _errors, ...rest }) => rest);
  assert.deepEqual(withoutErrors(summary.guests), withoutErrors(expected.guests));
  summary.guests.forEach((guest, i) => {
    const starts = expected.guests[i]?.errors ?? [];
    assert.equal(guest.errors.length, starts.length, `VM ${guest.vmid}: ${JSON.stringify(guest.errors)}`);
    guest.errors.forEach((error, j) =>
      assert.ok(error.startsWith(starts[j] ?? '\0'), `VM ${guest.vmid} error ${j}: ${error}`),
    );
  });

  assert.equal(summary.finished, expected.finished, 'finished');
  assert.equal(summary.ok, expected.ok, 'ok');

  assert.deepEqual(
    summary.problems.map((p) => [p.code, p.line, p.vmid]),
    expected.problems.map(([code, line, vmid]) => [code, line, vmid]),
  );
  for (const [code, line, , piece] of expected.problems) {
    assert.ok(lines[line]?.includes(piece), `${code}: line ${line} is "${lines[line]}"`);
  }
  for (const problem of summary.problems) assert.ok(problem.message.length > 20, problem.message);
}

const TAR_FAILED = "Backup of VM %s failed - command 'set -o pipefail && lxc-usernsexec -m u:0:100000:65536";
const tarFailed = (vmid: number) => TAR_FAILED.replace('%s', String(vmid));

describe('parseVzdumpLog: real logs', () => {
  it('01 a stopped CT backed up in stop mode, job finished successfully', () => {
    expectLog('01-lxc-stop-mode-success.log', {
      guests: [
        {
          vmid: 100,
          guestType: 'lxc',
          mode: 'stop',
          status: 'ok',
          archive: '/var/lib/vz/dump/vzdump-lxc-100-2022_05_26-00_16_48.tar.gz',
          errors: [],
        },
      ],
      finished: true,
      ok: true,
      problems: [],
    });
  });

  it('02 unprivileged CT in snapshot mode: tar cannot open its temporary file on the NFS dump directory', () => {
    expectLog('02-lxc-snapshot-unpriv-nfs-tar-permission-denied.log', {
      guests: [
        {
          vmid: 200,
          guestType: 'lxc',
          mode: 'snapshot',
          status: 'failed',
          archive: '/mnt/pve/NAS-DS2/dump/vzdump-lxc-200-2023_04_07-17_11_08.tar.zst',
          errors: [tarFailed(200)],
        },
      ],
      finished: true,
      ok: false,
      problems: [
        [
          'nfs-permission',
          12,
          200,
          'tar: /mnt/pve/NAS-DS2/dump/vzdump-lxc-200-2023_04_07-17_11_08.tmp: Cannot open: Permission denied',
        ],
      ],
    });
  });

  it('04 job log with "<vmid>: <date> <time>" prefixes and two joined lines: snapshot fell back to suspend, then tar was refused', () => {
    expectLog('04-lxc-suspend-fallback-job-log-vmid-prefixed.log', {
      guests: [
        {
          vmid: 207,
          guestType: 'lxc',
          mode: 'suspend',
          modeFallback: 'suspend',
          status: 'failed',
          archive: '/mnt/bulk/pve/dump/vzdump-lxc-207-2021_09_08-04_25_35.tar.zst',
          errors: [tarFailed(207)],
        },
      ],
      // a per-guest log: the job's own end is not in it
      finished: false,
      problems: [
        ['snapshot-unsupported', 6, 207, 'mode failure - some volumes do not support snapshots'],
        ['nfs-permission', 18, 207, 'Cannot open: Permission denied'],
      ],
    });
  });

  it('05 snapshot fell back to suspend, archive on Proxmox Backup Server, TASK OK', () => {
    expectLog('05-lxc-snapshot-fallback-suspend-pbs-success.log', {
      guests: [
        {
          vmid: 101,
          guestType: 'lxc',
          mode: 'suspend',
          modeFallback: 'suspend',
          status: 'ok',
          archive: 'ct/101/2026-05-09T15:43:57Z',
          errors: [],
        },
      ],
      finished: true,
      ok: true,
      problems: [['snapshot-unsupported', 7, 101, 'mode failure']],
    });
  });

  it('06 starts at the first sync: rsync read errors end the CT backup, found from the failure line', () => {
    expectLog('06-lxc-suspend-rsync-io-error-pve-commit.log', {
      guests: [
        {
          vmid: 113,
          guestType: 'lxc',
          status: 'failed',
          errors: [
            'rsync: [sender] send_files failed to open "/proc/55667/root/foo/file": Input/output error (5)',
            'rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1338) [sender=3.2.7]',
            "Backup of VM 113 failed - command 'rsync --stats -h -X -A --numeric-ids",
          ],
        },
      ],
      finished: true,
      ok: false,
      problems: [['io-error', 2, 113, 'Input/output error']],
    });
  });

  it('09 check_mk lines "<logfile> <date> <time> ...", hook script output, cut off while running', () => {
    expectLog('09-lxc-snapshot-pbs-hookscript-checkmk.log', {
      guests: [{ vmid: 800, guestType: 'lxc', mode: 'snapshot', status: 'running', errors: [] }],
      finished: false,
      problems: [],
    });
  });

  it('10 a storage plugin fails the snapshot; its ERROR continuation lines stay with the guest', () => {
    expectLog('10-lxc-snapshot-storage-plugin-failure-linstor.log', {
      guests: [
        {
          vmid: 210,
          guestType: 'lxc',
          mode: 'snapshot',
          status: 'failed',
          errors: [
            'Backup of VM 210 failed - API Return-Code: 500. Message: Could not restore snapshot',
            '[{"ret_code":20185089,',
          ],
        },
      ],
      finished: false,
      problems: [],
    });
  });

  it('12 VM template in stop mode: vma "progress N%" lines give the percentage', () => {
    expectLog('12-qemu-template-stop-vma-progress-pve6.log', {
      guests: [
        {
          vmid: 9000,
          guestType: 'qemu',
          mode: 'stop',
          status: 'ok',
          archive: '/var/lib/vz/dump/vzdump-qemu-9000-2026_01_24-22_49_39.vma',
          percent: 100,
          errors: [],
        },
      ],
      finished: true,
      ok: true,
      problems: [],
    });
  });

  it('13a starts mid-VM (progress first), then the next VM is cut off at "backup mod"', () => {
    expectLog('13a-qemu-stop-mode-pbs-progress-joulenap.log', {
      guests: [
        // the type comes from "stopping kvm" and the PBS group 'vm/100'
        { vmid: 100, guestType: 'qemu', status: 'ok', percent: 100, errors: [] },
        { vmid: 101, guestType: 'qemu', status: 'running', errors: [] },
      ],
      finished: false,
      problems: [],
    });
  });

  it('14 qemu-server commit fragments: a failed QMP backup command ends the VM named in it', () => {
    expectLog('14-qemu-fsfreeze-qmp-fragments-pve-commits.log', {
      guests: [
        {
          vmid: 100,
          guestType: 'qemu',
          status: 'failed',
          // the fragments carry no guest lines, so the later fragment's error lands on the last VM named
          errors: [
            "VM 100 qmp command 'backup' failed - <error message from QEMU>",
            'executing QMP command to start backup failed - <error message from QEMU>',
          ],
        },
        {
          vmid: 125,
          guestType: 'qemu',
          status: 'failed',
          errors: ["VM 125 qmp command 'backup' failed - previous backup not finished"],
        },
      ],
      finished: false,
      problems: [],
    });
  });

  it('15 PVE 6 wording "creating archive": tar refused on the Synology NFS share', () => {
    expectLog('15-lxc-snapshot-nfs-tar-permission-denied-2019.log', {
      guests: [
        {
          vmid: 153,
          guestType: 'lxc',
          mode: 'snapshot',
          status: 'failed',
          archive: '/mnt/pve/synology-nfs/dump/vzdump-lxc-153-2019_11_05-21_48_53.tar.gz',
          errors: [tarFailed(153)],
        },
      ],
      finished: false,
      problems: [['nfs-permission', 10, 153, 'Cannot open: Permission denied']],
    });
  });

  it('16 a VM backup still running (PVE 5 "update VM 117: -lock backup" is not a locked guest)', () => {
    expectLog('16-qemu-snapshot-running-2019-checkmk.log', {
      guests: [{ vmid: 117, guestType: 'qemu', status: 'running', errors: [] }],
      finished: false,
      problems: [],
    });
  });

  it('18 the global lock timed out: the job ended before any guest', () => {
    expectLog('18-global-lock-timeout-line.log', {
      guests: [],
      finished: true,
      ok: false,
      problems: [['lock-timeout', 2, undefined, "can't acquire lock '/var/run/vzdump.lock' - got timeout"]],
    });
  });

  it('19 per-guest log file "<date> <time> LEVEL:": tar refused on the NFS dump directory', () => {
    expectLog('19-lxc-snapshot-nfs-permission-denied-per-guest-logfile.log', {
      guests: [
        {
          vmid: 104,
          guestType: 'lxc',
          mode: 'snapshot',
          status: 'failed',
          archive: '/mnt/pve/NAS_Backup-Proxmox/dump/vzdump-lxc-104-2025_08_24-00_05_02.tar.zst',
          errors: [tarFailed(104)],
        },
      ],
      finished: false,
      problems: [
        [
          'nfs-permission',
          9,
          104,
          'OniiNAS_Backup-Proxmox/dump/vzdump-lxc-104-2025_08_24-00_05_02.tmp: Cannot open: Permission denied',
        ],
      ],
    });
  });

  it('20 Ceph dump directory, rclone hook output after the guest (its "100%" is not progress), TASK OK', () => {
    expectLog('20-lxc-snapshot-ceph-hookscript-success-2020.log', {
      guests: [
        {
          vmid: 121,
          guestType: 'lxc',
          mode: 'snapshot',
          status: 'ok',
          archive: '/mnt/pve/pvebackups01/dump/vzdump-lxc-121-2020_06_02-20_19_04.tar.zst',
          errors: [],
        },
      ],
      finished: true,
      ok: true,
      problems: [],
    });
  });

  it('23 starts at "backup mode": padded "  4%" progress up to 100%, finished successfully', () => {
    expectLog('23-qemu-snapshot-progress-fragment.log', {
      guests: [{ vmid: 1001, guestType: 'qemu', mode: 'snapshot', status: 'ok', percent: 100, errors: [] }],
      finished: true,
      ok: true,
      problems: [],
    });
  });

  it('has a test for every log in the fixtures folder', () => {
    const names = listLogFixtures();
    assert.ok(names.length >= 16, `only ${names.length} logs`);
    assert.deepEqual(
      names.filter((name) => !tested.has(name)),
      [],
    );
  });
});
