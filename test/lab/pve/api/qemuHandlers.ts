import { uptimeOf } from '../config/guestRuntime';
import { ConfigNotFoundError, encodeText, typedConfigValue } from '../config/lxcConfig';
import {
  bootdiskSize,
  listQemuIds,
  qemuCpus,
  qemuHasSerial,
  qemuMaxmem,
  readQemuConfig,
  type QemuConfig,
} from '../config/qemuConfig';
import { ApiError } from './apiError';
import { guestContext, loadProfile, stateIn, wobble, type GuestContext } from './guestMetrics';

/** What QEMU would answer over QMP for a running VM of this node (pve-qemu-kvm 8.1). */
const RUNNING_QEMU = '8.1.5';

/** The machine version a VM runs with: the config's pinned one, else the latest of its type. */
function runningMachine(machine: string | undefined): string {
  const type = /^(?:type=)?([^,]+)/.exec(machine ?? '')?.[1] ?? 'pc';
  const versioned = type === 'q35' ? 'pc-q35-8.1' : type === 'pc' || type === 'i440fx' ? 'pc-i440fx-8.1' : type;
  return versioned.includes('+pve') ? versioned : `${versioned}+pve0`;
}

/**
 * PVE::QemuServer::vmstatus for one VM. Without `full` there are no QMP values (qmpstatus,
 * running-machine/-qemu, diskread/diskwrite); with it, a stopped VM's qmpstatus is its status.
 * vmstatus also sets `disk: 0` (no info available), although the return schema omits it.
 */
export function qemuStatus(
  conf: QemuConfig,
  full: boolean,
  ctx: GuestContext = guestContext(),
): Record<string, unknown> {
  const vmid = conf.vmid;
  const state = stateIn(ctx, vmid);
  const running = state.status === 'running';
  const uptime = uptimeOf(state);
  const cpus = qemuCpus(conf, ctx.hostCpus);
  const maxmem = qemuMaxmem(conf);
  const load = loadProfile(vmid);
  const now = Date.now() / 1000;
  const lock = conf.entries.get('lock');
  const tags = conf.entries.get('tags');
  const d: Record<string, unknown> = {
    vmid,
    name: conf.entries.get('name') || `VM ${vmid}`,
    status: running ? 'running' : 'stopped',
    cpus,
    maxmem,
    disk: 0,
    maxdisk: bootdiskSize(conf) ?? 0,
    uptime,
    cpu: running ? Math.max(0, load.cpu * (1 + 0.5 * wobble(vmid, now, 7))) / cpus : 0,
    mem: running ? Math.floor(maxmem * load.mem * (1 + 0.05 * wobble(vmid, now, 600))) : 0,
    netin: running ? Math.floor(uptime * load.ioRate * 1.9) : 0,
    netout: running ? Math.floor(uptime * load.ioRate * 0.7) : 0,
    ...(running ? { pid: fakePid(vmid, state.since) } : {}),
    ...(typedConfigValue('template', conf.entries.get('template') ?? '0') === 1 ? { template: 1 } : {}),
    ...(qemuHasSerial(conf) ? { serial: 1 } : {}),
    ...(lock ? { lock } : {}),
    ...(tags !== undefined ? { tags } : {}),
  };
  if (!full) return d;
  d.qmpstatus = d.status;
  if (running) {
    d['running-machine'] = runningMachine(conf.entries.get('machine'));
    d['running-qemu'] = RUNNING_QEMU;
    d.diskread = Math.floor(uptime * load.ioRate * 0.4);
    d.diskwrite = Math.floor(uptime * load.ioRate * 0.15);
  }
  return d;
}

/** No QEMU process exists in the lab: a stable number per VM start stands in for its pid. */
function fakePid(vmid: number, since: number): number {
  return 1000 + ((vmid * 7919 + since) % 400_000);
}

/** GET /nodes/{node}/qemu */
export function listQemu(full: boolean): Array<Record<string, unknown>> {
  const ctx = guestContext();
  return listQemuIds().map((vmid) => qemuStatus(readQemuConfig(vmid), full, ctx));
}

function loadOrThrow(vmid: number): QemuConfig {
  try {
    return readQemuConfig(vmid);
  } catch (err) {
    if (err instanceof ConfigNotFoundError) throw new ApiError(err.message);
    throw err;
  }
}

/** GET /nodes/{node}/qemu/{vmid}/status/current: vmstatus($vmid, 1) plus ha, agent, spice. */
export function qemuStatusCurrent(vmid: number): Record<string, unknown> {
  const conf = loadOrThrow(vmid);
  const res: Record<string, unknown> = { ...qemuStatus(conf, true), ha: { managed: 0 } };
  const vga = conf.entries.get('vga');
  if (vga !== undefined) {
    const type = /^(?:type=)?([^,=]+)(?:,|$)/.exec(vga)?.[1];
    if (type !== undefined && /^(virtio|qxl)/.test(type)) res.spice = 1;
    const clipboard = /(?:^|,)clipboard=(\w+)/.exec(vga)?.[1];
    if (clipboard) res.clipboard = clipboard;
  }
  const agent = conf.entries.get('agent');
  if (agent !== undefined && /^(?:enabled=)?(1|on|yes|true)(?:,|$)/i.test(agent)) res.agent = 1;
  return res;
}

/** `qm config`: sorted keys without digest, description encoded. */
export function formatQmConfig(vmid: number): string {
  const conf = loadOrThrow(vmid);
  const all = new Map(conf.entries);
  if (conf.description !== undefined) all.set('description', encodeText(conf.description));
  let out = '';
  for (const k of [...all.keys()].sort()) out += `${k}: ${all.get(k)}\n`;
  return out;
}

/** The /cluster/resources entry of a VM (pvestatd's view: disk 0, no QMP values but I/O). */
export function qemuResource(conf: QemuConfig, node: string, ctx: GuestContext): Record<string, unknown> {
  const s = qemuStatus(conf, true, ctx);
  return {
    id: `qemu/${conf.vmid}`,
    type: 'qemu',
    vmid: conf.vmid,
    name: s.name,
    node,
    status: s.status,
    uptime: s.uptime,
    cpu: s.cpu,
    maxcpu: s.cpus,
    mem: s.mem,
    maxmem: s.maxmem,
    disk: 0,
    maxdisk: s.maxdisk,
    netin: s.netin,
    netout: s.netout,
    diskread: s.diskread ?? 0,
    diskwrite: s.diskwrite ?? 0,
    template: s.template === 1 ? 1 : 0,
    ...(s.lock ? { lock: s.lock } : {}),
    ...(s.tags !== undefined ? { tags: s.tags } : {}),
  };
}
