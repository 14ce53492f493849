import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { findStuckBackups, type BackupProcessSurvey } from '../../../../src/domain/backup/stuckBackup';
import { lockFindings } from '../../../../src/domain/health/lockFindings';
import {
  lockProbeOperation,
  stalledProcesses,
  type LockProbe,
  type ProcessSample,
} from '../../../../src/domain/health/lockProbe';
import type { GuestInfo } from '../../../../src/domain/proxmox/inventory';

// The locks check: the global flock and the guests' backup locks, judged by whether the backup
// processes move. The probe's script also runs for real on this machine's /proc.

const UPID = 'UPID:pve2:00001F40:0001E240:67450A00:vzdump:1031:root@pam:';
const survey: BackupProcessSurvey = {
  processes: [
    { pid: 8000, ppid: 1, start: 'Thu Nov 26 21:54:44 2026', args: `task ${UPID}` },
    {
      pid: 8001,
      ppid: 8000,
      start: 'Thu Nov 26 21:54:45 2026',
      args: 'rsync --stats -h -X -A --numeric-ids -aH --delete --no-whole-file --sparse --one-file-system --relative /proc/1/root/./ /mnt/pve/truenas-bu/dump/vzdump-lxc-1031-2026_11_26-21_54_44.tmp',
    },
    { pid: 900, ppid: 1, start: 'Thu Nov 26 08:00:00 2026', args: '/usr/sbin/sshd -D' },
  ],
  lockOpenBy: [8000],
};
const running = findStuckBackups(survey);

function guest(vmid: number, name: string, lock?: string): GuestInfo {
  return {
    vmid,
    name,
    type: 'lxc',
    node: 'pve2',
    status: 'running',
    uptime: 0,
    mem: 0,
    maxmem: 0,
    tags: [],
    template: false,
    ...(lock ? { lock } : {}),
  };
}

function probe(
  lock: LockProbe['lock'],
  first: Record<number, ProcessSample>,
  second: Record<number, ProcessSample>,
): LockProbe {
  const map = (r: Record<number, ProcessSample>) => new Map(Object.entries(r).map(([pid, s]) => [Number(pid), s]));
  return { lock, samples: [map(first), map(second)] };
}

describe('health check: locks', () => {
  it('calls a lock stale when the backup holding it has a stopped rsync that moves no byte', () => {
    const stuck = probe(
      'held',
      { 8000: { state: 'S', io: 500 }, 8001: { state: 'T', io: 42 } },
      { 8000: { state: 'S', io: 500 }, 8001: { state: 'T', io: 42 } },
    );
    assert.deepEqual([...stalledProcesses(stuck)], [[8001, 'stopped (state T), no I/O in 2 s']]);
    const findings = lockFindings(stuck, running, [guest(1031, 'docker', 'backup'), guest(1034, 'plex')]);
    assert.deepEqual(
      findings.map((f) => [f.verdict, f.title, f.action?.id]),
      [
        [
          'failure',
          'The global backup lock is stale: the backup of 1031 holding it makes no progress',
          'cleanUpStuckBackup',
        ],
        ['failure', '1031 docker is locked by a stuck backup', 'cleanUpStuckBackup'],
      ],
    );
    assert.equal(findings[0]?.evidence, 'rsync (pid 8001) is stopped (state T), no I/O in 2 s');
    assert.match(findings[0]?.details ?? '', /^8001 {2}rsync --stats/m);
  });

  it('passes a lock held by a backup whose processes move, even through a moment of uninterruptible I/O', () => {
    const busy = probe(
      'held',
      { 8000: { state: 'S', io: 500 }, 8001: { state: 'D', io: 1_000 } },
      { 8000: { state: 'S', io: 500 }, 8001: { state: 'D', io: 9_000_000 } },
    );
    assert.equal(stalledProcesses(busy).size, 0);
    const findings = lockFindings(busy, running, [guest(1031, 'docker', 'backup')]);
    assert.deepEqual(
      findings.map((f) => [f.verdict, f.title]),
      [
        ['pass', 'The global backup lock is held by the running backup of 1031'],
        ['pass', '1031 docker is locked by its running backup'],
      ],
    );
  });

  it('fails a held lock with no backup running, and offers Unlock for a guest left locked', () => {
    const findings = lockFindings(
      probe('held', {}, {}),
      [],
      [guest(1031, 'docker', 'backup'), guest(1034, 'plex', 'snapshot')],
    );
    assert.deepEqual(
      findings.map((f) => [f.verdict, f.title, f.action?.id, f.action?.target]),
      [
        ['failure', 'The global backup lock is held, but no backup runs', undefined, undefined],
        ['failure', '1031 docker is locked by a backup that no longer runs', 'unlockGuest', '1031'],
      ],
    );
  });

  it('passes a free or absent lock file and guests without backup locks, naming other locks', () => {
    const free = lockFindings(probe('free', {}, {}), [], [guest(1034, 'plex', 'snapshot')]);
    assert.deepEqual(
      free.map((f) => [f.verdict, f.title, f.evidence]),
      [
        ['pass', 'The global backup lock is free', 'a shared flock on /var/run/vzdump.lock was granted at once'],
        ['pass', 'No guest is left locked by a backup', 'other locks: 1034 snapshot'],
      ],
    );
    assert.equal(lockFindings(probe('absent', {}, {}), [], [])[0]?.evidence, '/var/run/vzdump.lock does not exist');
  });

  it('reads the probe: the lock line and both samples, a PID that ended missing from the second', () => {
    const parsed = lockProbeOperation([8000, 8001]).parse({
      stdout: 'lock held\nsample 0 8000 S 500\nsample 0 8001 T 42\nsample 1 8001 T 42\n',
      stderr: '',
      exitCode: 0,
    });
    assert.equal(parsed.lock, 'held');
    assert.deepEqual([...parsed.samples[0].keys()], [8000, 8001]);
    assert.deepEqual([...parsed.samples[1]], [[8001, { state: 'T', io: 42 }]]);
    assert.throws(
      () => lockProbeOperation([]).parse({ stdout: '', stderr: 'bash: flock: command not found', exitCode: 0 }),
      /could not test \/var\/run\/vzdump\.lock: bash: flock: command not found/,
    );
  });

  it('samples real processes with the script: a stopped one is stalled, a working one is not, an ended one is skipped', function () {
    this.timeout(15_000);
    const stopped = spawn('sleep', ['30']);
    const working = spawn('bash', ['-c', 'while :; do echo x > /dev/null; done']);
    try {
      assert.ok(stopped.pid && working.pid);
      process.kill(stopped.pid, 'SIGSTOP');
      const operation = lockProbeOperation([stopped.pid, working.pid, 2 ** 22 + 12345]);
      if (!('script' in operation.command)) assert.fail('the probe is a script');
      const run = spawnSync('bash', [], { input: operation.command.script, encoding: 'utf8' });
      const result = operation.parse({ stdout: run.stdout, stderr: run.stderr, exitCode: run.status });
      assert.equal(result.samples[0].size, 2, run.stdout);
      assert.deepEqual([...stalledProcesses(result).keys()], [stopped.pid]);
      assert.ok(['absent', 'free', 'held'].includes(result.lock));
    } finally {
      stopped.kill('SIGKILL');
      working.kill('SIGKILL');
    }
  });
});
