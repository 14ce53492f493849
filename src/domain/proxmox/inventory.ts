import { formatBytes, formatDuration, formatPercent } from '../../shared/format';
import { parseTags } from './guestConfig';
import type { ClusterResource } from './schemas';

// One /cluster/resources answer, turned into what the sidebar shows: nodes, guests, storages.

export type GuestType = 'lxc' | 'qemu';

export interface GuestInfo {
  vmid: number;
  type: GuestType;
  name: string;
  node: string;
  status: string;
  uptime: number;
  mem: number;
  maxmem: number;
  lock?: string;
  tags: string[];
  template: boolean;
}

export interface StorageInfo {
  storage: string;
  node: string;
  type: string;
  content: string[];
  status: string;
  used: number;
  total: number;
  shared: boolean;
}

export interface NodeInfo {
  node: string;
  status: string;
  uptime: number;
  cpu: number;
  mem: number;
  maxmem: number;
}

export interface Inventory {
  nodes: NodeInfo[];
  guests: GuestInfo[];
  storages: StorageInfo[];
}

export function buildInventory(resources: readonly ClusterResource[]): Inventory {
  const nodes: NodeInfo[] = [];
  const guests: GuestInfo[] = [];
  const storages: StorageInfo[] = [];
  for (const r of resources) {
    if (r.type === 'node' && r.node) {
      nodes.push({
        node: r.node,
        status: r.status ?? 'unknown',
        uptime: r.uptime ?? 0,
        cpu: r.cpu ?? 0,
        mem: r.mem ?? 0,
        maxmem: r.maxmem ?? 0,
      });
    } else if ((r.type === 'lxc' || r.type === 'qemu') && r.vmid !== undefined && r.node) {
      guests.push({
        vmid: r.vmid,
        type: r.type,
        name: r.name ?? '',
        node: r.node,
        status: r.status ?? 'unknown',
        uptime: r.uptime ?? 0,
        mem: r.mem ?? 0,
        maxmem: r.maxmem ?? 0,
        lock: r.lock || undefined,
        tags: parseTags(r.tags),
        template: r.template === 1,
      });
    } else if (r.type === 'storage' && r.storage && r.node) {
      storages.push({
        storage: r.storage,
        node: r.node,
        type: r.plugintype ?? '',
        content: (r.content ?? '').split(',').filter(Boolean),
        status: r.status ?? 'unknown',
        used: r.disk ?? 0,
        total: r.maxdisk ?? 0,
        shared: r.shared === 1,
      });
    }
  }
  nodes.sort((a, b) => a.node.localeCompare(b.node));
  guests.sort((a, b) => a.vmid - b.vmid);
  storages.sort((a, b) => a.storage.localeCompare(b.storage));
  return { nodes, guests, storages };
}

/** The storages of a node that hold backups (content `backup`), whatever their state. */
export function backupStoragesOf(inventory: Inventory, node: string): StorageInfo[] {
  return inventory.storages.filter((s) => s.node === node && s.content.includes('backup'));
}

/** The node of the host we are logged in to: the one named like it, else the first, else the host's own name. */
export function nodeOfHost(inventory: Inventory, host: string): string {
  return (inventory.nodes.find((n) => n.node === host) ?? inventory.nodes[0])?.node ?? host;
}

export function describeGuest(guest: GuestInfo): string {
  const parts = [guest.template ? 'template' : guest.status];
  if (guest.status === 'running') {
    parts.push(`up ${formatDuration(guest.uptime)}`);
    if (guest.maxmem) parts.push(`${formatBytes(guest.mem)} of ${formatBytes(guest.maxmem)}`);
  }
  if (guest.lock) parts.push(`locked (${guest.lock})`);
  return parts.join(' · ');
}

export function describeStorage(storage: StorageInfo, error?: string): string {
  if (storage.status !== 'available') return error ? `${storage.status}: ${error}` : storage.status;
  return `${storage.type} · ${formatPercent(storage.used, storage.total)} of ${formatBytes(storage.total)}`;
}

/** `guest:lxc:running` or `guest:lxc:stopped:locked`: menus match on it with regexes. */
export function guestContextValue(guest: GuestInfo): string {
  return `guest:${guest.type}:${guest.status}${guest.lock ? ':locked' : ''}`;
}

/** The explorer's filter: name, VMID or tag, case-insensitive; several words must all match. */
export function matchesFilter(guest: GuestInfo, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const haystack = [String(guest.vmid), guest.name.toLowerCase(), ...guest.tags.map((t) => t.toLowerCase())];
  return words.every((word) => haystack.some((field) => field.includes(word)));
}

/** Errors that `pvesm status` prints for storages it could not activate, by storage id. */
export function parseStorageErrors(stderr: string): Map<string, string> {
  const errors = new Map<string, string>();
  for (const line of stderr.split('\n')) {
    const text = line.trim();
    // "could not activate storage 'x', <why>", "unable to activate storage 'x' - <why>", and a
    // network storage whose server does not answer: "storage 'x' is not online"
    const activation = /(?:could not|unable to) activate storage '([^']+)'(?:,| -)\s*(.+)$/.exec(text);
    const offline = /^storage '([^']+)' is not online$/.exec(text);
    if (activation?.[1] && activation[2]) errors.set(activation[1], activation[2]);
    else if (offline?.[1]) errors.set(offline[1], text);
  }
  return errors;
}
