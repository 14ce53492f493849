import type { GuestInfo } from '../proxmox/inventory';
import type { StorageContentItem } from '../proxmox/schemas';
import type { StorageDefinition } from '../proxmox/storageConfig';
import { parseErrorEntry } from './errorEntry';
import { locateDataset, locateMountedPath, type StorageLocation } from './storageLocations';

// From the permanent errors of `zpool status -v` to what an operator acts on: which storage, volume
// and guest each damaged object belongs to, and which backups of those guests exist to restore from.

export type DamageKind = 'file' | 'zvol' | 'dataset-object' | 'metadata' | 'unknown';

export interface DamagedEntry {
  /** The entry as zpool printed it. */
  entry: string;
  kind: DamageKind;
  pool: string;
  /** The ZFS dataset, without the snapshot, e.g. rpool/data/vm-100-disk-0 or rpool/data/subvol-101-disk-0. */
  dataset?: string;
  /** Set when the damage was reported in a snapshot (`dataset@snapshot:...`). */
  snapshot?: string;
  /** The file as printed: a host path, or for `dataset:/file` the path inside that dataset. */
  path?: string;
  /** The Proxmox storage id it belongs to. */
  storage?: string;
  /** The volid when derivable: 'local:10006/vm-10006-disk-0.raw', 'local-zfs:vm-100-disk-0', 'local:backup/vzdump-....tar.zst'. */
  volume?: string;
  /** The guest whose disk or container file system holds the damage (not set for a damaged backup archive). */
  vmid?: number;
  guest?: DamagedGuest;
}

export interface DamagedGuest {
  vmid: number;
  name: string;
  type: 'lxc' | 'qemu';
  status: string;
  node: string;
}

export interface GuestBackup {
  storage: string;
  volid: string;
  ctime?: number;
  size?: number;
}

/**
 * One result per entry, in the order given. Never throws: an entry in no known form is kept as
 * 'unknown', and one that matches no storage keeps whatever its name told (dataset, vmid).
 */
export function mapDamage(
  pool: string,
  permanent: readonly string[],
  storages: StorageDefinition[],
  guests: readonly GuestInfo[],
): DamagedEntry[] {
  return permanent.map((entry) => {
    const damaged = describeEntry(entry, pool, storages);
    const guest = damaged.vmid === undefined ? undefined : guests.find((g) => g.vmid === damaged.vmid);
    if (guest)
      damaged.guest = { vmid: guest.vmid, name: guest.name, type: guest.type, status: guest.status, node: guest.node };
    return damaged;
  });
}

function describeEntry(entry: string, pool: string, storages: readonly StorageDefinition[]): DamagedEntry {
  const parsed = parseErrorEntry(entry);
  switch (parsed.form) {
    case 'metadata':
      return { entry, kind: 'metadata', pool };
    case 'unnamed-dataset':
      return { entry, kind: 'dataset-object', pool };
    case 'unknown':
      return { entry, kind: 'unknown', pool };
    case 'mounted-path':
      return withLocation(
        { entry, kind: 'file', pool, path: parsed.path },
        locateMountedPath(parsed.path, pool, storages),
      );
    case 'dataset-path':
    case 'dataset-object': {
      const { zvol, ...location } = locateDataset(parsed.dataset, storages);
      const kind: DamageKind = parsed.form === 'dataset-path' ? 'file' : zvol ? 'zvol' : 'dataset-object';
      const damaged: DamagedEntry = { entry, kind, pool, dataset: parsed.dataset };
      if (parsed.snapshot !== undefined) damaged.snapshot = parsed.snapshot;
      if (parsed.form === 'dataset-path') damaged.path = parsed.path;
      return withLocation(damaged, location);
    }
  }
}

/** Copies only the fields that were found, so absent ones stay absent rather than undefined. */
function withLocation(damaged: DamagedEntry, location: StorageLocation | undefined): DamagedEntry {
  if (location?.dataset !== undefined) damaged.dataset = location.dataset;
  if (location?.storage !== undefined) damaged.storage = location.storage;
  if (location?.volume !== undefined) damaged.volume = location.volume;
  if (location?.vmid !== undefined) damaged.vmid = location.vmid;
  return damaged;
}

/**
 * The backups of every guest with damage, newest first, keyed by VMID; a guest without any gets an
 * empty list, so "no backup" can be shown. An archive that is itself in the damage list is left out,
 * since restoring from it would fail. Items listed twice (a shared storage seen from two nodes) count once.
 */
export function backupsOfGuests(
  damage: readonly DamagedEntry[],
  backups: readonly { storage: string; item: StorageContentItem }[],
): Map<number, GuestBackup[]> {
  const byVmid = new Map<number, GuestBackup[]>();
  for (const d of damage) if (d.vmid !== undefined && !byVmid.has(d.vmid)) byVmid.set(d.vmid, []);
  const skip = new Set(damage.flatMap((d) => (d.volume === undefined ? [] : [d.volume])));
  for (const { storage, item } of backups) {
    if (item.content !== 'backup' || skip.has(item.volid)) continue;
    const vmid = item.vmid ?? vmidOfArchive(item.volid);
    const list = vmid === undefined ? undefined : byVmid.get(vmid);
    if (!list) continue;
    skip.add(item.volid);
    const backup: GuestBackup = { storage, volid: item.volid };
    if (item.ctime !== undefined) backup.ctime = item.ctime;
    if (item.size !== undefined) backup.size = item.size;
    list.push(backup);
  }
  for (const list of byVmid.values()) list.sort(newestFirst);
  return byVmid;
}

/** vzdump names its archives vzdump-<type>-<vmid>-<date>; used when the listing has no vmid. */
function vmidOfArchive(volid: string): number | undefined {
  const match = /(?:^|[:/])vzdump-(?:lxc|qemu|openvz)-(\d+)-/.exec(volid);
  return match?.[1] ? Number(match[1]) : undefined;
}

/** By ctime, unknown ones last; on a tie by volid, whose vzdump date sorts like a timestamp. */
function newestFirst(a: GuestBackup, b: GuestBackup): number {
  const byTime = (b.ctime ?? -Infinity) - (a.ctime ?? -Infinity);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
  return a.volid < b.volid ? 1 : a.volid > b.volid ? -1 : 0;
}
