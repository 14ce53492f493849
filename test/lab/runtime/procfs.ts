import * as fs from 'node:fs';
import * as z from '../pve/schemas/z';

/** A process identified by pid and start time, so a reused pid is never mistaken for ours. */
export const ProcRefSchema = z.object({ pid: z.number().int().positive(), start: z.number().int().nonnegative() });
export type ProcRef = z.infer<typeof ProcRefSchema>;

interface ProcStat {
  state: string;
  ppid: number;
  start: number;
}

/** Parses /proc/<pid>/stat; the command name may hold spaces and ')' so split after the last ')'. */
export function readProcStat(pid: number): ProcStat | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = rest[0];
  const ppid = Number(rest[1]);
  const start = Number(rest[19]);
  if (state === undefined || !Number.isFinite(ppid) || !Number.isFinite(start)) return undefined;
  return { state, ppid, start };
}

export function procRef(pid: number): ProcRef | undefined {
  const s = readProcStat(pid);
  return s ? { pid, start: s.start } : undefined;
}

/** True while the very process of ref runs (a zombie counts as ended). */
export function isAlive(ref: ProcRef | undefined): boolean {
  if (!ref) return false;
  const s = readProcStat(ref.pid);
  return s !== undefined && s.start === ref.start && s.state !== 'Z' && s.state !== 'X';
}

/** Sends a signal to ref if it is still that process. */
export function signal(ref: ProcRef | undefined, sig: NodeJS.Signals): void {
  if (!isAlive(ref) || !ref) return;
  try {
    process.kill(ref.pid, sig);
  } catch {
    // ended meanwhile
  }
}

/** The namespace a process is in, e.g. 'pid:[4026532215]'; undefined if it is gone. */
export function nsId(pid: number, kind: 'mnt' | 'pid' | 'uts'): string | undefined {
  try {
    return fs.readlinkSync(`/proc/${pid}/ns/${kind}`);
  } catch {
    return undefined;
  }
}

export function listPids(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map(Number);
}

/** The pid of a process as seen inside its own (innermost) pid namespace. */
export function innermostPid(pid: number): number | undefined {
  try {
    const line = /^NSpid:\s+(.*)$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    const last = line?.trim().split(/\s+/).pop();
    return last === undefined ? undefined : Number(last);
  } catch {
    return undefined;
  }
}

export function readCmdline(pid: number): string[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((s) => s !== '');
  } catch {
    return [];
  }
}
