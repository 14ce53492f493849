import * as path from 'node:path';

/** The node name of the host the lab reproduces. */
export const NODE_NAME = 'pve2';

/**
 * Every tool reads and writes the real Proxmox paths, prefixed by PVE_LAB_ROOT
 * (default '/'), so tests can run the tools against a temporary directory.
 */
export function labRoot(): string {
  const root = process.env.PVE_LAB_ROOT;
  if (root !== resolvedFor) {
    resolvedFor = root;
    resolved = root && root.length > 0 ? path.resolve(root) : '/';
  }
  return resolved;
}
// labRoot() runs for every path (thousands of times for 1,000 guests): resolve once per value
let resolvedFor: string | undefined;
let resolved = '/';

/** Maps a path as the host sees it ('/etc/pve/...') to the file system path under the lab root. */
export function hostPath(logicalPath: string, root: string = labRoot()): string {
  // plain concatenation: rsync's "/./" markers in paths must survive
  return root === '/'
    ? logicalPath
    : `${root.replace(/\/+$/, '')}${logicalPath.startsWith('/') ? '' : '/'}${logicalPath}`;
}

/** True when the tools run against the real lab host rather than a test directory. */
export function isRealRoot(): boolean {
  return labRoot() === '/';
}

export const PATHS = {
  storageCfg: '/etc/pve/storage.cfg',
  lxcDir: '/etc/pve/lxc',
  qemuDir: '/etc/pve/qemu-server',
  firewallDir: '/etc/pve/firewall',
  vzdumpConf: '/etc/vzdump.conf',
  tasksDir: '/var/log/pve/tasks',
  vzdumpLogDir: '/var/log/vzdump',
  lxcRuntimeDir: '/var/lib/lxc',
  vzdumpLock: '/var/run/vzdump.lock',
  vzdumpPid: '/var/run/vzdump.pid',
  labRunDir: '/run/pve-lab',
  varTmp: '/var/tmp',
} as const;

export function lxcConfigPath(vmid: number): string {
  return `${PATHS.lxcDir}/${vmid}.conf`;
}

export function guestRootfsPath(vmid: number): string {
  return `${PATHS.lxcRuntimeDir}/${vmid}/rootfs`;
}
