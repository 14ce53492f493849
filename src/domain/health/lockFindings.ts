import { isVzdumpWorker, VZDUMP_LOCK, type StuckBackup } from '../backup/stuckBackup';
import type { GuestInfo } from '../proxmox/inventory';
import type { Finding } from './findings';
import { stalledProcesses, type LockProbe } from './lockProbe';

const CLEAN_UP = { id: 'cleanUpStuckBackup', label: 'Clean Up Stuck Backup…' } as const;

/**
 * The global lock and the guests' backup locks. A backup job is stuck when one of its processes
 * is stopped or hangs in I/O without moving a byte; its lock is then stale, and so is a lock held
 * while no backup runs at all.
 */
export function lockFindings(
  probe: LockProbe,
  backups: readonly StuckBackup[],
  guests: readonly GuestInfo[],
): Finding[] {
  const stalled = stalledProcesses(probe);
  const stuck = backups.filter((b) => b.processes.some((p) => stalled.has(p.pid)));
  const why = (b: StuckBackup) =>
    b.processes
      .filter((p) => stalled.has(p.pid))
      .map((p) => `${programOf(p.args)} (pid ${p.pid}) is ${stalled.get(p.pid) ?? ''}`)
      .join('; ');
  const listing = (list: readonly StuckBackup[]) =>
    list.flatMap((b) => b.processes.map((p) => `${p.pid}  ${p.args}`)).join('\n');
  const findings: Finding[] = [];
  const covered = new Set<number>();

  const holders = backups.filter((b) => b.hasLockOpen);
  const workers = backups.filter((b) => b.processes.some((p) => isVzdumpWorker(p.args)));
  if (probe.lock !== 'held') {
    findings.push({
      area: 'locks',
      verdict: 'pass',
      title: 'The global backup lock is free',
      evidence:
        probe.lock === 'absent'
          ? `${VZDUMP_LOCK} does not exist`
          : `a shared flock on ${VZDUMP_LOCK} was granted at once`,
    });
  } else if (workers.length === 0) {
    findings.push({
      area: 'locks',
      verdict: 'failure',
      title: 'The global backup lock is held, but no backup runs',
      evidence: `flock on ${VZDUMP_LOCK} refused; no vzdump process on the host`,
      details: 'A process outside any backup keeps the lock: find it with `fuser -v /var/run/vzdump.lock`.',
    });
  } else {
    const stuckHolders = stuck.filter((b) => holders.includes(b) || holders.length === 0);
    for (const b of stuckHolders) covered.add(b.vmid);
    const guest = (list: readonly StuckBackup[]) => list.map((b) => b.vmid).join(', ');
    findings.push(
      stuckHolders.length
        ? {
            area: 'locks',
            verdict: 'failure',
            title: `The global backup lock is stale: the backup of ${guest(stuckHolders)} holding it makes no progress`,
            evidence: stuckHolders.map(why).join('; '),
            details: listing(stuckHolders),
            action: CLEAN_UP,
          }
        : {
            area: 'locks',
            verdict: 'pass',
            title: `The global backup lock is held by the running backup of ${guest(holders.length ? holders : workers)}`,
            evidence: `flock on ${VZDUMP_LOCK} refused; the job's processes move`,
            details: listing(workers),
          },
    );
  }
  for (const backup of stuck.filter((b) => !covered.has(b.vmid))) {
    findings.push({
      area: 'locks',
      verdict: 'failure',
      title: `The backup of ${backup.vmid} makes no progress`,
      evidence: why(backup),
      details: listing([backup]),
      action: CLEAN_UP,
    });
  }

  const locked = guests.filter((g) => g.lock === 'backup');
  if (locked.length === 0)
    findings.push({
      area: 'locks',
      verdict: 'pass',
      title: 'No guest is left locked by a backup',
      evidence: lockSummary(guests),
    });
  for (const guest of locked) {
    const name = `${guest.vmid} ${guest.name}`;
    const job = backups.find((b) => b.vmid === guest.vmid);
    if (job && stuck.includes(job))
      findings.push({
        area: 'locks',
        verdict: 'failure',
        title: `${name} is locked by a stuck backup`,
        evidence: `lock: backup; ${why(job)}`,
        action: CLEAN_UP,
      });
    else if (job)
      findings.push({
        area: 'locks',
        verdict: 'pass',
        title: `${name} is locked by its running backup`,
        evidence: 'lock: backup',
      });
    else
      findings.push({
        area: 'locks',
        verdict: 'failure',
        title: `${name} is locked by a backup that no longer runs`,
        evidence: `lock: backup, and no backup process for ${guest.vmid} on the host`,
        action: { id: 'unlockGuest', label: `Unlock ${guest.vmid}…`, target: String(guest.vmid) },
      });
  }
  return findings;
}

function lockSummary(guests: readonly GuestInfo[]): string {
  const others = guests.filter((g) => g.lock);
  return others.length
    ? `other locks: ${others.map((g) => `${g.vmid} ${g.lock ?? ''}`).join(', ')}`
    : 'no guest has a lock';
}

/** `rsync` from `rsync --stats -h ...`, `vzdump` from `task UPID:...:vzdump:...`. */
function programOf(args: string): string {
  if (isVzdumpWorker(args)) return 'vzdump';
  const first = args.split(/\s+/)[0] ?? args;
  return first.split('/').pop() ?? first;
}
