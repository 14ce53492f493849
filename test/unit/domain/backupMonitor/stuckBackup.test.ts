import * as assert from 'node:assert/strict';
import {
  cleanupStuckBackupOperation,
  findStuckBackups,
  parseCleanupReport,
  parsePs,
  surveyBackupProcesses,
} from '../../../../src/domain/backup/stuckBackup';

// `ps -eo pid=,ppid=,lstart=,args=` on the lab with its stuck-lock switch on, plus the kinds of
// neighbours a real host has: a second job waiting for the lock, an editor on vzdump.conf.
const PS = [
  '      1       0 Thu Nov 26 21:48:31 2026 /sbin/init',
  '    400       1 Thu Nov 26 21:48:35 2026 sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups',
  '   3927       1 Thu Nov 26 21:54:44 2026 task UPID:pve2:00000F57:002518EB:6B08AAA4:vzdump:1031:root@pam:',
  '   3935    3927 Thu Nov 26 21:54:44 2026 rsync --stats -h --numeric-ids -aH /var/lib/lxc/1031/rootfs//./ /mnt/pve/truenas-bu/dump/vzdump-lxc-1031-2026_11_26-21_54_44.tmp',
  '   4100       1 Thu Nov  6 09:01:02 2026 task UPID:pve2:00001004:00251900:6B08AAB0:vzdump:1034:root@pam:',
  '   4200     400 Thu Nov 26 21:55:00 2026 vim /etc/vzdump.conf',
  '   4300       1 Thu Nov 26 21:56:00 2026 task UPID:pve2:000010CC:00252000:6B08AAC0:vzdump::root@pam:',
  '   4301    4300 Thu Nov 26 21:56:01 2026 tar cpf - --totals --one-file-system -C /var/lib/vz/vzdump-tmp/vzdumptmp4300_1040 ./etc',
  '   4302    4300 Thu Nov 26 21:56:01 2026 zstd -q --rsyncable --threads=1',
  '   4400     400 Thu Nov 26 21:57:00 2026 bash -s',
].join('\n');

describe('cleaning up a stuck backup (runbook 4.3)', () => {
  it('reads ps lines with their start times, single-spaced', () => {
    const processes = parsePs(PS);
    assert.equal(processes.length, 10);
    assert.deepEqual(processes[2], {
      pid: 3927,
      ppid: 1,
      start: 'Thu Nov 26 21:54:44 2026',
      args: 'task UPID:pve2:00000F57:002518EB:6B08AAA4:vzdump:1031:root@pam:',
    });
    assert.equal(processes[4]?.start, 'Thu Nov 6 09:01:02 2026');
  });

  it('groups the backup processes by guest, worker first, and says which have the lock file open', () => {
    const stuck = findStuckBackups({ processes: parsePs(PS), lockOpenBy: [3927, 4100] });
    assert.deepEqual(
      stuck.map((s) => [s.vmid, s.processes.map((p) => p.pid), s.hasLockOpen]),
      [
        [1031, [3927, 3935], true],
        [1034, [4100], true],
        // a job over several guests: its task has no VMID, its tar works on 1040's temporary copy
        [1040, [4300, 4301], false],
      ],
    );
  });

  it('leaves out the task being looked at, editors and shells', () => {
    const stuck = findStuckBackups(
      { processes: parsePs(PS), lockOpenBy: [3927] },
      'UPID:pve2:00001004:00251900:6B08AAB0:vzdump:1034:root@pam:',
    );
    assert.deepEqual(
      stuck.map((s) => s.vmid),
      [1031, 1040],
    );
    const pids = stuck.flatMap((s) => s.processes.map((p) => p.pid));
    assert.ok(!pids.includes(4200) && !pids.includes(4400) && !pids.includes(4302));
  });

  it('asks for processes and lock users in one script', () => {
    const survey = surveyBackupProcesses();
    assert.ok('script' in survey.command);
    assert.match(survey.command.script, /ps -eo pid=,ppid=,lstart=,args=/);
    const parsed = survey.parse({ stdout: `${PS}\n@@pve-ops-stuck@@\n3927\n`, stderr: '', exitCode: 0 });
    assert.deepEqual(parsed.lockOpenBy, [3927]);
    assert.equal(parsed.processes.length, 10);
  });

  it('signals exactly the listed PIDs, each with its start time, and unlocks with the right tool', () => {
    const [stuck] = findStuckBackups({ processes: parsePs(PS), lockOpenBy: [] });
    assert.ok(stuck);
    const operation = cleanupStuckBackupOperation(stuck, 'lxc');
    assert.ok('script' in operation.command);
    const script = operation.command.script;
    assert.ok(script.includes(`set -- 3927 'Thu Nov 26 21:54:44 2026' 3935 'Thu Nov 26 21:54:44 2026'`), script);
    assert.ok(!/pkill/.test(script), 'no pattern kills');
    assert.match(script, /pct config 1031/);
    assert.match(script, /pct unlock 1031/);
    const vm = cleanupStuckBackupOperation(stuck, 'qemu').command;
    assert.ok('script' in vm && vm.script.includes('qm unlock 1031'));
  });

  it('reports what happened: signals sent, survivors, the lock file and the unlock', () => {
    assert.deepEqual(parseCleanupReport('TERM 3927\nTERM 3935\nKILL 3927\nLOCK removed\nUNLOCK done\n'), {
      terminated: [3927, 3935],
      killed: [3927],
      survivors: [],
      lockRemoved: true,
      vzdumpLeft: [],
      unlock: { done: true, message: 'unlocked' },
    });
    const stuckInIo = parseCleanupReport(
      'TERM 3927\nKILL 3927\nALIVE 3927\nLOCK kept 3927 4100 \nUNLOCK skipped: some of its processes are still running\n',
    );
    assert.deepEqual(stuckInIo.survivors, [3927]);
    assert.equal(stuckInIo.lockRemoved, false);
    assert.deepEqual(stuckInIo.vzdumpLeft, [3927, 4100]);
    assert.deepEqual(stuckInIo.unlock, { done: false, message: 'some of its processes are still running' });
  });
});
