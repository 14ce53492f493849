import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseZpoolStatus } from '../src/domain/zfs/parseZpoolStatus';

// parseZpoolStatus on a `zpool status -v` with 100,000 permanent-error entries, against a baseline
// measured in the same run: splitting the same text into lines and testing each against one regex
// (the least any line-based parser must do). Goal (issue 9): under 100 ms.
// The same entries as `zpool status -j -v` JSON are timed too, against JSON.parse alone.

const ENTRIES = 100_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const WARMUP = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** The entry forms zpool prints: mounted file paths, zvol objects, unmounted datasets, pool metadata. */
function entry(i: number): string {
  const vmid = 100 + (i % 900);
  switch (i % 4) {
    case 0:
      return `/var/lib/vz/images/${vmid}/vm-${vmid}-disk-${i % 3}.raw`;
    case 1:
      return `rpool/data/vm-${vmid}-disk-0:<0x${i.toString(16)}>`;
    case 2:
      return `rpool/data/subvol-${vmid}-disk-0:/var/log/journal/${i}.journal`;
    default:
      return `<metadata>:<0x${i.toString(16)}>`;
  }
}

function buildText(): { text: string; entries: string[] } {
  // The lab's seed output (header, config) with its three entries replaced by the generated ones.
  const seed = fs.readFileSync(path.join(__dirname, '../test/fixtures/zpool-status/40-lab-seed.txt'), 'utf8');
  const head = seed
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n')
    .split('errors:')[0];
  const entries = Array.from({ length: ENTRIES }, (_, i) => entry(i));
  const text = `${head ?? ''}errors: Permanent errors have been detected in the following files:\n\n${entries.map((line) => `        ${line}\n`).join('')}`;
  return { text, entries };
}

/** Runs both functions in alternation (so machine noise hits both alike) and returns their medians. */
function compare(subject: () => void, baseline: () => void): { subjectMs: number; baselineMs: number } {
  for (let i = 0; i < WARMUP; i++) {
    subject();
    baseline();
  }
  const subjectTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    let started = performance.now();
    subject();
    subjectTimes.push(performance.now() - started);
    started = performance.now();
    baseline();
    baselineTimes.push(performance.now() - started);
  }
  return { subjectMs: median(subjectTimes), baselineMs: median(baselineTimes) };
}

function main(): void {
  const { text, entries } = buildText();
  const check = parseZpoolStatus(text)[0];
  if (check?.errors.permanent.length !== ENTRIES || check.errors.permanent[ENTRIES - 1] !== entries[ENTRIES - 1]) {
    throw new Error(`the parser returned ${check?.errors.permanent.length ?? 0} entries, expected ${ENTRIES}`);
  }

  let sink = 0;
  const entryLine = /^\s+(\S.*)$/;
  const textResult = compare(
    () => {
      sink += parseZpoolStatus(text)[0]?.errors.permanent.length ?? 0;
    },
    () => {
      for (const line of text.split('\n')) if (entryLine.test(line)) sink++;
    },
  );

  const json = JSON.stringify({
    output_version: { command: 'zpool status', vers_major: 0, vers_minor: 1 },
    pools: {
      rpool: {
        name: 'rpool',
        state: 'ONLINE',
        vdevs: {
          rpool: {
            name: 'rpool',
            state: 'ONLINE',
            read_errors: '0',
            write_errors: '0',
            checksum_errors: '9',
            vdevs: {},
          },
        },
        error_count: String(ENTRIES),
        errlist: entries,
      },
    },
  });
  const jsonResult = compare(
    () => {
      sink += parseZpoolStatus(json)[0]?.errors.permanent.length ?? 0;
    },
    () => {
      sink += (JSON.parse(json) as { pools: object }).pools ? 1 : 0;
    },
  );
  if (sink === 0) throw new Error('nothing was parsed');

  const mib = (value: string) => (Buffer.byteLength(value) / 1024 / 1024).toFixed(1);
  const ratio = (result: { subjectMs: number; baselineMs: number }) =>
    (result.subjectMs / result.baselineMs).toFixed(2);
  console.log(
    `zpool status -v text, ${ENTRIES.toLocaleString('en')} error entries (${mib(text)} MiB), median of ${ROUNDS} runs: ` +
      `parseZpoolStatus ${textResult.subjectMs.toFixed(1)} ms, baseline (split into lines + one regex test per line) ${textResult.baselineMs.toFixed(1)} ms, ` +
      `ratio ${ratio(textResult)}; under 100 ms: ${textResult.subjectMs < 100 ? 'yes' : 'NO'}`,
  );
  console.log(
    `zpool status -j -v JSON, same entries (${mib(json)} MiB), median of ${ROUNDS} runs: ` +
      `parseZpoolStatus ${jsonResult.subjectMs.toFixed(1)} ms, baseline (JSON.parse alone) ${jsonResult.baselineMs.toFixed(1)} ms, ` +
      `ratio ${ratio(jsonResult)}; under 100 ms: ${jsonResult.subjectMs < 100 ? 'yes' : 'NO'}`,
  );
}

main();
