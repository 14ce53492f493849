import type { LxcConfig } from './lxcConfig';

/** A rootfs or mp[n] entry, parsed from its property string. */
export interface MountPoint {
  key: string;
  volume: string;
  mp: string;
  type: 'volume' | 'bind' | 'device';
  backup: boolean;
  size?: string;
}

/** Parses `volume,key=value,...`; the first bare item is the default key (volume). */
export function parseMountPoint(key: string, value: string): MountPoint {
  const parts = value.split(',');
  const props = new Map<string, string>();
  let volume = '';
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      if (volume === '') volume = part;
      continue;
    }
    props.set(part.slice(0, eq), part.slice(eq + 1));
  }
  if (props.has('volume')) volume = props.get('volume') ?? volume;
  const type = volume.startsWith('/dev/') ? 'device' : volume.startsWith('/') ? 'bind' : 'volume';
  return {
    key,
    volume,
    mp: key === 'rootfs' ? '/' : (props.get('mp') ?? ''),
    type,
    backup: /^(1|on|yes|true)$/i.test(props.get('backup') ?? ''),
    size: props.get('size'),
  };
}

/** rootfs first, then mp0..mpN in numeric order (foreach_volume). */
export function mountPointsOf(conf: LxcConfig): MountPoint[] {
  const result: MountPoint[] = [];
  const rootfs = conf.entries.get('rootfs');
  if (rootfs) result.push(parseMountPoint('rootfs', rootfs));
  const mps = [...conf.entries.keys()]
    .filter((k) => /^mp\d+$/.test(k))
    .sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)));
  for (const k of mps) result.push(parseMountPoint(k, conf.entries.get(k) ?? ''));
  return result;
}

/** Like mountpoint_backup_enabled: [included, reason]. */
export function backupInclusion(mp: MountPoint): [boolean, string] {
  if (mp.key === 'rootfs') return [true, 'rootfs'];
  if (mp.type !== 'volume') return [false, 'not a volume'];
  return mp.backup ? [true, 'enabled'] : [false, 'disabled'];
}

/** '32G' -> bytes */
export function parseSize(size: string | undefined): number {
  if (!size) return 0;
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)$/.exec(size);
  if (!m) return 0;
  const mult = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[m[2] as '' | 'K' | 'M' | 'G' | 'T'];
  return Math.round(Number(m[1]) * mult);
}
