// Where a running vzdump task is, read from its log: the steps a guest backup goes through, in
// order. Messages are matched anywhere in a line, because task logs carry timestamps and job
// logs carry "<vmid>: <date> <time>" prefixes.

export type MonitorPhaseId = 'lock' | 'prepare' | 'guest' | 'sync' | 'archive' | 'resume' | 'end';
export type PhaseState = 'pending' | 'active' | 'done' | 'failed' | 'skipped';

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

/** What the guest steps are called in each mode (a VM or a snapshot of a container has no sync). */
const MODE_LABELS: Record<string, Partial<Record<MonitorPhaseId, string>>> = {
  stop: { guest: 'Stopping the guest', resume: 'Starting the guest again' },
  suspend: {
    sync: 'First sync to the temporary directory',
    guest: 'Suspending the guest for the final sync',
    resume: 'Resuming the guest',
  },
  snapshot: { guest: 'Taking a snapshot', resume: 'Removing the snapshot' },
};

const SYNC = /starting (first|final) sync /;

/** The phase each message starts (or, for the lock, ends). */
const STARTS: [RegExp, MonitorPhaseId][] = [
  [/trying to get global lock/, 'lock'],
  [/Starting Backup of VM \d+/, 'prepare'],
  [/stopping virtual guest|suspending guest|stopping vm|suspend vm|create storage snapshot|creating snapshot/, 'guest'],
  [SYNC, 'sync'],
  [
    /creating (vzdump |Proxmox Backup Server )?archive|started backup task|starting template backup|creating archive/,
    'archive',
  ],
  [
    /resuming guest|resume vm|restarting vm|starting vm|guest is online again|cleanup temporary 'vzdump' snapshot/,
    'resume',
  ],
  [/Finished Backup of VM \d+|Backup job finished successfully/, 'end'],
];
const FAILED =
  /ERROR: Backup of VM \d+ failed|Backup of VM \d+ failed -|job errors|TASK ERROR|ERROR: .*(got timeout|can't acquire lock)/;
const ORDER: MonitorPhaseId[] = ['lock', 'prepare', 'guest', 'sync', 'archive', 'resume', 'end'];
/** Suspend mode syncs while the guest runs, suspends it for a final sync, resumes it, then archives. */
const SUSPEND_ORDER: MonitorPhaseId[] = ['lock', 'prepare', 'sync', 'guest', 'resume', 'archive', 'end'];

/**
 * The phases of a backup from its log lines so far. Phases the log skipped (no sync in stop mode,
 * no lock wait when the lock was free) count as done once a later phase started. `finished`
 * tells whether the task itself has ended (from its status), which also ends the last phase.
 * With the mode known, the steps get its names, and the sync of a stop or snapshot backup that
 * never happened shows as skipped.
 */
export function monitorPhases(
  lines: readonly string[],
  finished: { ok: boolean } | undefined,
  mode?: string,
): MonitorPhase[] {
  const order = mode === 'suspend' ? SUSPEND_ORDER : ORDER;
  let reached = -1;
  let failed = false;
  let synced = false;
  for (const line of lines) {
    if (FAILED.test(line)) failed = true;
    if (SYNC.test(line)) synced = true;
    for (const [pattern, id] of STARTS) {
      if (pattern.test(line)) reached = Math.max(reached, order.indexOf(id));
    }
  }
  if (finished && !finished.ok) failed = true;
  const current = Math.max(reached, 0);
  const completed = finished?.ok === true && !failed;
  return order.map((id, index): MonitorPhase => {
    let state: PhaseState = 'pending';
    if (completed || index < current || (index === current && id === 'end')) state = 'done';
    else if (index === current) state = failed ? 'failed' : finished ? 'done' : 'active';
    if (id === 'end' && failed) state = 'failed';
    if (id === 'sync' && !synced && (mode === 'stop' || mode === 'snapshot')) state = 'skipped';
    return { id, label: id === 'end' && failed ? 'Failed' : (MODE_LABELS[mode ?? '']?.[id] ?? LABELS[id]), state };
  });
}
