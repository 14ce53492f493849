import * as fs from 'node:fs';

/** Field 22 of /proc/<pid>/stat (start time in clock ticks), like read_proc_starttime. */
export function readProcStartTime(pid: number): number | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // the command name may contain spaces and parentheses: split after the last ')'
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const value = rest[19];
  return value === undefined ? undefined : Number.parseInt(value, 10);
}

/** A task is running iff its pid still exists with the same start time (check_process_running). */
export function isProcessRunning(pid: number, pstart: number): boolean {
  const start = readProcStartTime(pid);
  if (start === undefined || start !== pstart) return false;
  // a zombie has finished its work
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
