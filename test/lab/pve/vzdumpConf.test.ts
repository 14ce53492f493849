import * as assert from 'node:assert/strict';
import { parseVzdumpConf, splitArgs, vzdumpDefaultsFrom } from './config/vzdumpConf';
import { VZDUMP_CONF } from './seedData';

describe('/etc/vzdump.conf parsing (Proxmox rules)', () => {
  it('ignores blank lines and # comments; the shipped file gives schema defaults only', () => {
    const { values, warnings } = vzdumpDefaultsFrom(VZDUMP_CONF);
    assert.deepEqual(warnings, []);
    assert.equal(values.tmpdir, undefined);
    assert.equal(values.lockwait, 180);
    assert.equal(values.mode, 'snapshot');
    assert.deepEqual(values['prune-backups'], { 'keep-all': 1 });
  });

  it('needs the colon right after the key; whitespace after it is optional', () => {
    const { values, warnings } = parseVzdumpConf(
      'tmpdir : /tmp\ntmpdir:/var/lib/vz/vzdump-tmp\n  storage:   truenas-bu   \n',
    );
    assert.equal(values.tmpdir, '/var/lib/vz/vzdump-tmp');
    assert.equal(values.storage, 'truenas-bu');
    assert.deepEqual(warnings, ['ignore config line: tmpdir : /tmp']);
  });

  it('has no inline comments: the invalid value is warned about and dropped', () => {
    const { values, warnings } = parseVzdumpConf('mode: snapshot # fast\nionice: 9\nlockwait: soon\n');
    assert.equal(values.mode, undefined);
    assert.equal(values.ionice, undefined);
    assert.equal(values.lockwait, undefined);
    assert.deepEqual(warnings, [
      "parse error in '/etc/vzdump.conf' - 'mode': value 'snapshot # fast' does not have a value in the enumeration 'snapshot, suspend, stop'",
      "parse error in '/etc/vzdump.conf' - 'ionice': value must have a maximum value of 8",
      "parse error in '/etc/vzdump.conf' - 'lockwait': type check ('integer') failed - got 'soon'",
    ]);
  });

  it('last value wins, exclude-path accumulates, booleans become 0/1, unknown keys are kept silently', () => {
    const { values, warnings } = parseVzdumpConf(
      'mode: stop\nmode: suspend\nexclude-path: /a\nexclude-path: "/b c" /d\nremove: no\ntmpdri: /typo\n',
    );
    assert.equal(values.mode, 'suspend');
    assert.deepEqual(values['exclude-path'], ['/a', '"/b c" /d']);
    assert.equal(values.remove, 0);
    assert.equal(values.tmpdri, '/typo');
    assert.deepEqual(warnings, []);
    assert.deepEqual(splitArgs('"/b c" /d'), ['/b c', '/d']);
  });

  it('warns when storage and dumpdir are both set and ignores dumpdir', () => {
    const { values, warnings } = vzdumpDefaultsFrom('storage: local\ndumpdir: /backup\n');
    assert.equal(values.dumpdir, undefined);
    assert.deepEqual(warnings, [
      "WARN: both 'storage' and 'dumpdir' defined in '/etc/vzdump.conf' - ignoring 'dumpdir'",
    ]);
  });

  it('validates property strings like prune-backups', () => {
    const { values, warnings } = parseVzdumpConf('prune-backups: keep-all=1,keep-last=3\nperformance: max-workers=4\n');
    assert.equal(values['prune-backups'], undefined);
    assert.equal(values.performance, 'max-workers=4');
    assert.match(
      warnings[0] ?? '',
      /'prune-backups': invalid format - keep-all cannot be set together with other options\.$/,
    );
  });
});
