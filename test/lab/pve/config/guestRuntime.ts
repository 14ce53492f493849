import * as fs from 'node:fs';
import * as z from '../schemas/z';
import { hostPath, PATHS } from '../labPaths';
import { readFileIfExists, withLockFile, writeFileAtomic } from '../fsUtil';
import { signalGuestProcesses } from '../setup/labState';

/**
 * Power state of a lab guest. There is no real container, so the state lives in the lab's run
 * dir; 'since' gives running guests a real uptime.
 */
export const GuestStateSchema = z.object({
  status: z.enum(['running', 'stopped']),
  since: z.number().int(),
  frozen: z.boolean().default(false),
});
export type GuestState = z.infer<typeof GuestStateSchema>;

/**
 * Every guest's state in one file, /run/pve-lab/guests.json ({"<vmid>": state}), the way pvestatd
 * keeps one status of all guests: a listing of 1,000 guests reads one file, not 1,000.
 */
const GuestStatesSchema = z.record(z.string().regex(/^\d+$/), GuestStateSchema);

const STOPPED: GuestState = { status: 'stopped', since: 0, frozen: false };

function statesFile(root?: string): string {
  return hostPath(`${PATHS.labRunDir}/guests.json`, root);
}

/** All guests' states (a guest without one is stopped). */
export function readGuestStates(root?: string): Map<number, GuestState> {
  const raw = readFileIfExists(statesFile(root));
  const parsed = raw === undefined ? {} : GuestStatesSchema.parse(JSON.parse(raw));
  return new Map(Object.entries(parsed).map(([vmid, s]) => [Number(vmid), s]));
}

export function readGuestState(vmid: number): GuestState {
  return readGuestStates().get(vmid) ?? STOPPED;
}

/** Read-modify-write of the states file under its lock: set the given states, drop `remove`. */
export function updateGuestStates(
  set: ReadonlyMap<number, GuestState>,
  remove: readonly number[] = [],
  root?: string,
): void {
  const file = statesFile(root);
  withLockFile(`${file}.lock`, () => {
    const states = readGuestStates(root);
    for (const [vmid, s] of set) states.set(vmid, s);
    for (const vmid of remove) states.delete(vmid);
    const sorted = [...states].sort(([a], [b]) => a - b);
    writeFileAtomic(file, `${JSON.stringify(Object.fromEntries(sorted.map(([vmid, s]) => [String(vmid), s])))}\n`);
  });
}

export function writeGuestState(vmid: number, state: GuestState, root?: string): void {
  updateGuestStates(new Map([[vmid, state]]), [], root);
}

export function isRunning(vmid: number): boolean {
  return readGuestState(vmid).status === 'running';
}

export function startGuest(vmid: number): void {
  writeGuestState(vmid, { status: 'running', since: Math.floor(Date.now() / 1000), frozen: false });
  signalGuestProcesses(vmid, true);
}

export function stopGuest(vmid: number): void {
  signalGuestProcesses(vmid, false);
  writeGuestState(vmid, { status: 'stopped', since: Math.floor(Date.now() / 1000), frozen: false });
}

export function setFrozen(vmid: number, frozen: boolean): void {
  const s = readGuestState(vmid);
  if (frozen) signalGuestProcesses(vmid, false);
  writeGuestState(vmid, { ...s, frozen });
  if (!frozen && s.status === 'running') signalGuestProcesses(vmid, true);
}

export function uptimeOf(state: GuestState): number {
  return state.status === 'running' ? Math.max(0, Math.floor(Date.now() / 1000) - state.since) : 0;
}

export function removeGuestStates(root: string): void {
  fs.rmSync(statesFile(root), { force: true });
  // the one-file-per-guest layout of earlier lab versions
  fs.rmSync(hostPath(`${PATHS.labRunDir}/guests`, root), { recursive: true, force: true });
}
