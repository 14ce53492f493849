import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dumpLogfile } from './tasks/taskLog';
import { decodeUpid, encodeUpid, taskLogPath, UPID_RE } from './tasks/upid';

describe('task log paging (dump_logfile)', () => {
  let dir = '';
  let file = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pve-tasklog-'));
    file = path.join(dir, 'log');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('skips `start` lines, numbers from 1, limits, and counts the whole file', () => {
    fs.writeFileSync(file, Array.from({ length: 120 }, (_v, i) => `line ${i + 1}`).join('\n') + '\n');
    const first = dumpLogfile(file, 0, 50);
    assert.equal(first.total, 120);
    assert.equal(first.lines.length, 50);
    assert.deepEqual(first.lines[0], { n: 1, t: 'line 1' });
    const page = dumpLogfile(file, 100, 5);
    assert.deepEqual(
      page.lines.map((l) => l.n),
      [101, 102, 103, 104, 105],
    );
    assert.equal(dumpLogfile(file, 10, 0).lines.length, 110, 'limit 0 reads to the end');
    assert.deepEqual(dumpLogfile(file, 200, 5).lines, []);
  });

  it('answers an empty log with "no content" and a missing one with the open error', () => {
    fs.writeFileSync(file, '');
    assert.deepEqual(dumpLogfile(file, 0, 50), { total: 1, lines: [{ n: 1, t: 'no content' }] });
    assert.deepEqual(dumpLogfile(path.join(dir, 'missing'), 0, 50).lines, [
      { n: 1, t: 'unable to open file - No such file or directory' },
    ]);
  });
});

describe('UPID', () => {
  it('encodes and decodes the real examples', () => {
    for (const upid of [
      'UPID:algsrv1:00078F80:000B3A20:68F5D6E9:vzdump::root@pam:',
      'UPID:raspmox:00073F90:1E82807A:6A208D79:vzdump:100:root@pam:',
      'UPID:pve:0000EAE0:000A9DDE:695FF642:qmstart:9201:root@pam:',
    ]) {
      assert.match(upid, UPID_RE);
      const d = decodeUpid(upid);
      assert.ok(d);
      assert.equal(encodeUpid(d), upid);
    }
    assert.equal(decodeUpid('UPID:pve:1:2:3:vzdump::root@pam:'), undefined);
  });

  it('keeps the log in the directory of the last hex digit of the start time', () => {
    assert.equal(
      taskLogPath('UPID:algsrv1:00078F80:000B3A20:68F5D6E9:vzdump::root@pam:'),
      '/var/log/pve/tasks/9/UPID:algsrv1:00078F80:000B3A20:68F5D6E9:vzdump::root@pam:',
    );
  });
});
