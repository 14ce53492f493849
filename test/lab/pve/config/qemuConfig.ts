import * as fs from 'node:fs';
import { hostPath, PATHS } from '../labPaths';
import { readFileIfExists, withLockFile, writeFileAtomic } from '../fsUtil';
import { ConfigNotFoundError, formatLxcConfig, parseLxcConfig, type LxcConfig } from './lxcConfig';
import { parseSize } from './mountPoints';

/**
 * QEMU guest configs (/etc/pve/qemu-server/<vmid>.conf): the same `key: value` file syntax as
 * CT configs (description comments, [snapshot] sections), so they share the parser. The lab has no
 * QEMU: a VM is its config plus a power state, like a CT.
 */
export type QemuConfig = LxcConfig;

export function qemuConfigPath(vmid: number): string {
  return `${PATHS.qemuDir}/${vmid}.conf`;
}

/** VMIDs with a config in dir, ascending. */
export function listConfigIds(logicalDir: string): number[] {
  let names: string[];
  try {
    names = fs.readdirSync(hostPath(logicalDir));
  } catch {
    return [];
  }
  const ids: number[] = [];
  for (const n of names) {
    const m = /^(\d+)\.conf$/.exec(n);
    if (m) ids.push(Number(m[1]));
  }
  return ids.sort((a, b) => a - b);
}

export function listQemuIds(): number[] {
  return listConfigIds(PATHS.qemuDir);
}

export function readQemuConfig(vmid: number): QemuConfig {
  const raw = readFileIfExists(hostPath(qemuConfigPath(vmid)));
  if (raw === undefined)
    throw new ConfigNotFoundError(`Configuration file 'nodes/pve2/qemu-server/${vmid}.conf' does not exist`);
  return parseLxcConfig(vmid, raw);
}

const DRIVE_NAME = /^(ide[0-3]|sata[0-5]|scsi([0-9]|[12][0-9]|30)|virtio([0-9]|1[0-5])|efidisk0|tpmstate0)$/;

/** Drive::get_bootdisks: the `order=` list of `boot`, or the legacy `bootdisk` key. */
function bootDevices(conf: QemuConfig): string[] {
  const boot = conf.entries.get('boot') ?? '';
  const order = /(?:^|,)order=([^,]*)/.exec(boot)?.[1];
  if (order !== undefined) return order.split(';').filter(Boolean);
  const legacy = conf.entries.get('bootdisk');
  return legacy ? [legacy] : [];
}

/** Drive::bootdisk_size: size of the first boot device that is a disk (not a CD-ROM), in bytes. */
export function bootdiskSize(conf: QemuConfig): number | undefined {
  for (const dev of bootDevices(conf)) {
    if (!DRIVE_NAME.test(dev)) continue;
    const value = conf.entries.get(dev);
    if (!value) continue;
    const parts = value.split(',');
    if (parts.includes('media=cdrom') || parts[0] === 'none' || parts[0] === 'cdrom') continue;
    const size = parts.find((p) => p.startsWith('size='))?.slice(5);
    return parseSize(size);
  }
  return undefined;
}

/** vmstatus: sockets * cores, capped at the host's CPUs, overridden by vcpus. */
export function qemuCpus(conf: QemuConfig, hostCpus: number): number {
  const sockets = Number(conf.entries.get('sockets') ?? 1) || 1;
  const cores = Number(conf.entries.get('cores') ?? 1) || 1;
  const vcpus = Number(conf.entries.get('vcpus') ?? 0);
  if (vcpus > 0) return vcpus;
  return Math.min(sockets * cores, hostCpus);
}

/** get_current_memory: `memory: [current=]<MiB>`, default 512, in bytes. */
export function qemuMaxmem(conf: QemuConfig): number {
  const raw = conf.entries.get('memory') ?? '512';
  const mib = Number(/(?:^|current=)(\d+)/.exec(raw)?.[1] ?? 512);
  return mib * 1024 * 1024;
}

export function qemuHasSerial(conf: QemuConfig): boolean {
  return [0, 1, 2, 3].some((i) => conf.entries.has(`serial${i}`));
}

/** Read-modify-write under the config lock, like PVE::QemuConfig->lock_config. */
export function updateQemuConfig(vmid: number, change: (conf: QemuConfig) => void): QemuConfig {
  return withLockFile(hostPath(`/run/lock/qemu-server/lock-${vmid}.conf`), () => {
    const conf = readQemuConfig(vmid);
    change(conf);
    writeFileAtomic(hostPath(qemuConfigPath(vmid)), formatLxcConfig(conf), 0o640);
    return conf;
  });
}
