import { directorySize } from '../fsUtil';
import { guestRootfsPath, hostPath } from '../labPaths';
import { readLxcConfig, typedConfigValue, type LxcConfig } from '../config/lxcConfig';
import { readGuestState, uptimeOf } from '../config/guestRuntime';
import { mountPointsOf, parseSize } from '../config/mountPoints';

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
function wobble(vmid: number, now: number, period: number): number {
  return Math.sin(now / period + vmid);
}

/**
 * Status of a CT as vmstatus() reports it. Limits come from the config; usage comes from the lab
 * state (running since, rootfs directory size) and plausible per-guest rates.
 */
export function guestMetrics(conf: LxcConfig): GuestMetrics {
  const vmid = conf.vmid;
  const state = readGuestState(vmid);
  const running = state.status === 'running';
  const uptime = uptimeOf(state);
  const now = Date.now() / 1000;
  const cores = Number(typedConfigValue('cores', conf.entries.get('cores') ?? '1')) || 1;
  const maxmem = (Number(conf.entries.get('memory') ?? 512) || 512) * 1024 * 1024;
  const maxswap = (Number(conf.entries.get('swap') ?? 512) || 0) * 1024 * 1024;
  const rootfs = mountPointsOf(conf).find((m) => m.key === 'rootfs');
  const baseMem = vmid === 1031 ? 0.42 : vmid === 1034 ? 0.28 : 0.12;
  const ioRate = vmid === 1031 ? 310_000 : vmid === 1034 ? 95_000 : 12_000;
  const lock = conf.entries.get('lock');
  const tags = conf.entries.get('tags');
  return {
    vmid,
    name: conf.entries.get('hostname') ?? `CT${vmid}`,
    status: running ? 'running' : 'stopped',
    uptime,
    cpu: running ? Math.max(0, (vmid === 1031 ? 0.06 : 0.008) * (1 + 0.5 * wobble(vmid, now, 7))) / cores : 0,
    cpus: cores,
    mem: running ? Math.floor(maxmem * baseMem * (1 + 0.05 * wobble(vmid, now, 600))) : 0,
    maxmem,
    swap: running ? Math.floor(maxswap * 0.02) : 0,
    maxswap,
    disk: running ? directorySize(hostPath(guestRootfsPath(vmid))) : 0,
    maxdisk: parseSize(rootfs?.size),
    netin: running ? Math.floor(uptime * ioRate * 1.9) : 0,
    netout: running ? Math.floor(uptime * ioRate * 0.7) : 0,
    diskread: running ? Math.floor(uptime * ioRate * 0.4) : 0,
    diskwrite: running ? Math.floor(uptime * ioRate * 0.15) : 0,
    ...(lock ? { lock } : {}),
    ...(tags ? { tags } : {}),
    template: typedConfigValue('template', conf.entries.get('template') ?? '0') === 1 ? 1 : 0,
  };
}

export function guestMetricsById(vmid: number): GuestMetrics {
  return guestMetrics(readLxcConfig(vmid));
}
