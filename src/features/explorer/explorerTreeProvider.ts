import * as vscode from 'vscode';
import { matchesFilter, type GuestInfo, type Inventory } from '../../domain/proxmox/inventory';
import { ContextKeys } from '../../ids';
import type { PveSettings } from '../../platform/settings';
import type { HostSessions } from '../hosts/hostSessions';
import type { HostModel } from '../../pve/hostModel';
import { nodeId, type ExplorerNode, type GroupKind, type NodeOf } from './explorerNodes';
import { guestTooltip } from './guestTooltip';
import { toTreeItem } from './treeItems';
import { errorMessage } from '../../shared/errorMessage';

const GROUP_ORDER: GroupKind[] = ['lxc', 'qemu', 'storage', 'zfs', 'tasks'];

/**
 * The Proxmox sidebar: hosts → nodes → Containers, Virtual Machines, Storage, ZFS Pools, Tasks.
 * Data comes from HostModel; a remote failure becomes an error item that says what went wrong.
 */
export class ExplorerTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private filterText = '';
  /** The last node shown for each host, so a refresh can name exactly that element. */
  private readonly hostNodes = new Map<string, ExplorerNode>();
  /** Group nodes as last handed to VS Code (it matches refreshes by object), with what they showed. */
  private readonly groups = new Map<string, { node: NodeOf<'group'>; shown: string }>();

  constructor(
    private readonly settings: PveSettings,
    private readonly sessions: HostSessions,
    private readonly data: HostModel,
  ) {}

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim();
    this.changed.fire(undefined);
  }

  /** Refetch one host (its subtree only) or, without an argument, everything. */
  refresh(hostName?: string): void {
    if (hostName === undefined) {
      this.hostNodes.forEach((_node, name) => this.data.invalidate(name));
      this.changed.fire(undefined);
      return;
    }
    this.data.invalidate(hostName);
    this.changed.fire(this.hostNodes.get(hostName));
  }

  /**
   * The periodic refresh: fetch again what is on screen, then redraw only the groups whose
   * content changed (expansion, selection and scroll position stay as they are).
   */
  async refreshChanged(hostName: string): Promise<void> {
    await this.data.reload(hostName);
    for (const [id, { node, shown }] of this.groups) {
      if (node.hostName !== hostName) continue;
      const now = await this.groupChildren(node).then(
        (children) => this.signature(children),
        (error: unknown) => `error:${messageOf(error)}`,
      );
      if (now !== shown) {
        this.groups.delete(id);
        this.changed.fire(node);
      }
    }
  }

  /** Redraw a host item (its connection state changed) without refetching. */
  redrawHost(hostName: string): void {
    const node = this.hostNodes.get(hostName);
    if (node) this.changed.fire(node);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return toTreeItem(node, {
      connectionState: (host) => this.sessions.state(host),
      groupCount: this.groupCounts.get(nodeId(node)),
    });
  }

  async resolveTreeItem(item: vscode.TreeItem, node: ExplorerNode): Promise<vscode.TreeItem> {
    if (node.kind !== 'guest' || item.tooltip) return item;
    try {
      item.tooltip = guestTooltip(node.guest, await this.data.guestConfig(node.hostName, node.guest));
    } catch (error) {
      item.tooltip = `Could not read the config of ${node.guest.vmid}: ${messageOf(error)}`;
    }
    return item;
  }

  /** What a list of children looks like on screen, to tell whether a redraw is needed. */
  private signature(children: ExplorerNode[]): string {
    return JSON.stringify(
      children.map((child) => {
        const item = this.getTreeItem(child);
        return [
          item.id,
          item.label,
          item.description,
          item.contextValue,
          item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined,
        ];
      }),
    );
  }

  /** The way up from a guest, so TreeView.reveal can open its host, node and group. */
  async getParent(node: ExplorerNode): Promise<ExplorerNode | undefined> {
    switch (node.kind) {
      case 'guest':
        return { kind: 'group', hostName: node.hostName, node: node.guest.node, group: node.guest.type };
      case 'group': {
        const found = (await this.data.inventory(node.hostName)).nodes.find((n) => n.node === node.node);
        return found ? { kind: 'node', hostName: node.hostName, node: found } : undefined;
      }
      case 'node': {
        // The host rows may not have been listed yet (the view was never shown): build it from settings.
        const host = this.settings.readHosts().hosts.find((h) => h.name === node.hostName);
        return this.hostNodes.get(node.hostName) ?? (host ? { kind: 'host', host } : undefined);
      }
      default:
        return undefined;
    }
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!node) return this.hosts();
    try {
      switch (node.kind) {
        case 'host':
          return await this.nodesOf(node.host.name);
        case 'node':
          return await this.groupsOf(node);
        case 'group': {
          const children = await this.groupChildren(node);
          this.groups.set(nodeId(node), { node, shown: this.signature(children) });
          return children;
        }
        case 'storage':
          return (await this.data.backups(node.hostName, node.storage.node, node.storage.storage)).map((item) => ({
            kind: 'backup',
            hostName: node.hostName,
            node: node.storage.node,
            storage: node.storage.storage,
            item,
          }));
        case 'pool': {
          // The root vdev repeats the pool's name: show its children, then the class sections.
          const [root, ...sections] = node.pool.vdevs;
          const top = root && root.name === node.pool.name ? [...root.children, ...sections] : node.pool.vdevs;
          return top.map((vdev) => ({
            kind: 'vdev',
            hostName: node.hostName,
            pool: node.pool.name,
            vdev,
            path: vdev.name,
          }));
        }
        case 'vdev':
          return node.vdev.children.map((vdev) => ({
            kind: 'vdev',
            hostName: node.hostName,
            pool: node.pool,
            vdev,
            path: `${node.path}/${vdev.name}`,
          }));
        default:
          return [];
      }
    } catch (error) {
      const hostName = 'hostName' in node ? node.hostName : node.kind === 'host' ? node.host.name : undefined;
      return [
        {
          kind: 'message',
          id: `${nodeId(node)}/error`,
          text: messageOf(error),
          detail: messageOf(error),
          severity: 'error',
          retryHost: node.kind === 'host' ? hostName : undefined,
        },
      ];
    }
  }

  private hosts(): ExplorerNode[] {
    const { hosts, problems } = this.settings.readHosts();
    this.hostNodes.clear();
    const nodes: ExplorerNode[] = hosts.map((host) => {
      const node: ExplorerNode = { kind: 'host', host };
      this.hostNodes.set(host.name, node);
      return node;
    });
    problems.forEach((message, index) =>
      nodes.push({
        kind: 'message',
        id: `settings/problem/${index}`,
        text: 'Invalid host entry',
        detail: `${message}\n\nFix it in your settings (pve.hosts).`,
        severity: 'error',
      }),
    );
    return nodes;
  }

  private async nodesOf(hostName: string): Promise<ExplorerNode[]> {
    const inventory = await this.data.inventory(hostName);
    // the walkthrough's "Browse the host" step is done once a host has been opened in the tree
    if (!this.browsed) {
      this.browsed = true;
      void vscode.commands.executeCommand('setContext', ContextKeys.hostBrowsed, true);
    }
    if (inventory.nodes.length === 0)
      return [
        { kind: 'message', id: `host/${hostName}/empty`, text: 'No nodes in /cluster/resources', severity: 'info' },
      ];
    return inventory.nodes.map((node) => ({ kind: 'node', hostName, node }));
  }

  private readonly groupCounts = new Map<string, number>();
  private browsed = false;

  private async groupsOf(node: NodeOf<'node'>): Promise<ExplorerNode[]> {
    const inventory = await this.data.inventory(node.hostName);
    return GROUP_ORDER.map((group) => {
      const groupNode: ExplorerNode = { kind: 'group', hostName: node.hostName, node: node.node.node, group };
      const count = countFor(group, inventory, node.node.node, this.filterText);
      if (count === undefined) this.groupCounts.delete(nodeId(groupNode));
      else this.groupCounts.set(nodeId(groupNode), count);
      return groupNode;
    });
  }

  private async groupChildren(node: NodeOf<'group'>): Promise<ExplorerNode[]> {
    const { hostName } = node;
    switch (node.group) {
      case 'lxc':
      case 'qemu': {
        const guests = this.guestsOf(await this.data.inventory(hostName), node.node, node.group);
        if (guests.length === 0)
          return [emptyMessage(node, this.filterText ? `No match for "${this.filterText}"` : 'None')];
        return guests.map((guest) => ({ kind: 'guest', hostName, guest }));
      }
      case 'storage': {
        const storages = (await this.data.inventory(hostName)).storages.filter((s) => s.node === node.node);
        const errors = storages.some((s) => s.status !== 'available')
          ? await this.data.storageErrors(hostName).catch(() => new Map<string, string>())
          : new Map<string, string>();
        return storages.map((storage) => ({ kind: 'storage', hostName, storage, error: errors.get(storage.storage) }));
      }
      case 'zfs': {
        const pools = await this.data.pools(hostName);
        if (pools.length === 0) return [emptyMessage(node, 'No ZFS pools')];
        return pools.map((pool) => ({ kind: 'pool', hostName, node: node.node, pool }));
      }
      case 'tasks': {
        const { running, recent } = await this.data.tasks(hostName, node.node);
        const tasks: ExplorerNode[] = [
          ...running.map((task): ExplorerNode => ({ kind: 'task', hostName, node: node.node, task, running: true })),
          ...recent.map((task): ExplorerNode => ({ kind: 'task', hostName, node: node.node, task, running: false })),
        ];
        return tasks.length ? tasks : [emptyMessage(node, 'No tasks')];
      }
    }
  }

  private guestsOf(inventory: Inventory, nodeName: string, type: 'lxc' | 'qemu'): GuestInfo[] {
    return inventory.guests.filter(
      (g) => g.node === nodeName && g.type === type && (!this.filterText || matchesFilter(g, this.filterText)),
    );
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function countFor(group: GroupKind, inventory: Inventory, nodeName: string, filter: string): number | undefined {
  if (group === 'lxc' || group === 'qemu')
    return inventory.guests.filter(
      (g) => g.node === nodeName && g.type === group && (!filter || matchesFilter(g, filter)),
    ).length;
  if (group === 'storage') return inventory.storages.filter((s) => s.node === nodeName).length;
  return undefined;
}

function emptyMessage(node: NodeOf<'group'>, text: string): ExplorerNode {
  return { kind: 'message', id: `${nodeId(node)}/empty`, text, severity: 'info' };
}

function messageOf(error: unknown): string {
  return errorMessage(error);
}
