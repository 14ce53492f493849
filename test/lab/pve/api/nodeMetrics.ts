import * as fs from 'node:fs';
import * as os from 'node:os';
import { fileSystemUsage } from '../fsUtil';
import { hostPath } from '../labPaths';

export const PVE_VERSION = 'pve-manager/8.2.4/faa83925c9641325';
export const KERNEL_RELEASE = '6.8.8-2-pve';

function meminfo(): Record<string, number> {
  const res: Record<string, number> = {};
  try {
    for (const line of fs.readFileSync('/proc/meminfo', 'utf8').split('\n')) {
      const m = /^(\w+):\s+(\d+)/.exec(line);
      if (m) res[m[1] ?? ''] = Number(m[2]) * 1024;
    }
  } catch {
    // not Linux: leave empty
  }
  return res;
}

/** CPU usage as a fraction, from the 1-minute load over the CPU count (no sampling delay). */
export function cpuFraction(): number {
  const [one] = os.loadavg();
  return Math.min(1, (one ?? 0) / Math.max(1, os.cpus().length));
}

export function hostUptime(): number {
  try {
    return Math.floor(Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]));
  } catch {
    return Math.floor(os.uptime());
  }
}

export function memoryUsage(): { total: number; free: number; used: number; available: number } {
  const m = meminfo();
  const total = m.MemTotal ?? os.totalmem();
  const free = m.MemFree ?? os.freemem();
  const available = m.MemAvailable ?? free;
  return { total, free, used: total - available, available };
}

/** GET /nodes/{node}/status from the machine's real /proc values. */
export function nodeStatus(): Record<string, unknown> {
  const m = meminfo();
  const cpus = os.cpus();
  const root = fileSystemUsage(hostPath('/'));
  const swapTotal = m.SwapTotal ?? 0;
  const swapFree = m.SwapFree ?? 0;
  return {
    'boot-info': { mode: 'efi', secureboot: 0 },
    cpu: cpuFraction(),
    cpuinfo: {
      cores: cpus.length,
      cpus: cpus.length,
      flags: 'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov',
      hvm: '1',
      mhz: String(cpus[0]?.speed ?? 0),
      model: cpus[0]?.model ?? 'unknown',
      sockets: 1,
      user_hz: 100,
    },
    'current-kernel': {
      machine: os.machine(),
      release: KERNEL_RELEASE,
      sysname: 'Linux',
      version: '#1 SMP PREEMPT_DYNAMIC PMX 6.8.8-2 (2024-06-24T09:00Z)',
    },
    idle: 0,
    ksm: { shared: 0 },
    kversion: `Linux ${KERNEL_RELEASE} #1 SMP PREEMPT_DYNAMIC PMX 6.8.8-2 (2024-06-24T09:00Z)`,
    loadavg: os.loadavg().map((l) => l.toFixed(2)),
    memory: memoryUsage(),
    pveversion: PVE_VERSION,
    rootfs: { avail: root.avail, free: root.total - root.used, total: root.total, used: root.used },
    swap: { free: swapFree, total: swapTotal, used: swapTotal - swapFree },
    uptime: hostUptime(),
    wait: 0,
  };
}
