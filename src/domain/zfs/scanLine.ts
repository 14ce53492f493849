import type { ScanKind, ScanState, ZpoolScan } from './types';

// The first line of a `scan:` (or Solaris-era / zfs-fuse ` scrub:`, or error-scrub ` scrub:`) section
// decides kind and state; the continuation lines only add the progress figures. Every generation:
//   OpenZFS  scrub repaired 0B in 00:00:02 with 0 errors on ... | resilvered 1,73T in 18h26m with 1 errors on ...
//            scrub|resilver [(vdev)] in progress since ... | scrub paused since ... | scrub canceled on ...
//            thorough scrub ...; error scrub ...; scrubbed N error blocks in ...; none requested
//   zfs-fuse scrub|resilver completed|stopped after 0h0m with 3 errors on ...
//            scrub|resilver in progress for 0h0m, 0.04% done, 3h54m to go
const RULES: readonly { pattern: RegExp; state: ScanState }[] = [
  { pattern: /^none requested/, state: 'none' },
  { pattern: /^(?:thorough |error )?(scrub|resilver)(?: \([^)]*\))? (?:in progress|paused)\b/, state: 'in-progress' },
  { pattern: /^(?:thorough |error )?(scrub|resilver)(?: \([^)]*\))? canceled\b/, state: 'canceled' },
  { pattern: /^(scrub|resilver) stopped after\b/, state: 'canceled' },
  { pattern: /^(scrub|resilver) completed after\b/, state: 'finished' },
  { pattern: /^(?:thorough )?(scrub) repaired\b/, state: 'finished' },
  { pattern: /^(resilver)ed\b/, state: 'finished' },
  { pattern: /^(scrub)bed \d+ error blocks\b/, state: 'finished' },
];

const PERCENT = /(\d+(?:[.,]\d+)?)% done/;
const ERRORS = /\bwith (\d+) errors\b/;

/** Reads one scan section: its first line and the continuation lines under it. */
export function parseScanSection(lines: readonly string[]): ZpoolScan {
  const trimmed = lines.map((line) => line.trim()).filter((line) => line !== '');
  const text = trimmed.join('\n');
  const first = trimmed[0] ?? '';
  let kind: ScanKind = 'none';
  let state: ScanState = 'none';
  for (const rule of RULES) {
    const match = rule.pattern.exec(first);
    if (!match) continue;
    state = rule.state;
    kind = match[1] === 'scrub' || match[1] === 'resilver' ? match[1] : 'none';
    break;
  }
  const scan: ZpoolScan = { kind, state, text };
  const percent = PERCENT.exec(text);
  if (percent?.[1] !== undefined) scan.percent = Number(percent[1].replace(',', '.'));
  const errors = ERRORS.exec(first);
  if (errors?.[1] !== undefined) scan.errors = Number(errors[1]);
  return scan;
}

/**
 * zpool can print more than one scan section (a scrub's result and a running resilver, an error
 * scrub and a scan); the running one is what the user needs, else the first `scan:` section.
 */
export function pickScan(sections: readonly { label: string; scan: ZpoolScan }[]): ZpoolScan | undefined {
  const running = sections.find((section) => section.scan.state === 'in-progress');
  if (running) return running.scan;
  return (sections.find((section) => section.label === 'scan') ?? sections[0])?.scan;
}
