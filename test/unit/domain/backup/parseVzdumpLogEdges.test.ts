import * as assert from 'node:assert/strict';
import { parseVzdumpLog } from '../../../../src/domain/backup/index';
import { readLogFixture } from './vzdumpFixtures';

// The shapes a log arrives in (partial, prefixed, pasted, CRLF, huge) and the rules for guests and
// the job's end, on small synthetic logs.

const log = (...lines: string[]) => lines.join('\n');

describe('parseVzdumpLog: how a log arrives', () => {
  it('gives nothing for an empty string, blank lines or text that is not a vzdump log', () => {
    for (const text of ['', '\n', '\r\n\r\n', 'no content', 'hello\nworld']) {
      assert.deepEqual(parseVzdumpLog(text), { guests: [], finished: false, problems: [] }, JSON.stringify(text));
    }
  });

  it('counts a guest from a log that starts in the middle of its backup, with the lines before', () => {
    const summary = parseVzdumpLog(
      log(
        'INFO: backup mode: snapshot',
        "INFO: creating vzdump archive '/var/lib/vz/dump/vzdump-qemu-300-2024_01_01-12_00_00.vma.zst'",
        'INFO:  21% (1.7 GiB of 8.0 GiB) in 3s, read: 580.3 MiB/s, write: 99.1 MiB/s',
        'ERROR: job failed with err -5 - Input/output error',
        'ERROR: Backup of VM 300 failed - job failed with err -5 - Input/output error',
        'INFO: Failed at 2024-01-01 12:00:04',
      ),
    );
    assert.deepEqual(summary.guests, [
      {
        vmid: 300,
        guestType: 'qemu',
        mode: 'snapshot',
        status: 'failed',
        archive: '/var/lib/vz/dump/vzdump-qemu-300-2024_01_01-12_00_00.vma.zst',
        percent: 21,
        errors: [
          'job failed with err -5 - Input/output error',
          'Backup of VM 300 failed - job failed with err -5 - Input/output error',
        ],
      },
    ]);
    // the problem seen before the guest was named is still that guest's
    assert.deepEqual(
      summary.problems.map((p) => [p.code, p.line, p.vmid]),
      [['io-error', 3, 300]],
    );
    assert.equal(summary.finished, true);
    assert.equal(summary.ok, false);
  });

  it('counts a guest that only appears in its "Finished Backup" line, and one in its failure line', () => {
    const summary = parseVzdumpLog(
      log('INFO: Finished Backup of VM 1031 (00:01:02)', 'ERROR: Backup of VM 1034 failed - CT is locked (backup)'),
    );
    assert.deepEqual(summary.guests, [
      { vmid: 1031, status: 'ok', errors: [] },
      { vmid: 1034, status: 'failed', errors: ['Backup of VM 1034 failed - CT is locked (backup)'] },
    ]);
    assert.deepEqual(summary.problems, [
      {
        code: 'guest-locked',
        line: 1,
        vmid: 1034,
        message: "The guest still had a 'backup' lock from an earlier operation.",
      },
    ]);
  });

  it('keeps the lines before the first "Starting Backup" out of that guest (the job preamble)', () => {
    const summary = parseVzdumpLog(
      log(
        'INFO: starting new backup job: vzdump 1031 --mode snapshot --storage truenas-bu',
        'INFO: backup mode: stop',
        'ERROR: something about the job',
        'INFO: Starting Backup of VM 1031 (lxc)',
      ),
    );
    assert.deepEqual(summary.guests, [{ vmid: 1031, guestType: 'lxc', status: 'running', errors: [] }]);
  });

  it('reads the job-log prefix "<vmid>: <date> <time> ", which also says whose line it is', () => {
    const summary = parseVzdumpLog(
      log(
        '1031: 2024-01-01 03:00:01 INFO: Starting Backup of VM 1031 (lxc)',
        '1031: 2024-01-01 03:00:01 INFO: backup mode: suspend',
        '1034: 2024-01-01 03:05:00 INFO: backup mode: stop',
        '1031: 2024-01-01 03:00:02 INFO: rsync: [generator] chown "/mnt/pve/truenas-bu/dump/vzdump-lxc-1031.tmp/etc" failed: Operation not permitted (1)',
        "1031: 2024-01-01 03:09:00 ERROR: Backup of VM 1031 failed - command 'rsync --stats' failed: exit code 23",
        '1034: 2024-01-01 03:06:00 INFO: Finished Backup of VM 1034 (00:01:00)',
      ),
    );
    assert.deepEqual(summary.guests, [
      {
        vmid: 1031,
        guestType: 'lxc',
        mode: 'suspend',
        status: 'failed',
        errors: ["Backup of VM 1031 failed - command 'rsync --stats' failed: exit code 23"],
      },
      { vmid: 1034, mode: 'stop', status: 'ok', errors: [] },
    ]);
    assert.deepEqual(
      summary.problems.map((p) => [p.code, p.line, p.vmid]),
      [['rsync-permission', 3, 1031]],
    );
  });

  it('finds messages after stray characters from pasting (quote marks, prompts, bullets, timestamps)', () => {
    const summary = parseVzdumpLog(
      log(
        '> INFO: Starting Backup of VM 1031 (lxc)',
        '`INFO: backup mode: snapshot`',
        '$ INFO: mode failure - some volumes do not support snapshots',
        "  * INFO: trying 'suspend' mode instead",
        '[Mon Jan 1 03:00:00] INFO: backup mode: suspend',
        '>> INFO: temporary directory is on NFS, disabling xattr and acl support, consider configuring a local tmpdir via /etc/vzdump.conf',
        "xx INFO: creating vzdump archive '/mnt/pve/truenas-bu/dump/vzdump-lxc-1031-2024_01_01-03_00_00.tar.zst'",
        '| ERROR: rsync: [sender] file has vanished: "/proc/4242/root/srv/radarr/envelope.json"',
        '-- INFO: Finished Backup of VM 1031 (00:10:00)',
        '# INFO: Backup job finished successfully',
      ),
    );
    assert.deepEqual(summary.guests, [
      {
        vmid: 1031,
        guestType: 'lxc',
        mode: 'suspend',
        modeFallback: 'suspend',
        status: 'ok',
        archive: '/mnt/pve/truenas-bu/dump/vzdump-lxc-1031-2024_01_01-03_00_00.tar.zst',
        errors: ['rsync: [sender] file has vanished: "/proc/4242/root/srv/radarr/envelope.json"'],
      },
    ]);
    assert.deepEqual(
      summary.problems.map((p) => [p.code, p.line]),
      [
        ['snapshot-unsupported', 2],
        ['tmpdir-nfs', 5],
        ['file-vanished', 7],
      ],
    );
    assert.equal(summary.ok, true);
  });

  it('treats an HTML-looking line as plain text: no meaning, kept verbatim in an error', () => {
    const summary = parseVzdumpLog(
      log(
        'INFO: Starting Backup of VM 100 (lxc)',
        '<img src=x onerror=alert(1)>',
        'ERROR: <img src=x onerror=alert(1)>',
        '<img src=x onerror=alert(1)>INFO: backup mode: stop',
      ),
    );
    assert.deepEqual(summary, {
      guests: [
        { vmid: 100, guestType: 'lxc', mode: 'stop', status: 'running', errors: ['<img src=x onerror=alert(1)>'] },
      ],
      finished: false,
      problems: [],
    });
  });

  it('reads CRLF line ends like LF, with the same line numbers', () => {
    for (const name of [
      '02-lxc-snapshot-unpriv-nfs-tar-permission-denied.log',
      '05-lxc-snapshot-fallback-suspend-pbs-success.log',
    ]) {
      const text = readLogFixture(name);
      assert.deepEqual(parseVzdumpLog(text.replace(/\n/g, '\r\n')), parseVzdumpLog(text), name);
    }
  });

  it('drops trailing spaces from error messages', () => {
    const summary = parseVzdumpLog('INFO: Starting Backup of VM 7 (qemu)\nERROR: Backup of VM 7 failed - boom    \r\n');
    assert.deepEqual(summary.guests[0]?.errors, ['Backup of VM 7 failed - boom']);
  });

  it('parses a 100,000-line job of 1,000 guests, one problem of each guest reported once', () => {
    const lines = ['INFO: starting new backup job: vzdump --all 1 --mode suspend'];
    for (let vmid = 1000; vmid < 2000; vmid++) {
      lines.push(`INFO: Starting Backup of VM ${vmid} (qemu)`, 'INFO: backup mode: snapshot');
      for (let i = 0; i < 97; i++) {
        lines.push(
          i % 10 === 0
            ? 'INFO: tar: ./srv/app.log: file changed as we read it'
            : `INFO: ${String(i + 1).padStart(3)}% (${i + 1}.0 GiB of 97.0 GiB) in ${i}s, read: 1.0 GiB/s, write: 1.0 GiB/s`,
        );
      }
      lines.push(`INFO: Finished Backup of VM ${vmid} (00:01:36)`);
    }
    lines.push('INFO: Backup job finished successfully', 'TASK OK');
    assert.equal(lines.length, 100_003);

    const summary = parseVzdumpLog(lines.join('\n'));
    assert.equal(summary.guests.length, 1000);
    assert.ok(
      summary.guests.every(
        (g) => g.status === 'ok' && g.percent === 97 && g.mode === 'snapshot' && g.guestType === 'qemu',
      ),
    );
    assert.equal(summary.problems.length, 1000);
    assert.deepEqual(summary.problems[999], {
      code: 'file-vanished',
      line: 99_903,
      vmid: 1999,
      message: summary.problems[0]?.message,
    });
    assert.equal(summary.finished, true);
    assert.equal(summary.ok, true);
  });
});
