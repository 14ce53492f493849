import type { GuestType } from '../proxmox/inventory';
import type { RemoteOperation } from '../shell/remoteOperation';
import { quoteShellArg } from '../shell/shellQuote';

// The runbook's section 4.3 ("Cleanup Stuck Jobs and Locks"), done carefully: first look at what
// is really running, name it to the admin, then signal exactly those processes (each checked by
// its start time, so a reused PID is never hit), KILL only what ignored TERM, remove the global
// lock file only when no vzdump is left at all, and unlock the guest only when its lock is the
// backup's. The runbook's `pkill -f "vzdump.*1031"` would also hit any shell whose command line
// mentions that pattern; listing PIDs first avoids that.

export const VZDUMP_LOCK = '/var/run/vzdump.lock';
const SEPARATOR = '@@pve-ops-stuck@@';

export interface RemoteProcess {
  pid: number;
  ppid: number;
  /** `ps -o lstart` with single spaces: with the PID, it names one process for good */
  start: string;
  args: string;
}

export interface BackupProcessSurvey {
  processes: RemoteProcess[];
  /** PIDs that have the global lock file open (the holder, and jobs waiting for it) */
  lockOpenBy: number[];
}

export interface StuckBackup {
  vmid: number;
  /** the vzdump worker first, then its helpers (rsync, tar, compressors) */
  processes: RemoteProcess[];
  /** one of its processes has the global lock file open: it holds the lock or waits for it */
  hasLockOpen: boolean;
}

/** Every process on the host with its start time, and who has the lock file open, in one command. */
export function surveyBackupProcesses(): RemoteOperation<BackupProcessSurvey> {
  const script = [
    'LC_ALL=C; export LC_ALL',
    'ps -eo pid=,ppid=,lstart=,args=',
    `echo ${SEPARATOR}`,
    `lock=$(readlink -f ${VZDUMP_LOCK} 2>/dev/null)`,
    'if [ -n "$lock" ] && [ -e "$lock" ]; then',
    '  for fd in /proc/[0-9]*/fd/*; do',
    '    [ "$(readlink "$fd" 2>/dev/null)" = "$lock" ] && { p=${fd#/proc/}; echo "${p%%/*}"; }',
    '  done | sort -un',
    'fi',
    'true',
  ].join('\n');
  return {
    command: { script },
    parse: (output) => {
      const [psText = '', lockText = ''] = output.stdout.split(`${SEPARATOR}\n`);
      return {
        processes: parsePs(psText),
        lockOpenBy: lockText
          .split('\n')
          .filter((l) => /^\d+$/.test(l))
          .map(Number),
      };
    },
  };
}

/** `ps -eo pid=,ppid=,lstart=,args=` lines; lstart is five words (`Thu Nov 26 21:54:44 2026`). */
export function parsePs(text: string): RemoteProcess[] {
  const processes: RemoteProcess[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s+(\S+\s+\S+\s+\S+\s+\S+\s+\S+)\s(.*)$/.exec(line);
    if (!match) continue;
    const [, pid = '0', ppid = '0', start = '', args = ''] = match;
    processes.push({ pid: Number(pid), ppid: Number(ppid), start: start.replace(/\s+/g, ' '), args: args.trim() });
  }
  return processes;
}

/** A vzdump worker: the task process (`task UPID:…:vzdump:<id>:…`) or a `vzdump …` command line. */
export function isVzdumpWorker(args: string): boolean {
  return /^task UPID:(?:[^:\s]+:){4}vzdump:/.test(args) || /(?:^|[\s/])vzdump(?:\s|$)/.test(args);
}

/** The guest a backup process works for, from its task id, its vzdump arguments or its file names. */
export function vmidOfProcess(args: string): number | undefined {
  const task = /^task UPID:(?:[^:\s]+:){4}vzdump:(\d+):/.exec(args)?.[1];
  if (task) return Number(task);
  const file = /vzdump-(?:lxc|qemu|openvz)-(\d+)-|vzdumptmp\d+_(\d+)\b/.exec(args);
  if (file) return Number(file[1] ?? file[2]);
  const command = /(?:^|[\s/])vzdump\s+(\d+)(?:\s|$)/.exec(args)?.[1];
  return command ? Number(command) : undefined;
}

/**
 * The backups still running on the host, by guest: their processes and whether they hold the
 * global lock file open. `exceptUpid` leaves out the task being looked at (the one that gave up waiting).
 */
export function findStuckBackups(survey: BackupProcessSurvey, exceptUpid?: string): StuckBackup[] {
  const childrenOf = (pid: number) => survey.processes.filter((p) => p.ppid === pid);
  // A job over several guests has a task without a VMID; it belongs to the guest its helpers work on.
  const vmidWithDescendants = (process: RemoteProcess, depth = 0): number | undefined =>
    vmidOfProcess(process.args) ??
    (depth < 4
      ? childrenOf(process.pid)
          .map((c) => vmidWithDescendants(c, depth + 1))
          .find((v) => v !== undefined)
      : undefined);

  const groups = new Map<number, RemoteProcess[]>();
  for (const process of survey.processes) {
    if (exceptUpid && process.args.includes(exceptUpid)) continue;
    const related =
      isVzdumpWorker(process.args) || /vzdump-(?:lxc|qemu|openvz)-\d+-|vzdumptmp\d+_\d+/.test(process.args);
    if (!related) continue;
    const vmid = isVzdumpWorker(process.args) ? vmidWithDescendants(process) : vmidOfProcess(process.args);
    if (vmid === undefined) continue;
    groups.set(vmid, [...(groups.get(vmid) ?? []), process]);
  }
  return [...groups.entries()].map(([vmid, processes]) => ({
    vmid,
    processes: processes.sort(
      (a, b) => Number(isVzdumpWorker(b.args)) - Number(isVzdumpWorker(a.args)) || a.pid - b.pid,
    ),
    hasLockOpen: processes.some((p) => survey.lockOpenBy.includes(p.pid)),
  }));
}

export interface CleanupReport {
  terminated: number[];
  killed: number[];
  /** still alive after KILL (stuck in the kernel, e.g. on a hung NFS mount) */
  survivors: number[];
  lockRemoved: boolean;
  /** vzdump workers still running anywhere on the host, which keep the lock file in place */
  vzdumpLeft: number[];
  unlock: { done: boolean; message: string };
}

/** Seconds the processes get to end after TERM before the survivors get KILL. */
export const TERM_GRACE_SECONDS = 5;

export function cleanupStuckBackupOperation(stuck: StuckBackup, guestType: GuestType): RemoteOperation<CleanupReport> {
  const targets = stuck.processes.map((p) => `${p.pid} ${quoteShellArg(p.start)}`);
  const tool = guestType === 'lxc' ? 'pct' : 'qm';
  const vmid = String(stuck.vmid);
  const workerPattern = quoteShellArg('^ *[0-9]+ (task UPID:([^: ]+:){4}vzdump:|(.*[ /])?vzdump( |$))');
  const script = [
    'LC_ALL=C; export LC_ALL',
    // alive PID START: the same process (not a reused PID) and not a zombie waiting to be reaped
    'alive() { [ "$(ps -o lstart= -p "$1" 2>/dev/null | tr -s " " | sed "s/^ //;s/ $//")" = "$2" ] && ! ps -o stat= -p "$1" | grep -q "^ *Z"; }',
    'each() { action=$1; shift; while [ $# -gt 0 ]; do "$action" "$1" "$2"; shift 2; done; }',
    'term() { alive "$1" "$2" && kill -TERM "$1" 2>/dev/null && echo "TERM $1"; }',
    'kill9() { alive "$1" "$2" && kill -KILL "$1" 2>/dev/null && echo "KILL $1"; }',
    'report() { alive "$1" "$2" && echo "ALIVE $1"; }',
    'anyalive() { while [ $# -gt 0 ]; do alive "$1" "$2" && return 0; shift 2; done; return 1; }',
    'waitfor() { n=$1; shift; while [ "$n" -gt 0 ] && anyalive "$@"; do sleep 0.25; n=$((n - 1)); done; }',
    `set -- ${targets.join(' ')}`,
    'each term "$@"',
    `waitfor ${TERM_GRACE_SECONDS * 4} "$@"`,
    'each kill9 "$@"',
    'waitfor 8 "$@"',
    'survivors=$(each report "$@")',
    '[ -n "$survivors" ] && echo "$survivors"',
    // the lock file goes only when no vzdump worker is left anywhere (ps is read before grep starts)
    'procs=$(ps -eo pid=,args=)',
    `left=$(printf '%s\\n' "$procs" | grep -E ${workerPattern} | awk '{print $1}' | tr '\\n' ' ')`,
    `if [ -z "$left" ]; then rm -f ${VZDUMP_LOCK} && echo "LOCK removed"; else echo "LOCK kept $left"; fi`,
    // unlock only a guest whose lock is the backup's, and only when nothing of the backup survived
    `lock=$(${tool} config ${vmid} 2>/dev/null | sed -n 's/^lock: //p')`,
    'if [ -n "$survivors" ]; then echo "UNLOCK skipped: some of its processes are still running"',
    'elif [ -z "$lock" ]; then echo "UNLOCK skipped: not locked"',
    'elif [ "$lock" != backup ]; then echo "UNLOCK skipped: locked by $lock, not by a backup"',
    `else out=$(${tool} unlock ${vmid} 2>&1) && echo "UNLOCK done" || echo "UNLOCK failed: $(printf %s "$out" | tr '\\n' ' ')"; fi`,
  ].join('\n');
  return { command: { script }, parse: (output) => parseCleanupReport(output.stdout) };
}

export function parseCleanupReport(stdout: string): CleanupReport {
  const pids = (word: string) => [...stdout.matchAll(new RegExp(`^${word} (\\d+)$`, 'gm'))].map((m) => Number(m[1]));
  const kept = /^LOCK kept (.*)$/m.exec(stdout)?.[1];
  const unlock = /^UNLOCK (done|skipped|failed)(?:: (.*))?$/m.exec(stdout);
  return {
    terminated: pids('TERM'),
    killed: pids('KILL'),
    survivors: pids('ALIVE'),
    lockRemoved: /^LOCK removed$/m.test(stdout),
    vzdumpLeft: kept ? kept.trim().split(/\s+/).filter(Boolean).map(Number) : [],
    unlock: {
      done: unlock?.[1] === 'done',
      message: unlock
        ? (unlock[2] ?? (unlock[1] === 'done' ? 'unlocked' : (unlock[1] ?? '')))
        : 'the cleanup ended before the unlock step',
    },
  };
}
