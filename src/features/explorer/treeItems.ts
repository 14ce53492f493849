import * as vscode from 'vscode';
import { formatBytes, formatDateTime } from '../../shared/format';
import { describeGuest, describeStorage, guestContextValue, type GuestInfo } from '../../domain/proxmox/inventory';
import { parseUpid } from '../../domain/proxmox/upid';
import { codeSpan } from '../../domain/markdownText';
import { poolSeverity } from '../../domain/zfs/poolSeverity';
import { summarizePoolErrors, type Vdev, type ZpoolStatus } from '../../domain/zfs/parseZpoolStatus';
import { DISCONNECTED_BY_USER, type ConnectionState } from '../hosts/hostSessions';
import { Commands } from '../../ids';
import { describeTarget } from './hostDescription';
import { nodeId, type ExplorerNode, type GroupKind, type NodeOf } from './explorerNodes';

const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
const Expanded = vscode.TreeItemCollapsibleState.Expanded;
const None = vscode.TreeItemCollapsibleState.None;

const color = (id: string) => new vscode.ThemeColor(id);
const icon = (id: string, themeColor?: string) => new vscode.ThemeIcon(id, themeColor ? color(themeColor) : undefined);

export function toTreeItem(
  node: ExplorerNode,
  context: { connectionState: (host: string) => ConnectionState; groupCount?: number },
): vscode.TreeItem {
  const item = build(node, context);
  item.id = nodeId(node);
  return item;
}

function build(
  node: ExplorerNode,
  context: { connectionState: (host: string) => ConnectionState; groupCount?: number },
): vscode.TreeItem {
  switch (node.kind) {
    case 'host':
      return hostItem(node, context.connectionState(node.host.name));
    case 'node': {
      const item = new vscode.TreeItem(node.node.node, Expanded);
      item.description = node.node.status;
      item.iconPath = icon('vm', node.node.status === 'online' ? 'testing.iconPassed' : 'list.errorForeground');
      item.contextValue = `node:${node.node.status}`;
      return item;
    }
    case 'group':
      return groupItem(node.group, context.groupCount);
    case 'guest':
      return guestItem(node.guest);
    case 'storage': {
      const s = node.storage;
      const hasBackups = s.content.includes('backup');
      const item = new vscode.TreeItem(s.storage, hasBackups ? Collapsed : None);
      item.description = describeStorage(s, node.error);
      item.tooltip = new vscode.MarkdownString()
        .appendMarkdown(`**${escape(s.storage)}** (${escape(s.type)}${s.shared ? ', shared' : ''})  \n`)
        .appendMarkdown(`content: ${escape(s.content.join(', '))}  \n`)
        .appendMarkdown(
          s.status === 'available'
            ? `${formatBytes(s.used)} used of ${formatBytes(s.total)}`
            : `status: ${escape(s.status)}${node.error ? ` — ${escape(node.error)}` : ''}`,
        );
      item.iconPath = s.status === 'available' ? icon('database') : icon('error', 'list.errorForeground');
      item.contextValue = `storage:${s.type}:${s.status}${hasBackups ? ':backup' : ''}`;
      return item;
    }
    case 'backup': {
      const { item: archive } = node;
      const name = archive.volid.split('/').pop() ?? archive.volid;
      const item = new vscode.TreeItem(name, None);
      item.description = [
        archive.vmid !== undefined ? `CT/VM ${archive.vmid}` : undefined,
        archive.size !== undefined ? formatBytes(archive.size) : undefined,
        archive.ctime ? formatDateTime(archive.ctime) : undefined,
      ]
        .filter(Boolean)
        .join(' · ');
      item.tooltip = archive.volid;
      item.iconPath = icon('archive');
      item.contextValue = 'backup';
      return item;
    }
    case 'pool':
      return poolItem(node.pool);
    case 'vdev':
      return vdevItem(node.vdev);
    case 'task':
      return taskItem(node);
    case 'message': {
      const item = new vscode.TreeItem(node.text, None);
      item.tooltip = node.detail ?? node.text;
      item.iconPath = node.severity === 'error' ? icon('error', 'list.errorForeground') : icon('info');
      item.contextValue = node.retryHost ? 'message:retry' : 'message';
      if (node.retryHost) item.command = { command: Commands.connectHost, title: 'Retry', arguments: [node.retryHost] };
      return item;
    }
  }
}

function hostItem(node: NodeOf<'host'>, state: ConnectionState): vscode.TreeItem {
  const { host } = node;
  const item = new vscode.TreeItem(host.name, Collapsed);
  item.description =
    state.status === 'connected'
      ? 'connected'
      : state.status === 'connecting'
        ? 'connecting…'
        : state.reason
          ? `disconnected: ${state.reason}`
          : describeTarget(host);
  const tooltip = new vscode.MarkdownString().appendMarkdown(
    `**${escape(host.name)}**  \n${escape(describeTarget(host))}`,
  );
  if (state.status === 'disconnected' && state.reason) tooltip.appendMarkdown(`  \n${escape(state.reason)}`);
  item.tooltip = tooltip;
  item.iconPath =
    state.status === 'connected'
      ? icon('server', 'testing.iconPassed')
      : state.status === 'connecting'
        ? icon('loading~spin')
        : state.reason
          ? icon('debug-disconnect', 'list.errorForeground')
          : icon('server');
  // a failed connection (not one the user closed) offers Retry and Show Log inline
  const failed = state.status === 'disconnected' && state.reason !== undefined && state.reason !== DISCONNECTED_BY_USER;
  item.contextValue = `host:${state.status}${failed ? ':failed' : ''}`;
  return item;
}

const GROUPS: Record<GroupKind, { label: string; icon: string }> = {
  lxc: { label: 'Containers', icon: 'package' },
  qemu: { label: 'Virtual Machines', icon: 'device-desktop' },
  storage: { label: 'Storage', icon: 'database' },
  zfs: { label: 'ZFS Pools', icon: 'layers' },
  tasks: { label: 'Tasks', icon: 'history' },
};

function groupItem(group: GroupKind, count: number | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem(GROUPS[group].label, Collapsed);
  if (count !== undefined) item.description = String(count);
  item.iconPath = icon(GROUPS[group].icon);
  item.contextValue = `group:${group}`;
  return item;
}

function guestItem(guest: GuestInfo): vscode.TreeItem {
  const item = new vscode.TreeItem(`${guest.vmid} ${guest.name}`, None);
  item.description = describeGuest(guest);
  item.iconPath = guestIcon(guest);
  item.contextValue = guestContextValue(guest);
  return item;
}

function guestIcon(guest: GuestInfo): vscode.ThemeIcon {
  if (guest.lock) return icon('lock', 'list.warningForeground');
  if (guest.template) return icon('file-submodule');
  if (guest.status === 'running') return icon(guest.type === 'lxc' ? 'package' : 'vm-running', 'testing.iconPassed');
  if (guest.status === 'stopped') return icon(guest.type === 'lxc' ? 'package' : 'vm-outline', 'disabledForeground');
  return icon('question', 'list.warningForeground');
}

function poolItem(pool: ZpoolStatus): vscode.TreeItem {
  const item = new vscode.TreeItem(pool.name, Collapsed);
  const errors = summarizePoolErrors(pool);
  item.description = `${pool.state} · ${errors}`;
  const severity = poolSeverity(pool);
  const healthy = severity === 'ok';
  item.iconPath = healthy
    ? icon('pass', 'testing.iconPassed')
    : severity === 'warning'
      ? icon('warning', 'list.warningForeground')
      : icon('error', 'list.errorForeground');
  const tooltip = new vscode.MarkdownString().appendMarkdown(`**${escape(pool.name)}**: ${escape(pool.state)}  \n`);
  if (pool.status) tooltip.appendMarkdown(`${escape(pool.status)}  \n`);
  if (pool.action) tooltip.appendMarkdown(`*${escape(pool.action)}*  \n`);
  const root = pool.vdevs[0];
  if (root) tooltip.appendMarkdown(`errors: read ${root.read}, write ${root.write}, checksum ${root.cksum}  \n`);
  if (pool.scan) tooltip.appendMarkdown(escape(pool.scan.text));
  item.tooltip = tooltip;
  item.contextValue = `pool:${pool.state}:${healthy ? 'healthy' : 'unhealthy'}${pool.scan?.state === 'in-progress' ? ':scanning' : ''}`;
  return item;
}

function vdevItem(vdev: Vdev): vscode.TreeItem {
  const item = new vscode.TreeItem(vdev.name, vdev.children.length ? Expanded : None);
  const counters = `R ${vdev.read} · W ${vdev.write} · CK ${vdev.cksum}`;
  item.description = [vdev.state, counters, vdev.note].filter(Boolean).join(' · ');
  const bad =
    vdev.read + vdev.write + vdev.cksum > 0 ||
    (vdev.state !== 'ONLINE' && vdev.state !== 'AVAIL' && vdev.state !== 'INUSE' && vdev.state !== '');
  item.iconPath = vdev.children.length
    ? icon('list-tree')
    : icon('circle-filled', bad ? 'list.errorForeground' : 'testing.iconPassed');
  item.contextValue = 'vdev';
  return item;
}

function taskItem(node: NodeOf<'task'>): vscode.TreeItem {
  const { task } = node;
  const parsed = parseUpid(task.upid);
  const label = `${task.type}${task.id ? ` ${task.id}` : ''}`;
  const item = new vscode.TreeItem(label, None);
  const started = formatDateTime(task.starttime);
  const ok = task.status === 'OK' || task.status?.startsWith('WARNINGS') === true;
  item.description = node.running ? `running since ${started}` : `${task.status ?? 'unknown'} · ${started}`;
  item.tooltip = new vscode.MarkdownString()
    .appendMarkdown(`${codeSpan(task.upid)}  \n`)
    .appendMarkdown(`user ${escape(task.user ?? parsed?.user ?? '?')}`);
  item.iconPath = node.running
    ? icon('sync~spin')
    : ok
      ? icon('pass', 'testing.iconPassed')
      : icon('error', 'list.errorForeground');
  item.contextValue = `task:${task.type}:${node.running ? 'running' : ok ? 'ok' : 'error'}`;
  item.command = { command: Commands.openTask, title: 'Open Task', arguments: [node] };
  return item;
}

/** Markdown-escapes text that comes from the host, so it is shown, never interpreted. */
export function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}
