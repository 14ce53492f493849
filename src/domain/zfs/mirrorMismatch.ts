import type { DiskFact } from './diskFacts';
import type { Vdev, VdevSection, ZpoolStatus } from './types';

// The pve2 runbook: "Do NOT mix SSD sizes or models in ZFS mirrors long-term". pve2's rpool
// mirrors a 256 GB and a 1 TB disk of two TEAM models; this finds such mirrors.

export { diskFactsOperation, type DiskFact } from './diskFacts';

export interface MirrorSide {
  vdev: string;
  bytes?: number;
  model?: string;
}

export interface MirrorWarning {
  pool: string;
  mirror: string;
  message: string;
  sides: MirrorSide[];
}

/** Sizes closer than this are the same disk size from different vendors' rounding. */
const SIZE_TOLERANCE = 0.01;
const MIRROR = /^mirror(-\d+)?$/;
/** Sections whose vdevs hold pool data; logs, cache and spares do not. */
const DATA_SECTIONS: ReadonlySet<VdevSection> = new Set(['special', 'dedup']);

/** The leaves under the pool's data vdevs (its own tree, special and dedup), each name once. */
export function leafVdevNames(pool: ZpoolStatus): string[] {
  const names = new Set<string>();
  const walk = (vdev: Vdev): void => {
    if (vdev.children.length === 0) names.add(vdev.name);
    vdev.children.forEach(walk);
  };
  for (const top of pool.vdevs) {
    // the top entry is the root vdev or a section header, never a disk
    if (top.section === undefined || DATA_SECTIONS.has(top.section)) top.children.forEach(walk);
  }
  return [...names];
}

/**
 * The model in a /dev/disk/by-id name, where udev writes it with spaces as underscores:
 * `ata-<MODEL>_<SERIAL>[-partN]` or `nvme-<MODEL>_<SERIAL>[-partN]`; the serial is the last part.
 */
export function modelFromDeviceName(name: string): string | undefined {
  const match = /^(?:ata|nvme)-(.+)_[^_]+?(?:-part\d+)?$/.exec(name.slice(name.lastIndexOf('/') + 1));
  return match?.[1]?.replace(/_/g, ' ');
}

/** One warning per mirror (in sections too) whose sides differ in size by more than 1% or in model. */
export function mirrorWarnings(pool: ZpoolStatus, facts: readonly DiskFact[]): MirrorWarning[] {
  const byName = new Map(facts.map((fact) => [fact.vdev, fact]));
  const warnings: MirrorWarning[] = [];
  const walk = (vdev: Vdev): void => {
    if (MIRROR.test(vdev.name)) {
      const warning = compareSides(pool.name, vdev, byName);
      if (warning) warnings.push(warning);
    }
    vdev.children.forEach(walk);
  };
  for (const top of pool.vdevs) top.children.forEach(walk);
  return warnings;
}

function compareSides(pool: string, mirror: Vdev, facts: ReadonlyMap<string, DiskFact>): MirrorWarning | undefined {
  const sides = mirror.children.map((child) => describeSide(child.name, facts.get(child.name)));
  const sizes = sides.flatMap((side) => (side.bytes === undefined ? [] : [side.bytes]));
  const smallest = Math.min(...sizes);
  const sizesDiffer = sizes.length > 1 && Math.max(...sizes) > smallest * (1 + SIZE_TOLERANCE);
  const models = distinct(sides.flatMap((side) => (side.model === undefined ? [] : [side.model])));
  const modelsDiffer = models.length > 1;
  if (!sizesDiffer && !modelsDiffer) return undefined;

  const differences: string[] = [];
  if (sizesDiffer) differences.push(`sizes (${listWords(sizes.map(formatSize))})`);
  if (modelsDiffer) differences.push(`models (${listWords(models)})`);
  const sentences = [`${mirror.name} of ${pool} mixes disk ${differences.join(' and ')}.`];
  if (sizesDiffer) {
    const unused = sizes.reduce((sum, bytes) => sum + bytes - smallest, 0);
    const larger = sizes.filter((bytes) => bytes > smallest * (1 + SIZE_TOLERANCE)).length;
    sentences.push(
      `A mirror stores only as much as its smallest side holds, so ${formatSize(unused)} of the larger disk${larger > 1 ? 's' : ''} stays unused.`,
    );
  }
  if (modelsDiffer)
    sentences.push(
      'Models differ in speed and wear, so the mirror runs at the pace of the slower one and its sides age unevenly.',
    );
  sentences.push(
    'The incident runbook says not to mix SSD sizes or models in a ZFS mirror long term: replace one side with a disk matching the other.',
  );
  return { pool, mirror: mirror.name, message: sentences.join(' '), sides };
}

/** What is known of one side; a side that is itself a vdev (spare-0, replacing-1) has no facts. */
function describeSide(name: string, fact: DiskFact | undefined): MirrorSide {
  const side: MirrorSide = { vdev: name };
  if (fact?.bytes !== undefined) side.bytes = fact.bytes;
  const model = fact?.model ?? modelFromDeviceName(name);
  if (model !== undefined) side.model = model;
  return side;
}

/** Models as written, compared without case or repeated spaces. */
function distinct(models: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const model of models) {
    const key = model
      .toLowerCase()
      .replace(/[\s_]+/g, ' ')
      .trim();
    if (!seen.has(key)) seen.set(key, model);
  }
  return [...seen.values()];
}

function listWords(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
}

/** IEC sizes with one decimal where it matters: "238.5 GiB", "2 GiB". */
function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1).replace(/\.0$/, '')} ${units[unit] ?? ''}`;
}
