// Where a running vzdump task is, read from its log: the steps a guest backup goes through, in
// order. Messages are matched anywhere in a line, because task logs carry timestamps and job
// logs carry "<vmid>: <date> <time>" prefixes.

export type MonitorPhaseId = 'lock' | 'prepare' | 'guest' | 'sync' | 'archive' | 'resume' | 'end';
export type PhaseState = 'pending' | 'active' | 'done' | 'failed';

export interface MonitorPhase {
  id: MonitorPhaseId;
  label: string;
  state: PhaseState;
}

const LABELS: Record<MonitorPhaseId, string> = {
  lock: 'Waiting for the backup lock',
  prepare: 'Preparing',
  guest: 'Stopping, suspending or snapshotting the guest',
  sync: 'Syncing to the temporary directory',
  archive: 'Creating the archive',
  resume: 'Resuming the guest',
  end: 'Finished',
};

/** The phase each message starts (or, for the lock, ends). */
const STARTS: [RegExp, MonitorPhaseId][] = [
  [/trying to get global lock/, 'lock'],
  [/Starting Backup of VM \d+/, 'prepare'],
  [/stopping virtual guest|suspending guest|stopping vm|suspend vm|create storage snapshot|creating snapshot/, 'guest'],
  [/starting (first|final) sync /, 'sync'],
  [/creating (vzdump |Proxmox Backup Server )?archive|started backup task|starting template backup|creating archive/, 'archive'],
  [/resuming guest|resume vm|restarting vm|starting vm|guest is online again|cleanup temporary 'vzdump' snapshot/, 'resume'],
  [/Finished Backup of VM \d+|Backup job finished successfully/, 'end'],
];
const FAILED = /ERROR: Backup of VM \d+ failed|Backup of VM \d+ failed -|job errors|TASK ERROR|ERROR: .*(got timeout|can't acquire lock)/;
const ORDER: MonitorPhaseId[] = ['lock', 'prepare', 'guest', 'sync', 'archive', 'resume', 'end'];

/**
 * The phases of a backup from its log lines so far. Phases the log skipped (no sync in stop mode,
 * no lock wait when the lock was free) count as done once a later phase started. `finished`
 * tells whether the task itself has ended (from its status), which also ends the last phase.
 */
export function monitorPhases(lines: readonly string[], finished: { ok: boolean } | undefined): MonitorPhase[] {
  let reached = -1;
  let failed = false;
  for (const line of lines) {
    if (FAILED.test(line)) failed = true;
    for (const [pattern, id] of STARTS) {
      if (pattern.test(line)) reached = Math.max(reached, ORDER.indexOf(id));
    }
  }
  if (finished && !finished.ok) failed = true;
  const current = Math.max(reached, 0);
  const completed = finished?.ok === true && !failed;
  return ORDER.map((id, index): MonitorPhase => {
    let state: PhaseState = 'pending';
    if (completed || index < current || (index === current && id === 'end')) state = 'done';
    else if (index === current) state = failed ? 'failed' : finished ? 'done' : 'active';
    if (id === 'end' && failed) state = 'failed';
    return { id, label: id === 'end' && failed ? 'Failed' : LABELS[id], state };
  });
}
