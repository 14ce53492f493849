import { policyMode, type BackupMode } from '../backup/backupPlan';
import type { MountPoint } from '../proxmox/guestConfig';
import type { GuestInfo } from '../proxmox/inventory';
import type { Finding } from './findings';

export const MEDIA_TAG = 'media';

export interface PolicyInput {
  guests: readonly GuestInfo[];
  modeByGuest: Readonly<Record<string, BackupMode>>;
  /** per VMID: the newest archive and the mode its log names ('' when unknown) */
  newestBackupMode: ReadonlyMap<number, { volid: string; mode: string }>;
  mountPoints: ReadonlyMap<number, readonly MountPoint[]>;
}

/**
 * The runbook's policy: live media containers (tagged "media") are backed up in stop mode, never
 * snapshot; and what a container mounts outside its backup (bind mounts, device mounts, volumes
 * without backup=1) is listed, so the admin knows what a restore would not bring back.
 */
export function policyFindings(input: PolicyInput): Finding[] {
  const containers = input.guests.filter((g) => g.type === 'lxc' && !g.template);
  const media = containers.filter((g) => g.status === 'running' && g.tags.some((t) => t.toLowerCase() === MEDIA_TAG));
  const findings: Finding[] = media.length
    ? media.flatMap((g) => mediaFindings(g, input))
    : [
        {
          area: 'policy',
          verdict: 'pass',
          title: `No running container is tagged "${MEDIA_TAG}"`,
          evidence: 'live media containers are found by their tag',
        },
      ];
  for (const guest of containers) {
    const outside = (input.mountPoints.get(guest.vmid) ?? []).filter((m) => !m.inBackup);
    if (outside.length === 0) continue;
    const kinds = outside.map(
      (m) =>
        `${m.source} at ${m.path} (${m.key}, ${m.kind === 'volume' ? 'volume without backup=1' : `${m.kind} mount`})`,
    );
    findings.push({
      area: 'policy',
      verdict: 'pass',
      title: `${guest.vmid} ${guest.name}: not in its backups: ${outside.map((m) => m.path).join(', ')}`,
      evidence: kinds.join('; '),
      details: `vzdump leaves these out by design. Back them up another way, or restore them by hand:\n${kinds.join('\n')}`,
    });
  }
  return findings;
}

/**
 * The policy after "Use stop mode": `media: stop` for every media container, plus the guest's own
 * VMID when an entry that wins over the tag (its VMID, an earlier tag) still says otherwise.
 */
export function stopModeSetting(
  guest: Pick<GuestInfo, 'vmid' | 'tags'>,
  modeByGuest: Readonly<Record<string, BackupMode>>,
): Record<string, BackupMode> {
  const next: Record<string, BackupMode> = { ...modeByGuest, [MEDIA_TAG]: 'stop' };
  if (policyMode(guest, next).mode !== 'stop') next[String(guest.vmid)] = 'stop';
  return next;
}

function stopModeLabel(guest: GuestInfo, modeByGuest: Readonly<Record<string, BackupMode>>): string {
  return stopModeSetting(guest, modeByGuest)[String(guest.vmid)] === 'stop'
    ? `Use stop mode for ${guest.vmid} and "${MEDIA_TAG}"`
    : `Use stop mode for "${MEDIA_TAG}"`;
}

function mediaFindings(guest: GuestInfo, input: PolicyInput): Finding[] {
  const name = `${guest.vmid} ${guest.name}`;
  const policy = policyMode(guest, input.modeByGuest);
  const newest = input.newestBackupMode.get(guest.vmid);
  const findings: Finding[] = [];
  if (policy.mode === 'snapshot') {
    findings.push({
      area: 'policy',
      verdict: 'warning',
      title: `${name}: a live media container the policy backs up in snapshot mode`,
      evidence: `pve.backup.modeByGuest: ${policy.from ? `${policy.from} → snapshot` : `nothing for ${guest.vmid} or its tags, so snapshot`}`,
      details:
        'The runbook: do not snapshot live, highly active containers (Radarr, Sonarr, Deluge); use stop mode for media.',
      action: { id: 'useStopModeForMedia', label: stopModeLabel(guest, input.modeByGuest), target: String(guest.vmid) },
    });
  }
  if (newest?.mode === 'snapshot') {
    findings.push({
      area: 'policy',
      verdict: 'warning',
      title: `${name}: its newest backup was taken in snapshot mode`,
      evidence: `${newest.volid}: backup mode: snapshot`,
      action: { id: 'backUpNow', label: 'Back Up Now…', target: String(guest.vmid) },
    });
  }
  if (findings.length === 0) {
    findings.push({
      area: 'policy',
      verdict: 'pass',
      title: `${name}: a live media container backed up in ${policy.mode} mode`,
      evidence: `policy: ${policy.mode}${policy.from ? ` (${policy.from})` : ''}; newest backup: ${newestText(newest)}`,
    });
  }
  return findings;
}

function newestText(newest: { mode: string; volid: string } | undefined): string {
  return newest ? `${newest.mode || 'mode not logged'} (${newest.volid})` : 'none';
}
