import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseMountPoints } from '../../../../src/domain/proxmox/guestConfig';
import {
  buildInventory,
  describeGuest,
  describeStorage,
  guestContextValue,
  matchesFilter,
  parseStorageErrors,
} from '../../../../src/domain/proxmox/inventory';
import { clusterResourcesSchema } from '../../../../src/domain/proxmox/schemas';
import { dumpDirectory, parseStorageCfg } from '../../../../src/domain/proxmox/storageConfig';

const reference = path.resolve(__dirname, '../../../fixtures/api-examples');
const fixtures = path.resolve(__dirname, '../../../fixtures/pvesh');
const read = (dir: string, name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
const withoutSourceLine = (text: string) => text.replace(/^# source:.*\n/, '');

describe('inventory from /cluster/resources', () => {
  const inventory = buildInventory(
    clusterResourcesSchema.parse(JSON.parse(read(fixtures, 'lab-cluster-resources.json'))),
  );

  it('lists the seed node, guests by VMID and storages', () => {
    assert.deepEqual(
      inventory.nodes.map((n) => [n.node, n.status]),
      [['pve2', 'online']],
    );
    assert.deepEqual(
      inventory.guests.map((g) => [g.vmid, g.name, g.type, g.status]),
      [
        [1008, 'caddy', 'lxc', 'running'],
        [1031, 'docker', 'lxc', 'running'],
        [1034, 'plex', 'lxc', 'running'],
        [10006, 'dashy', 'lxc', 'stopped'],
      ],
    );
    assert.deepEqual(
      inventory.storages.map((s) => [s.storage, s.type, s.content.includes('backup')]),
      [
        ['ext', 'dir', false],
        ['local', 'dir', true],
        ['local-zfs', 'zfspool', false],
        ['truenas-bu', 'nfs', true],
      ],
    );
  });

  it('describes guests and storages as the sidebar shows them', () => {
    const docker = inventory.guests.find((g) => g.vmid === 1031);
    assert.ok(docker);
    assert.match(describeGuest(docker), /^running · up \d+d \d+h · [\d.]+ GiB of 8\.0 GiB$/);
    assert.equal(guestContextValue(docker), 'guest:lxc:running');
    assert.equal(guestContextValue({ ...docker, status: 'stopped', lock: 'backup' }), 'guest:lxc:stopped:locked');
    assert.equal(describeGuest({ ...docker, status: 'stopped', lock: 'backup' }), 'stopped · locked (backup)');
    const nas = inventory.storages.find((s) => s.storage === 'truenas-bu');
    assert.ok(nas);
    assert.match(describeStorage(nas), /^nfs · \d+% of [\d.]+ GiB$/);
    assert.equal(describeStorage({ ...nas, status: 'unknown' }, 'mount failed'), 'unknown: mount failed');
  });

  it('reads the reference fragment with 0/1 template and no lock', () => {
    const text = withoutSourceLine(read(reference, '02-cluster-resources-lxc-fragment.json.txt'));
    const objects = [...text.matchAll(/\{[^{}]*\}/g)].map((m) => JSON.parse(m[0]) as unknown);
    const guests = buildInventory(clusterResourcesSchema.parse(objects)).guests;
    assert.deepEqual(
      guests.map((g) => [g.vmid, g.name, g.status, g.template]),
      [
        [733, 'pbx', 'running', false],
        [734, 'only-ofice', 'stopped', false],
      ],
    );
  });

  it('filters by name, VMID or tag', () => {
    const [caddy, docker, plex] = inventory.guests;
    assert.ok(caddy && docker && plex);
    assert.equal(matchesFilter(docker, 'dock'), true);
    assert.equal(matchesFilter(docker, '1031'), true);
    assert.equal(matchesFilter(plex, 'MEDIA'), true);
    assert.equal(matchesFilter(caddy, 'media'), false);
    assert.equal(matchesFilter(docker, 'media docker'), true);
    assert.equal(matchesFilter(plex, 'media docker'), false);
  });
});

describe('guest config', () => {
  it('marks the seed bind mount of CT 1031 as not in backups', () => {
    const config = JSON.parse(read(fixtures, 'lab-lxc-1031-config.json')) as Record<string, unknown>;
    assert.deepEqual(parseMountPoints(config), [
      {
        key: 'rootfs',
        source: 'local:1031/vm-1031-disk-0.raw',
        path: '/',
        size: '64G',
        kind: 'volume',
        inBackup: true,
      },
      { key: 'mp0', source: '/mnt/Main', path: '/mnt/Main', size: undefined, kind: 'bind', inBackup: false },
    ]);
  });

  it('keeps volume mount points in backups only with backup=1, and never devices', () => {
    const mounts = parseMountPoints({
      rootfs: 'local-lvm:vm-115-disk-0,size=16G',
      mp2: 'local-lvm:vm-115-disk-2,mp=/data,backup=1',
      mp10: 'local-lvm:vm-115-disk-1,mp=/cache',
      mp1: '/dev/sdb1,mp=/raw',
    });
    assert.deepEqual(
      mounts.map((m) => [m.key, m.kind, m.inBackup]),
      [
        ['rootfs', 'volume', true],
        ['mp1', 'device', false],
        ['mp2', 'volume', true],
        ['mp10', 'volume', false],
      ],
    );
  });
});

describe('storage', () => {
  it('reads activation errors that pvesm status prints', () => {
    const errors = parseStorageErrors(withoutSourceLine(read(reference, '08-pvesm-status-inactive-zfs-error.txt')));
    assert.deepEqual([...errors], [['vmdata', "zfs error: cannot import 'vmdata': no such pool or dataset"]]);
  });

  it('reads an NFS storage whose server does not answer, and a storage whose directory is gone', () => {
    const errors = parseStorageErrors(
      "storage 'truenas-bu' is not online\n\nunable to activate storage 'usb' - directory '/mnt/usb' does not exist\n",
    );
    assert.deepEqual(
      [...errors],
      [
        ['truenas-bu', "storage 'truenas-bu' is not online"],
        ['usb', "directory '/mnt/usb' does not exist"],
      ],
    );
  });

  it('reads storage.cfg and finds the dump directory', () => {
    const storages = parseStorageCfg(read(fixtures, 'lab-storage.cfg'));
    assert.deepEqual(
      storages.map((s) => [s.type, s.id]),
      [
        ['dir', 'local'],
        ['zfspool', 'local-zfs'],
        ['dir', 'ext'],
        ['nfs', 'truenas-bu'],
      ],
    );
    const nas = storages.find((s) => s.id === 'truenas-bu');
    assert.equal(nas?.options.server, 'truenas.lan');
    assert.equal(nas && dumpDirectory(nas), '/mnt/pve/truenas-bu/dump');
    const zfs = storages.find((s) => s.id === 'local-zfs');
    assert.equal(zfs && dumpDirectory(zfs), undefined);
  });
});
