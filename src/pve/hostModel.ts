import { proxmoxApi } from '../domain/proxmox/api';
import { containerConfigsOperation } from '../domain/proxmox/containerConfigs';
import { buildInventory, type GuestInfo, type Inventory } from '../domain/proxmox/inventory';
import { commandText } from '../domain/proxmox/pvesh';
import type { StorageContentItem, TaskSummary, ZfsPoolSummary } from '../domain/proxmox/schemas';
import { parseStorageCfg, type StorageDefinition } from '../domain/proxmox/storageConfig';
import type { RemoteOperation } from '../domain/shell/remoteOperation';
import {
  pathFactsOperation,
  storagesFromConfig,
  type PathFact,
  type VzdumpHostFacts,
} from '../domain/vzdumpConf/hostChecks';
import { diskFactsOperation, type DiskFact } from '../domain/zfs/diskFacts';
import type { ZpoolStatus } from '../domain/zfs/parseZpoolStatus';
import { RemoteFiles } from '../remote/remoteFiles';
import type { ConnectionEvents, ConnectionSource } from './connection';
import { Memo } from './memo';

const STORAGE_CFG = '/etc/pve/storage.cfg';
const VZDUMP_CONF = '/etc/vzdump.conf';

export interface RunOptions {
  /** Ends the remote command when it fires (its process on the host too). */
  signal?: AbortSignal;
  /** The cluster node the command is for, when it is node-local. */
  node?: string;
}

/** The parts of a host's cache that an action or a save can make stale on their own. */
export type CachedPart = 'vzdump.conf' | 'paths' | 'pools' | 'tasks' | 'backups';

/**
 * Everything the extension knows about each Proxmox host, fetched over SSH on demand and cached
 * until something makes it stale: a refresh, an action, a save or a lost connection. Every
 * remote read of the extension is here, so a cluster's node-local reads have one place to be
 * routed to their node. No VS Code here: the features ask and render.
 */
export class HostModel {
  private readonly memos = new Map<string, Memo>();

  constructor(
    private readonly connect: ConnectionSource,
    onConnectionChange?: ConnectionEvents,
  ) {
    // What a host answered before its connection dropped may no longer hold after it returns.
    onConnectionChange?.(({ host, connected }) => {
      if (!connected) this.invalidate(host);
    });
  }

  async run<T>(host: string, operation: RemoteOperation<T>, options: RunOptions = {}): Promise<T> {
    const connection = await this.connect(host, options.node);
    return connection.run(operation, { signal: options.signal });
  }

  /** A host's files over SFTP (never cached: the editor's file system keeps its own base). */
  async files(host: string, node?: string): Promise<RemoteFiles> {
    return new RemoteFiles(await this.connect(host, node));
  }

  /** The cluster's nodes, guests and storages (`/cluster/resources`). */
  inventory(host: string): Promise<Inventory> {
    return this.memo(host).get('inventory', async () =>
      buildInventory(await this.run(host, proxmoxApi.clusterResources())),
    );
  }

  /** `zpool status -v`: pool states, vdev counters and the files with permanent errors. */
  pools(host: string, node?: string): Promise<ZpoolStatus[]> {
    return this.memo(host).get(`pools:${node ?? ''}`, () => this.run(host, proxmoxApi.zpoolStatus(), { node }));
  }

  /** The pools' sizes and use, as the Proxmox API lists them. */
  poolCapacities(host: string, node: string): Promise<ZfsPoolSummary[]> {
    return this.memo(host).get(`pools:capacity:${node}`, () => this.run(host, proxmoxApi.zfsPools(node)));
  }

  /** Why storages are not active, as `pvesm status` says on stderr. */
  storageErrors(host: string): Promise<Map<string, string>> {
    return this.memo(host).get('storageErrors', () => this.run(host, proxmoxApi.storageErrors()));
  }

  /** The storage definitions of `/etc/pve/storage.cfg` (cluster-wide), read and parsed once. */
  storageDefinitions(host: string): Promise<StorageDefinition[]> {
    return this.memo(host).get('storage.cfg', async () =>
      parseStorageCfg(await this.run(host, commandText(['cat', STORAGE_CFG]))),
    );
  }

  /** A node's `/etc/vzdump.conf` as it is on the host. */
  vzdumpConf(host: string, node?: string): Promise<string> {
    return this.memo(host).get(`vzdump.conf:${node ?? ''}`, () =>
      this.run(host, commandText(['cat', VZDUMP_CONF]), { node }),
    );
  }

  /** What vzdump.conf's checks need of the host: its storages, and what each path is. */
  async vzdumpHostFacts(host: string, paths: string[], node?: string): Promise<VzdumpHostFacts> {
    const [definitions, facts] = await Promise.all([this.storageDefinitions(host), this.pathFacts(host, paths, node)]);
    return { storages: storagesFromConfig(definitions), paths: facts };
  }

  pathFacts(host: string, paths: string[], node?: string): Promise<PathFact[]> {
    if (paths.length === 0) return Promise.resolve([]);
    return this.memo(host).get(`paths:${node ?? ''}:${JSON.stringify(paths)}`, () =>
      this.run(host, pathFactsOperation(paths), { node }),
    );
  }

  /** The disks behind the pools' leaf vdevs: model, serial, size, rotation. */
  diskFacts(host: string, vdevNames: readonly string[], node?: string): Promise<DiskFact[]> {
    if (vdevNames.length === 0) return Promise.resolve([]);
    return this.memo(host).get(`disks:${node ?? ''}:${JSON.stringify(vdevNames)}`, () =>
      this.run(host, diskFactsOperation(vdevNames), { node }),
    );
  }

  /** The containers' configs on a node, by VMID (the current config, not the snapshots). */
  containerConfigs(host: string, node?: string): Promise<Map<number, Record<string, string>>> {
    return this.memo(host).get(`lxc-configs:${node ?? ''}`, () =>
      this.run(host, containerConfigsOperation(), { node }),
    );
  }

  /** The backup archives on one storage, newest first. */
  backups(host: string, node: string, storage: string): Promise<StorageContentItem[]> {
    return this.memo(host).get(`backups:${node}/${storage}`, async () =>
      (await this.run(host, proxmoxApi.storageContent(node, storage, 'backup')))
        .filter((item) => item.content === 'backup')
        .sort((a, b) => (b.ctime ?? 0) - (a.ctime ?? 0)),
    );
  }

  /** Running and recent tasks; `fresh` asks the host again (a task may have just started). */
  tasks(
    host: string,
    node: string,
    options: { fresh?: boolean } = {},
  ): Promise<{ running: TaskSummary[]; recent: TaskSummary[] }> {
    const key = `tasks:${node}`;
    if (options.fresh) this.memo(host).forget(key);
    return this.memo(host).get(key, async () => {
      const [running, recent] = await Promise.all([
        this.run(host, proxmoxApi.tasks(node, { source: 'active' })),
        this.run(host, proxmoxApi.tasks(node, { limit: 25 })),
      ]);
      return { running, recent: recent.filter((task) => !running.some((r) => r.upid === task.upid)) };
    });
  }

  /** A guest's config, for its tooltip; asked each time (it changes with every edit). */
  guestConfig(host: string, guest: GuestInfo): Promise<Record<string, unknown>> {
    return this.run(host, proxmoxApi.guestConfig(guest.node, guest.type, guest.vmid));
  }

  /**
   * Fetches again everything that was fetched for a host, and settles when all answered: the
   * tree then compares and redraws only what changed. Parts never asked for stay unasked.
   */
  reload(host: string): Promise<void> {
    return this.memos.get(host)?.refresh() ?? Promise.resolve();
  }

  /** Forgets what is known about a host, or only one part of it, so the next ask goes to the host. */
  invalidate(host: string, part?: CachedPart): void {
    if (part === undefined) this.memos.delete(host);
    else this.memos.get(host)?.forget(`${part}:`);
  }

  private memo(host: string): Memo {
    let memo = this.memos.get(host);
    if (!memo) {
      memo = new Memo();
      this.memos.set(host, memo);
    }
    return memo;
  }
}
