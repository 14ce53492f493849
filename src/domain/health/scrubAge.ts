import type { ZpoolStatus } from '../zfs/types';
import type { Finding } from './findings';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** When the last finished scrub ended, from its scan text ("... on Thu Nov 26 16:59:51 2026"), in the host's local time read as UTC. */
export function lastScrubEnd(scanText: string): Date | undefined {
  const match = /on \w{3} (\w{3}) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4})\s*$/m.exec(scanText);
  if (!match) return undefined;
  const [, month = '', day = '0', h = '0', m = '0', s = '0', year = '0'] = match;
  const monthIndex = MONTHS.indexOf(month);
  return monthIndex < 0
    ? undefined
    : new Date(Date.UTC(Number(year), monthIndex, Number(day), Number(h), Number(m), Number(s)));
}

/** The runbook's routine: a scrub at least monthly. Older than `maxDays` (35: a month and some slack) warns. */
export function scrubAgeFinding(pool: Pick<ZpoolStatus, 'name' | 'scan'>, now: Date, maxDays = 35): Finding {
  const scan = pool.scan;
  if (scan?.kind === 'scrub' && scan.state === 'in-progress')
    return { area: 'zfs', verdict: 'pass', title: `${pool.name}: a scrub is running`, evidence: scan.text };
  const ended = scan?.kind === 'scrub' && scan.state === 'finished' ? lastScrubEnd(scan.text) : undefined;
  if (!ended)
    return {
      area: 'zfs',
      verdict: 'warning',
      title: `${pool.name}: no finished scrub on record`,
      evidence: scan?.text ?? 'no scan line',
      action: { id: 'scrub', label: 'Scrub now', target: pool.name },
    };
  const days = Math.floor((now.getTime() - ended.getTime()) / 86_400_000);
  if (days > maxDays)
    return {
      area: 'zfs',
      verdict: 'warning',
      title: `${pool.name}: last scrub ${days} days ago`,
      evidence: scan?.text ?? '',
      action: { id: 'scrub', label: 'Scrub now', target: pool.name },
    };
  return {
    area: 'zfs',
    verdict: 'pass',
    title: `${pool.name}: scrubbed ${days} day${days === 1 ? '' : 's'} ago`,
    evidence: scan?.text ?? '',
  };
}
