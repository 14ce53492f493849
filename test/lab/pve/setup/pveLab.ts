import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { WaitTimeoutError, waitUntil } from '../../../support/waitUntil';
import { startVzdump } from '../api/vzdumpHandlers';
import { readLxcConfig, removeLock } from '../config/lxcConfig';
import { hostPath, labRoot, PATHS } from '../labPaths';
import { writeSeed } from '../seed';
import { runningTasks, refreshActiveTasks } from '../tasks/taskStore';
import { decodeUpid, taskLogPath } from '../tasks/upid';
import { CliExit } from '../cli/cliArgs';
import { readLabSettings, writeLabSettings } from './labSettings';
import { manyGuestsActive, manyGuestsOff, manyGuestsOn } from './manyGuests';
import { isAlive, killGroup, procRef, readLabState, removeLabState, writeLabState } from './labState';

const USAGE = `USAGE: pve-lab stuck-lock on|off
       pve-lab vanishing-files on|off
       pve-lab many-guests on|off
       pve-lab slow <factor>
       pve-lab lockwait-unit <seconds>
       pve-lab status
       pve-lab reset
`;

let bundle = '';
export function setLabBundlePath(p: string): void {
  bundle = p;
}

/** The tests' waitUntil, failing as pve-lab fails (its message on stderr, exit 1). */
async function labWait(what: string, cond: () => boolean, timeoutMs: number): Promise<void> {
  try {
    await waitUntil(what, cond, { timeoutMs });
  } catch (error) {
    throw error instanceof WaitTimeoutError ? new CliExit(1, `pve-lab: ${error.message}\n`) : error;
  }
}

/** A backup of CT 1031 to truenas-bu that hangs in its first rsync holding both locks. */
async function stuckLockOn(): Promise<void> {
  const state = readLabState();
  if (isAlive(state.stuckLock)) return;
  const res = await startVzdump(
    { vmid: '1031', node: 'pve2', storage: 'truenas-bu', mode: 'suspend', compress: 'zstd' },
    { sync: false, cli: false, hang: true },
  );
  if (res === 'OK') throw new CliExit(1, 'pve-lab: stuck backup was not started\n');
  const task = decodeUpid(res.upid);
  const ref = task ? procRef(task.pid) : undefined;
  if (!ref) throw new CliExit(1, 'pve-lab: stuck backup exited at once\n');
  writeLabState({ ...state, stuckLock: { ...ref, upid: res.upid } });
  const log = hostPath(taskLogPath(res.upid));
  await labWait(
    'the stuck backup to reach its first rsync',
    () => {
      const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
      if (/^TASK |Backup of VM 1031 failed/m.test(text))
        throw new CliExit(1, `pve-lab: stuck backup ended instead of hanging:\n${text}`);
      return /starting first sync/.test(text);
    },
    20_000,
  );
}

async function stuckLockOff(): Promise<void> {
  const state = readLabState();
  killGroup(state.stuckLock);
  if (state.stuckLock) {
    await labWait('the stuck backup to end', () => !isAlive(state.stuckLock), 5000);
    try {
      if (readLxcConfig(1031).entries.get('lock') === 'backup') removeLock(1031);
    } catch {
      // config gone: nothing to unlock
    }
    for (const name of safeReaddir(hostPath('/mnt/pve/truenas-bu/dump'))) {
      if (/^vzdump-lxc-1031-.*\.(tmp|dat)$/.test(name))
        fs.rmSync(hostPath(`/mnt/pve/truenas-bu/dump/${name}`), { recursive: true, force: true });
    }
  }
  writeLabState({ ...state, stuckLock: undefined });
  refreshActiveTasks();
}

function vanishingOn(): void {
  const state = readLabState();
  if (isAlive(state.writer)) return;
  const child = spawn(process.execPath, [bundle, '__vanishing-writer', '1031', ' '.repeat(64)], {
    detached: true,
    stdio: 'ignore',
    env: process.env,
  });
  child.unref();
  const ref = child.pid === undefined ? undefined : procRef(child.pid);
  if (!ref) throw new CliExit(1, 'pve-lab: writer did not start\n');
  writeLabState({ ...state, writer: ref });
}

function vanishingOff(): void {
  const state = readLabState();
  if (state.writer && isAlive(state.writer)) {
    try {
      process.kill(state.writer.pid, 'SIGTERM');
      // a writer of a stopped guest is SIGSTOPped: let it see the TERM
      process.kill(state.writer.pid, 'SIGCONT');
    } catch {
      // gone
    }
  }
  writeLabState({ ...state, writer: undefined });
}

/** Ends everything the lab started (switches, running tasks), then writes the seed again. */
async function reset(): Promise<void> {
  const state = readLabState();
  killGroup(state.stuckLock);
  killGroup(state.writer);
  try {
    for (const t of runningTasks()) killGroup({ pid: t.pid, pstart: t.pstart });
  } catch {
    // no task state yet
  }
  await labWait('lab processes to end', () => !isAlive(state.stuckLock) && !isAlive(state.writer), 5000);
  removeLabState();
  fs.rmSync(hostPath(`${PATHS.labRunDir}/settings.json`), { force: true });
  writeSeed(labRoot());
}

function onOff(value: string | undefined): boolean {
  if (value === 'on') return true;
  if (value === 'off') return false;
  throw new CliExit(2, USAGE);
}

export async function pveLab(argv: string[]): Promise<number> {
  const [cmd, arg] = argv;
  switch (cmd) {
    case 'stuck-lock':
      await (onOff(arg) ? stuckLockOn() : stuckLockOff());
      return 0;
    case 'vanishing-files':
      if (onOff(arg)) vanishingOn();
      else vanishingOff();
      return 0;
    case 'many-guests':
      if (onOff(arg)) manyGuestsOn();
      else manyGuestsOff();
      return 0;
    case 'slow': {
      const factor = Number(arg);
      if (!Number.isFinite(factor) || factor < 1) throw new CliExit(2, USAGE);
      writeLabSettings({ slowFactor: factor });
      return 0;
    }
    case 'lockwait-unit': {
      const seconds = Number(arg);
      if (!Number.isFinite(seconds) || seconds <= 0) throw new CliExit(2, USAGE);
      writeLabSettings({ lockwaitUnitSeconds: seconds });
      return 0;
    }
    case 'status': {
      const state = readLabState();
      process.stdout.write(
        `${JSON.stringify(
          {
            settings: readLabSettings(),
            stuckLock: isAlive(state.stuckLock) ? state.stuckLock?.upid : null,
            vanishingFiles: isAlive(state.writer),
            manyGuests: manyGuestsActive(),
          },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    case 'reset':
      await reset();
      return 0;
    default:
      throw new CliExit(2, USAGE);
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
