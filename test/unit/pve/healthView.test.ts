import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildInventory } from '../../../src/domain/proxmox/inventory';
import { clusterResourcesSchema } from '../../../src/domain/proxmox/schemas';
import { parseStorageCfg } from '../../../src/domain/proxmox/storageConfig';
import { zfsHealthMarkdown } from '../../../src/pve/zfs/healthReport';
import { buildZfsHealthState, type ZfsHealthInput } from '../../../src/pve/zfs/healthView';
import { parseZpoolStatus } from '../../../src/domain/zfs/parseZpoolStatus';
import { poolSeverity } from '../../../src/domain/zfs/poolSeverity';
import { readFixture } from '../domain/zfs/zpoolFixtures';

// The ZFS health panel's view model and its Markdown report, on the pve2 lab's seed.

const pvesh = path.resolve(__dirname, '../../fixtures/pvesh');
const storages = parseStorageCfg(fs.readFileSync(path.join(pvesh, 'lab-storage.cfg'), 'utf8'));
const guests = buildInventory(
  clusterResourcesSchema.parse(JSON.parse(fs.readFileSync(path.join(pvesh, 'lab-cluster-resources.json'), 'utf8'))),
).guests;

function seedInput(overrides: Partial<ZfsHealthInput> = {}): ZfsHealthInput {
  return {
    host: 'pve2',
    node: 'pve2',
    now: Date.UTC(2026, 10, 26, 17, 0),
    pools: parseZpoolStatus(readFixture('40-lab-seed.txt')),
    capacities: [{ name: 'rpool', health: 'ONLINE', size: 1000, alloc: 400, free: 600 }],
    storages,
    guests,
    backups: [
      {
        storage: 'truenas-bu',
        item: {
          volid: 'truenas-bu:backup/vzdump-lxc-1034-2026_11_20-03_00_00.tar.zst',
          content: 'backup',
          ctime: 1_763_607_600,
          vmid: 1034,
          size: 10,
        },
      },
      {
        storage: 'truenas-bu',
        item: {
          volid: 'truenas-bu:backup/vzdump-lxc-1034-2026_11_25-03_00_00.tar.zst',
          content: 'backup',
          ctime: 1_764_039_600,
          vmid: 1034,
          size: 11,
        },
      },
    ],
    mirrorWarnings: new Map([['rpool', ['mirror-0: 256 GB and 1 TB sides']]]),
    ...overrides,
  };
}

describe('the ZFS health view model', () => {
  it('maps the seed damage to CTs 10006, 1008 and 1034, each with its backups, newest first', () => {
    const [pool] = buildZfsHealthState(seedInput()).pools;
    assert.ok(pool);
    assert.equal(pool.severity, 'warning');
    assert.equal(pool.errorsSummary, '3 files with permanent errors');
    assert.deepEqual(
      pool.damage.map((d) => [d.guest?.vmid, d.guest?.name, d.storage]),
      [
        [10006, 'dashy', 'local'],
        [1008, 'caddy', 'ext'],
        [1034, 'plex', 'ext'],
      ],
    );
    assert.deepEqual(
      pool.damage[2]?.backups.map((b) => b.volid),
      [
        'truenas-bu:backup/vzdump-lxc-1034-2026_11_25-03_00_00.tar.zst',
        'truenas-bu:backup/vzdump-lxc-1034-2026_11_20-03_00_00.tar.zst',
      ],
    );
    assert.deepEqual(pool.damage[0]?.backups, []);
    assert.deepEqual(pool.capacity, { size: 1000, alloc: 400, free: 600 });
    assert.deepEqual(pool.mirrorWarnings, ['mirror-0: 256 GB and 1 TB sides']);
  });

  it('flattens the vdev tree with depths and keeps the counters', () => {
    const [pool] = buildZfsHealthState(seedInput()).pools;
    assert.deepEqual(
      pool?.vdevs.map((v) => [v.depth, v.name, v.cksum]),
      [
        [0, 'rpool', 9],
        [1, 'mirror-0', 18],
        [2, 'ata-TEAM_T253256GB_TPBF2212130080607072-part3', 18],
        [2, 'ata-TEAM_T2531TB_TPBG2212130010401358-part3', 18],
      ],
    );
  });

  it('judges pools the same way everywhere', () => {
    assert.equal(poolSeverity({ state: 'ONLINE', errors: { clean: true, permanent: [] } }), 'ok');
    assert.equal(poolSeverity({ state: 'DEGRADED', errors: { clean: true, permanent: [] } }), 'warning');
    assert.equal(poolSeverity({ state: 'SUSPENDED', errors: { clean: false, permanent: [] } }), 'error');
    assert.equal(
      buildZfsHealthState(seedInput({ pools: parseZpoolStatus(readFixture('42-lab-degraded.txt')) })).pools[0]?.vdevs[3]
        ?.state,
      'OFFLINE',
    );
  });

  it('writes a Markdown report whose tables a hostile file name cannot break', () => {
    const pools = parseZpoolStatus(readFixture('40-lab-seed.txt')).map((p) => ({
      ...p,
      errors: { ...p.errors, permanent: [...p.errors.permanent, '/tank/a|b`c.txt'] },
    }));
    const report = zfsHealthMarkdown(buildZfsHealthState(seedInput({ pools })));
    assert.match(report, /^# ZFS health: pve2 \(node pve2\)$/m);
    assert.match(report, /^## rpool: ONLINE$/m);
    assert.match(
      report,
      /^\| `\/var\/lib\/vz\/images\/10006\/vm-10006-disk-0\.raw` \| 10006 dashy \(lxc, stopped\) \| local \| none \|$/m,
    );
    assert.match(
      report,
      /^\| `\/mnt\/ext\/images\/1034\/vm-1034-disk-0\.raw` \| 1034 plex .* \| ext \| `truenas-bu:backup\/vzdump-lxc-1034-2026_11_25-03_00_00\.tar\.zst` 2025-11-25 03:00 \|$/m,
    );
    assert.match(report, /^\| ``\/tank\/a\\\|b`c\.txt`` \| {2}\| {2}\| {2}\|$/m);
    assert.match(report, /Warning: mirror-0: 256 GB and 1 TB sides/);
  });
});
