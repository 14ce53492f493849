// The health check's results (issue 10): each check gives findings, each finding a verdict, one
// line of evidence (with the full output it came from, when longer) and, where one exists, the
// action that fixes it.

export type Verdict = 'pass' | 'warning' | 'failure';

export type HealthArea = 'storage' | 'vzdump.conf' | 'locks' | 'zfs' | 'backups' | 'policy';

/** What an action button does; `target` names the pool, guest (VMID) or storage it acts on. */
export type HealthActionId =
  | 'cleanUpStuckBackup'
  | 'unlockGuest'
  | 'scrub'
  | 'fixTmpdir'
  | 'openVzdumpConf'
  | 'backUpNow'
  | 'useStopModeForMedia'
  | 'showZfsHealth';

export interface HealthAction {
  id: HealthActionId;
  label: string;
  target?: string;
}

export interface Finding {
  area: HealthArea;
  verdict: Verdict;
  title: string;
  /** one line: the output the verdict came from, as the host printed it */
  evidence: string;
  /** the whole output, when there is more than one line of it */
  details?: string;
  action?: HealthAction;
}

const SEVERITY: Record<Verdict, number> = { failure: 0, warning: 1, pass: 2 };

export function worstVerdict(findings: readonly Pick<Finding, 'verdict'>[]): Verdict {
  return findings.reduce<Verdict>((worst, f) => (SEVERITY[f.verdict] < SEVERITY[worst] ? f.verdict : worst), 'pass');
}
