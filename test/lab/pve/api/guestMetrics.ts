import * as fs from 'node:fs';
import * as os from 'node:os';
import { directorySize } from '../fsUtil';
import { guestRootfsPath, hostPath, PATHS } from '../labPaths';
import { readLxcConfig, typedConfigValue, type LxcConfig } from '../config/lxcConfig';
import { readGuestStates, uptimeOf, type GuestState } from '../config/guestRuntime';
import { parseMountPoint, parseSize } from '../config/mountPoints';

export interface GuestMetrics {
  vmid: number;
  name: string;
  status: 'running' | 'stopped';
  uptime: number;
  cpu: number;
  cpus: number;
  mem: number;
  maxmem: number;
  swap: number;
  maxswap: number;
  disk: number;
  maxdisk: number;
  netin: number;
  netout: number;
  diskread: number;
  diskwrite: number;
  lock?: string;
  tags?: string;
  template: 0 | 1;
}

/** Seconds-based wobble, so repeated reads look alive without being random. */
export function wobble(vmid: number, now: number, period: number): number {
  return Math.sin(now / period + vmid);
}

/** Deterministic 0..1 per vmid (the many-guests state's guests differ, and stay the same). */
export function vmidFraction(vmid: number, salt = 0): number {
  let x = Math.imul(vmid ^ Math.imul(salt + 1, 0x9e3779b1), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return ((x ^ (x >>> 16)) >>> 0) / 0x1_0000_0000;
}

export interface LoadProfile {
  /** CPU load in cores' worth, used memory as a fraction of maxmem, bytes/s of I/O */
  cpu: number;
  mem: number;
  ioRate: number;
}

/** How busy a guest is: fixed for the seed's CTs, spread over a plausible range for the others. */
export function loadProfile(vmid: number): LoadProfile {
  if (vmid === 1031) return { cpu: 0.06, mem: 0.42, ioRate: 310_000 };
  if (vmid === 1034) return { cpu: 0.008, mem: 0.28, ioRate: 95_000 };
  if (vmid === 1008 || vmid === 10006) return { cpu: 0.008, mem: 0.12, ioRate: 12_000 };
  return {
    cpu: 0.002 + 0.2 * vmidFraction(vmid, 1) ** 3,
    mem: 0.08 + 0.6 * vmidFraction(vmid, 2),
    ioRate: Math.floor(2_000 + 200_000 * vmidFraction(vmid, 3) ** 2),
  };
}

/**
 * What a listing reads once for all guests (as pvestatd has it in memory): every power state, the
 * guests that have a rootfs tree in the lab, the host's CPU count.
 */
export interface GuestContext {
  states: ReadonlyMap<number, GuestState>;
  trees: ReadonlySet<number>;
  hostCpus: number;
}

export function guestContext(): GuestContext {
  let trees: number[] = [];
  try {
    trees = fs
      .readdirSync(hostPath(PATHS.lxcRuntimeDir))
      .filter((n) => /^\d+$/.test(n))
      .map(Number);
  } catch {
    // no guest trees at all
  }
  return { states: readGuestStates(), trees: new Set(trees), hostCpus: os.cpus().length };
}

export function stateIn(ctx: GuestContext, vmid: number): GuestState {
  return ctx.states.get(vmid) ?? { status: 'stopped', since: 0, frozen: false };
}

/**
 * Status of a CT as vmstatus() reports it. Limits come from the config; usage comes from the lab
 * state (running since, rootfs directory size) and plausible per-guest rates.
 */
export function guestMetrics(conf: LxcConfig, ctx: GuestContext = guestContext()): GuestMetrics {
  const vmid = conf.vmid;
  const state = stateIn(ctx, vmid);
  const running = state.status === 'running';
  const uptime = uptimeOf(state);
  const now = Date.now() / 1000;
  const cores = Number(typedConfigValue('cores', conf.entries.get('cores') ?? '1')) || 1;
  const maxmem = (Number(conf.entries.get('memory') ?? 512) || 512) * 1024 * 1024;
  const maxswap = (Number(conf.entries.get('swap') ?? 512) || 0) * 1024 * 1024;
  const rootfsValue = conf.entries.get('rootfs');
  const rootfs = rootfsValue === undefined ? undefined : parseMountPoint('rootfs', rootfsValue);
  const { cpu, mem: baseMem, ioRate } = loadProfile(vmid);
  const maxdisk = parseSize(rootfs?.size);
  const lock = conf.entries.get('lock');
  const tags = conf.entries.get('tags');
  return {
    vmid,
    name: conf.entries.get('hostname') ?? `CT${vmid}`,
    status: running ? 'running' : 'stopped',
    uptime,
    cpu: running ? Math.max(0, cpu * (1 + 0.5 * wobble(vmid, now, 7))) / cores : 0,
    cpus: cores,
    mem: running ? Math.floor(maxmem * baseMem * (1 + 0.05 * wobble(vmid, now, 600))) : 0,
    maxmem,
    swap: running ? Math.floor(maxswap * 0.02) : 0,
    maxswap,
    disk: running ? usedDisk(vmid, maxdisk, ctx) : 0,
    maxdisk,
    netin: running ? Math.floor(uptime * ioRate * 1.9) : 0,
    netout: running ? Math.floor(uptime * ioRate * 0.7) : 0,
    diskread: running ? Math.floor(uptime * ioRate * 0.4) : 0,
    diskwrite: running ? Math.floor(uptime * ioRate * 0.15) : 0,
    ...(lock ? { lock } : {}),
    ...(tags ? { tags } : {}),
    template: typedConfigValue('template', conf.entries.get('template') ?? '0') === 1 ? 1 : 0,
  };
}

/**
 * Used rootfs space: the guest tree's size where the lab has one (the seed's CTs); the many-guests
 * CTs have no tree, so a stable share of their rootfs size stands in.
 */
function usedDisk(vmid: number, maxdisk: number, ctx: GuestContext): number {
  if (ctx.trees.has(vmid)) return directorySize(hostPath(guestRootfsPath(vmid)));
  return Math.floor(maxdisk * (0.05 + 0.5 * vmidFraction(vmid, 4)));
}

export function guestMetricsById(vmid: number, ctx: GuestContext = guestContext()): GuestMetrics {
  return guestMetrics(readLxcConfig(vmid), ctx);
}
