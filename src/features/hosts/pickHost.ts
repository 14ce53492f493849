import * as vscode from 'vscode';
import { ExpectedError } from '../../domain/errors';
import type { PveSettings } from '../../platform/settings';

// Which host a command works on: the tree row it was started from, else the only configured
// host, else the user's pick. One place, so every command asks the same way.

export function configuredHostNames(settings: PveSettings): string[] {
  return settings.readHosts().hosts.map((h) => h.name);
}

/** The host of a tree item the command was started from, if any. */
export function hostFromArgument(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const item = arg as { hostName?: unknown; host?: { name?: unknown } };
  if (typeof item.hostName === 'string') return item.hostName;
  return typeof item.host?.name === 'string' ? item.host.name : undefined;
}

export async function pickHost(settings: PveSettings, title = 'Which host?'): Promise<string | undefined> {
  const names = configuredHostNames(settings);
  if (names.length === 0)
    throw new ExpectedError('No Proxmox host is configured yet: add one in the Proxmox view first.');
  if (names.length === 1) return names[0];
  return vscode.window.showQuickPick(names, { title });
}
