import { isNonZero, readJsonNumber } from './counters';
import type { JsonPool, JsonVdev } from './jsonSchema';
import { VDEV_SECTIONS, type ScanKind, type Vdev, type VdevSection } from './types';

// The vdev tree of `zpool status -j`, nested or --json-flat-vdevs, in the words of the text: vdev states
// (CANT_OPEN -> UNAVAIL, ...) and the annotations print_status_config() would print.

// vdev_aux_t names -> the words print_status_config() prints (its default is "corrupted data").
const AUX_TEXT: Readonly<Record<string, string>> = {
  OPEN_FAILED: 'cannot open',
  BAD_GUID_SUM: 'missing device',
  NO_REPLICAS: 'insufficient replicas',
  VERSION_NEWER: 'newer version',
  UNSUP_FEAT: 'unsupported feature(s)',
  ASHIFT_TOO_BIG: 'unsupported minimum blocksize',
  IO_FAILURE: 'experienced I/O failures',
  BAD_LOG: 'bad intent log',
  EXTERNAL: 'external device fault',
  SPLIT_POOL: 'split into new pool',
  ACTIVE: 'currently in use',
  CHILDREN_OFFLINE: 'all children offline',
  BAD_LABEL: 'invalid label',
};

// JSON key of a class section -> the header the text prints; and the vdev "class" field (flat trees).
const SECTION_KEYS: readonly ['dedup' | 'special' | 'logs' | 'l2cache' | 'spares', VdevSection][] = [
  ['dedup', 'dedup'],
  ['special', 'special'],
  ['logs', 'logs'],
  ['l2cache', 'cache'],
  ['spares', 'spares'],
];
const CLASS_SECTION: Readonly<Record<string, VdevSection>> = {
  dedup: 'dedup',
  special: 'special',
  log: 'logs',
  l2cache: 'cache',
  spare: 'spares',
};

export interface Context {
  poolName: string;
  poolState: string;
  /** The scan that is running, which decides the "(resilvering)"/"(repairing)" notes. */
  running: ScanKind | undefined;
}

/** zpool_state_to_name(): the text's word for a vdev_state_t name. */
function textState(json: JsonVdev, isRoot: boolean, context: Context): string {
  const state = json.state;
  if (state === undefined) return isRoot ? context.poolState : 'UNKNOWN';
  if (state === 'CLOSED') return 'OFFLINE';
  // Development builds (the man page example) print HEALTHY.
  if (state === 'HEALTHY') return 'ONLINE';
  if (state === 'CANT_OPEN') {
    if (json.aux === 'CORRUPT_DATA' || json.aux === 'BAD_LOG') return 'FAULTED';
    return json.aux === 'SPLIT_POOL' ? 'SPLIT' : 'UNAVAIL';
  }
  return state;
}

/** The annotations print_status_config() prints after the counters, in its order. */
function noteFor(json: JsonVdev, vdev: Vdev, isLeaf: boolean, context: Context): string | undefined {
  const parts: string[] = [];
  if (json.was !== undefined) parts.push(`was ${json.was}`);
  else if (json.aux !== undefined && json.aux !== 'NONE') {
    if (json.aux === 'SPARED') parts.push(json.used_by ? `in use by pool '${json.used_by}'` : 'currently in use');
    else if (json.aux === 'ERR_EXCEEDED') {
      const slowOnly = vdev.read + vdev.write + vdev.cksum === 0 && isLeaf && isNonZero(json.slow_ios);
      parts.push(slowOnly ? 'too many slow I/Os' : 'too many errors');
    } else parts.push(AUX_TEXT[json.aux] ?? 'corrupted data');
  } else if (json.configured_ashift !== undefined && json.physical_ashift !== undefined) {
    const configured = readJsonNumber(json.configured_ashift) ?? 0;
    const native = readJsonNumber(json.physical_ashift) ?? 0;
    parts.push(`block size: ${2 ** configured}B configured, ${2 ** native}B native`);
  }
  if (isNonZero(json.removing)) parts.push('(removing)');
  else if (isNonZero(json.noalloc)) parts.push('(non-allocating)');
  if (context.running !== undefined && isLeaf && vdev.state === 'ONLINE') {
    if (isNonZero(json.scan_processed)) parts.push(context.running === 'resilver' ? '(resilvering)' : '(repairing)');
    else if (isNonZero(json.resilver_deferred)) parts.push('(awaiting resilver)');
  }
  return parts.length > 0 ? parts.join('  ') : undefined;
}

function toVdev(
  json: JsonVdev,
  key: string,
  context: Context,
  section: VdevSection | undefined,
  children: Vdev[],
  isLeaf: boolean,
): Vdev {
  const name = json.name ?? key;
  const vdev: Vdev = {
    name,
    state: textState(json, name === context.poolName && section === undefined, context),
    read: readJsonNumber(json.read_errors) ?? 0,
    write: readJsonNumber(json.write_errors) ?? 0,
    cksum: readJsonNumber(json.checksum_errors) ?? 0,
    children,
  };
  if (section) vdev.section = section;
  const note = noteFor(json, vdev, isLeaf, context);
  if (note) vdev.note = note;
  return vdev;
}

function nestedTree(map: Record<string, JsonVdev>, context: Context, section: VdevSection | undefined): Vdev[] {
  return Object.entries(map).map(([key, json]) => {
    const children = json.vdevs ? nestedTree(json.vdevs, context, section) : [];
    return toVdev(json, key, context, section, children, json.vdevs === undefined);
  });
}

function sectionEntry(section: VdevSection, children: Vdev[]): Vdev {
  return { name: section, state: '', read: 0, write: 0, cksum: 0, children, section };
}

/** The nested form: the root under "vdevs", each class under its own key of the pool. */
export function readNested(pool: JsonPool, context: Context): Vdev[] {
  const vdevs = nestedTree(pool.vdevs ?? {}, context, undefined);
  for (const [key, section] of SECTION_KEYS) {
    const map = pool[key];
    if (map && Object.keys(map).length > 0) vdevs.push(sectionEntry(section, nestedTree(map, context, section)));
  }
  return vdevs;
}

/**
 * The --json-flat-vdevs form: every vdev in one map, children naming their "parent" (zpool adds a parent
 * after its children); class vdevs have no parent and say their class. The nested "vdevs" that entries
 * still carry repeat the same vdevs and are ignored.
 */
export function readFlat(map: Record<string, JsonVdev>, context: Context): Vdev[] {
  const jsonByName = new Map(Object.entries(map).map(([key, json]) => [json.name ?? key, json] as const));
  const parents = new Set([...jsonByName.values()].map((json) => json.parent));
  const sectionOf = (name: string): VdevSection | undefined => {
    // Walk up to the top-level vdev, whose class names the section; the bound guards against loops.
    let json = jsonByName.get(name);
    for (let hops = 0; json?.parent !== undefined && hops < jsonByName.size; hops++) json = jsonByName.get(json.parent);
    return CLASS_SECTION[json?.class ?? ''];
  };
  const vdevByName = new Map<string, Vdev>();
  for (const [name, json] of jsonByName)
    vdevByName.set(name, toVdev(json, name, context, sectionOf(name), [], !parents.has(name)));

  const tops: Vdev[] = [];
  const sections = new Map<VdevSection, Vdev[]>();
  for (const [name, json] of jsonByName) {
    const vdev = vdevByName.get(name);
    if (!vdev) continue;
    const parent = json.parent === undefined ? undefined : vdevByName.get(json.parent);
    if (parent) parent.children.push(vdev);
    else if (vdev.section) sections.set(vdev.section, [...(sections.get(vdev.section) ?? []), vdev]);
    else tops.push(vdev);
  }
  for (const section of VDEV_SECTIONS) {
    const children = sections.get(section);
    if (children) tops.push(sectionEntry(section, children));
  }
  return tops;
}
