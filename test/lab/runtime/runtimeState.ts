import * as fs from 'node:fs';
import { z } from 'zod';
import { LabStateNameSchema } from './labInfo';
import type { LabLayout } from './labLayout';
import { ProcRefSchema } from './procfs';

/** What a running lab consists of, in <lab dir>/state.json (host pids). */
export const RuntimeStateSchema = z.object({
  version: z.literal(1),
  /** the `unshare` parent on the host and the namespace's init (pid 1 inside) */
  unshare: ProcRefSchema,
  init: ProcRefSchema,
  pidNs: z.string(),
  mntNs: z.string(),
  zfsFuse: ProcRefSchema.optional(),
  sshd: ProcRefSchema.optional(),
  jumpSshd: ProcRefSchema.optional(),
  bindfs: ProcRefSchema.optional(),
  /** strace that slows zfs-fuse's disk I/O down while 'scrubbing' */
  throttle: ProcRefSchema.optional(),
  port: z.number().int(),
  jumpPort: z.number().int(),
  states: z.array(LabStateNameSchema),
  startedAt: z.string(),
});
export type RuntimeState = z.infer<typeof RuntimeStateSchema>;

export function readRuntimeState(layout: LabLayout): RuntimeState | undefined {
  let raw: string;
  try {
    raw = fs.readFileSync(layout.stateFile, 'utf8');
  } catch {
    return undefined;
  }
  return RuntimeStateSchema.parse(JSON.parse(raw));
}

export function writeRuntimeState(layout: LabLayout, state: RuntimeState): void {
  const tmp = `${layout.stateFile}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(RuntimeStateSchema.parse(state), null, 2)}\n`);
  fs.renameSync(tmp, layout.stateFile);
}

export function removeRuntimeState(layout: LabLayout): void {
  fs.rmSync(layout.stateFile, { force: true });
}
