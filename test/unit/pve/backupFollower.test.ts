import * as assert from 'node:assert/strict';
import type { RemoteOperation } from '../../../src/domain/shell/remoteOperation';
import { BackupFollower } from '../../../src/pve/backups/backupFollower';

// The follower against canned host answers: what it asks for, and how it rides out a lost look.

const UPID = 'UPID:pve2:00001F40:0001E240:6746A1B0:vzdump:1031:root@pam:';
const ARCHIVE = '/var/lib/vz/dump/vzdump-lxc-1031-2024_11_27-06_36_00.tar.zst';

function poll(status: string, lines: string[], first: number, du = ''): string {
  const log = JSON.stringify(lines.map((t, i) => ({ n: first + i + 1, t })));
  return `${status}\n@@pve-ops-backup-poll@@\n${log}\n@@pve-ops-backup-poll@@\n${du}`;
}
const RUNNING = `{"upid":"${UPID}","status":"running"}`;
const STOPPED = `{"upid":"${UPID}","status":"stopped","exitstatus":"OK"}`;

/** A host that answers each remote command with the next of `answers` (an Error is thrown). */
function fakeHost(answers: (string | Error)[]) {
  const asked: string[] = [];
  const run = <T>(operation: RemoteOperation<T>): Promise<T> => {
    asked.push('script' in operation.command ? operation.command.script : operation.command.argv.join(' '));
    const answer = answers.shift();
    if (answer === undefined) return Promise.reject(new Error('no more answers'));
    if (answer instanceof Error) return Promise.reject(answer);
    return Promise.resolve().then(() => operation.parse({ stdout: answer, stderr: '', exitCode: 0 }));
  };
  return { run, asked };
}

describe('BackupFollower', () => {
  it('reads only new log lines, measures the archive, and lists it on the storage at the end', async () => {
    const host = fakeHost([
      poll(
        RUNNING,
        [
          'INFO: starting new backup job: vzdump 1031 --storage local --mode stop',
          'INFO: Starting Backup of VM 1031 (lxc)',
        ],
        0,
      ),
      poll(RUNNING, [`INFO: creating vzdump archive '${ARCHIVE}'`], 2),
      poll(RUNNING, [], 3, `2048\t${ARCHIVE.replace('.tar.zst', '.tar.dat')}\n`),
      poll(STOPPED, ['INFO: Finished Backup of VM 1031 (00:00:09)', 'INFO: Backup job finished successfully'], 3),
      JSON.stringify([{ volid: `local:backup/${ARCHIVE.split('/').pop() ?? ''}`, content: 'backup', size: 4096 }]),
    ]);
    const follower = new BackupFollower(host.run, 'pve2', 'pve2', UPID, 1);
    await follower.done;
    assert.deepEqual(
      host.asked.slice(0, 4).map((s) => /--start (\d+)/.exec(s)?.[1]),
      ['0', '2', '3', '3'],
    );
    assert.ok(host.asked[2]?.includes(`du -sb -- ${ARCHIVE}`), 'measures the archive once the log names it');
    assert.match(host.asked[4] ?? '', /pvesh get \/nodes\/pve2\/storage\/local\/content/);
    const state = follower.state();
    assert.equal(state.status, 'ok');
    assert.deepEqual(state.archive, { path: ARCHIVE, size: 4096, listed: true });
    assert.equal(follower.commands, 5);
  });

  it('shows a failed look and keeps following once the host answers again', async () => {
    const host = fakeHost([new Error('connection lost'), poll(STOPPED, ['INFO: Backup job finished successfully'], 0)]);
    const follower = new BackupFollower(host.run, 'pve2', 'pve2', UPID, 1);
    const errors: (string | undefined)[] = [];
    follower.onDidChange(() => errors.push(follower.state().followError));
    await follower.done;
    assert.deepEqual(errors, ['connection lost', undefined]);
    assert.equal(follower.finished, true);
  });

  it('stops looking when disposed', async () => {
    const host = fakeHost(Array.from({ length: 1000 }, () => poll(RUNNING, [], 0)));
    const follower = new BackupFollower(host.run, 'pve2', 'pve2', UPID, 50);
    await new Promise((r) => setTimeout(r, 20));
    follower.dispose();
    await follower.done;
    const asked = host.asked.length;
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(host.asked.length, asked);
    assert.ok(asked <= 2, `asked ${asked} times`);
  });
});
