import type { GuestInfo } from '../proxmox/inventory';
import type { StorageContentItem } from '../proxmox/schemas';
import type { Finding } from './findings';

const DAY = 86_400;

/**
 * One finding per guest: its newest archive on any backup storage and how old it is. No backup at
 * all is a failure; one older than `maxAgeDays` a warning. Templates are left out.
 */
export function backupAgeFindings(
  guests: readonly GuestInfo[],
  backups: readonly { storage: string; item: StorageContentItem }[],
  nowSeconds: number,
  maxAgeDays: number,
): Finding[] {
  return guests
    .filter((g) => !g.template)
    .map((guest): Finding => {
      const newest = backups
        .filter((b) => b.item.content === 'backup' && b.item.vmid === guest.vmid)
        .sort((a, b) => (b.item.ctime ?? 0) - (a.item.ctime ?? 0))[0];
      const name = `${guest.vmid} ${guest.name}`;
      const backUpNow = { id: 'backUpNow', label: 'Back Up Now…', target: String(guest.vmid) } as const;
      if (!newest)
        return {
          area: 'backups',
          verdict: 'failure',
          title: `${name} has no backup`,
          evidence: 'no archive of this guest on any backup storage',
          action: backUpNow,
        };
      const ageDays = newest.item.ctime === undefined ? undefined : Math.floor((nowSeconds - newest.item.ctime) / DAY);
      const evidence = `${newest.item.volid}${ageDays === undefined ? '' : `, ${ageDays} day${ageDays === 1 ? '' : 's'} old`}`;
      if (ageDays === undefined || ageDays > maxAgeDays)
        return {
          area: 'backups',
          verdict: 'warning',
          title: `${name}: newest backup is older than ${maxAgeDays} days`,
          evidence,
          action: backUpNow,
        };
      return { area: 'backups', verdict: 'pass', title: `${name} is backed up`, evidence };
    });
}
