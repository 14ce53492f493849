import * as assert from 'node:assert/strict';
import { findDestructiveLines, needsTty } from '../../../../src/domain/runbook/destructive';

describe('destructive lines', () => {
  it('flags every line of the runbook cleanup (section 4.3) that kills or removes', () => {
    const cleanup = [
      'pkill -TERM -f "vzdump.*1031" || true',
      'pkill -TERM -f "rsync.*vzdump-lxc-1031" || true',
      'sleep 2',
      'pkill -KILL -f "vzdump.*1031" || true',
      'pkill -KILL -f "rsync.*vzdump-lxc-1031" || true',
      'rm -f /run/vzdump.lock',
      'pct unlock 1031',
    ].join('\n');
    assert.deepEqual(
      findDestructiveLines(cleanup).map((l) => l.line),
      [0, 1, 3, 4, 5],
    );
  });

  it('recognises the dangerous commands behind sudo, pipes and chains', () => {
    const flagged = [
      'sudo zpool destroy tank',
      'zpool clear rpool',
      'zfs rollback rpool/data@x',
      'qm destroy 100',
      'cat img | dd of=/dev/sdb bs=1M',
      'true && mkfs.ext4 /dev/sdc1',
      'sgdisk --zap-all /dev/sda',
      'wipefs -a /dev/sdb',
      'systemctl stop pve-cluster',
      'kill -9 1234',
      'reboot',
      'rm -rf /var/lib/vz/vzdump-tmp/vzdumptmp123_1031',
    ];
    for (const line of flagged) assert.equal(findDestructiveLines(line).length, 1, line);
  });

  it('does not flag comments, quoted text, echo or read-only commands', () => {
    const harmless = [
      '# rm -rf /',
      'echo "rm -rf /"',
      'echo rm -rf /',
      'zpool status -v rpool',
      'zfs list',
      'pct list',
      'rm file-without-force',
      'systemctl status pve-cluster',
      'ls -l /mnt/pve/truenas-bu/dump # then: rm -f old',
    ];
    for (const line of harmless) assert.deepEqual(findDestructiveLines(line), [], line);
  });

  it('knows which commands need a terminal', () => {
    assert.equal(needsTty('pct enter 1031'), true);
    assert.equal(needsTty('sudo htop'), true);
    assert.equal(needsTty('nano /etc/vzdump.conf'), true);
    assert.equal(needsTty('ssh root@pve3'), true);
    assert.equal(needsTty('ssh root@pve3 uptime'), false);
    assert.equal(needsTty('zpool status -v rpool | less'), true);
    assert.equal(needsTty('vzdump 1031 --mode stop'), false);
  });
});
