import { spawnSync } from 'node:child_process';
import { isRealRoot } from '../labPaths';

/** Runs a ZFS command; undefined when it is missing or fails. */
export function runZfsTool(cmd: 'zpool' | 'zfs', args: string[]): string | undefined {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 15_000 });
  if (r.error || r.status !== 0) return undefined;
  return r.stdout;
}

export interface ZpoolListEntry {
  name: string;
  size: number;
  alloc: number;
  free: number;
  frag: number;
  dedup: number;
  health: string;
}

const toNumber = (v: string | undefined): number => {
  const n = Number.parseFloat(v ?? '');
  return Number.isFinite(n) ? n : 0;
};

/** The pool of the seed when no ZFS daemon answers (tests against a plain directory only). */
const TEST_FALLBACK: ZpoolListEntry[] = [
  {
    name: 'rpool',
    size: 255_550_554_112,
    alloc: 96_112_713_728,
    free: 159_437_840_384,
    frag: 23,
    dedup: 1,
    health: 'ONLINE',
  },
];

/** '504M' -> bytes (zfs-fuse's zpool list has no -p) */
function humanBytes(v: string | undefined): number {
  const m = /^(\d+(?:\.\d+)?)([KMGTPE]?)$/.exec(v ?? '');
  if (!m) return 0;
  const exp = ' KMGTPE'.indexOf(m[2] || ' ');
  return Math.round(Number(m[1]) * 1024 ** Math.max(0, exp));
}

/**
 * The lab's zfs-fuse knows neither -p nor frag: ask it in its own syntax and convert, so the API
 * answers with the shape a current OpenZFS gives Proxmox.
 */
function listZpoolsZfsFuse(): ZpoolListEntry[] | undefined {
  const out = runZfsTool('zpool', ['list', '-H', '-o', 'name,size,allocated,free,dedup,health']);
  if (out === undefined) return undefined;
  return out
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const [name, size, alloc, free, dedup, health] = line.split('\t');
      return {
        name: name ?? '',
        size: humanBytes(size),
        alloc: humanBytes(alloc),
        free: humanBytes(free),
        frag: 0,
        dedup: toNumber(dedup),
        health: health ?? '',
      };
    });
}

/** GET /nodes/{node}/disks/zfs: `zpool list -HpPLo name,size,alloc,free,frag,dedup,health` */
export function listZpools(): ZpoolListEntry[] {
  const out = runZfsTool('zpool', ['list', '-HpPLo', 'name,size,alloc,free,frag,dedup,health']);
  if (out === undefined) {
    const fuse = listZpoolsZfsFuse();
    if (fuse) return fuse;
    if (isRealRoot())
      throw new Error("command 'zpool list -HpPLo name,size,alloc,free,frag,dedup,health' failed: exit code 1");
    return TEST_FALLBACK;
  }
  return out
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const [name, size, alloc, free, frag, dedup, health] = line.split('\t');
      return {
        name: name ?? '',
        size: toNumber(size),
        alloc: toNumber(alloc),
        free: toNumber(free),
        frag: toNumber(frag),
        dedup: toNumber(dedup),
        health: health ?? '',
      };
    });
}

interface Vdev {
  name: string;
  state?: string;
  read?: number;
  write?: number;
  cksum?: number;
  msg: string;
  leaf: 0 | 1;
  children?: Vdev[];
  lvl: number;
}

/**
 * GET /nodes/{node}/disks/zfs/{name}: parses `zpool status -P <name>` like pve-storage's ZFS.pm
 * (top-level "key: value" lines, continuation lines joined with a space, config rows nested by
 * indentation, counters numified so "2.04K" becomes 2.04).
 */
export function parseZpoolStatus(text: string): Record<string, unknown> {
  const res: Record<string, unknown> = {};
  let curKey: string | undefined;
  let inConfig = false;
  const stack: Vdev[] = [];
  const root: Vdev[] = [];
  for (const line of text.split('\n')) {
    if (inConfig) {
      if (/^errors:/.test(line)) {
        inConfig = false;
      } else {
        const m = /^(\s+)(\S+)\s*(\S+)?(?:\s+(\S+)\s+(\S+)\s+(\S+))?\s*(.*)$/.exec(line);
        if (!m || m[2] === 'NAME') continue;
        const lvl = Math.floor((m[1] ?? '').length / 2) + 1;
        const vdev: Vdev = { name: m[2] ?? '', msg: m[7] ?? '', leaf: 1, lvl };
        if (m[3] !== undefined) vdev.state = m[3];
        if (m[4] !== undefined) vdev.read = toNumber(m[4]);
        if (m[5] !== undefined) vdev.write = toNumber(m[5]);
        if (m[6] !== undefined) vdev.cksum = toNumber(m[6]);
        while (stack.length > 0 && (stack[stack.length - 1]?.lvl ?? 0) >= lvl) stack.pop();
        const parent = stack[stack.length - 1];
        if (parent) {
          parent.leaf = 0;
          (parent.children ??= []).push(vdev);
        } else root.push(vdev);
        stack.push(vdev);
        continue;
      }
    }
    const kv = /^\s*(\S+): (\S+.*)$/.exec(line);
    if (kv) {
      curKey = kv[1] === 'pool' ? 'name' : kv[1];
      if (curKey) res[curKey] = kv[2];
      continue;
    }
    if (/^\s*config:/.test(line)) {
      inConfig = true;
      curKey = undefined;
      continue;
    }
    if (curKey && /^\s+\S/.test(line)) res[curKey] = `${String(res[curKey])} ${line.trim()}`;
  }
  const strip = (v: Vdev): Record<string, unknown> => {
    const { lvl: _lvl, children, ...rest } = v;
    return children ? { ...rest, children: children.map(strip) } : rest;
  };
  res.children = root.map(strip);
  res.leaf = 0;
  return res;
}

export function zpoolDetail(name: string): Record<string, unknown> {
  // zfs-fuse has no -P and still prints the old ' scrub:' label where OpenZFS prints '  scan:'
  const out =
    runZfsTool('zpool', ['status', '-P', name]) ??
    runZfsTool('zpool', ['status', name])?.replace(/^ scrub: /m, '  scan: ');
  if (out === undefined) {
    if (isRealRoot()) throw new Error(`command '/sbin/zpool status -P ${name}' failed: exit code 1`);
    return parseZpoolStatus(
      `  pool: ${name}\n state: ONLINE\n  scan: none requested\nconfig:\n\n\tNAME        STATE     READ WRITE CKSUM\n\t${name}       ONLINE       0     0     0\n\nerrors: No known data errors\n`,
    );
  }
  return parseZpoolStatus(out);
}
