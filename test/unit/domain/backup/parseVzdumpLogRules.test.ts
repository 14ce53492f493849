import * as assert from 'node:assert/strict';
import { parseVzdumpLog } from '../../../../src/domain/backup/index';

// The rules for each field of a guest and for the job's end, one at a time.

const log = (...lines: string[]) => lines.join('\n');
const START = 'INFO: Starting Backup of VM 100 (qemu)';
const FINISH = 'INFO: Finished Backup of VM 100 (00:00:30)';

describe('parseVzdumpLog: guest fields', () => {
  it('takes the last "backup mode:" of a guest as the mode used', () => {
    const summary = parseVzdumpLog(
      log('INFO: Starting Backup of VM 1 (lxc)', 'INFO: backup mode: snapshot', 'INFO: backup mode: suspend'),
    );
    assert.equal(summary.guests[0]?.mode, 'suspend');
  });

  it('marks the fallback from either of its two lines, and not without them', () => {
    for (const line of [
      'INFO: mode failure - some volumes do not support snapshots',
      "INFO: trying 'suspend' mode instead",
    ]) {
      assert.equal(
        parseVzdumpLog(log('INFO: Starting Backup of VM 1 (lxc)', line)).guests[0]?.modeFallback,
        'suspend',
        line,
      );
    }
    assert.equal(
      parseVzdumpLog(log('INFO: Starting Backup of VM 1 (lxc)', 'INFO: backup mode: suspend')).guests[0]?.modeFallback,
      undefined,
    );
  });

  it('reads the archive from each of its three wordings', () => {
    const cases: [string, string][] = [
      [
        "INFO: creating vzdump archive '/var/lib/vz/dump/vzdump-lxc-100-2024_01_01-00_00_00.tar.zst'",
        '/var/lib/vz/dump/vzdump-lxc-100-2024_01_01-00_00_00.tar.zst',
      ],
      [
        "INFO: creating archive '/mnt/pve/nfs/dump/vzdump-lxc-100-2019_11_05-21_48_53.tar.gz'",
        '/mnt/pve/nfs/dump/vzdump-lxc-100-2019_11_05-21_48_53.tar.gz',
      ],
      ["INFO: creating Proxmox Backup Server archive 'vm/100/2024-01-01T00:00:00Z'", 'vm/100/2024-01-01T00:00:00Z'],
    ];
    for (const [line, archive] of cases)
      assert.equal(parseVzdumpLog(log(START, line)).guests[0]?.archive, archive, line);
  });

  it('keeps the last progress percentage, with or without rates, in the QEMU and PBS wordings', () => {
    const progress = (...lines: string[]) => parseVzdumpLog(log(START, ...lines)).guests[0]?.percent;
    assert.equal(progress('INFO:  21% (1.7 GiB of 8.0 GiB) in 3s, read: 580.3 MiB/s, write: 99.1 MiB/s'), 21);
    assert.equal(progress('INFO:  21% (1.7 GiB of 8.0 GiB)'), 21);
    assert.equal(progress('INFO:   0% (0.0 B of 8.0 GiB) in 0s, read: 0 B/s, write: 0 B/s'), 0);
    assert.equal(progress('INFO: 100% (8.0 GiB of 8.0 GiB) in 30s, read: 273.1 MiB/s, write: 0 B/s'), 100);
    assert.equal(progress('INFO: progress 42% 1000/2000 0'), 42);
    // the last one, not the largest (a second disk or a restarted job counts again from 0)
    assert.equal(progress('INFO:  90% (9 GiB of 10 GiB)', 'INFO:   5% (1 GiB of 20 GiB)'), 5);
    // percentages that are not vzdump's progress
    assert.equal(progress('INFO: backup is sparse: 3.20 GiB (21%) total zero data'), undefined);
    assert.equal(
      progress('INFO: Transferred:   \t    2.986M / 2.986 MBytes, 100%, 546.989 kBytes/s, ETA 0s'),
      undefined,
    );
    assert.equal(progress('INFO: backup was done incrementally, reused 34.00 GiB (100%)'), undefined);
    assert.equal(progress('Removing snap: 100% complete...done.'), undefined);
  });

  it('tells the guest type from "Starting Backup", or else from messages only one type prints', () => {
    const typeOf = (line: string) =>
      parseVzdumpLog(log(line, 'INFO: Finished Backup of VM 5 (00:00:01)')).guests[0]?.guestType;
    assert.equal(typeOf('INFO: CT Name: web'), 'lxc');
    assert.equal(typeOf("INFO: including mount point rootfs ('/') in backup"), 'lxc');
    assert.equal(typeOf('INFO: starting first sync /proc/1/root/ to /var/tmp/vzdumptmp1_5'), 'lxc');
    assert.equal(typeOf('INFO: VM Name: db'), 'qemu');
    assert.equal(typeOf("INFO: include disk 'scsi0' 'local-lvm:vm-5-disk-0' 32G"), 'qemu');
    assert.equal(typeOf('INFO: stopping kvm after backup task'), 'qemu');
    assert.equal(typeOf('INFO: status = running'), undefined);
    // the Starting line wins over a hint that contradicts it
    assert.equal(
      parseVzdumpLog(log('INFO: Starting Backup of VM 5 (lxc)', 'INFO: VM Name: odd')).guests[0]?.guestType,
      'lxc',
    );
  });

  it('gives the lines between two guests to the one before, and the ERROR texts without level or prefix', () => {
    const summary = parseVzdumpLog(
      log(
        'INFO: Starting Backup of VM 1 (lxc)',
        'ERROR: first',
        FINISH.replace('100', '1'),
        'WARN: a warning',
        'ERROR: after finishing',
        'INFO: Starting Backup of VM 2 (lxc)',
        '2024-01-01 00:00:00 ERROR: second',
      ),
    );
    assert.deepEqual(
      summary.guests.map((g) => [g.vmid, g.status, g.errors]),
      [
        [1, 'ok', ['first', 'after finishing']],
        [2, 'running', ['second']],
      ],
    );
  });

  it('keeps one entry per VMID: a guest backed up again takes its latest state', () => {
    const summary = parseVzdumpLog(
      log(START, 'ERROR: Backup of VM 100 failed - boom', START, 'INFO: backup mode: stop', FINISH),
    );
    assert.deepEqual(summary.guests, [
      { vmid: 100, guestType: 'qemu', mode: 'stop', status: 'ok', errors: ['Backup of VM 100 failed - boom'] },
    ]);
  });

  it('ends a guest with a failed QMP backup command, but not with other QMP errors', () => {
    const status = (line: string) => parseVzdumpLog(log(START, line)).guests[0]?.status;
    assert.equal(status("ERROR: VM 100 qmp command 'backup' failed - got timeout"), 'failed');
    assert.equal(status('ERROR: executing QMP command to start backup failed - device busy'), 'failed');
    assert.equal(status("ERROR: VM 100 qmp command 'guest-fsfreeze-thaw' failed - got timeout"), 'running');
  });
});

describe('parseVzdumpLog: the end of the job', () => {
  const end = (...lines: string[]) => {
    const summary = parseVzdumpLog(log(...lines));
    return { finished: summary.finished, ok: summary.ok, statuses: summary.guests.map((g) => g.status) };
  };

  it('is finished and ok after "Backup job finished successfully", TASK OK or TASK WARNINGS', () => {
    assert.deepEqual(end(START, FINISH, 'INFO: Backup job finished successfully'), {
      finished: true,
      ok: true,
      statuses: ['ok'],
    });
    assert.deepEqual(end(START, FINISH, 'TASK OK'), { finished: true, ok: true, statuses: ['ok'] });
    assert.deepEqual(end(START, FINISH, 'TASK WARNINGS: 2'), { finished: true, ok: true, statuses: ['ok'] });
  });

  it('is finished and not ok after "finished with errors", "Failed at", "job errors", "Backup job failed" or TASK ERROR', () => {
    const failed = 'ERROR: Backup of VM 100 failed - boom';
    assert.deepEqual(end(START, failed, 'INFO: Backup job finished with errors'), {
      finished: true,
      ok: false,
      statuses: ['failed'],
    });
    assert.deepEqual(end(START, failed, 'INFO: Failed at 2024-01-01 00:00:01'), {
      finished: true,
      ok: false,
      statuses: ['failed'],
    });
    assert.deepEqual(end(START, failed, 'job errors'), { finished: true, ok: false, statuses: ['failed'] });
    assert.deepEqual(end(START, failed, 'TASK ERROR: job errors'), { finished: true, ok: false, statuses: ['failed'] });
    assert.deepEqual(end(START, 'ERROR: Backup job failed - interrupted by signal'), {
      finished: true,
      ok: false,
      statuses: ['failed'],
    });
  });

  it('is not finished while guests are still going, nor after a guest\'s "Backup finished at"', () => {
    assert.deepEqual(end(START), { finished: false, ok: undefined, statuses: ['running'] });
    assert.deepEqual(end(START, FINISH, 'INFO: Backup finished at 2024-01-01 00:00:30'), {
      finished: false,
      ok: undefined,
      statuses: ['ok'],
    });
  });

  it('takes a guest that starts after "Failed at" as the job going on', () => {
    const lines = [
      START,
      'ERROR: Backup of VM 100 failed - boom',
      'INFO: Failed at 2024-01-01 00:00:01',
      'INFO: Starting Backup of VM 101 (qemu)',
    ];
    assert.deepEqual(end(...lines), { finished: false, ok: undefined, statuses: ['failed', 'running'] });
    assert.deepEqual(
      end(
        ...lines,
        'INFO: Finished Backup of VM 101 (00:00:02)',
        'INFO: Backup job finished with errors',
        'TASK ERROR: job errors',
      ),
      {
        finished: true,
        ok: false,
        statuses: ['failed', 'ok'],
      },
    );
  });

  it('fails a guest the ended job never finished, and the job with it', () => {
    assert.deepEqual(end(START, 'TASK OK'), { finished: true, ok: false, statuses: ['failed'] });
    assert.deepEqual(end(START, 'TASK ERROR: interrupted by signal'), {
      finished: true,
      ok: false,
      statuses: ['failed'],
    });
  });

  it('does not give job-wide errors to the guest that was logged last', () => {
    const summary = parseVzdumpLog(
      log(START, 'ERROR: Backup job failed - interrupted by signal', 'TASK ERROR: interrupted by signal'),
    );
    assert.deepEqual(summary.guests[0]?.errors, []);
  });

  it('counts a global lock that could not be had as the end of a job that failed', () => {
    for (const line of [
      "ERROR: can't acquire lock '/var/run/vzdump.lock' - got timeout",
      "ERROR: can't acquire lock '/var/run/vzdump.lock' (wait = 0)",
    ]) {
      assert.deepEqual(
        end('INFO: trying to get global lock - waiting...', line),
        { finished: true, ok: false, statuses: [] },
        line,
      );
    }
    assert.deepEqual(end('INFO: trying to get global lock - waiting...', 'INFO: got global lock'), {
      finished: false,
      ok: undefined,
      statuses: [],
    });
  });

  it('starts over at "starting new backup job" after an earlier job ended (logs one after the other)', () => {
    assert.deepEqual(end(START, FINISH, 'TASK OK', 'INFO: starting new backup job: vzdump 100', START), {
      finished: false,
      ok: undefined,
      statuses: ['running'],
    });
  });
});
