import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { damagedBackupFindings, zfsFindings } from '../../../../src/domain/health/zfsFindings';
import { buildInventory } from '../../../../src/domain/proxmox/inventory';
import { clusterResourcesSchema } from '../../../../src/domain/proxmox/schemas';
import { parseStorageCfg } from '../../../../src/domain/proxmox/storageConfig';
import type { MirrorWarning } from '../../../../src/domain/zfs/mirrorMismatch';
import { parseZpoolStatus } from '../../../../src/domain/zfs/parseZpoolStatus';
import { readFixture } from '../zfs/zpoolFixtures';

// The ZFS area of the health check on the lab's captured pools: the seed's damage mapped to its
// guests, and whether each damaged guest's newest backup came before or after the damage report.

const pvesh = path.resolve(__dirname, '../../../fixtures/pvesh');
const storages = parseStorageCfg(fs.readFileSync(path.join(pvesh, 'lab-storage.cfg'), 'utf8'));
const guests = buildInventory(
  clusterResourcesSchema.parse(JSON.parse(fs.readFileSync(path.join(pvesh, 'lab-cluster-resources.json'), 'utf8'))),
).guests;
const seed = parseZpoolStatus(readFixture('40-lab-seed.txt'));
// the seed's scrub reported the damage on Thu Nov 26 16:59:51 2026 (host time, read as UTC)
const REPORTED = Date.UTC(2026, 10, 26, 16, 59, 51) / 1000;
const NOW = new Date(Date.UTC(2026, 10, 27, 9, 0));
const mixed: MirrorWarning = {
  pool: 'rpool',
  mirror: 'mirror-0',
  message:
    'mirror-0 of rpool mixes disk sizes 512 MiB and 2 GiB. A mirror stores only as much as its smallest side holds.',
  sides: [],
};

describe('health check: ZFS', () => {
  it("fails the seed's pool, names each damaged guest disk, warns about the mixed mirror, passes the fresh scrub", () => {
    const findings = zfsFindings(seed, new Map([['rpool', [mixed]]]), storages, guests, NOW);
    assert.deepEqual(
      findings.map((f) => [f.verdict, f.title]),
      [
        ['failure', 'rpool is ONLINE: 3 files with permanent errors'],
        ['failure', '10006 dashy: its disk local:10006/vm-10006-disk-0.raw has permanent errors'],
        ['failure', '1008 caddy: its disk ext:1008/vm-1008-disk-0.raw has permanent errors'],
        ['failure', '1034 plex: its disk ext:1034/vm-1034-disk-0.raw has permanent errors'],
        ['pass', 'rpool: scrubbed 0 days ago'],
        ['warning', 'rpool: mirror-0 mixes disks'],
      ],
    );
    assert.equal(findings[1]?.evidence, '/var/lib/vz/images/10006/vm-10006-disk-0.raw');
    assert.deepEqual(findings[1]?.action, { id: 'showZfsHealth', label: 'Show ZFS Health', target: 'rpool' });
    assert.equal(findings[5]?.evidence, 'mirror-0 of rpool mixes disk sizes 512 MiB and 2 GiB');
  });

  it('passes the healthy pool: online, scrubbed, matched mirror', () => {
    const healthy = parseZpoolStatus(readFixture('44-lab-healthy.txt'));
    const findings = zfsFindings(healthy, new Map(), storages, guests, new Date(Date.UTC(2026, 10, 28)));
    assert.deepEqual(
      findings.map((f) => f.verdict),
      ['pass', 'pass', 'pass'],
    );
    assert.equal(findings[0]?.evidence, 'state: ONLINE, errors: no known data errors');
  });

  it("flags a damaged guest's backup taken after the scrub reported the damage; an older one is a restore candidate", () => {
    const backups = [
      {
        storage: 'local',
        item: {
          volid: 'local:backup/vzdump-lxc-1034-2026_11_22-03_00_00.tar.zst',
          content: 'backup',
          vmid: 1034,
          ctime: REPORTED - 4 * 86_400,
        },
      },
      {
        storage: 'truenas-bu',
        item: {
          volid: 'truenas-bu:backup/vzdump-lxc-1008-2026_11_26-18_00_00.tar.zst',
          content: 'backup',
          vmid: 1008,
          ctime: REPORTED + 3600,
        },
      },
      {
        storage: 'local',
        item: {
          volid: 'local:backup/vzdump-lxc-1008-2026_11_20-03_00_00.tar.zst',
          content: 'backup',
          vmid: 1008,
          ctime: REPORTED - 6 * 86_400,
        },
      },
    ];
    const findings = damagedBackupFindings(seed, storages, guests, backups);
    assert.deepEqual(
      findings.map((f) => [f.verdict, f.title]),
      [
        [
          'failure',
          '1008 caddy: newest backup was taken after its disk was reported damaged, so it carries the corruption',
        ],
        ['pass', '1034 plex: newest backup predates the damage report, a restore candidate'],
      ],
    );
    assert.match(
      findings[0]?.evidence ?? '',
      /^truenas-bu:backup\/vzdump-lxc-1008-2026_11_26-18_00_00\.tar\.zst, taken .*; scrub completed after 0h0m with 3 errors on Thu Nov 26 16:59:51 2026$/,
    );
    assert.equal(findings[0]?.details?.split('\n').length, 2, 'both backups of 1008 are listed');
  });

  it('cannot date the damage when no scrub reported it, and says so', () => {
    const [pool] = seed;
    assert.ok(pool);
    const unscrubbed = { ...pool, scan: { kind: 'none' as const, state: 'none' as const, text: 'none requested' } };
    const findings = damagedBackupFindings([unscrubbed], storages, guests, [
      {
        storage: 'local',
        item: { volid: 'local:backup/vzdump-lxc-1034-x.tar.zst', content: 'backup', vmid: 1034, ctime: REPORTED },
      },
    ]);
    assert.deepEqual(
      findings.map((f) => [f.verdict, f.title]),
      [['warning', '1034 plex: cannot tell whether its newest backup carries the damage']],
    );
  });
});
