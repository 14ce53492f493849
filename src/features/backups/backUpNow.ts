import * as vscode from 'vscode';
import { ExpectedError } from '../../domain/errors';
import {
  MODE_HELP,
  needsSnapshotWarning,
  policyMode,
  startBackupOperation,
  startedBackup,
  type BackupMode,
  type BackupPlan,
  type StartedBackup,
} from '../../domain/backup/backupPlan';
import { backupStoragesOf, type GuestInfo } from '../../domain/proxmox/inventory';
import type { Dialogs } from '../../platform/confirm';
import type { PveSettings } from '../../platform/settings';
import type { HostModel } from '../../pve/hostModel';
import { pickHost } from '../hosts/pickHost';

/**
 * "Back Up Now…": storage, mode (with the policy's choice first and each mode explained) and
 * compression, then the equivalent command to start or copy. Returns the started task. The steps
 * stay open when focus moves elsewhere, so a notification does not throw the choices away.
 */
export async function backUpNow(
  arg: unknown,
  deps: { settings: PveSettings; data: HostModel; dialogs: Dialogs },
): Promise<{ host: string; upid: string; backup: StartedBackup } | undefined> {
  const { settings, data, dialogs } = deps;
  const fromTree = guestFromArgument(arg);
  const host = fromTree?.hostName ?? (await pickHost(settings));
  if (!host) return undefined;
  const inventory = await data.inventory(host);
  const guest = fromTree?.guest ?? (await pickGuest(inventory.guests));
  if (!guest) return undefined;

  const storages = backupStoragesOf(inventory, guest.node);
  if (storages.length === 0)
    throw new ExpectedError(
      `No storage on ${guest.node} holds backups. Add "VZDump backup file" to a storage's content first.`,
    );
  const storage = await vscode.window.showQuickPick(
    storages.map((s) => ({ label: s.storage, description: `${s.type} · ${s.status}` })),
    { title: `Back up ${guest.vmid} (${guest.name}): storage`, ignoreFocusOut: true },
  );
  if (!storage) return undefined;

  const policy = policyMode(guest, settings.backupModeByGuest());
  const modes: BackupMode[] = [
    policy.mode,
    ...(['stop', 'suspend', 'snapshot'] as const).filter((m) => m !== policy.mode),
  ];
  const mode = await vscode.window.showQuickPick(
    modes.map((m) => ({
      label: m,
      description: m === policy.mode && policy.from ? `policy for ${policy.from}` : undefined,
      detail: MODE_HELP[m],
      mode: m,
    })),
    { title: `Back up ${guest.vmid} (${guest.name}): mode`, ignoreFocusOut: true },
  );
  if (!mode) return undefined;
  if (needsSnapshotWarning(mode, guest, policy.mode)) {
    const detail =
      `The backup policy backs up ${guest.vmid} in stop mode because its data changes while it runs. ` +
      `A snapshot of a live, busy container can hold inconsistent files (the runbook: do not snapshot ` +
      `live, highly active containers).`;
    if (
      !(await dialogs.confirm(
        `Snapshot ${guest.vmid} (${guest.name}) while it runs?`,
        detail,
        'Snapshot Anyway',
        "Don't Snapshot",
      ))
    )
      return undefined;
  }

  const compressions: BackupPlan['compress'][] = ['zstd', 'gzip', 'lzo', '0'];
  const compress = await vscode.window.showQuickPick(
    compressions.map((c) => ({
      label: c,
      description: c === 'zstd' ? 'recommended' : c === '0' ? 'no compression' : undefined,
      compress: c,
    })),
    {
      title: `Back up ${guest.vmid} (${guest.name}): compression`,
      ignoreFocusOut: true,
    },
  );
  if (!compress) return undefined;

  const backup = startedBackup(
    { vmid: guest.vmid, storage: storage.label, mode: mode.mode, compress: compress.compress },
    guest,
  );
  const command = backup.command;
  const choice = await vscode.window.showQuickPick(
    [
      { label: '$(play) Start backup', id: 'start' },
      { label: '$(copy) Copy command', id: 'copy' },
    ],
    { title: command, placeHolder: command, ignoreFocusOut: true },
  );
  if (choice?.id === 'copy') {
    await vscode.env.clipboard.writeText(command);
    vscode.window.setStatusBarMessage(`Copied: ${command}`, 3000);
    return undefined;
  }
  if (choice?.id !== 'start') return undefined;
  const upid = await data.run(host, startBackupOperation(guest.node, backup));
  return { host, upid, backup };
}

function guestFromArgument(arg: unknown): { hostName: string; guest: GuestInfo } | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = arg as { kind?: unknown; hostName?: unknown; guest?: GuestInfo };
  return node.kind === 'guest' && typeof node.hostName === 'string' && node.guest
    ? { hostName: node.hostName, guest: node.guest }
    : undefined;
}

async function pickGuest(guests: GuestInfo[]): Promise<GuestInfo | undefined> {
  const picked = await vscode.window.showQuickPick(
    guests
      .filter((g) => !g.template)
      .map((g) => ({ label: `${g.vmid}`, description: `${g.name} · ${g.type} · ${g.status}`, guest: g })),
    { title: 'Back up which guest?', ignoreFocusOut: true },
  );
  return picked?.guest;
}
