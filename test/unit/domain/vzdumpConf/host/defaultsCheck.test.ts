import * as assert from 'node:assert/strict';
import { compareWithDefaults, vzdumpDefaults } from '../../../../../src/domain/vzdumpConf/defaultsCheck';

// What `pvesh get /nodes/pve2/vzdump/defaults --output-format json` printed on the lab for a file
// with tmpdir, an inline comment on mode, a typo, bwlimit, two exclude-path lines and mailto.
const LAB_DEFAULTS = JSON.parse(
  '{"all":0,"bwlimit":"100","compress":"0","dumpdir":"/var/lib/vz/dump","exclude-path":"/a,/b","fleecing":{"enabled":0},"ionice":7,"lockwait":180,"mailnotification":"always","mailto":"a@b.c,d@e.f","mode":"snapshot","notification-mode":"auto","performance":{"max-workers":16,"pbs-entries-max":1048576},"pigz":0,"prune-backups":"keep-all=1","quiet":0,"remove":1,"stdexcludes":1,"stop":0,"stopwait":10,"storage":"local","tmpdir":"/var/lib/vz/vzdump-tmp","tmpdri":"/y","zstd":1}',
) as Record<string, unknown>;

describe('checking a saved vzdump.conf against what Proxmox reads', () => {
  it('asks pvesh for the node defaults as JSON', () => {
    assert.deepEqual(vzdumpDefaults('pve2').command, {
      argv: ['pvesh', 'get', '/nodes/pve2/vzdump/defaults', '--output-format', 'json'],
    });
  });

  it('finds no mismatch when every value is read as written', () => {
    const values = {
      tmpdir: '/var/lib/vz/vzdump-tmp/',
      bwlimit: '100',
      'exclude-path': ['/a', '/b'],
      mailto: 'a@b.c; d@e.f',
      performance: 'max-workers=16',
      stdexcludes: '1',
    };
    assert.deepEqual(compareWithDefaults(values, LAB_DEFAULTS), []);
  });

  it('names the keys Proxmox reads differently, with both values', () => {
    const values = {
      mode: 'stop',
      ionice: '5',
      performance: 'max-workers=4',
      'prune-backups': 'keep-last=3',
      fleecing: '1,storage=local-zfs',
    };
    assert.deepEqual(
      compareWithDefaults(values, LAB_DEFAULTS).map((m) => [m.key, m.meant, m.proxmox]),
      [
        ['mode', 'stop', 'snapshot'],
        ['ionice', '5', '7'],
        ['performance', 'max-workers=4', 'max-workers=16,pbs-entries-max=1048576'],
        ['prune-backups', 'keep-last=3', 'keep-all=1'],
        ['fleecing', '1,storage=local-zfs', 'enabled=0'],
      ],
    );
  });

  it('treats a key missing from the answer as read as nothing', () => {
    assert.deepEqual(compareWithDefaults({ script: '/root/hook.sh' }, LAB_DEFAULTS), [
      { key: 'script', meant: '/root/hook.sh', proxmox: '' },
    ]);
  });
});
