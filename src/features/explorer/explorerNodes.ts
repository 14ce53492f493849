import type { HostConfig } from '../../domain/hosts/hostConfig';
import type { GuestInfo, NodeInfo, StorageInfo } from '../../domain/proxmox/inventory';
import type { StorageContentItem, TaskSummary } from '../../domain/proxmox/schemas';
import type { Vdev, ZpoolStatus } from '../../domain/zfs/parseZpoolStatus';

// Plain-data tree nodes. The provider turns them into TreeItems; commands receive them as arguments.

export type GroupKind = 'lxc' | 'qemu' | 'storage' | 'zfs' | 'tasks';

export type ExplorerNode =
  | { kind: 'host'; host: HostConfig }
  | { kind: 'node'; hostName: string; node: NodeInfo }
  | { kind: 'group'; hostName: string; node: string; group: GroupKind }
  | { kind: 'guest'; hostName: string; guest: GuestInfo }
  | { kind: 'storage'; hostName: string; storage: StorageInfo; error?: string }
  | { kind: 'backup'; hostName: string; node: string; storage: string; item: StorageContentItem }
  | { kind: 'pool'; hostName: string; node: string; pool: ZpoolStatus }
  | { kind: 'vdev'; hostName: string; pool: string; vdev: Vdev; path: string }
  | { kind: 'task'; hostName: string; node: string; task: TaskSummary; running: boolean }
  | { kind: 'message'; id: string; text: string; detail?: string; severity: 'error' | 'info'; retryHost?: string };

export type NodeOf<K extends ExplorerNode['kind']> = Extract<ExplorerNode, { kind: K }>;

/** Stable ids keep expansion and selection across refreshes. */
export function nodeId(node: ExplorerNode): string {
  switch (node.kind) {
    case 'host':
      return `host/${node.host.name}`;
    case 'node':
      return `host/${node.hostName}/node/${node.node.node}`;
    case 'group':
      return `host/${node.hostName}/node/${node.node}/${node.group}`;
    case 'guest':
      return `host/${node.hostName}/node/${node.guest.node}/guest/${node.guest.vmid}`;
    case 'storage':
      return `host/${node.hostName}/node/${node.storage.node}/storage/${node.storage.storage}`;
    case 'backup':
      return `host/${node.hostName}/node/${node.node}/storage/${node.storage}/${node.item.volid}`;
    case 'pool':
      return `host/${node.hostName}/node/${node.node}/pool/${node.pool.name}`;
    case 'vdev':
      return `host/${node.hostName}/pool/${node.pool}/${node.path}`;
    case 'task':
      return `host/${node.hostName}/task/${node.task.upid}`;
    case 'message':
      return node.id;
  }
}
