import * as assert from 'node:assert/strict';
import { backupPollOperation, parseDu, pathsToMeasure } from '../../../../src/domain/backup/backupPoll';

const UPID = 'UPID:pve2:00001F40:0001E240:6746A1B0:vzdump:1031:root@pam:';

describe('one look at a running backup', () => {
  it('asks for status, the new log lines and sizes in one script, every path quoted', () => {
    const operation = backupPollOperation('pve2', UPID, 42, ["/var/lib/vz/dump/it's.tar.dat"]);
    assert.ok('script' in operation.command);
    const script = operation.command.script;
    assert.ok(script.includes(`pvesh get /nodes/pve2/tasks/${UPID}/status --output-format json`), script);
    assert.ok(script.includes(`/tasks/${UPID}/log --start 42 --limit 5000 --output-format json`), script);
    assert.match(script, /du -sb -- '\/var\/lib\/vz\/dump\/it'\\''s\.tar\.dat' 2>\/dev\/null/);
    const withoutSizes = backupPollOperation('pve2', UPID, 0, []).command;
    assert.ok('script' in withoutSizes && !withoutSizes.script.includes('du '));
  });

  it('refuses a UPID or node that could change the API path', () => {
    assert.throws(() => backupPollOperation('pve2/../x', UPID, 0, []), /not a valid part/);
  });

  it('reads status, log and sizes from the one output, even after a login banner', () => {
    const stdout = [
      'Welcome to pve2',
      `{"upid":"${UPID}","status":"running","type":"vzdump","id":"1031","starttime":1732682160}`,
      '@@pve-ops-backup-poll@@',
      '[{"n":43,"t":"INFO: stopping virtual guest"},{"n":44,"t":"INFO: creating vzdump archive \'/var/lib/vz/dump/a.tar.zst\'"}]',
      '@@pve-ops-backup-poll@@',
      '1048576\t/var/lib/vz/dump/a.tar.dat',
      '',
    ].join('\n');
    const poll = backupPollOperation('pve2', UPID, 42, []).parse({ stdout, stderr: '', exitCode: 0 });
    assert.equal(poll.status.status, 'running');
    assert.deepEqual(
      poll.lines.map((l) => l.n),
      [43, 44],
    );
    assert.deepEqual([...poll.sizes], [['/var/lib/vz/dump/a.tar.dat', 1048576]]);
  });

  it('does not count the placeholder of a log not written yet, so the next look starts at its real first line', () => {
    const look = (log: string) =>
      backupPollOperation('pve2', UPID, 0, []).parse({
        stdout: `{"upid":"${UPID}","status":"running"}\n@@pve-ops-backup-poll@@\n${log}\n@@pve-ops-backup-poll@@\n`,
        stderr: '',
        exitCode: 0,
      });
    assert.deepEqual(look('[{"n":1,"t":"no content"}]').lines, []);
    assert.deepEqual(look('[{"n":1,"t":"unable to open file - No such file or directory"}]').lines, []);
    assert.deepEqual(
      look('[{"n":1,"t":"INFO: starting new backup job: vzdump 1031 --mode stop"}]').lines.map((l) => l.n),
      [1],
    );
  });

  it('names what was wrong when the status is not JSON', () => {
    const stdout = 'no such task\n@@pve-ops-backup-poll@@\n[]\n@@pve-ops-backup-poll@@\n';
    assert.throws(
      () => backupPollOperation('pve2', UPID, 0, []).parse({ stdout, stderr: '', exitCode: 0 }),
      /the status of UPID:pve2.*no JSON/,
    );
  });

  it('measures the growing archive and the sync copy the log names', () => {
    const log = [
      'INFO: starting first sync /var/lib/lxc/1031/rootfs/ to /var/lib/vz/vzdump-tmp/vzdumptmp123_1031/',
      "INFO: creating vzdump archive '/mnt/pve/truenas-bu/dump/vzdump-lxc-1031-2026_11_26-20_00_00.tar.zst'",
    ];
    assert.deepEqual(pathsToMeasure(log), [
      '/var/lib/vz/vzdump-tmp/vzdumptmp123_1031',
      '/mnt/pve/truenas-bu/dump/vzdump-lxc-1031-2026_11_26-20_00_00.tar.zst',
      '/mnt/pve/truenas-bu/dump/vzdump-lxc-1031-2026_11_26-20_00_00.tar.dat',
    ]);
    assert.deepEqual([...parseDu('12\t/a b\njunk\n')], [['/a b', 12]]);
  });
});
