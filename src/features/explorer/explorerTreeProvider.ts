import * as vscode from 'vscode';
import type { HostConfig } from '../../domain/hosts/hostConfig';
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

  constructor(private readonly settings: PveSettings) {}

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
    const item = new vscode.TreeItem(host.name, vscode.TreeItemCollapsibleState.None);
    item.id = `host:${host.name}`;
    item.description = describeTarget(host);
    item.tooltip = new vscode.MarkdownString().appendText(`${host.name}\n${describeTarget(host)}`);
    item.iconPath = new vscode.ThemeIcon('server');
    item.contextValue = 'host:configured';
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function describeTarget(host: HostConfig): string {
  const user = host.username ? `${host.username}@` : '';
  const port = host.port && host.port !== 22 ? `:${host.port}` : '';
  return `${user}${host.host}${port}`;
}
