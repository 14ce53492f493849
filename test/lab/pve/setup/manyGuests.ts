import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { vmidFraction } from '../api/guestMetrics';
import { updateGuestStates } from '../config/guestRuntime';
import { hostPath, NODE_NAME, PATHS } from '../labPaths';
import { SEED_GUESTS } from '../seedData';

/**
 * The `many-guests` state: on top of the seed's four CTs, generated guests so that
 * /cluster/resources lists MANY_GUESTS_TOTAL guests, for the explorer's benchmark. Only configs
 * and power states are written (no rootfs trees, no disk images), so switching it on is fast.
 */
export const MANY_GUESTS_TOTAL = 1000;
/** QEMU VMs among the generated guests (the rest are CTs). */
export const MANY_GUESTS_QEMU = 50;

export interface GeneratedGuest {
  type: 'lxc' | 'qemu';
  vmid: number;
  name: string;
  status: 'running' | 'stopped';
  sinceSecondsAgo: number;
  config: string;
}

const CT_ROLES = [
  'web',
  'api',
  'db',
  'cache',
  'queue',
  'worker',
  'ci-runner',
  'dns',
  'mail',
  'monitor',
  'log',
  'git',
  'wiki',
  'vpn',
  'proxy',
  'auth',
];
/** VM role -> ostype (OPNsense is FreeBSD: 'other') */
const VM_ROLES: ReadonlyArray<[string, string]> = [
  ['k8s-node', 'l26'],
  ['win-desktop', 'win11'],
  ['opnsense', 'other'],
  ['ubuntu-dev', 'l26'],
  ['truenas', 'l26'],
  ['haos', 'l26'],
  ['build', 'l26'],
];
const TAG_SETS = ['prod', 'staging', 'dev', 'prod;web', 'k8s;prod', 'media', 'monitoring', 'ci', 'backup;prod', 'lab'];
const CT_OSTYPES = ['debian', 'debian', 'debian', 'ubuntu', 'ubuntu', 'alpine'];
/** A few leftover locks, as crashed or running jobs leave them (enum values of each config). */
const CT_LOCKS: ReadonlyMap<number, string> = new Map([
  [2017, 'backup'],
  [2233, 'backup'],
  [2402, 'snapshot'],
  [2589, 'mounted'],
  [2764, 'migrate'],
  [20012, 'snapshot-delete'],
]);
const VM_LOCKS: ReadonlyMap<number, string> = new Map([
  [3007, 'backup'],
  [3021, 'snapshot'],
  [3040, 'suspended'],
]);

/** VMIDs: CTs 2001-2900 and 20001-20046 (5 digits), VMs 3001-3049 and the template 9000. */
function vmids(): Array<{ type: 'lxc' | 'qemu'; vmid: number }> {
  const ctCount = MANY_GUESTS_TOTAL - SEED_GUESTS.length - MANY_GUESTS_QEMU;
  const res: Array<{ type: 'lxc' | 'qemu'; vmid: number }> = [];
  for (let i = 0; i < ctCount; i++) res.push({ type: 'lxc', vmid: i < 900 ? 2001 + i : 20001 + (i - 900) });
  for (let i = 0; i < MANY_GUESTS_QEMU - 1; i++) res.push({ type: 'qemu', vmid: 3001 + i });
  res.push({ type: 'qemu', vmid: 9000 });
  return res;
}

function pick<T>(list: readonly T[], vmid: number, salt: number): T {
  return list[Math.floor(vmidFraction(vmid, salt) * list.length)] as T;
}

function hwaddr(vmid: number): string {
  const b = [(vmid >>> 16) & 0xff, (vmid >>> 8) & 0xff, vmid & 0xff].map((n) =>
    n.toString(16).toUpperCase().padStart(2, '0'),
  );
  return `BC:24:11:${b.join(':')}`;
}

function uuid(vmid: number, salt: number): string {
  const h = crypto.createHash('sha1').update(`${vmid}:${salt}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Keys sorted, as write_pct_config / write_vm_config print them. */
function configText(entries: Record<string, string | number | undefined>): string {
  return Object.keys(entries)
    .sort()
    .filter((k) => entries[k] !== undefined)
    .map((k) => `${k}: ${entries[k]}\n`)
    .join('');
}

function ctGuest(vmid: number): GeneratedGuest {
  const template = vmid % 250 === 0;
  const name = template ? `tpl-${pick(CT_OSTYPES, vmid, 3)}-${vmid}` : `${pick(CT_ROLES, vmid, 1)}-${vmid}`;
  const ostype = pick(CT_OSTYPES, vmid, 3);
  const tags = vmidFraction(vmid, 4) < 0.4 ? pick(TAG_SETS, vmid, 5) : undefined;
  // `pct mount` locks a stopped CT
  const running = !template && CT_LOCKS.get(vmid) !== 'mounted' && vmidFraction(vmid, 6) < 0.75;
  const config = configText({
    arch: 'amd64',
    cores: pick([1, 1, 2, 2, 4], vmid, 7),
    features: vmidFraction(vmid, 8) < 0.5 ? 'nesting=1' : undefined,
    hostname: name,
    lock: CT_LOCKS.get(vmid),
    memory: pick([256, 512, 1024, 2048, 4096], vmid, 9),
    net0: `name=eth0,bridge=vmbr0,firewall=1,hwaddr=${hwaddr(vmid)},ip=dhcp,type=veth`,
    onboot: running ? 1 : 0,
    ostype,
    rootfs: `local-zfs:subvol-${vmid}-disk-0,size=${pick([4, 8, 8, 16, 32], vmid, 10)}G`,
    swap: pick([0, 256, 512], vmid, 11),
    tags,
    template: template ? 1 : undefined,
    unprivileged: 1,
  });
  return {
    type: 'lxc',
    vmid,
    name,
    status: running ? 'running' : 'stopped',
    sinceSecondsAgo: sinceSecondsAgo(vmid),
    config,
  };
}

function vmGuest(vmid: number): GeneratedGuest {
  const template = vmid === 9000;
  const [role, ostype] = pick(VM_ROLES, vmid, 1);
  const name = template ? 'debian12-cloud-template' : `${role}-${vmid}`;
  const windows = ostype === 'win11' && !template;
  const lock = VM_LOCKS.get(vmid);
  // a hibernated VM ('suspended' lock) is stopped with its state saved
  const running = !template && lock !== 'suspended' && vmidFraction(vmid, 6) < 0.7;
  const disk = `local-zfs:${template ? 'base' : 'vm'}-${vmid}-disk-${windows ? 1 : 0}`;
  const config = configText({
    agent: template || vmidFraction(vmid, 12) < 0.6 ? 1 : undefined,
    bios: windows ? 'ovmf' : undefined,
    boot: 'order=scsi0;ide2;net0',
    cores: pick([1, 2, 2, 4, 8], vmid, 7),
    cpu: 'x86-64-v2-AES',
    efidisk0: windows ? `local-zfs:vm-${vmid}-disk-0,efitype=4m,pre-enrolled-keys=1,size=1M` : undefined,
    ide2: 'none,media=cdrom',
    lock,
    machine: windows ? 'pc-q35-8.1' : undefined,
    memory: pick([1024, 2048, 4096, 8192, 16384], vmid, 9),
    meta: `creation-qemu=8.1.5,ctime=${1_717_000_000 + Math.floor(vmidFraction(vmid, 13) * 8_000_000)}`,
    name,
    net0: `virtio=${hwaddr(vmid)},bridge=vmbr0,firewall=1`,
    numa: 0,
    onboot: running ? 1 : 0,
    ostype: template ? 'l26' : ostype,
    scsi0: `${disk},iothread=1,size=${pick([16, 32, 32, 64, 128], vmid, 10)}G`,
    scsihw: 'virtio-scsi-single',
    serial0: template ? 'socket' : undefined,
    smbios1: `uuid=${uuid(vmid, 1)}`,
    sockets: 1,
    tags: vmidFraction(vmid, 4) < 0.5 ? pick(TAG_SETS, vmid, 5) : undefined,
    template: template ? 1 : undefined,
    tpmstate0: windows ? `local-zfs:vm-${vmid}-disk-2,size=4M,version=v2.0` : undefined,
    vga: template ? 'serial0' : undefined,
    vmgenid: uuid(vmid, 2),
    vmstate: lock === 'suspended' ? `local-zfs:vm-${vmid}-state-suspend-2024-06-01` : undefined,
  });
  return {
    type: 'qemu',
    vmid,
    name,
    status: running ? 'running' : 'stopped',
    sinceSecondsAgo: sinceSecondsAgo(vmid),
    config,
  };
}

/** Up (or down) between 10 minutes and 40 days. */
function sinceSecondsAgo(vmid: number): number {
  return 600 + Math.floor(vmidFraction(vmid, 14) * 40 * 86400);
}

let cached: readonly GeneratedGuest[] | undefined;

/** The generated guests (not the seed's), in VMID order per type. */
export function manyGuests(): readonly GeneratedGuest[] {
  cached ??= vmids().map(({ type, vmid }) => (type === 'lxc' ? ctGuest(vmid) : vmGuest(vmid)));
  return cached;
}

function configFile(g: GeneratedGuest): string {
  return hostPath(`${g.type === 'lxc' ? PATHS.lxcDir : PATHS.qemuDir}/${g.vmid}.conf`);
}

/** Writes the generated guests' configs and power states, and /etc/pve/.vmlist with every guest. */
export function manyGuestsOn(): void {
  const now = Math.floor(Date.now() / 1000);
  for (const g of manyGuests()) fs.writeFileSync(configFile(g), g.config, { mode: 0o640 });
  updateGuestStates(
    new Map(manyGuests().map((g) => [g.vmid, { status: g.status, since: now - g.sinceSecondsAgo, frozen: false }])),
  );
  writeVmlist(true);
}

/** Removes the generated guests again (the seed's stay as they are). */
export function manyGuestsOff(): void {
  for (const g of manyGuests()) fs.rmSync(configFile(g), { force: true });
  updateGuestStates(
    new Map(),
    manyGuests().map((g) => g.vmid),
  );
  writeVmlist(false);
}

/** True when the generated guests are there (their first config exists). */
export function manyGuestsActive(): boolean {
  const first = manyGuests()[0];
  return first !== undefined && fs.existsSync(configFile(first));
}

function writeVmlist(withGenerated: boolean): void {
  const all = [...SEED_GUESTS.map((g) => ({ vmid: g.vmid, type: 'lxc' })), ...(withGenerated ? manyGuests() : [])];
  const ids = Object.fromEntries(all.map((g) => [String(g.vmid), { node: NODE_NAME, type: g.type, version: 1 }]));
  fs.writeFileSync(hostPath('/etc/pve/.vmlist'), `${JSON.stringify({ version: 1, ids }, null, 1)}\n`);
}
