import type * as vscode from 'vscode';
import { proxmoxApi } from '../../domain/proxmox/api';
import type { GuestType } from '../../domain/proxmox/inventory';
import type { HostModel } from '../../pve/hostModel';

/** Read-only documents fetched from a host: a guest's config (`pct config`) and a task's log (URIs: readonlyUris.ts). */
export class ReadonlyDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly data: HostModel) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const hostName = decodeURIComponent(uri.authority);
    const [kind, node, ...rest] = uri.path.split('/').filter(Boolean).map(decodeURIComponent);
    if (kind === 'config' && node && rest.length === 2) {
      const [type, file] = rest as [string, string];
      return this.data.run(
        hostName,
        proxmoxApi.guestConfigText(type as GuestType, Number(file.replace(/\.conf$/, ''))),
      );
    }
    if (kind === 'task' && node && rest.length === 1) {
      const upid = (rest[0] ?? '').replace(/\.log$/, '');
      const lines = await this.data.run(hostName, proxmoxApi.taskLog(node, upid));
      return `${lines.map((line) => line.t).join('\n')}\n`;
    }
    throw new Error(`Unknown Proxmox document ${uri.toString()}`);
  }
}
