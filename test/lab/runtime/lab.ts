import * as fs from 'node:fs';
import { waitUntil } from '../../support/waitUntil';
import { buildTools } from '../pve/buildTools';
import { setUpAccounts } from './accounts';
import { LAB_STATES, LabStateNameSchema, type LabInfo, type LabStateName } from './labInfo';
import { labInfoOf } from './labInfoOf';
import { labLayout, REBUILT_VDEVS, VDEVS, type LabLayout } from './labLayout';
import { withLabLock } from './labLock';
import { readMountInfo } from './mountInfo';
import { setUpMounts } from './mounts';
import { killNamespace, labProcesses, nsRunOk, startNamespace, type LabNs } from './namespace';
import { nfsAclOff, nfsAclOn } from './nfsAcl';
import { assertRoot, ensurePrerequisites } from './prerequisites';
import { isAlive, nsId, signal, type ProcRef } from './procfs';
import { readRuntimeState, removeRuntimeState, writeRuntimeState, type RuntimeState } from './runtimeState';
import {
  ensureClientCredentials,
  freePort,
  generateHostKeys,
  killSshConnections,
  publicKeyLine,
  readPassword,
  reloadSshd,
  startSshd,
  waitForBanner,
  writeClientConfig,
  writeKnownHosts,
  writeSshdConfigs,
} from './sshd';
import {
  buildPool,
  exportPool,
  offlineOneSide,
  startScrubInBackground,
  startThrottle,
  startZfsFuse,
  stopThrottle,
  syncPool,
} from './zfsPool';

export type LabLog = (line: string) => void;
const quiet: LabLog = () => undefined;

/** MiB written to rpool/ROOT/pve-1 for 'scrubbing', and the delay per zfs-fuse io_submit. */
const SCRUB_FILLER_MIB = 64;
const SCRUB_IO_DELAY_MICROS = 100_000;

function nsOf(state: RuntimeState): LabNs {
  return { init: state.init, pidNs: state.pidNs, mntNs: state.mntNs };
}

/** Mount targets inside the lab hide these host dirs, so the lab dir cannot live below them. */
function checkLabDirLocation(dir: string): void {
  for (const hidden of ['/run', '/proc', '/sys', '/dev', '/usr/local/sbin']) {
    if (dir === hidden || dir.startsWith(`${hidden}/`))
      throw new Error(`lab: the lab dir ${dir} must not be below ${hidden} (set PVE_LAB_DIR)`);
  }
}

async function isHealthy(state: RuntimeState): Promise<boolean> {
  if (![state.init, state.zfsFuse, state.sshd, state.jumpSshd].every((r) => isAlive(r))) return false;
  if (nsId(state.init.pid, 'mnt') !== state.mntNs) return false;
  try {
    await waitForBanner(state.port, 2000);
    return true;
  } catch {
    return false;
  }
}

/** The running lab's info, or undefined when no healthy lab runs. */
export async function runningLabInfo(layout: LabLayout = labLayout()): Promise<LabInfo | undefined> {
  const state = readRuntimeState(layout);
  return state && (await isHealthy(state)) ? labInfoOf(layout, state) : undefined;
}

/** Starts the lab, or returns the running one's info. */
export async function startLab(log: LabLog = quiet): Promise<LabInfo> {
  assertRoot();
  const layout = labLayout();
  checkLabDirLocation(layout.dir);
  return withLabLock(layout, async () => {
    const existing = readRuntimeState(layout);
    if (existing && (await isHealthy(existing))) return labInfoOf(layout, existing);
    if (existing) {
      log('a previous lab is not healthy: cleaning it up');
      await teardown(layout, existing, log);
    }
    await ensurePrerequisites(log);
    for (const d of [layout.dir, layout.logDir, layout.sshDir, layout.vdevDir, layout.toolsDir])
      fs.mkdirSync(d, { recursive: true });
    // sshd's StrictModes walks up from authorized_keys: no group/world-writable dirs
    fs.chmodSync(layout.dir, 0o755);
    fs.chmodSync(layout.sshDir, 0o755);
    fs.rmSync(layout.nfsExportDir, { recursive: true, force: true });
    fs.mkdirSync(layout.nfsExportDir, { recursive: true });

    const [port, jumpPort] = [await freePort(), await freePort()];
    const tools = buildTools(layout.toolsDir);
    await Promise.all([ensureClientCredentials(layout), generateHostKeys(layout)]);
    const { unshare, ns } = await startNamespace(layout);
    let state: RuntimeState = {
      version: 1,
      unshare,
      ...ns,
      port,
      jumpPort,
      states: [],
      startedAt: new Date().toISOString(),
    };
    // written before anything else starts, so `lab:stop` can clean up a half-started lab
    writeRuntimeState(layout, state);
    try {
      log('mounting the lab file system');
      await setUpMounts(ns, layout);
      await setUpAccounts(ns, readPassword(layout));
      state = { ...state, zfsFuse: await startZfsFuse(ns, layout) };
      writeRuntimeState(layout, state);
      log('building rpool and the seed');
      await buildPool(ns, layout, { damaged: true, fillerMiB: 0 });
      await tools;
      writeSshdConfigs(layout, port, jumpPort);
      writeKnownHosts(layout, port, jumpPort);
      writeClientConfig(layout, port, jumpPort);
      state = { ...state, sshd: await startSshd(ns, layout, 'main', port) };
      state = { ...state, jumpSshd: await startSshd(ns, layout, 'jump', jumpPort), states: ['seed'] };
      writeRuntimeState(layout, state);
    } catch (err) {
      await tools.catch(() => undefined);
      await teardown(layout, state, log).catch((e: unknown) => log(`cleanup failed too: ${String(e)}`));
      throw err;
    }
    return labInfoOf(layout, state);
  });
}

/** Stops the lab: every process it started ends, every mount goes with the namespace. */
export async function stopLab(log: LabLog = quiet): Promise<boolean> {
  assertRoot();
  const layout = labLayout();
  return withLabLock(layout, async () => {
    const state = readRuntimeState(layout);
    if (!state) return false;
    await teardown(layout, state, log);
    return true;
  });
}

async function teardown(layout: LabLayout, state: RuntimeState, log: LabLog): Promise<void> {
  const ns = nsOf(state);
  if (isAlive(state.init) && nsId(state.init.pid, 'mnt') === state.mntNs) {
    await stopThrottle(state.throttle, state.zfsFuse).catch(() => signal(state.throttle, 'SIGKILL'));
    // nothing may keep files open on rpool while it is exported
    log('ending lab processes');
    await killAllBut(ns, [state.init, state.zfsFuse]);
    log('exporting rpool');
    // once exported the pool is consistent on disk; zfs-fuse then ends with the namespace
    // (its own TERM handling takes seconds)
    if (isAlive(state.zfsFuse)) await exportPool(ns).catch((e: unknown) => log(`zpool export failed: ${String(e)}`));
  }
  log('ending the namespace');
  await killNamespace(ns, state.unshare);
  // the mounts lived only in the namespace; make sure none leaked to this one
  const leaked = readMountInfo('self').filter(
    (m) => m.mountPoint.startsWith(layout.dir) || m.source.startsWith('pve-lab'),
  );
  if (leaked.length > 0) throw new Error(`lab: mounts left on the host: ${leaked.map((m) => m.mountPoint).join(', ')}`);
  fs.rmSync(layout.vdevDir, { recursive: true, force: true });
  removeRuntimeState(layout);
}

/** Parses state names as typed on the command line (throws on unknown ones). */
export function parseStates(names: readonly string[]): LabStateName[] {
  return names.map((n) => {
    const r = LabStateNameSchema.safeParse(n);
    if (!r.success) throw new Error(`lab: unknown state '${n}'; known: ${Object.keys(LAB_STATES).join(', ')}`);
    return r.data;
  });
}

async function runningState(layout: LabLayout): Promise<RuntimeState> {
  const state = readRuntimeState(layout);
  if (!state || !(await isHealthy(state))) throw new Error('lab: the lab is not running (npm run lab:start)');
  return state;
}

/**
 * Back to the seed (switches off, stand-in reset, rpool rebuilt), then the given states. Open
 * SSH connections stay open.
 */
export async function resetLab(states: readonly LabStateName[], log: LabLog = quiet): Promise<LabInfo> {
  assertRoot();
  const layout = labLayout();
  const want = new Set(states);
  if (want.has('seed') && want.has('healthy')) throw new Error("lab: 'seed' and 'healthy' exclude each other");
  return withLabLock(layout, async () => {
    let state = await runningState(layout);
    const ns = nsOf(state);
    const pveLab = (...args: string[]): Promise<string> =>
      nsRunOk(ns, ['/usr/local/sbin/pve-lab', ...args], { timeoutMs: 60_000 });

    log('switches off');
    await stopThrottle(state.throttle, state.zfsFuse);
    await nfsAclOff(ns, layout, state.bindfs);
    state = { ...state, throttle: undefined, bindfs: undefined, states: [] };
    writeRuntimeState(layout, state);
    await pveLab('reset');
    await killStrays(ns, state);
    log('stand-in reset');

    log('rebuilding rpool and the seed');
    const vdevs = want.has('healthy') ? REBUILT_VDEVS : VDEVS;
    await buildPool(ns, layout, {
      damaged: !want.has('healthy'),
      fillerMiB: want.has('scrubbing') ? SCRUB_FILLER_MIB : 0,
      vdevs,
      scrubbed: !want.has('scrubbing'),
    });
    if (want.has('degraded')) await offlineOneSide(ns, vdevs);
    if (want.has('scrubbing') && state.zfsFuse) {
      log('starting a slowed-down scrub');
      await syncPool(ns);
      state = { ...state, throttle: await startThrottle(ns, layout, state.zfsFuse, SCRUB_IO_DELAY_MICROS) };
      writeRuntimeState(layout, state);
      await startScrubInBackground(ns, layout);
    }
    if (want.has('nfs-acl')) {
      log('bindfs with chown/chgrp/chmod denied on /mnt/pve/truenas-bu');
      state = { ...state, bindfs: await nfsAclOn(ns, layout) };
      writeRuntimeState(layout, state);
    }
    if (want.has('vanishing-files')) await pveLab('vanishing-files', 'on');
    if (want.has('stuck-lock')) await pveLab('stuck-lock', 'on');
    if (want.has('many-guests')) {
      log('writing the many-guests configs');
      await pveLab('many-guests', 'on');
    }
    if (want.has('rekey')) {
      log('new host keys');
      await rekey(layout, state);
    }
    const applied: LabStateName[] = want.has('healthy') ? [] : ['seed'];
    state = { ...state, states: [...applied, ...[...want].filter((s) => s !== 'seed')] };
    writeRuntimeState(layout, state);
    return labInfoOf(layout, state);
  });
}

/** New host keys for both sshds without touching anything else. */
export async function rekeyLab(log: LabLog = quiet): Promise<LabInfo> {
  const layout = labLayout();
  return withLabLock(layout, async () => {
    const state = await runningState(layout);
    log('new host keys');
    await rekey(layout, state);
    return labInfoOf(layout, state);
  });
}

/** New host keys for both sshds, served at once; known_hosts follows. */
async function rekey(layout: LabLayout, state: RuntimeState): Promise<void> {
  await generateHostKeys(layout);
  writeKnownHosts(layout, state.port, state.jumpPort);
  if (state.sshd) await reloadSshd(state.sshd, state.port, publicKeyLine(`${layout.hostKey}.pub`));
  if (state.jumpSshd) await reloadSshd(state.jumpSshd, state.jumpPort, publicKeyLine(`${layout.jumpHostKey}.pub`));
}

/**
 * Ends every lab process except the infrastructure and whatever runs under an SSH connection:
 * leftovers of tasks and switches (reparented to the lab's init).
 */
async function killStrays(ns: LabNs, state: RuntimeState): Promise<void> {
  const infra = [state.init, state.zfsFuse, state.sshd, state.jumpSshd, state.bindfs, state.throttle].filter(
    (r): r is ProcRef => r !== undefined,
  );
  const keep = new Set(infra.map((r) => r.pid));
  const listeners = new Set([state.sshd?.pid, state.jumpSshd?.pid]);
  const procs = labProcesses(ns);
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const inSession = (pid: number): boolean => {
    for (let p = byPid.get(pid); p; p = byPid.get(p.ppid)) if (listeners.has(p.ppid)) return true;
    return false;
  };
  const strays = procs.filter(
    (p) => !keep.has(p.pid) && !inSession(p.pid) && !(p.ppid === state.init.pid && p.cmdline[0] === 'sleep'),
  );
  for (const p of strays) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  const pids = new Set(strays.map((p) => p.pid));
  await waitUntil('stray lab processes to end', () => !labProcesses(ns).some((p) => pids.has(p.pid)), {
    timeoutMs: 10_000,
  });
}

async function killAllBut(ns: LabNs, keep: ReadonlyArray<ProcRef | undefined>): Promise<void> {
  const keepPids = new Set(keep.flatMap((r) => (r ? [r.pid] : [])));
  const victims = labProcesses(ns).filter((p) => !keepPids.has(p.pid));
  for (const p of victims) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  const pids = new Set(victims.map((p) => p.pid));
  await waitUntil('lab processes to end', () => !labProcesses(ns).some((p) => pids.has(p.pid) && p.state !== 'Z'), {
    timeoutMs: 10_000,
  });
}

/** Closes every SSH connection to the lab (both sshds keep listening). Returns how many. */
export function killLabSshConnections(): number {
  const state = readRuntimeState(labLayout());
  if (!state) return 0;
  return killSshConnections(nsOf(state), [state.sshd, state.jumpSshd]);
}

/** For tests: the lab's runtime state (pids, namespaces). */
export function labRuntimeState(): RuntimeState | undefined {
  return readRuntimeState(labLayout());
}
