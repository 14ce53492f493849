import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { waitUntil } from '../../support/waitUntil';
import { LabCommandError, run, type RunOptions, type RunResult } from './exec';
import type { LabLayout } from './labLayout';
import {
  innermostPid,
  isAlive,
  listPids,
  nsId,
  procRef,
  readCmdline,
  readProcStat,
  signal,
  type ProcRef,
} from './procfs';

/** The lab's namespaces, reached through their init process (pid 1 inside). */
export interface LabNs {
  init: ProcRef;
  pidNs: string;
  mntNs: string;
}

/** The environment of every command run in the lab: what an sshd session would have. */
export const LAB_ENV: NodeJS.ProcessEnv = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  LANG: 'C.UTF-8',
  HOME: '/root',
};

// pid 1 of the lab: ignores stray signals and reaps every orphan (this host's pid 1 may not)
const INIT_SCRIPT = "trap '' TERM INT HUP\nwhile :; do sleep 3600 & wait; done\n";

/**
 * Starts the namespaces: private mounts (nothing propagates back to the host), own pid namespace
 * (killing its init ends every lab process; `pkill -f` inside cannot reach the host) and own
 * hostname. Returns the `unshare` parent and the init.
 */
export async function startNamespace(layout: LabLayout): Promise<{ unshare: ProcRef; ns: LabNs }> {
  const logFd = fs.openSync(path.join(layout.logDir, 'namespace.log'), 'a');
  const argv = [
    '--mount',
    '--propagation',
    'private',
    '--uts',
    '--pid',
    '--fork',
    '--mount-proc',
    '--kill-child',
    '--',
    '/bin/bash',
    '-c',
    INIT_SCRIPT,
    'pve-lab-init',
  ];
  const child = spawn('unshare', argv, { detached: true, stdio: ['ignore', logFd, logFd], env: LAB_ENV });
  fs.closeSync(logFd);
  child.unref();
  const spawned = child.pid;
  if (spawned === undefined) throw new Error('lab: could not start unshare');
  const unshare = procRef(spawned);
  if (!unshare) throw new Error(`lab: unshare exited at once (see ${layout.logDir}/namespace.log)`);
  const hostMnt = nsId(process.pid, 'mnt');
  const initPid = await waitUntil(
    'the lab namespace init',
    () => {
      if (!isAlive(unshare)) throw new Error(`lab: unshare exited (see ${layout.logDir}/namespace.log)`);
      const pid = childrenOf(unshare.pid)[0];
      // ready once bash runs (unshare mounted /proc before exec)
      return pid !== undefined && readCmdline(pid)[0] === '/bin/bash' ? pid : undefined;
    },
    { timeoutMs: 5000 },
  );
  const init = procRef(initPid);
  const pidNs = nsId(initPid, 'pid');
  const mntNs = nsId(initPid, 'mnt');
  if (!init || !pidNs || !mntNs || mntNs === hostMnt) throw new Error('lab: the namespace did not come up');
  return { unshare, ns: { init, pidNs, mntNs } };
}

function childrenOf(pid: number): number[] {
  return listPids().filter((p) => readProcStat(p)?.ppid === pid);
}

/** Throws unless ns still is the lab's (never run mount commands in some reused pid's namespace). */
export function assertNs(ns: LabNs): void {
  if (!isAlive(ns.init) || nsId(ns.init.pid, 'mnt') !== ns.mntNs || nsId(ns.init.pid, 'pid') !== ns.pidNs) {
    throw new Error('lab: the lab namespace is gone (run `npm run lab:start`)');
  }
}

/** Runs argv inside the lab (mount, pid and uts namespaces; cwd /). */
export function nsRun(ns: LabNs, argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  assertNs(ns);
  return run(['nsenter', '-t', String(ns.init.pid), '-m', '-p', '-u', '--', ...argv], { env: LAB_ENV, ...opts });
}

export async function nsRunOk(ns: LabNs, argv: readonly string[], opts: RunOptions = {}): Promise<string> {
  const r = await nsRun(ns, argv, opts);
  if (r.code !== 0) throw new LabCommandError(argv, r);
  return r.stdout;
}

/**
 * Starts a long-running argv inside the lab in its own session, output appended to logFile (a
 * namespace path); it is adopted by the lab's init. Returns its host pid.
 */
export async function nsDaemon(ns: LabNs, argv: readonly string[], logFile: string): Promise<ProcRef> {
  const out = await nsRunOk(
    ns,
    ['/bin/sh', '-c', 'setsid "$@" </dev/null >>"$PVE_LAB_LOG" 2>&1 & echo $!', 'sh', ...argv],
    {
      env: { ...LAB_ENV, PVE_LAB_LOG: logFile },
    },
  );
  const inner = Number(out.trim());
  const host = labProcesses(ns).find((p) => p.nsPid === inner);
  const ref = host ? procRef(host.pid) : undefined;
  if (!ref) throw new Error(`lab: ${argv.join(' ')} exited at once (see ${logFile})`);
  return ref;
}

export interface LabProcess {
  pid: number;
  nsPid: number;
  ppid: number;
  state: string;
  cmdline: string[];
}

/** Every process in the lab's pid namespace, with host and inner pids. */
export function labProcesses(ns: Pick<LabNs, 'pidNs'>): LabProcess[] {
  const out: LabProcess[] = [];
  for (const pid of listPids()) {
    if (nsId(pid, 'pid') !== ns.pidNs) continue;
    const stat = readProcStat(pid);
    const nsPid = innermostPid(pid);
    if (!stat || nsPid === undefined) continue;
    out.push({ pid, nsPid, ppid: stat.ppid, state: stat.state, cmdline: readCmdline(pid) });
  }
  return out;
}

/** Ends the whole lab: SIGKILL to its init makes the kernel kill every process inside. */
export async function killNamespace(ns: LabNs, unshare: ProcRef | undefined): Promise<void> {
  // an init that is already gone took its pid namespace along (whose id may be reused since)
  const wasAlive = isAlive(ns.init);
  signal(ns.init, 'SIGKILL');
  signal(unshare, 'SIGKILL');
  await waitUntil(
    'every lab process to end',
    () => !isAlive(ns.init) && !isAlive(unshare) && (!wasAlive || labProcesses(ns).length === 0),
    { timeoutMs: 10_000 },
  );
}

/** A path inside the lab as the host can open it (through init's root, which sees the lab's mounts). */
export function nsFile(ns: LabNs, nsAbsolutePath: string): string {
  return `/proc/${ns.init.pid}/root${nsAbsolutePath}`;
}
