import { KERNEL_RELEASE, PVE_VERSION } from '../api/nodeMetrics';

const PACKAGES: ReadonlyArray<[string, string]> = [
  ['proxmox-ve', `8.2.0 (running kernel: ${KERNEL_RELEASE})`],
  ['pve-manager', '8.2.4 (running version: 8.2.4/faa83925c9641325)'],
  ['proxmox-kernel-helper', '8.1.0'],
  [`proxmox-kernel-${KERNEL_RELEASE}-signed`, KERNEL_RELEASE.replace('-pve', '')],
  ['ceph-fuse', '17.2.7-pve3'],
  ['libpve-common-perl', '8.2.1'],
  ['libpve-guest-common-perl', '5.1.3'],
  ['libpve-storage-perl', '8.2.3'],
  ['lxc-pve', '6.0.0-1'],
  ['pve-container', '5.1.12'],
  ['pve-firmware', '3.12-1'],
  ['qemu-server', '8.2.1'],
  ['zfsutils-linux', '2.2.4-pve1'],
];

/** pveversion [-v] */
export function pveversion(argv: string[]): number {
  if (argv.includes('-v') || argv.includes('--verbose')) {
    process.stdout.write(PACKAGES.map(([p, v]) => `${p}: ${v}\n`).join(''));
  } else {
    process.stdout.write(`${PVE_VERSION} (running kernel: ${KERNEL_RELEASE})\n`);
  }
  return 0;
}
