import * as path from 'node:path';

/** The repository root (test/lab/runtime/ is three levels below it). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

/**
 * Where the lab's own directory appears inside its namespace. The lab dir is bind-mounted here
 * first, so the lab never depends on its host path, which may lie below an overlaid dir like /tmp.
 * (Not /run/pve-lab: the stand-in keeps its switch state there.)
 */
export const NS_BASE = '/run/pve-lab-host';
export const NS_LAB = `${NS_BASE}/lab`;
/** tmpfs inside the namespace holding the overlays' upper and work dirs */
export const NS_WORK = `${NS_BASE}/ns`;

export const POOL = 'rpool';
/** The seed's two mirror disks (runbook 1.1); the second is the larger one, as there. */
export const VDEVS = [
  { name: 'ata-TEAM_T253256GB_TPBF2212130080607072-part3', bytes: 512 * 1024 * 1024 },
  { name: 'ata-TEAM_T2531TB_TPBG2212130010401358-part3', bytes: 2048 * 1024 * 1024 },
] as const;

/**
 * The `healthy` state's disks: rpool as the runbook plans to rebuild it (section 8), on a mirror of
 * two NVMe drives of one model and size, so nothing in it asks for attention.
 */
export const REBUILT_VDEVS = [
  { name: 'nvme-Samsung_SSD_980_PRO_1TB_S5GXNF0W412345A-part3', bytes: 2048 * 1024 * 1024 },
  { name: 'nvme-Samsung_SSD_980_PRO_1TB_S5GXNF0W412346B-part3', bytes: 2048 * 1024 * 1024 },
] as const;

export type LabVdev = (typeof VDEVS)[number] | (typeof REBUILT_VDEVS)[number];

export const PASSWORD_USER = 'pveadmin';

/** Every file of one lab instance, as host paths. */
export interface LabLayout {
  dir: string;
  stateFile: string;
  lockDir: string;
  logDir: string;
  sshDir: string;
  hostKey: string;
  jumpHostKey: string;
  clientKey: string;
  authorizedKeys: string;
  knownHosts: string;
  /** ssh_config with Host pve2 and pve2-jump, for humans: ssh -F <this> pve2 */
  sshClientConfig: string;
  passwordFile: string;
  sshdConfig: string;
  jumpSshdConfig: string;
  vdevDir: string;
  poolCache: string;
  toolsDir: string;
  nfsExportDir: string;
}

/** The lab dir: $PVE_LAB_DIR, else .lab/ at the repository root. */
export function labDir(): string {
  const fromEnv = process.env.PVE_LAB_DIR;
  return path.resolve(fromEnv !== undefined && fromEnv !== '' ? fromEnv : path.join(REPO_ROOT, '.lab'));
}

export function labLayout(dir: string = labDir()): LabLayout {
  const ssh = path.join(dir, 'ssh');
  return {
    dir,
    stateFile: path.join(dir, 'state.json'),
    lockDir: path.join(dir, 'lock'),
    logDir: path.join(dir, 'log'),
    sshDir: ssh,
    hostKey: path.join(ssh, 'ssh_host_ed25519_key'),
    jumpHostKey: path.join(ssh, 'jump_host_ed25519_key'),
    clientKey: path.join(ssh, 'client_ed25519'),
    authorizedKeys: path.join(ssh, 'authorized_keys'),
    knownHosts: path.join(ssh, 'known_hosts'),
    sshClientConfig: path.join(ssh, 'ssh_config'),
    passwordFile: path.join(ssh, `${PASSWORD_USER}.password`),
    sshdConfig: path.join(ssh, 'sshd_config'),
    jumpSshdConfig: path.join(ssh, 'sshd_jump_config'),
    vdevDir: path.join(dir, 'vdevs'),
    poolCache: path.join(dir, 'vdevs', 'zpool.cache'),
    toolsDir: path.join(dir, 'tools'),
    nfsExportDir: path.join(dir, 'truenas-bu'),
  };
}

/** The namespace path of a file inside the lab dir. */
export function nsPath(layout: LabLayout, hostPath: string): string {
  const rel = path.relative(layout.dir, hostPath);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`lab: ${hostPath} is not inside ${layout.dir}`);
  return rel === '' ? NS_LAB : `${NS_LAB}/${rel}`;
}
