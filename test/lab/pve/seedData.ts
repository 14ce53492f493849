/** The pve2 host of the incident runbook, as files. */

export interface SeedGuest {
  vmid: number;
  hostname: string;
  status: 'running' | 'stopped';
  /** seconds the guest has been up (or down) when the seed is written */
  sinceSecondsAgo: number;
  /** storage-relative image of the rootfs volume, e.g. local:1031/vm-1031-disk-0.raw */
  rootfsVolume: string;
  /** host path of that image */
  imagePath: string;
  config: string;
}

export const SEED_GUESTS: readonly SeedGuest[] = [
  {
    vmid: 1008,
    hostname: 'caddy',
    status: 'running',
    sinceSecondsAgo: 6 * 86400 + 3 * 3600 + 17 * 60,
    rootfsVolume: 'ext:1008/vm-1008-disk-0.raw',
    imagePath: '/mnt/ext/images/1008/vm-1008-disk-0.raw',
    config: `#Caddy reverse proxy (Cloudflare DNS TLS) for *.md-chamberlain.com
arch: amd64
cores: 1
hostname: caddy
memory: 512
net0: name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:10:08:01,ip=dhcp,type=veth
onboot: 1
ostype: debian
rootfs: ext:1008/vm-1008-disk-0.raw,size=8G
swap: 512
tags: proxy
unprivileged: 1
`,
  },
  {
    vmid: 1031,
    hostname: 'docker',
    status: 'running',
    sinceSecondsAgo: 2 * 86400 + 5 * 3600 + 42 * 60,
    rootfsVolume: 'local:1031/vm-1031-disk-0.raw',
    imagePath: '/var/lib/vz/images/1031/vm-1031-disk-0.raw',
    config: `#Docker host: media stack (Radarr x3, Sonarr, Deluge, Dashy)
arch: amd64
cores: 4
features: keyctl=1,nesting=1
hostname: docker
memory: 8192
mp0: /mnt/Main,mp=/mnt/Main
net0: name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:10:31:01,ip=dhcp,type=veth
onboot: 1
ostype: debian
rootfs: local:1031/vm-1031-disk-0.raw,size=64G
swap: 1024
tags: docker;media
lxc.apparmor.profile: unconfined
lxc.cgroup2.devices.allow: a
lxc.cap.drop: 
`,
  },
  {
    vmid: 1034,
    hostname: 'plex',
    status: 'running',
    sinceSecondsAgo: 2 * 86400 + 5 * 3600 + 40 * 60,
    rootfsVolume: 'ext:1034/vm-1034-disk-0.raw',
    imagePath: '/mnt/ext/images/1034/vm-1034-disk-0.raw',
    config: `arch: amd64
cores: 4
dev0: /dev/dri/renderD128,gid=104
hostname: plex
memory: 4096
mp0: /mnt/Main/media,mp=/media,ro=1
net0: name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:10:34:01,ip=dhcp,type=veth
onboot: 1
ostype: ubuntu
rootfs: ext:1034/vm-1034-disk-0.raw,size=32G
swap: 512
tags: media
unprivileged: 1
`,
  },
  {
    vmid: 10006,
    hostname: 'dashy',
    status: 'stopped',
    sinceSecondsAgo: 19 * 3600 + 8 * 60,
    rootfsVolume: 'local:10006/vm-10006-disk-0.raw',
    imagePath: '/var/lib/vz/images/10006/vm-10006-disk-0.raw',
    config: `arch: amd64
cores: 2
hostname: dashy
memory: 1024
net0: name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:00:06:01,ip=dhcp,type=veth
onboot: 0
ostype: alpine
rootfs: local:10006/vm-10006-disk-0.raw,size=8G
swap: 256
unprivileged: 1
`,
  },
];

/** The three images with permanent ZFS errors in the runbook (section 3.1). */
export const DAMAGED_IMAGE_PATHS = [
  '/var/lib/vz/images/10006/vm-10006-disk-0.raw',
  '/mnt/ext/images/1034/vm-1034-disk-0.raw',
  '/mnt/ext/images/1008/vm-1008-disk-0.raw',
] as const;

export const STORAGE_CFG = `dir: local
\tpath /var/lib/vz
\tcontent backup,iso,rootdir,vztmpl

zfspool: local-zfs
\tpool rpool/data
\tcontent images,rootdir
\tsparse 1

dir: ext
\tpath /mnt/ext
\tcontent images,rootdir
\tis_mountpoint 1

nfs: truenas-bu
\texport /mnt/main_pool/bu
\tpath /mnt/pve/truenas-bu
\tserver truenas.lan
\tcontent backup
\toptions vers=4.2
\tprune-backups keep-all=1
`;

/** /etc/vzdump.conf as shipped (every option commented out): no tmpdir yet. */
export const VZDUMP_CONF = `# vzdump default settings

#tmpdir: DIR
#dumpdir: DIR
#storage: STORAGE_ID
#mode: snapshot|suspend|stop
#bwlimit: KBPS
#performance: [max-workers=N][,pbs-entries-max=N]
#ionice: PRI
#lockwait: MINUTES
#stopwait: MINUTES
#stdexcludes: BOOLEAN
#mailto: ADDRESSLIST
#prune-backups: keep-INTERVAL=N[,...]
#script: FILENAME
#exclude-path: PATHLIST
#pigz: N
#notes-template: {{guestname}}
#pbs-change-detection-mode: legacy|data|metadata
#fleecing: enabled=BOOLEAN,storage=STORAGE_ID
`;

/** Size of each guest disk image (random data, so ZFS compression cannot hide blocks). */
export const IMAGE_SIZE = 4 * 1024 * 1024;

/** Files of CT 1031's media stack: path below the rootfs -> size in bytes (content is generated). */
export const DOCKER_STACK_FILES: ReadonlyArray<[string, number]> = (() => {
  const base = 'root/docker-projects/docker-media-stack';
  const files: Array<[string, number]> = [
    [`${base}/docker-compose.yml`, 2400],
    [`${base}/.env`, 380],
    [`${base}/README.md`, 900],
    [`${base}/config/dashy/conf.yml`, 3100],
    [`${base}/config/deluge/core.conf`, 2600],
    [`${base}/config/deluge/web.conf`, 700],
    [`${base}/config/sonarr/config.xml`, 600],
    [`${base}/config/sonarr/sonarr.db`, 600_000],
    [`${base}/config/caddy/Caddyfile`, 1200],
  ];
  for (const radarr of ['radarr', 'radarr-kids', 'radarr-directors']) {
    files.push([`${base}/config/${radarr}/config.xml`, 650]);
    files.push([`${base}/config/${radarr}/radarr.db`, 900_000]);
    files.push([`${base}/config/${radarr}/logs/radarr.txt`, 48_000]);
    for (let i = 0; i < 24; i++) files.push([`${base}/config/${radarr}/MediaCover/${100 + i}/poster.jpg`, 14_000]);
  }
  return files;
})();

/** Common skeleton of every guest rootfs: path -> content. */
export function guestSkeleton(hostname: string, osPretty: string): Record<string, string> {
  return {
    'etc/hostname': `${hostname}\n`,
    'etc/hosts': `127.0.0.1\tlocalhost\n127.0.1.1\t${hostname}\n`,
    'etc/os-release': `PRETTY_NAME="${osPretty}"\n`,
    'root/.bashrc': '# ~/.bashrc\n',
    'var/log/syslog': `${hostname} systemd[1]: Started.\n`,
    'tmp/.keep-out-of-backup': 'excluded by stdexcludes\n',
    'var/run/crond.pid': '211\n',
  };
}
