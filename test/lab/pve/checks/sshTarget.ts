import { spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { runningLabInfo } from '../../runtime/lab';
import { ensureLab, resetLab, stopLab, type LabInfo, type LabStateName } from '../../runtime/labClient';
import type { LabTarget, RunResult } from './labTarget';

function controlPath(info: LabInfo): string {
  return path.join(os.tmpdir(), `pve-lab-ssh-${info.port}-${process.pid}`);
}

/** Ends the multiplexing master of this process (if any). */
export function closeSshMaster(info: LabInfo): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn('ssh', ['-o', `ControlPath=${controlPath(info)}`, '-O', 'exit', `${info.user}@${info.host}`], {
      stdio: 'ignore',
    });
    child.on('close', () => resolve());
    child.on('error', () => resolve());
  });
}

/** Runs one command on the lab over the real OpenSSH client, with strict host key checking. */
export function sshRun(info: LabInfo, command: string, timeoutMs = 120_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'ssh',
      [
        '-F',
        '/dev/null',
        '-o',
        'IdentitiesOnly=yes',
        '-i',
        info.clientKeyPath,
        '-o',
        `UserKnownHostsFile=${info.knownHostsPath}`,
        '-o',
        'StrictHostKeyChecking=yes',
        '-o',
        'BatchMode=yes',
        '-o',
        'LogLevel=ERROR',
        // one multiplexed connection for the whole suite; the master exits 20 s after its last use
        '-o',
        'ControlMaster=auto',
        '-o',
        `ControlPath=${controlPath(info)}`,
        '-o',
        'ControlPersist=20',
        '-p',
        String(info.port),
        `${info.user}@${info.host}`,
        command,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ssh '${command}' timed out`));
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code: code ?? 255 });
    });
  });
}

let labStartedHere = false;

/** Stops the lab after the run if one of these suites had to start it (a developer's lab stays). */
export async function stopLabIfStartedHere(): Promise<void> {
  if (!labStartedHere) return;
  labStartedHere = false;
  await stopLab();
}

/**
 * The running lab (started if needed) as a check target. Commands go over the real OpenSSH client
 * like labClient's labSsh, multiplexed on one connection for speed. reset() is the stand-in's own
 * `pve-lab reset` (fast, keeps the pool); applyStates() goes through the runtime's reset.
 */
export async function createSshTarget(): Promise<
  LabTarget & { info: LabInfo; applyStates(states: LabStateName[]): Promise<void>; dispose(): Promise<void> }
> {
  if (!(await runningLabInfo())) labStartedHere = true;
  await ensureLab();
  let info = await resetLab('seed');
  const target = {
    remote: true,
    info,
    run: (command: string) => sshRun(info, command),
    path: (p: string) => p,
    reset: async () => {
      const r = await sshRun(info, 'pve-lab reset');
      if (r.code !== 0) throw new Error(`pve-lab reset failed: ${r.stderr}`);
    },
    applyStates: async (states: LabStateName[]) => {
      info = await resetLab(...states);
    },
    dispose: () => closeSshMaster(info),
  };
  return target;
}
