import * as vscode from 'vscode';
import { proxmoxApi } from '../../domain/proxmox/api';
import type { GuestType } from '../../domain/proxmox/inventory';
import type { ExplorerData } from '../../pve/hostModel';

export const READONLY_SCHEME = 'pve-readonly';

/**
 * Read-only documents fetched from a host: a guest's config (`pct config`) and a task's log.
 * URIs: pve-readonly://<host>/config/<node>/<lxc|qemu>/<vmid>.conf and
 *       pve-readonly://<host>/task/<node>/<UPID>.log
 */
export class ReadonlyDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly data: ExplorerData) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const hostName = decodeURIComponent(uri.authority);
    const [kind, node, ...rest] = uri.path.split('/').filter(Boolean).map(decodeURIComponent);
    if (kind === 'config' && node && rest.length === 2) {
      const [type, file] = rest as [string, string];
      return this.data.run(hostName, proxmoxApi.guestConfigText(type as GuestType, Number(file.replace(/\.conf$/, ''))));
    }
    if (kind === 'task' && node && rest.length === 1) {
      const upid = (rest[0] ?? '').replace(/\.log$/, '');
      const lines = await this.data.run(hostName, proxmoxApi.taskLog(node, upid));
      return `${lines.map((line) => line.t).join('\n')}\n`;
    }
    throw new Error(`Unknown Proxmox document ${uri.toString()}`);
  }
}

export function guestConfigUri(hostName: string, node: string, type: GuestType, vmid: number): vscode.Uri {
  return vscode.Uri.from({ scheme: READONLY_SCHEME, authority: hostName, path: `/config/${node}/${type}/${vmid}.conf` });
}

export function taskLogUri(hostName: string, node: string, upid: string): vscode.Uri {
  return vscode.Uri.from({ scheme: READONLY_SCHEME, authority: hostName, path: `/task/${node}/${encodeURIComponent(upid)}.log` });
}
