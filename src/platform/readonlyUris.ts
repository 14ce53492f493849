import * as vscode from 'vscode';
import type { GuestType } from '../domain/proxmox/inventory';

// Read-only documents fetched from a host, shown by the explorer's document provider and opened
// from any feature (a task's log from the backup monitor, a guest's config from the tree).
//   pve-readonly://<host>/config/<node>/<lxc|qemu>/<vmid>.conf
//   pve-readonly://<host>/task/<node>/<UPID>.log

export const READONLY_SCHEME = 'pve-readonly';

export function guestConfigUri(hostName: string, node: string, type: GuestType, vmid: number): vscode.Uri {
  return vscode.Uri.from({
    scheme: READONLY_SCHEME,
    authority: hostName,
    path: `/config/${node}/${type}/${vmid}.conf`,
  });
}

export function taskLogUri(hostName: string, node: string, upid: string): vscode.Uri {
  return vscode.Uri.from({
    scheme: READONLY_SCHEME,
    authority: hostName,
    path: `/task/${node}/${encodeURIComponent(upid)}.log`,
  });
}
