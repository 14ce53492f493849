import { formatDateTime } from '../../shared/format';
import type { GuestInfo } from '../proxmox/inventory';
import type { StorageContentItem } from '../proxmox/schemas';
import type { StorageDefinition } from '../proxmox/storageConfig';
import { backupsOfGuests, mapDamage, type DamagedEntry } from '../zfs/mapDamage';
import type { MirrorWarning } from '../zfs/mirrorMismatch';
import { poolSeverity } from '../zfs/poolSeverity';
import { summarizePoolErrors } from '../zfs/summarizePoolErrors';
import type { ZpoolStatus } from '../zfs/types';
import type { Finding } from './findings';
import { lastScrubEnd, scrubAgeFinding } from './scrubAge';

const SHOW_ZFS = { id: 'showZfsHealth', label: 'Show ZFS Health' } as const;

/** Each pool: its state and damage (one finding per damaged guest disk), its last scrub, its mirrors. */
export function zfsFindings(
  pools: readonly ZpoolStatus[],
  mirrorWarnings: ReadonlyMap<string, readonly MirrorWarning[]>,
  storages: StorageDefinition[],
  guests: readonly GuestInfo[],
  now: Date,
): Finding[] {
  if (pools.length === 0)
    return [
      {
        area: 'zfs',
        verdict: 'pass',
        title: 'No ZFS pools on this host',
        evidence: 'zpool status -v: no pools available',
      },
    ];
  return pools.flatMap((pool) => [
    ...poolStateFindings(pool, storages, guests),
    scrubAgeFinding(pool, now),
    ...mirrorFindings(pool, mirrorWarnings.get(pool.name) ?? []),
  ]);
}

function poolStateFindings(pool: ZpoolStatus, storages: StorageDefinition[], guests: readonly GuestInfo[]): Finding[] {
  const summary = summarizePoolErrors(pool);
  const evidence = `state: ${pool.state}, errors: ${summary}`;
  const severity = poolSeverity(pool);
  if (severity === 'ok')
    return [{ area: 'zfs', verdict: 'pass', title: `${pool.name} is ONLINE with no known data errors`, evidence }];
  const head: Finding = {
    area: 'zfs',
    verdict: 'failure',
    title: `${pool.name} is ${pool.state}: ${summary}`,
    evidence: pool.status ?? evidence,
    details: [evidence, ...pool.errors.permanent].join('\n'),
    action: { ...SHOW_ZFS, target: pool.name },
  };
  return [head, ...mapDamage(pool.name, pool.errors.permanent, storages, guests).map(damageFinding)];
}

function damageFinding(entry: DamagedEntry): Finding {
  const where = entry.volume ?? entry.path ?? entry.dataset ?? entry.entry;
  const title = entry.guest
    ? `${entry.guest.vmid} ${entry.guest.name}: its disk ${where} has permanent errors`
    : entry.vmid !== undefined
      ? `Guest ${entry.vmid} (not on this host any more): ${where} has permanent errors`
      : `${where} has permanent errors (${entry.kind === 'file' ? 'not a guest disk' : entry.kind})`;
  return { area: 'zfs', verdict: 'failure', title, evidence: entry.entry, action: { ...SHOW_ZFS, target: entry.pool } };
}

function mirrorFindings(pool: ZpoolStatus, warnings: readonly MirrorWarning[]): Finding[] {
  if (warnings.length === 0)
    return [
      {
        area: 'zfs',
        verdict: 'pass',
        title: `${pool.name}: the sides of each mirror match in size and model`,
        evidence: 'sizes within 1%, same model',
      },
    ];
  return warnings.map((w) => ({
    area: 'zfs',
    verdict: 'warning',
    title: `${pool.name}: ${w.mirror} mixes disks`,
    evidence: w.message.split('. ')[0] ?? w.message,
    details: w.message,
  }));
}

/**
 * The runbook's warning: a backup taken while a disk is damaged carries the damage. When the last
 * scrub reported errors, its end is when the damage was known at the latest; a guest whose newest
 * backup is younger than that may only have corrupted copies. (Scrub times are the host's local
 * time read as UTC: a few hours of slack either way.)
 */
export function damagedBackupFindings(
  pools: readonly ZpoolStatus[],
  storages: StorageDefinition[],
  guests: readonly GuestInfo[],
  backups: readonly { storage: string; item: StorageContentItem }[],
): Finding[] {
  return pools.flatMap((pool) => {
    const damage = mapDamage(pool.name, pool.errors.permanent, storages, guests);
    if (damage.length === 0) return [];
    const reported = pool.scan?.errors ? lastScrubEnd(pool.scan.text) : undefined;
    const newest = backupsOfGuests(damage, backups);
    return [...newest.entries()].flatMap(([vmid, list]): Finding[] => {
      const backup = list[0];
      const name = damage.find((d) => d.vmid === vmid)?.guest?.name ?? '';
      const who = `${vmid}${name ? ` ${name}` : ''}`;
      if (!backup) return []; // "has no backup" is the backup age check's finding
      const taken = backup.ctime === undefined ? 'unknown time' : formatDateTime(backup.ctime);
      if (!reported || backup.ctime === undefined) {
        return [
          {
            area: 'backups',
            verdict: 'warning',
            title: `${who}: cannot tell whether its newest backup carries the damage`,
            evidence: `${backup.volid}, taken ${taken}; no scrub has dated the damage`,
            action: { ...SHOW_ZFS, target: pool.name },
          },
        ];
      }
      const reportedSeconds = reported.getTime() / 1000;
      if (backup.ctime > reportedSeconds) {
        return [
          {
            area: 'backups',
            verdict: 'failure',
            title: `${who}: newest backup was taken after its disk was reported damaged, so it carries the corruption`,
            evidence: `${backup.volid}, taken ${taken}; ${pool.scan?.text ?? ''}`,
            details: list.map((b) => `${b.volid}  ${b.ctime === undefined ? '' : formatDateTime(b.ctime)}`).join('\n'),
            action: { ...SHOW_ZFS, target: pool.name },
          },
        ];
      }
      return [
        {
          area: 'backups',
          verdict: 'pass',
          title: `${who}: newest backup predates the damage report, a restore candidate`,
          evidence: `${backup.volid}, taken ${taken}`,
        },
      ];
    });
  });
}
