import { formatNiceBytes, isNonZero, readJsonNumber } from './counters';
import type { JsonScan } from './jsonSchema';
import type { ScanKind, ScanState, ZpoolScan } from './types';

// scan_stats of `zpool status -j` as the same ZpoolScan the text gives. The JSON has no scan line, so
// `text` is written here in zpool's words, with the figures the JSON has.

const SCAN_KIND: Readonly<Record<string, ScanKind>> = { SCRUB: 'scrub', ERRORSCRUB: 'scrub', RESILVER: 'resilver' };
const SCAN_STATE: Readonly<Record<string, ScanState>> = {
  SCANNING: 'in-progress',
  ERRORSCRUBBING: 'in-progress',
  FINISHED: 'finished',
  CANCELED: 'canceled',
};
const REBUILD_STATE: Readonly<Record<string, ScanState>> = {
  ACTIVE: 'in-progress',
  COMPLETE: 'finished',
  CANCELED: 'canceled',
};

function bytesText(value: string | number | undefined): string {
  return typeof value === 'number' ? formatNiceBytes(value) : (value ?? '?');
}

function timeText(value: string | number | undefined): string {
  // --json-int gives epoch seconds; otherwise zpool already formatted the date in the host's locale.
  return typeof value === 'number' ? new Date(value * 1000).toISOString().replace('.000Z', 'Z') : (value ?? '?');
}

function roundPercent(value: number): number {
  return Math.round(value * 100) / 100;
}

export function scanFromJson(stats: JsonScan): ZpoolScan | undefined {
  const kind = SCAN_KIND[stats.function ?? ''] ?? 'none';
  const state = kind === 'none' ? 'none' : (SCAN_STATE[stats.state ?? ''] ?? 'none');
  const rebuild = Object.entries(stats.rebuild_stats ?? {}).map(([vdev, rebuildStats]) => ({
    vdev,
    stats: rebuildStats,
    state: REBUILD_STATE[rebuildStats.state ?? ''] ?? 'none',
  }));
  // A sequential rebuild (`zpool replace -s`) reports apart from the scan; the text shows it when it runs
  // or when nothing else ever ran.
  const activeRebuild =
    rebuild.find((entry) => entry.state === 'in-progress') ??
    (kind === 'none' ? rebuild.find((entry) => entry.state !== 'none') : undefined);
  if (activeRebuild && state !== 'in-progress') {
    const { vdev, stats: rebuildStats } = activeRebuild;
    const scan: ZpoolScan = { kind: 'resilver', state: activeRebuild.state, text: '' };
    if (scan.state === 'in-progress') {
      const scanned = readJsonNumber(rebuildStats.scanned) ?? 0;
      const total = readJsonNumber(rebuildStats.to_scan) ?? 0;
      scan.percent = roundPercent(Math.min((scanned * 100) / (total + 1), 100));
      scan.text = `resilver (${vdev}) in progress since ${timeText(rebuildStats.start_time)}\n${scan.percent.toFixed(2)}% done`;
    } else if (scan.state === 'finished') {
      scan.errors = readJsonNumber(rebuildStats.errors) ?? 0;
      scan.text = `resilvered (${vdev}) ${bytesText(rebuildStats.rebuilt)} with ${scan.errors} errors on ${timeText(rebuildStats.end_time)}`;
    } else {
      scan.text = `resilver (${vdev}) canceled on ${timeText(rebuildStats.end_time)}`;
    }
    return scan;
  }
  if (stats.function === undefined) return undefined;
  const scan: ZpoolScan = { kind, state, text: 'none requested' };
  if (state === 'finished') {
    scan.errors = readJsonNumber(stats.errors) ?? 0;
    const verb = kind === 'scrub' ? 'scrub repaired' : 'resilvered';
    scan.text = `${verb} ${bytesText(stats.processed)} with ${scan.errors} errors on ${timeText(stats.end_time)}`;
  } else if (state === 'canceled') {
    scan.text = `${kind} canceled on ${timeText(stats.end_time)}`;
  } else if (state === 'in-progress') {
    // print_scan_scrub_resilver_status(): done = issued / (to_examine - skipped).
    const issued = readJsonNumber(stats.issued) ?? 0;
    const total = (readJsonNumber(stats.to_examine) ?? 0) - (readJsonNumber(stats.skipped) ?? 0);
    const paused = isNonZero(stats.scrub_pause);
    const head = paused
      ? `${kind} paused since ${timeText(stats.scrub_pause)}`
      : `${kind} in progress since ${timeText(stats.start_time)}`;
    if (total > 0) {
      scan.percent = roundPercent((issued / total) * 100);
      scan.text = `${head}\n${scan.percent.toFixed(2)}% done`;
    } else {
      scan.text = head;
    }
  }
  return scan;
}
