import type { LabLayout } from './labLayout';
import { NS_BASE, NS_LAB, NS_WORK, nsPath, REBUILT_VDEVS, VDEVS } from './labLayout';
import { nsRunOk, type LabNs } from './namespace';

/**
 * Host dirs the lab may write to get an overlay whose upper dir is on a tmpfs of the namespace:
 * the lab sees (and changes) its own copy, the host never sees a write. /var covers /var/lib/vz,
 * /var/lib/lxc, /var/log/pve; /etc covers /etc/pve, /etc/vzdump.conf, the lab accounts.
 */
const OVERLAID = ['/etc', '/var', '/root', '/home', '/tmp', '/mnt', '/srv', '/opt'] as const;

/** Builds the lab's file system view. Runs once per namespace, right after it starts. */
export async function setUpMounts(ns: LabNs, layout: LabLayout): Promise<void> {
  const sh = (...argv: string[]): Promise<string> => nsRunOk(ns, argv);
  // a fresh /run (sshd's privsep dir, zfs-fuse's socket, vzdump.lock), then the lab dir into it
  await sh('mount', '-t', 'tmpfs', '-o', 'mode=0755,size=256m', 'pve-lab-run', '/run');
  await sh('mkdir', '-p', NS_LAB, NS_WORK, '/run/sshd', '/run/zfs', '/run/lock', '/run/pve-lab');
  await sh('mount', '--bind', layout.dir, NS_LAB);
  await sh('mount', '-t', 'tmpfs', '-o', 'mode=0755', 'pve-lab-upper', NS_WORK);
  for (const dir of OVERLAID) {
    const name = dir.slice(1);
    const upper = `${NS_WORK}/${name}-upper`;
    const work = `${NS_WORK}/${name}-work`;
    await sh('mkdir', '-p', upper, work);
    await sh(
      'mount',
      '-t',
      'overlay',
      `pve-lab-${name}`,
      '-o',
      `lowerdir=${dir},upperdir=${upper},workdir=${work}`,
      dir,
    );
  }
  await overlayDev(ns);
  await sh('mount', '--bind', nsPath(layout, layout.toolsDir), '/usr/local/sbin');
  await sh('mkdir', '-p', '/mnt/pve/truenas-bu');
  await sh('mount', '--bind', nsPath(layout, layout.nfsExportDir), '/mnt/pve/truenas-bu');
  await sh('hostname', 'pve2');
}

/**
 * /dev gets an overlay too, so the vdev files can appear as /dev/ata-TEAM_...-part3: zpool prints
 * names below /dev without the prefix, exactly like the seed's `zpool status`.
 */
async function overlayDev(ns: LabNs): Promise<void> {
  const sh = (...argv: string[]): Promise<string> => nsRunOk(ns, argv);
  const hold = `${NS_BASE}/devpts`;
  await sh('mkdir', '-p', hold, `${NS_WORK}/dev-upper`, `${NS_WORK}/dev-work`);
  // /dev/pts is its own mount; keep it across the overlay (ptys for ssh -t and `pct enter`)
  await sh('mount', '--bind', '/dev/pts', hold);
  await sh(
    'mount',
    '-t',
    'overlay',
    'pve-lab-dev',
    '-o',
    `lowerdir=/dev,upperdir=${NS_WORK}/dev-upper,workdir=${NS_WORK}/dev-work`,
    '/dev',
  );
  await sh('mount', '--move', hold, '/dev/pts');
  await sh('mount', '-t', 'tmpfs', '-o', 'mode=1777', 'pve-lab-shm', '/dev/shm');
  for (const v of [...VDEVS, ...REBUILT_VDEVS]) await sh('ln', '-sfn', `${NS_LAB}/vdevs/${v.name}`, `/dev/${v.name}`);
}
