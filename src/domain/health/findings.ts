// The health check's results (issue 10): each check gives findings, each finding a verdict, one
// line of evidence and, where one exists, the action that fixes it.

export type Verdict = 'pass' | 'warning' | 'failure';

export interface Finding {
  area: 'storage' | 'vzdump.conf' | 'locks' | 'zfs' | 'backups' | 'policy';
  verdict: Verdict;
  title: string;
  /** the output the verdict came from, as the host printed it */
  evidence: string;
  action?: { id: string; label: string };
}
