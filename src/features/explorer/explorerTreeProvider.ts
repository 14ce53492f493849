import * as vscode from 'vscode';
import type { HostConfig } from '../../domain/hosts/hostConfig';
import type { ConnectionState } from '../../remote/connectionPool';
import type { PveSettings } from '../../platform/settings';

/** A plain-data node; the provider turns it into a TreeItem. */
export type ExplorerNode =
  | { kind: 'host'; host: HostConfig }
  | { kind: 'problem'; message: string };

/**
 * The Proxmox sidebar. For now it lists the configured hosts; an empty list lets VS Code show
 * the welcome view with its "Add a Proxmox host" button.
 */
export class ExplorerTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly settings: PveSettings,
    private readonly connectionState: (hostName: string) => ConnectionState,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(element?: ExplorerNode): ExplorerNode[] {
    if (element) return [];
    const { hosts, problems } = this.settings.readHosts();
    return [
      ...hosts.map((host): ExplorerNode => ({ kind: 'host', host })),
      ...problems.map((message): ExplorerNode => ({ kind: 'problem', message })),
    ];
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    if (node.kind === 'problem') {
      const item = new vscode.TreeItem('Invalid host entry', vscode.TreeItemCollapsibleState.None);
      item.description = node.message;
      item.tooltip = `${node.message}\n\nFix it in your settings (pve.hosts).`;
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      item.contextValue = 'problem:settings';
      return item;
    }
    const { host } = node;
    const state = this.connectionState(host.name);
    const item = new vscode.TreeItem(host.name, vscode.TreeItemCollapsibleState.None);
    item.id = `host:${host.name}`;
    item.description = describeState(state) ?? describeTarget(host);
    const tooltip = new vscode.MarkdownString().appendMarkdown('**').appendText(host.name).appendMarkdown('**  \n').appendText(describeTarget(host));
    if (state.status === 'disconnected' && state.reason) tooltip.appendMarkdown('  \n').appendText(state.reason);
    item.tooltip = tooltip;
    item.iconPath = stateIcon(state);
    item.contextValue = `host:${state.status}`;
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function describeState(state: ConnectionState): string | undefined {
  if (state.status === 'connected') return 'connected';
  if (state.status === 'connecting') return 'connecting…';
  return state.reason ? `disconnected: ${state.reason}` : undefined;
}

function stateIcon(state: ConnectionState): vscode.ThemeIcon {
  if (state.status === 'connected') return new vscode.ThemeIcon('server', new vscode.ThemeColor('testing.iconPassed'));
  if (state.status === 'connecting') return new vscode.ThemeIcon('loading~spin');
  if (state.reason) return new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('list.errorForeground'));
  return new vscode.ThemeIcon('server');
}

export function describeTarget(host: HostConfig): string {
  const user = host.username ? `${host.username}@` : '';
  const port = host.port && host.port !== 22 ? `:${host.port}` : '';
  return `${user}${host.host}${port}`;
}
