import { backupStoragesOf, nodeOfHost } from '../../domain/proxmox/inventory';
import type { StorageContentItem } from '../../domain/proxmox/schemas';
import type { ZfsHealthInput } from './healthView';
import { leafVdevNames, mirrorWarnings } from '../../domain/zfs/mirrorMismatch';
import type { HostModel } from '../hostModel';

/**
 * Everything the ZFS health panel shows, asked of the host: `zpool status -v`, the pool sizes,
 * the storage configuration (to map damaged files), the guests, the disks of the mirrors, and
 * (only when something is damaged) the backups on every backup storage.
 */
export async function gatherZfsHealth(data: HostModel, host: string): Promise<Omit<ZfsHealthInput, 'now'>> {
  data.invalidate(host);
  const inventory = await data.inventory(host);
  // The pools are those of the host we are logged in to: its node has the host's name, or is the only one.
  const node = nodeOfHost(inventory, host);
  const [pools, capacities, storages] = await Promise.all([
    data.pools(host),
    data.poolCapacities(host, node).catch(() => []),
    data.storageDefinitions(host),
  ]);
  const facts = await data
    .diskFacts(
      host,
      pools.flatMap((pool) => leafVdevNames(pool)),
      node,
    )
    .catch(() => []);
  const warnings = new Map(pools.map((pool) => [pool.name, mirrorWarnings(pool, facts).map((w) => w.message)]));

  const damaged = pools.some((pool) => pool.errors.permanent.length > 0);
  const backupStorages = backupStoragesOf(inventory, node).filter((s) => s.status === 'available');
  const lists = damaged
    ? await Promise.all(
        backupStorages.map(async (s) =>
          (await data.backups(host, node, s.storage).catch((): StorageContentItem[] => [])).map((item) => ({
            storage: s.storage,
            item,
          })),
        ),
      )
    : [];
  return {
    host,
    node,
    pools,
    capacities,
    storages,
    guests: inventory.guests,
    backups: lists.flat(),
    mirrorWarnings: warnings,
  };
}
