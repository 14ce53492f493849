import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SEED_DAMAGED_FILES, writeSeed } from './seed';
import { parseStorageCfg } from './config/storageConfig';
import { parseLxcConfig } from './config/lxcConfig';
import { parseZpoolStatus } from './api/zfs';

describe('seed state of pve2', function () {
  this.timeout(20_000);
  let root = '';
  const p = (l: string): string => path.join(root, l);
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'pve-seed-'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes the guests, storages, vzdump.conf and guest trees of the runbook', () => {
    writeSeed(root);
    const storages = parseStorageCfg(fs.readFileSync(p('/etc/pve/storage.cfg'), 'utf8'));
    assert.deepEqual(
      storages.map((s) => `${s.storage}:${s.type}`),
      ['local:dir', 'local-zfs:zfspool', 'ext:dir', 'truenas-bu:nfs'],
    );
    const conf = parseLxcConfig(1031, fs.readFileSync(p('/etc/pve/lxc/1031.conf'), 'utf8'));
    assert.equal(conf.entries.get('hostname'), 'docker');
    assert.equal(conf.entries.get('mp0'), '/mnt/Main,mp=/mnt/Main');
    assert.ok(
      fs
        .statSync(p('/var/lib/lxc/1031/rootfs/root/docker-projects/docker-media-stack/config/radarr-directors'))
        .isDirectory(),
    );
    assert.doesNotMatch(fs.readFileSync(p('/etc/vzdump.conf'), 'utf8'), /^tmpdir:/m);
    assert.ok(!fs.existsSync(p('/var/lib/vz/vzdump-tmp')));
    assert.ok(fs.statSync(p('/mnt/pve/truenas-bu/dump')).isDirectory());
    assert.ok(fs.statSync(p('/mnt/Main')).isDirectory());
    assert.equal(SEED_DAMAGED_FILES.length, 3);
    for (const f of SEED_DAMAGED_FILES) assert.equal(fs.statSync(p(f)).size, 4 * 1024 * 1024);
    assert.ok(fs.readFileSync(p('/var/log/pve/tasks/index'), 'utf8').split('\n').filter(Boolean).length >= 5);
  });

  it('is idempotent: a second run restores configs, clears locks and new tasks, keeps images', () => {
    const image = p(SEED_DAMAGED_FILES[0] ?? '');
    const marker = Buffer.from('corrupted-by-runtime');
    const fd = fs.openSync(image, 'r+');
    fs.writeSync(fd, marker, 0, marker.length, 4096);
    fs.closeSync(fd);
    fs.appendFileSync(p('/etc/pve/lxc/1031.conf'), 'lock: backup\n');
    fs.appendFileSync(p('/etc/vzdump.conf'), 'tmpdir: /var/lib/vz/vzdump-tmp\n');
    fs.mkdirSync(p('/var/lib/vz/vzdump-tmp'));
    fs.appendFileSync(
      p('/var/log/pve/tasks/index'),
      'UPID:pve2:00000001:00000001:00000001:vzdump:1031:root@pam: 00000002 OK\n',
    );
    writeSeed(root);
    assert.doesNotMatch(fs.readFileSync(p('/etc/pve/lxc/1031.conf'), 'utf8'), /^lock:/m);
    assert.doesNotMatch(fs.readFileSync(p('/etc/vzdump.conf'), 'utf8'), /^tmpdir:/m);
    assert.ok(!fs.existsSync(p('/var/lib/vz/vzdump-tmp')));
    assert.doesNotMatch(fs.readFileSync(p('/var/log/pve/tasks/index'), 'utf8'), /:00000001:vzdump/);
    assert.ok(
      fs
        .readFileSync(image)
        .subarray(4096, 4096 + marker.length)
        .equals(marker),
      'image content survives',
    );
  });
});

describe('zpool status -P parsing (pve-storage ZFS.pm rules)', () => {
  it('turns the status text into the API object', () => {
    const detail = parseZpoolStatus(
      [
        '  pool: rpool',
        ' state: ONLINE',
        'status: One or more devices has experienced an error resulting in data',
        '\tcorruption.  Applications may be affected.',
        '  scan: scrub repaired 0B in 00:00:02 with 3 errors on Wed Jan 25 19:03:31 2023',
        'config:',
        '',
        '\tNAME        STATE     READ WRITE CKSUM',
        '\trpool       ONLINE       0     0 2.04K',
        '\t  mirror-0  ONLINE       0     0     0',
        '\t    /dev/sda3  ONLINE       0     0    12',
        '',
        "errors: 3 data errors, use '-v' for a list",
      ].join('\n'),
    );
    assert.equal(detail.name, 'rpool');
    assert.equal(
      detail.status,
      'One or more devices has experienced an error resulting in data corruption.  Applications may be affected.',
    );
    assert.equal(detail.errors, "3 data errors, use '-v' for a list");
    const children = detail.children as Array<Record<string, unknown>>;
    assert.equal(children[0]?.cksum, 2.04);
    const mirror = (children[0]?.children as Array<Record<string, unknown>>)[0];
    assert.equal(mirror?.name, 'mirror-0');
    assert.equal((mirror?.children as Array<Record<string, unknown>>)[0]?.cksum, 12);
    assert.equal((mirror?.children as Array<Record<string, unknown>>)[0]?.leaf, 1);
  });
});
