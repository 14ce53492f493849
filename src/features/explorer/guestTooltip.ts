import * as vscode from 'vscode';
import { parseMountPoints } from '../../domain/proxmox/guestConfig';
import type { GuestInfo } from '../../domain/proxmox/inventory';
import { codeSpan } from '../../domain/markdownText';
import { escape } from './treeItems';

/** The guest's tooltip, from its config: what it is, its disks, and what its backups leave out. */
export function guestTooltip(guest: GuestInfo, config: Record<string, unknown>): vscode.MarkdownString {
  const value = (key: string) => {
    const raw = config[key];
    return typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined;
  };
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${guest.type === 'lxc' ? 'CT' : 'VM'} ${guest.vmid} ${escape(guest.name)}**`);
  if (guest.lock) md.appendMarkdown(` &nbsp; ${codeSpan(`locked: ${guest.lock}`)}`);
  md.appendMarkdown('\n\n');
  const facts: Array<[string, string | undefined]> = [
    ['hostname', value('hostname') ?? value('name')],
    ['status', guest.status],
    ['cores', value('cores')],
    ['memory', value('memory') ? `${value('memory')} MiB` : undefined],
    ['tags', guest.tags.length ? guest.tags.join(', ') : undefined],
  ];
  for (const [label, text] of facts) if (text) md.appendMarkdown(`${label}: ${escape(text)}  \n`);
  const mounts = parseMountPoints(config);
  if (mounts.length) {
    md.appendMarkdown('\n**Disks**  \n');
    for (const mount of mounts) {
      const where = mount.key === 'rootfs' ? 'rootfs' : `${mount.key} → ${mount.path}`;
      const size = mount.size ? ` (${mount.size})` : '';
      const excluded = mount.inBackup
        ? ''
        : mount.kind === 'bind'
          ? ' — *bind mount, not in backups*'
          : mount.kind === 'device'
            ? ' — *device, not in backups*'
            : ' — *not in backups*';
      // a code span shows its text as it is: escaping inside it would show the backslashes
      md.appendMarkdown(`${escape(where)}: ${codeSpan(mount.source)}${escape(size)}${excluded}  \n`);
    }
  }
  return md;
}
