import { readProcStat } from '../../runtime/procfs';

/** Field 22 of /proc/<pid>/stat (start time in clock ticks), like read_proc_starttime. */
export function readProcStartTime(pid: number): number | undefined {
  return readProcStat(pid)?.start;
}

/** A task is running iff its pid still exists with the same start time (check_process_running). */
export function isProcessRunning(pid: number, pstart: number): boolean {
  const stat = readProcStat(pid);
  // a zombie has finished its work
  return stat !== undefined && stat.start === pstart && stat.state !== 'Z';
}
