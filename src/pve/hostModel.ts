import { proxmoxApi } from '../domain/proxmox/api';
import { buildInventory, type GuestInfo, type Inventory } from '../domain/proxmox/inventory';
import type { StorageContentItem, TaskSummary } from '../domain/proxmox/schemas';
import type { RemoteOperation } from '../domain/shell/remoteOperation';
import type { ZpoolStatus } from '../domain/zfs/parseZpoolStatus';
import type { HostSessions } from '../features/hosts/hostSessions';

interface HostCache {
  inventory?: Promise<Inventory>;
  pools?: Promise<ZpoolStatus[]>;
  storageErrors?: Promise<Map<string, string>>;
  backups: Map<string, Promise<StorageContentItem[]>>;
  tasks: Map<string, Promise<{ running: TaskSummary[]; recent: TaskSummary[] }>>;
}

/**
 * What the explorer knows about each host, fetched on demand and kept until the next refresh.
 * Promises are cached, so the tree's parallel requests for one host share one remote call.
 */
export class ExplorerData {
  private readonly caches = new Map<string, HostCache>();

  constructor(private readonly sessions: HostSessions) {}

  /** `signal` ends the remote command when it fires (its process on the host too). */
  async run<T>(hostName: string, operation: RemoteOperation<T>, options: { signal?: AbortSignal } = {}): Promise<T> {
    const connection = await this.sessions.connection(hostName);
    return connection.run(operation, options);
  }

  inventory(hostName: string): Promise<Inventory> {
    const cache = this.cache(hostName);
    cache.inventory ??= this.run(hostName, proxmoxApi.clusterResources()).then(buildInventory);
    return this.forgetOnFailure(cache, 'inventory', cache.inventory);
  }

  /** `zpool status -v`: pool states, vdev counters and the files with permanent errors. */
  pools(hostName: string): Promise<ZpoolStatus[]> {
    const cache = this.cache(hostName);
    cache.pools ??= this.run(hostName, proxmoxApi.zpoolStatus());
    return this.forgetOnFailure(cache, 'pools', cache.pools);
  }

  storageErrors(hostName: string): Promise<Map<string, string>> {
    const cache = this.cache(hostName);
    cache.storageErrors ??= this.run(hostName, proxmoxApi.storageErrors());
    return this.forgetOnFailure(cache, 'storageErrors', cache.storageErrors);
  }

  backups(hostName: string, node: string, storage: string): Promise<StorageContentItem[]> {
    const cache = this.cache(hostName);
    const key = `${node}/${storage}`;
    let pending = cache.backups.get(key);
    if (!pending) {
      pending = this.run(hostName, proxmoxApi.storageContent(node, storage, 'backup')).then((items) =>
        items.filter((item) => item.content === 'backup').sort((a, b) => (b.ctime ?? 0) - (a.ctime ?? 0)),
      );
      cache.backups.set(key, pending);
      pending.catch(() => cache.backups.delete(key));
    }
    return pending;
  }

  /** Running and recent tasks; `fresh` asks the host again (a task may have just started). */
  tasks(hostName: string, node: string, options: { fresh?: boolean } = {}): Promise<{ running: TaskSummary[]; recent: TaskSummary[] }> {
    const cache = this.cache(hostName);
    if (options.fresh) cache.tasks.delete(node);
    let pending = cache.tasks.get(node);
    if (!pending) {
      pending = Promise.all([this.run(hostName, proxmoxApi.tasks(node, { source: 'active' })), this.run(hostName, proxmoxApi.tasks(node, { limit: 25 }))]).then(
        ([running, recent]) => ({ running, recent: recent.filter((task) => !running.some((r) => r.upid === task.upid)) }),
      );
      cache.tasks.set(node, pending);
      pending.catch(() => cache.tasks.delete(node));
    }
    return pending;
  }

  guestConfig(hostName: string, guest: GuestInfo): Promise<Record<string, unknown>> {
    return this.run(hostName, proxmoxApi.guestConfig(guest.node, guest.type, guest.vmid));
  }

  /**
   * Fetches again everything that was fetched for a host, and swaps it in when all answered:
   * the tree then compares and redraws only what changed. Parts never asked for stay unasked.
   */
  async reload(hostName: string): Promise<void> {
    const old = this.caches.get(hostName);
    if (!old) return;
    this.caches.delete(hostName);
    const parts: Array<Promise<unknown>> = [];
    if (old.inventory) parts.push(this.inventory(hostName));
    if (old.pools) parts.push(this.pools(hostName));
    if (old.storageErrors) parts.push(this.storageErrors(hostName));
    for (const key of old.backups.keys()) {
      const [node = '', storage = ''] = key.split('/');
      parts.push(this.backups(hostName, node, storage));
    }
    for (const node of old.tasks.keys()) parts.push(this.tasks(hostName, node));
    await Promise.allSettled(parts);
  }

  /** Forget what is known about a host, so the next request asks it again. */
  invalidate(hostName: string): void {
    this.caches.delete(hostName);
  }

  private cache(hostName: string): HostCache {
    let cache = this.caches.get(hostName);
    if (!cache) {
      cache = { backups: new Map(), tasks: new Map() };
      this.caches.set(hostName, cache);
    }
    return cache;
  }

  /** A failed request is not cached: the next expand or refresh tries again. */
  private forgetOnFailure<K extends 'inventory' | 'pools' | 'storageErrors'>(cache: HostCache, key: K, pending: NonNullable<HostCache[K]>): NonNullable<HostCache[K]> {
    (pending as Promise<unknown>).catch(() => {
      if (cache[key] === pending) cache[key] = undefined;
    });
    return pending;
  }
}
