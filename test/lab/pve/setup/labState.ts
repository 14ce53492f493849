import * as fs from 'node:fs';
import * as z from '../schemas/z';
import { hostPath, PATHS } from '../labPaths';
import { readFileIfExists, writeFileAtomic } from '../fsUtil';
import { isProcessRunning, readProcStartTime } from '../tasks/procStat';

const ProcRefSchema = z.object({ pid: z.number().int(), pstart: z.number().int() });
export type ProcRef = z.infer<typeof ProcRefSchema>;

/** Background processes pve-lab started, in /run/pve-lab/state.json. */
export const LabStateSchema = z.object({
  stuckLock: ProcRefSchema.extend({ upid: z.string() }).optional(),
  writer: ProcRefSchema.optional(),
});
export type LabState = z.infer<typeof LabStateSchema>;

const stateFile = (): string => hostPath(`${PATHS.labRunDir}/state.json`);

export function readLabState(): LabState {
  const raw = readFileIfExists(stateFile());
  return LabStateSchema.parse(raw === undefined ? {} : JSON.parse(raw));
}

export function writeLabState(state: LabState): void {
  writeFileAtomic(stateFile(), `${JSON.stringify(state, null, 2)}\n`);
}

export function procRef(pid: number): ProcRef | undefined {
  const pstart = readProcStartTime(pid);
  return pstart === undefined ? undefined : { pid, pstart };
}

export function isAlive(ref: ProcRef | undefined): boolean {
  return ref !== undefined && isProcessRunning(ref.pid, ref.pstart);
}

/** SIGKILL a process group we started (only if it is still the same process). */
export function killGroup(ref: ProcRef | undefined): void {
  if (!ref || readProcStartTime(ref.pid) !== ref.pstart) return;
  for (const target of [-ref.pid, ref.pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export function removeLabState(): void {
  fs.rmSync(stateFile(), { force: true });
}

/**
 * The lab's writer lives "inside" CT 1031: stopping or freezing the guest stops it (SIGSTOP),
 * starting or thawing continues it, as the cgroup freezer and a container stop would.
 */
export function signalGuestProcesses(vmid: number, running: boolean): void {
  if (vmid !== 1031) return;
  let state: LabState;
  try {
    state = readLabState();
  } catch {
    return;
  }
  if (!isAlive(state.writer) || !state.writer) return;
  try {
    process.kill(state.writer.pid, running ? 'SIGCONT' : 'SIGSTOP');
  } catch {
    // gone meanwhile
  }
}
