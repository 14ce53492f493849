import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildTools } from '../buildTools';
import { writeSeed } from '../seed';

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

/**
 * Where the checks run: the real lab over SSH, or the tools against a temporary root on this
 * machine. `path` maps a host path to what a shell command on the target must use.
 */
export interface LabTarget {
  run(command: string): Promise<RunResult>;
  path(hostPath: string): string;
  /** back to the seed state (and lab switches off) */
  reset(): Promise<void>;
  /** true for the SSH lab (real ZFS, bindfs, sshd) */
  remote: boolean;
}

/** Single-quotes a fixed test value for a shell command. */
export function sq(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The stand-in tools on a temporary root, run through bash like an SSH exec would be. */
export async function createLocalTarget(): Promise<
  LabTarget & { dispose(): Promise<void>; root: string; toolsDir: string }
> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'pve-lab-local-'));
  const root = path.join(base, 'root');
  const toolsDir = path.join(base, 'tools');
  await buildTools(toolsDir);
  writeSeed(root);
  const env = {
    ...process.env,
    PVE_LAB_ROOT: root,
    PATH: `${toolsDir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    LANG: 'C.UTF-8',
  };
  const run = (command: string): Promise<RunResult> =>
    new Promise((resolve) => {
      const child = spawn('bash', ['-c', command], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ stdout, stderr, code: code ?? 255 }));
    });
  const target = {
    root,
    toolsDir,
    remote: false,
    run,
    path: (p: string) => `${root}${p}`,
    reset: async () => {
      const r = await run('pve-lab reset');
      if (r.code !== 0) throw new Error(`pve-lab reset failed: ${r.stderr}`);
    },
    dispose: async () => {
      await run('pve-lab reset');
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
  return target;
}
