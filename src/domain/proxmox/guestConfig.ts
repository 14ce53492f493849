// What a container's config says about its disks and their place in backups. vzdump backs up
// rootfs, and a volume mount point only with backup=1; bind mounts (a host path) and device
// mounts are never in a backup (pct.adoc, "Bind Mount Points").

export interface MountPoint {
  key: string;
  /** storage:volume, or a host path for a bind mount */
  source: string;
  /** where it appears in the container; "/" for rootfs */
  path: string;
  size?: string;
  kind: 'volume' | 'bind' | 'device';
  inBackup: boolean;
}

export function parseMountPoints(config: Record<string, unknown>): MountPoint[] {
  const keys = Object.keys(config)
    .filter((key) => key === 'rootfs' || /^mp\d+$/.test(key))
    .sort((a, b) => (a === 'rootfs' ? -1 : b === 'rootfs' ? 1 : Number(a.slice(2)) - Number(b.slice(2))));
  return keys.map((key) => {
    const value = String(config[key]);
    const [source = '', ...options] = value.split(',');
    const option = (name: string) => options.find((o) => o.startsWith(`${name}=`))?.slice(name.length + 1);
    const kind: MountPoint['kind'] = source.startsWith('/dev/') ? 'device' : source.startsWith('/') ? 'bind' : 'volume';
    const inBackup = key === 'rootfs' || (kind === 'volume' && /^(1|yes|on|true)$/i.test(option('backup') ?? ''));
    return { key, source, path: key === 'rootfs' ? '/' : (option('mp') ?? '?'), size: option('size'), kind, inBackup };
  });
}

/** Tags as Proxmox stores them: separated by ; , or spaces. */
export function parseTags(tags: string | undefined): string[] {
  return (tags ?? '').split(/[;,\s]+/).filter(Boolean);
}
