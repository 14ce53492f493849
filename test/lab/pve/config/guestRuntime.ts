import * as fs from 'node:fs';
import * as z from '../schemas/z';
import { hostPath, PATHS } from '../labPaths';
import { readFileIfExists, writeFileAtomic } from '../fsUtil';
import { signalGuestProcesses } from '../lab/labState';

/**
 * Power state of a lab guest. There is no real container, so the state lives in
 * /run/pve-lab/guests/<vmid>.json; 'since' gives running guests a real uptime.
 */
export const GuestStateSchema = z.object({
  status: z.enum(['running', 'stopped']),
  since: z.number().int(),
  frozen: z.boolean().default(false),
});
export type GuestState = z.infer<typeof GuestStateSchema>;

function stateFile(vmid: number): string {
  return hostPath(`${PATHS.labRunDir}/guests/${vmid}.json`);
}

export function readGuestState(vmid: number): GuestState {
  const raw = readFileIfExists(stateFile(vmid));
  if (raw === undefined) return { status: 'stopped', since: 0, frozen: false };
  return GuestStateSchema.parse(JSON.parse(raw));
}

export function writeGuestState(vmid: number, state: GuestState, root?: string): void {
  const file = root === undefined ? stateFile(vmid) : hostPath(`${PATHS.labRunDir}/guests/${vmid}.json`, root);
  writeFileAtomic(file, `${JSON.stringify(state)}\n`);
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
  fs.rmSync(hostPath(`${PATHS.labRunDir}/guests`, root), { recursive: true, force: true });
}
