/**
 * The lab for tests: start it if needed, run commands on it with the real OpenSSH client (host
 * key checked against the lab's known_hosts), switch its states.
 *
 *   const lab = await ensureLab();              // LabInfo: port, key, password, fingerprints
 *   await resetLab('nfs-acl', 'stuck-lock');    // back to the seed, then those states
 *   const r = await labSsh('zpool status -v rpool');   // { stdout, stderr, code }
 *
 * All of it needs root. The lab dir is $PVE_LAB_DIR or .lab/ (read at each call).
 */
import type { RunResult } from './exec';
import { run } from './exec';
import * as lab from './lab';
import type { LabInfo, LabStateName } from './labInfo';
import { labLayout } from './labLayout';
import { readRuntimeState } from './runtimeState';

export type { LabInfo, LabStateName, RunResult };

/** The running lab's info; starts the lab first when it is not running (or broken). */
export function ensureLab(): Promise<LabInfo> {
  return lab.startLab();
}

/** Back to the seed (switches off, rpool rebuilt with its damage), then the given states. */
export function resetLab(...states: LabStateName[]): Promise<LabInfo> {
  return lab.resetLab(states);
}

export function stopLab(): Promise<boolean> {
  return lab.stopLab();
}

export interface LabSshOptions {
  /** 'root' logs in with the client key; 'pveadmin' too (use ssh2 for password logins) */
  user?: 'root' | 'pveadmin';
  /** the second sshd (ProxyJump tests) instead of the main one */
  jump?: boolean;
  timeoutMs?: number;
  input?: string;
}

/** The argv of the real `ssh` for the lab: BatchMode, StrictHostKeyChecking yes, no user config. */
export function labSshArgv(command: string, opts: LabSshOptions = {}): string[] {
  const layout = labLayout();
  const state = readRuntimeState(layout);
  if (!state) throw new Error('lab: the lab is not running (await ensureLab() first)');
  return [
    'ssh',
    '-F',
    '/dev/null',
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${layout.knownHosts}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'ConnectTimeout=10',
    '-o',
    'LogLevel=ERROR',
    '-i',
    layout.clientKey,
    '-p',
    String(opts.jump ? state.jumpPort : state.port),
    `${opts.user ?? 'root'}@127.0.0.1`,
    command,
  ];
}

/** Runs a shell command on the lab over real SSH; never throws for a non-zero exit code. */
export function labSsh(command: string, opts: LabSshOptions = {}): Promise<RunResult> {
  return run(labSshArgv(command, opts), { timeoutMs: opts.timeoutMs ?? 60_000, input: opts.input });
}

/** Closes every open SSH connection to the lab (e.g. to test reconnects). Returns how many. */
export function killLabSshConnections(): number {
  return lab.killLabSshConnections();
}

/** New host keys for both sshds, served at once (known_hosts in the lab dir follows); nothing else changes. */
export function rekeyLab(): Promise<LabInfo> {
  return lab.rekeyLab();
}
