import type { GuestInfo } from '../../domain/proxmox/inventory';
import type { StorageContentItem, ZfsPoolSummary } from '../../domain/proxmox/schemas';
import type { StorageDefinition } from '../../domain/proxmox/storageConfig';
import type { DamageView, PoolView, VdevRow, ZfsHealthState } from '../../protocol/zfsHealth';
import { backupsOfGuests, mapDamage } from '../../domain/zfs/mapDamage';
import { poolSeverity } from '../../domain/zfs/poolSeverity';
import { summarizePoolErrors } from '../../domain/zfs/summarizePoolErrors';
import type { Vdev, ZpoolStatus } from '../../domain/zfs/types';

// The ZFS health panel's view model: each pool with its vdev table, and its damaged files mapped
// to storages, guests and those guests' backups. Pure, so every case is tested without a host.

export interface ZfsHealthInput {
  host: string;
  node: string;
  now: number;
  pools: readonly ZpoolStatus[];
  /** sizes from the Proxmox API (`/nodes/<node>/disks/zfs`), when it answered */
  capacities: readonly ZfsPoolSummary[];
  storages: StorageDefinition[];
  guests: readonly GuestInfo[];
  backups: readonly { storage: string; item: StorageContentItem }[];
  /** warnings about mirrors whose sides differ, by pool */
  mirrorWarnings: ReadonlyMap<string, string[]>;
  refreshing?: boolean;
  error?: string;
}

export function buildZfsHealthState(input: ZfsHealthInput): ZfsHealthState {
  return {
    host: input.host,
    node: input.node,
    updatedAt: input.now,
    refreshing: input.refreshing ?? false,
    ...(input.error ? { error: input.error } : {}),
    pools: input.pools.map((pool) => poolView(pool, input)),
  };
}

function poolView(pool: ZpoolStatus, input: ZfsHealthInput): PoolView {
  const damaged = mapDamage(pool.name, pool.errors.permanent, input.storages, input.guests);
  const backups = backupsOfGuests(damaged, input.backups);
  const capacity = input.capacities.find((c) => c.name === pool.name);
  const damage = damaged.map((d): DamageView => ({
    entry: d.entry,
    kind: d.kind,
    ...(d.dataset ? { dataset: d.dataset } : {}),
    ...(d.storage ? { storage: d.storage } : {}),
    ...(d.volume ? { volume: d.volume } : {}),
    ...(d.vmid !== undefined ? { vmid: d.vmid } : {}),
    ...(d.guest
      ? { guest: { vmid: d.guest.vmid, name: d.guest.name, type: d.guest.type, status: d.guest.status } }
      : {}),
    backups: d.vmid !== undefined ? (backups.get(d.vmid) ?? []) : [],
  }));
  return {
    name: pool.name,
    state: pool.state,
    severity: poolSeverity(pool),
    ...(pool.status ? { status: pool.status } : {}),
    ...(pool.action ? { action: pool.action } : {}),
    ...(pool.see ? { see: pool.see } : {}),
    ...(pool.scan ? { scan: { ...pool.scan } } : {}),
    ...(capacity?.size !== undefined && capacity.alloc !== undefined && capacity.free !== undefined
      ? { capacity: { size: capacity.size, alloc: capacity.alloc, free: capacity.free } }
      : {}),
    vdevs: flattenVdevs(pool.vdevs),
    errorsSummary: summarizePoolErrors(pool),
    damage,
    mirrorWarnings: input.mirrorWarnings.get(pool.name) ?? [],
  };
}

/** The config tree as table rows, parents first, each with its depth for indenting. */
export function flattenVdevs(vdevs: readonly Vdev[], depth = 0): VdevRow[] {
  return vdevs.flatMap((v) => [
    {
      name: v.name,
      state: v.state,
      read: v.read,
      write: v.write,
      cksum: v.cksum,
      depth,
      ...(v.note ? { note: v.note } : {}),
      ...(v.section ? { section: v.section } : {}),
    },
    ...flattenVdevs(v.children, depth + 1),
  ]);
}
