import type { GuestType } from '../proxmox/inventory';
import { apiPath, pveshCreateTask } from '../proxmox/pvesh';

// "Back Up Now": what to run, chosen with intent. The mode follows the runbook's policy (stop for
// live, busy containers; snapshot for static services), written down per VMID or tag in the
// setting pve.backup.modeByGuest.

export type BackupMode = 'snapshot' | 'suspend' | 'stop';

export const MODE_HELP: Record<BackupMode, string> = {
  stop: 'Shuts the guest down for the backup and starts it again: consistent, with downtime. For live, busy containers.',
  suspend: 'Copies while running, then pauses the guest for a final sync: short pause. Needs a temporary directory.',
  snapshot:
    'Backs up a storage snapshot while the guest runs: no downtime. For static services; live, busy data may be inconsistent.',
};

export interface BackupPlan {
  vmid: number;
  storage: string;
  mode: BackupMode;
  compress: 'zstd' | 'gzip' | 'lzo' | '0';
}

/** The mode the policy gives a guest: its VMID first, then its tags, else snapshot. */
export function policyMode(
  guest: { vmid: number; tags: readonly string[] },
  modeByGuest: Readonly<Record<string, BackupMode>>,
): { mode: BackupMode; from?: string } {
  const byId = modeByGuest[String(guest.vmid)];
  if (byId) return { mode: byId, from: `VMID ${guest.vmid}` };
  // Proxmox keeps tags as typed; "Media" and "media" are one policy
  const byTagName = new Map(Object.entries(modeByGuest).map(([key, mode]) => [key.toLowerCase(), mode]));
  for (const tag of guest.tags) {
    const byTag = byTagName.get(tag.toLowerCase());
    if (byTag) return { mode: byTag, from: `tag "${tag}"` };
  }
  return { mode: 'snapshot' };
}

/**
 * A backup the extension started itself, kept with its task: a job that never got the global lock
 * logs neither its command line nor its guest, and the task API does not say how it was started.
 */
export interface StartedBackup extends BackupPlan {
  guestName: string;
  guestType: GuestType;
  command: string;
}

export function startedBackup(plan: BackupPlan, guest: { name: string; type: GuestType }): StartedBackup {
  return { ...plan, guestName: guest.name, guestType: guest.type, command: vzdumpCommandLine(plan) };
}

/** A snapshot of a container the policy backs up in stop mode: the runbook says not to, so ask. */
export function needsSnapshotWarning(
  plan: Pick<BackupPlan, 'mode'>,
  guest: { type: string },
  policy: BackupMode,
): boolean {
  return plan.mode === 'snapshot' && guest.type === 'lxc' && policy === 'stop';
}

/** The command a user would type for the same backup. */
export function vzdumpCommandLine(plan: BackupPlan): string {
  return `vzdump ${plan.vmid} --storage ${plan.storage} --mode ${plan.mode} --compress ${plan.compress}`;
}

/** Starts it through the API (`pvesh create /nodes/<node>/vzdump`), which answers with the task's UPID. */
export function startBackupOperation(node: string, plan: BackupPlan) {
  return pveshCreateTask(apiPath('nodes', node, 'vzdump'), {
    vmid: plan.vmid,
    storage: plan.storage,
    mode: plan.mode,
    compress: plan.compress,
  });
}
