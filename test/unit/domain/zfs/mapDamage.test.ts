import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildInventory, type GuestInfo } from '../../../../src/domain/proxmox/inventory';
import { clusterResourcesSchema, type StorageContentItem } from '../../../../src/domain/proxmox/schemas';
import { parseStorageCfg, type StorageDefinition } from '../../../../src/domain/proxmox/storageConfig';
import { backupsOfGuests, mapDamage, type DamagedEntry } from '../../../../src/domain/zfs/mapDamage';
import { parseZpoolStatus } from '../../../../src/domain/zfs/parseZpoolStatus';
import { listFixtures, readFixture } from './zpoolFixtures';

// Permanent-error entries to storages, volumes and guests, first rule by rule, then the pve2 lab's seed.

const pvesh = path.resolve(__dirname, '../../../fixtures/pvesh');
const labStorages = parseStorageCfg(fs.readFileSync(path.join(pvesh, 'lab-storage.cfg'), 'utf8'));
const labGuests = buildInventory(
  clusterResourcesSchema.parse(JSON.parse(fs.readFileSync(path.join(pvesh, 'lab-cluster-resources.json'), 'utf8'))),
).guests;

function storage(type: string, id: string, options: Record<string, string>): StorageDefinition {
  return { type, id, options };
}

function guest(vmid: number, name: string, type: GuestInfo['type']): GuestInfo {
  return { vmid, name, type, node: 'pve1', status: 'running', uptime: 0, mem: 0, maxmem: 0, tags: [], template: false };
}

/** The one result of a single entry. */
function mapOne(
  entry: string,
  storages: StorageDefinition[] = labStorages,
  guests: readonly GuestInfo[] = [],
): DamagedEntry {
  const [result, ...rest] = mapDamage('rpool', [entry], storages, guests);
  assert.equal(rest.length, 0);
  assert.ok(result);
  return result;
}

describe('mapDamage: files on path storages', () => {
  it('maps <path>/images/<vmid>/<file> of a dir storage to its volume and guest', () => {
    assert.deepEqual(mapOne('/mnt/ext/images/1008/vm-1008-disk-0.raw'), {
      entry: '/mnt/ext/images/1008/vm-1008-disk-0.raw',
      kind: 'file',
      pool: 'rpool',
      path: '/mnt/ext/images/1008/vm-1008-disk-0.raw',
      storage: 'ext',
      volume: 'ext:1008/vm-1008-disk-0.raw',
      vmid: 1008,
    });
  });

  it('lets the longest storage path win, for dir, nfs and cifs storages alike', () => {
    const storages = [
      storage('dir', 'mnt', { path: '/mnt/' }),
      storage('dir', 'ext', { path: '/mnt/ext' }),
      storage('nfs', 'nas', { path: '/mnt/pve/nas', server: 'nas.lan', export: '/tank' }),
      storage('cifs', 'smb', { path: '/mnt/pve/smb', server: 'smb.lan', share: 'vm' }),
    ];
    assert.equal(mapOne('/mnt/ext/images/1008/vm-1008-disk-0.raw', storages).volume, 'ext:1008/vm-1008-disk-0.raw');
    assert.equal(mapOne('/mnt/images/7/vm-7-disk-0.raw', storages).volume, 'mnt:7/vm-7-disk-0.raw');
    assert.equal(mapOne('/mnt/pve/nas/images/200/vm-200-disk-1.qcow2', storages).volume, 'nas:200/vm-200-disk-1.qcow2');
    assert.equal(mapOne('/mnt/pve/smb/images/201/vm-201-disk-0.vmdk', storages).volume, 'smb:201/vm-201-disk-0.vmdk');
  });

  it('takes the volume, not the file inside it, for a subvol directory on a dir storage', () => {
    const damaged = mapOne('/var/lib/vz/images/105/subvol-105-disk-0.subvol/etc/passwd');
    assert.deepEqual(
      [damaged.kind, damaged.storage, damaged.volume, damaged.vmid],
      ['file', 'local', 'local:105/subvol-105-disk-0.subvol', 105],
    );
  });

  it('names a damaged backup archive as a backup volume with no guest, and other files by storage only', () => {
    const archive = mapOne('/var/lib/vz/dump/vzdump-lxc-1034-2026_11_22-03_00_01.tar.zst', labStorages, labGuests);
    assert.deepEqual(
      [archive.storage, archive.volume, archive.vmid, archive.guest],
      ['local', 'local:backup/vzdump-lxc-1034-2026_11_22-03_00_01.tar.zst', undefined, undefined],
    );
    assert.deepEqual(mapOne('/var/lib/vz/template/cache/debian-12.tar.zst'), {
      entry: '/var/lib/vz/template/cache/debian-12.tar.zst',
      kind: 'file',
      pool: 'rpool',
      path: '/var/lib/vz/template/cache/debian-12.tar.zst',
      storage: 'local',
    });
    assert.deepEqual(mapOne('/etc/hosts'), { entry: '/etc/hosts', kind: 'file', pool: 'rpool', path: '/etc/hosts' });
  });

  it('keeps the storage but no volume for an images entry that is not <vmid>/<file>', () => {
    const damaged = mapOne('/mnt/ext/images/notes.txt');
    assert.deepEqual([damaged.storage, damaged.volume, damaged.vmid], ['ext', undefined, undefined]);
  });
});

describe('mapDamage: zvols and container subvolumes of zfspool storages', () => {
  it('maps a zvol object and its snapshot to the zfspool storage whose pool is the parent', () => {
    assert.deepEqual(mapOne('rpool/data/vm-100-disk-0:<0x1>'), {
      entry: 'rpool/data/vm-100-disk-0:<0x1>',
      kind: 'zvol',
      pool: 'rpool',
      dataset: 'rpool/data/vm-100-disk-0',
      storage: 'local-zfs',
      volume: 'local-zfs:vm-100-disk-0',
      vmid: 100,
    });
    const inSnapshot = mapOne('rpool/data/vm-100-disk-0@before-upgrade:<0x1>');
    assert.deepEqual(
      [inSnapshot.kind, inSnapshot.dataset, inSnapshot.snapshot, inSnapshot.volume],
      ['zvol', 'rpool/data/vm-100-disk-0', 'before-upgrade', 'local-zfs:vm-100-disk-0'],
    );
    assert.equal(mapOne('rpool/data/base-9000-disk-0@__base__:<0x1>').volume, 'local-zfs:base-9000-disk-0');
  });

  it('keeps dataset and vmid of a zvol whose pool no storage uses, without storage or volume', () => {
    const damaged = mapOne('tank/vms/vm-204-disk-0:<0x1>');
    assert.deepEqual(
      [damaged.kind, damaged.dataset, damaged.vmid, damaged.storage, damaged.volume],
      ['zvol', 'tank/vms/vm-204-disk-0', 204, undefined, undefined],
    );
  });

  it('maps a file in a mounted subvol, under the default or a configured mountpoint', () => {
    assert.deepEqual(mapOne('/rpool/data/subvol-101-disk-0/etc/passwd'), {
      entry: '/rpool/data/subvol-101-disk-0/etc/passwd',
      kind: 'file',
      pool: 'rpool',
      path: '/rpool/data/subvol-101-disk-0/etc/passwd',
      dataset: 'rpool/data/subvol-101-disk-0',
      storage: 'local-zfs',
      volume: 'local-zfs:subvol-101-disk-0',
      vmid: 101,
    });
    const mounted = [storage('zfspool', 'ct-zfs', { pool: 'rpool/ct', mountpoint: '/srv/ct' })];
    const damaged = mapOne('/srv/ct/subvol-102-disk-1/var/lib/db', mounted);
    assert.deepEqual(
      [damaged.dataset, damaged.storage, damaged.volume, damaged.vmid],
      ['rpool/ct/subvol-102-disk-1', 'ct-zfs', 'ct-zfs:subvol-102-disk-1', 102],
    );
  });

  it('recognises a subvol under the default mountpoint even when no storage names its pool', () => {
    const damaged = mapOne('/rpool/other/subvol-103-disk-0/etc/passwd', []);
    assert.deepEqual(
      [damaged.dataset, damaged.vmid, damaged.storage],
      ['rpool/other/subvol-103-disk-0', 103, undefined],
    );
  });

  it('maps a subvol named by dataset: an object, or a path when it is not mounted', () => {
    const object = mapOne('rpool/data/subvol-101-disk-0:<0x20>');
    assert.deepEqual(
      [object.kind, object.dataset, object.volume, object.vmid, object.path],
      ['dataset-object', 'rpool/data/subvol-101-disk-0', 'local-zfs:subvol-101-disk-0', 101, undefined],
    );
    const file = mapOne('rpool/data/subvol-101-disk-0@daily:/etc/shadow');
    assert.deepEqual(
      [file.kind, file.dataset, file.snapshot, file.path, file.volume],
      ['file', 'rpool/data/subvol-101-disk-0', 'daily', '/etc/shadow', 'local-zfs:subvol-101-disk-0'],
    );
  });

  it('gives a dataset that is not a guest volume its storage at most', () => {
    assert.deepEqual(mapOne('rpool/ROOT/pve-1:<0x1a2b>'), {
      entry: 'rpool/ROOT/pve-1:<0x1a2b>',
      kind: 'dataset-object',
      pool: 'rpool',
      dataset: 'rpool/ROOT/pve-1',
    });
    const nested = mapOne('rpool/data/vm-100-disk-0/extra/vm-300-disk-0:<0x1>');
    assert.deepEqual([nested.storage, nested.volume, nested.vmid], ['local-zfs', undefined, 300]);
  });
});

describe('mapDamage: pool-level entries, guests and bad input', () => {
  it('marks <metadata> and unnamed datasets without guest, and keeps anything else as unknown', () => {
    const results = mapDamage(
      'rpool',
      ['<metadata>:<0x24>', '<0xffffffffffffffff>:<0x0>', '.....', '', 'no path here'],
      labStorages,
      labGuests,
    );
    assert.deepEqual(
      results.map((r) => [r.entry, r.kind]),
      [
        ['<metadata>:<0x24>', 'metadata'],
        ['<0xffffffffffffffff>:<0x0>', 'dataset-object'],
        ['.....', 'unknown'],
        ['', 'unknown'],
        ['no path here', 'unknown'],
      ],
    );
    assert.ok(results.every((r) => Object.keys(r).sort().join() === 'entry,kind,pool'));
  });

  it('looks the guest up by VMID, and keeps the VMID when there is no such guest', () => {
    const guests = [guest(100, 'web', 'qemu'), guest(101, 'db', 'lxc')];
    assert.deepEqual(mapOne('rpool/data/vm-100-disk-0:<0x1>', labStorages, guests).guest, {
      vmid: 100,
      name: 'web',
      type: 'qemu',
      status: 'running',
      node: 'pve1',
    });
    const orphan = mapOne('rpool/data/vm-999-disk-0:<0x1>', labStorages, guests);
    assert.deepEqual([orphan.vmid, orphan.guest, 'guest' in orphan], [999, undefined, false]);
  });

  it('never throws, whatever the entries and storages', () => {
    const odd = [
      '/',
      '//',
      ':',
      ':<0x1>',
      '<metadata>',
      '<0x1>:',
      'rpool:/',
      '@snap:<0x1>',
      'a b:<0xZZ>',
      '/rpool/subvol-x',
      '\u0000',
      ' '.repeat(10),
      'rpool/data/vm-1e9-disk-0:<0x1>',
    ];
    const storages = [
      storage('zfspool', 'bad', { pool: '/' }),
      storage('dir', 'root', { path: '/' }),
      storage('dir', 'empty', { path: '' }),
      storage('zfspool', 'none', {}),
    ];
    const results = mapDamage('', odd, storages, []);
    assert.equal(results.length, odd.length);
    assert.deepEqual(
      results.map((r) => r.entry),
      odd,
    );
  });

  it('maps the entries of every captured zpool status without throwing', () => {
    const kinds = new Set<string>();
    for (const name of listFixtures()) {
      if (name.startsWith('3')) continue; // JSON captures, two of them cut off; the text ones carry the entries
      for (const pool of parseZpoolStatus(readFixture(name))) {
        for (const damaged of mapDamage(pool.name, pool.errors.permanent, labStorages, labGuests))
          kinds.add(damaged.kind);
      }
    }
    // Every form zpool prints: 04 has dataset:<0x..> and a mounted path, 18 <metadata>, 40 the lab's images.
    assert.deepEqual([...kinds].sort(), ['dataset-object', 'file', 'metadata']);
  });
});

describe('mapDamage: the pve2 lab seed (runbook 3.1)', () => {
  it('maps the three damaged images of fixture 40 to dashy, caddy and plex', () => {
    const [pool] = parseZpoolStatus(readFixture('40-lab-seed.txt'));
    assert.ok(pool);
    const damage = mapDamage(pool.name, pool.errors.permanent, labStorages, labGuests);
    assert.deepEqual(
      damage.map((d) => [
        d.kind,
        d.storage,
        d.volume,
        d.vmid,
        d.guest?.name,
        d.guest?.type,
        d.guest?.status,
        d.guest?.node,
      ]),
      [
        ['file', 'local', 'local:10006/vm-10006-disk-0.raw', 10006, 'dashy', 'lxc', 'stopped', 'pve2'],
        ['file', 'ext', 'ext:1008/vm-1008-disk-0.raw', 1008, 'caddy', 'lxc', 'running', 'pve2'],
        ['file', 'ext', 'ext:1034/vm-1034-disk-0.raw', 1034, 'plex', 'lxc', 'running', 'pve2'],
      ],
    );
    assert.deepEqual(
      damage.map((d) => [d.pool, d.path === d.entry, d.dataset]),
      [
        ['rpool', true, undefined],
        ['rpool', true, undefined],
        ['rpool', true, undefined],
      ],
    );
  });
});

describe('backupsOfGuests', () => {
  const [pool] = parseZpoolStatus(readFixture('40-lab-seed.txt'));
  const damage = mapDamage('rpool', pool?.errors.permanent ?? [], labStorages, labGuests);

  function archive(volid: string, fields: Partial<StorageContentItem> = {}): StorageContentItem {
    return { volid, content: 'backup', format: 'tar.zst', subtype: 'lxc', ...fields };
  }

  it('lists every damaged guest, its backups newest first across storages, and [] when it has none', () => {
    const backups = [
      {
        storage: 'local',
        item: archive('local:backup/vzdump-lxc-1034-2026_11_22-03_00_01.tar.zst', {
          vmid: 1034,
          ctime: 1795316401,
          size: 5000,
        }),
      },
      {
        storage: 'truenas-bu',
        item: archive('truenas-bu:backup/vzdump-lxc-1034-2026_11_25-03_00_02.tar.zst', {
          vmid: 1034,
          ctime: 1795575602,
          size: 5100,
        }),
      },
      {
        storage: 'truenas-bu',
        item: archive('truenas-bu:backup/vzdump-lxc-1008-2026_11_20-03_00_00.tar.zst', {
          vmid: 1008,
          ctime: 1795143600,
        }),
      },
      {
        storage: 'local',
        item: archive('local:backup/vzdump-lxc-1031-2026_11_25-03_00_00.tar.zst', { vmid: 1031, ctime: 1795575600 }),
      },
    ];
    const byVmid = backupsOfGuests(damage, backups);
    assert.deepEqual([...byVmid.keys()], [10006, 1008, 1034]);
    assert.deepEqual(byVmid.get(10006), []);
    assert.deepEqual(byVmid.get(1008), [
      {
        storage: 'truenas-bu',
        volid: 'truenas-bu:backup/vzdump-lxc-1008-2026_11_20-03_00_00.tar.zst',
        ctime: 1795143600,
      },
    ]);
    assert.deepEqual(byVmid.get(1034), [
      {
        storage: 'truenas-bu',
        volid: 'truenas-bu:backup/vzdump-lxc-1034-2026_11_25-03_00_02.tar.zst',
        ctime: 1795575602,
        size: 5100,
      },
      {
        storage: 'local',
        volid: 'local:backup/vzdump-lxc-1034-2026_11_22-03_00_01.tar.zst',
        ctime: 1795316401,
        size: 5000,
      },
    ]);
  });

  it('puts backups without ctime last, ordered by the date in their name, and reads the VMID from the name when missing', () => {
    const backups = [
      { storage: 'local', item: archive('local:backup/vzdump-lxc-1034-2026_11_01-03_00_00.tar.zst') },
      { storage: 'local', item: archive('local:backup/vzdump-lxc-1034-2026_11_03-03_00_00.tar.zst') },
      {
        storage: 'local',
        item: archive('local:backup/vzdump-lxc-1034-2026_10_01-03_00_00.tar.zst', { ctime: 1790823600 }),
      },
    ];
    assert.deepEqual(
      backupsOfGuests(damage, backups)
        .get(1034)
        ?.map((b) => b.volid),
      [
        'local:backup/vzdump-lxc-1034-2026_10_01-03_00_00.tar.zst',
        'local:backup/vzdump-lxc-1034-2026_11_03-03_00_00.tar.zst',
        'local:backup/vzdump-lxc-1034-2026_11_01-03_00_00.tar.zst',
      ],
    );
  });

  it('leaves out damaged archives, other content and duplicates', () => {
    const bad = '/var/lib/vz/dump/vzdump-lxc-1034-2026_11_22-03_00_01.tar.zst';
    const withBadArchive = [...damage, ...mapDamage('rpool', [bad], labStorages, labGuests)];
    const backups = [
      {
        storage: 'local',
        item: archive('local:backup/vzdump-lxc-1034-2026_11_22-03_00_01.tar.zst', { vmid: 1034, ctime: 1795316401 }),
      },
      {
        storage: 'local',
        item: { volid: 'local:1034/vm-1034-disk-0.raw', content: 'rootdir', vmid: 1034, ctime: 1795600000 },
      },
      {
        storage: 'truenas-bu',
        item: archive('truenas-bu:backup/vzdump-lxc-1034-2026_11_25-03_00_02.tar.zst', {
          vmid: 1034,
          ctime: 1795575602,
        }),
      },
      {
        storage: 'truenas-bu',
        item: archive('truenas-bu:backup/vzdump-lxc-1034-2026_11_25-03_00_02.tar.zst', {
          vmid: 1034,
          ctime: 1795575602,
        }),
      },
    ];
    assert.deepEqual(backupsOfGuests(withBadArchive, backups).get(1034), [
      {
        storage: 'truenas-bu',
        volid: 'truenas-bu:backup/vzdump-lxc-1034-2026_11_25-03_00_02.tar.zst',
        ctime: 1795575602,
      },
    ]);
  });

  it('gives an empty map when no damage names a guest', () => {
    const metadataOnly = mapDamage('rpool', ['<metadata>:<0x0>'], labStorages, labGuests);
    assert.equal(
      backupsOfGuests(metadataOnly, [
        { storage: 'local', item: archive('local:backup/vzdump-lxc-1034-2026_11_22-03_00_01.tar.zst', { vmid: 1034 }) },
      ]).size,
      0,
    );
  });
});
