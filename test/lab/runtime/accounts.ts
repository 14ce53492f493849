import * as fs from 'node:fs';
import { PASSWORD_USER } from './labLayout';
import { nsFile, nsRun, nsRunOk, type LabNs } from './namespace';

/**
 * Files and accounts in the lab's /etc overlay (so only the lab sees them): a password account
 * with passwordless sudo, a root account sshd accepts keys for, name resolution for 'pve2', and
 * a no-op zfs-fuse pool alert (the packaged one may try to mail root).
 */
export async function setUpAccounts(ns: LabNs, password: string): Promise<void> {
  // with UsePAM no, sshd refuses every login, keys too, to an account whose hash starts with '!'
  const shadow = fs.readFileSync(nsFile(ns, '/etc/shadow'), 'utf8');
  if (/^root:!/m.test(shadow)) await nsRunOk(ns, ['usermod', '-p', '*', 'root']);

  if ((await nsRun(ns, ['id', '-u', PASSWORD_USER])).code !== 0) {
    await nsRunOk(ns, [
      'useradd',
      '--create-home',
      '--home-dir',
      `/home/${PASSWORD_USER}`,
      '--shell',
      '/bin/bash',
      '--user-group',
      PASSWORD_USER,
    ]);
  }
  await nsRunOk(ns, ['chpasswd'], { input: `${PASSWORD_USER}:${password}\n` });
  fs.mkdirSync(nsFile(ns, '/etc/sudoers.d'), { recursive: true });
  fs.writeFileSync(nsFile(ns, `/etc/sudoers.d/${PASSWORD_USER}`), `${PASSWORD_USER} ALL=(ALL:ALL) NOPASSWD: ALL\n`, {
    mode: 0o440,
  });

  const hosts = nsFile(ns, '/etc/hosts');
  const text = fs.readFileSync(hosts, 'utf8');
  if (!/\spve2(\s|$)/m.test(text)) fs.writeFileSync(hosts, `${text.replace(/\n?$/, '\n')}127.0.1.1\tpve2.lab pve2\n`);
  fs.writeFileSync(nsFile(ns, '/etc/hostname'), 'pve2\n');
  // a fixed hostid (as ZFS hosts have): else gethostid() follows the hostname, and a shell entered
  // without the lab's UTS namespace would see rpool as "last accessed by another system"
  const hostid = Buffer.alloc(4);
  hostid.writeUInt32LE(0x2c4d7a1e);
  fs.writeFileSync(nsFile(ns, '/etc/hostid'), hostid);

  // A Proxmox node's root has Debian's stock shell files. The machine running the lab may not
  // (version managers in ~/.bashrc cost ~200 ms per SSH command, since bash reads it under sshd).
  for (const file of ['.bashrc', '.profile'])
    fs.copyFileSync(nsFile(ns, `/etc/skel/${file}`), nsFile(ns, `/root/${file}`));

  fs.mkdirSync(nsFile(ns, '/etc/zfs'), { recursive: true });
  fs.writeFileSync(
    nsFile(ns, '/etc/zfs/zfs_pool_alert'),
    '#!/bin/sh\n# pve2 lab: pool state changes are only reported by zpool status\nexit 0\n',
    { mode: 0o755 },
  );
}
