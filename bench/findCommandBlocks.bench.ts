import { buildSync } from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import type { findCommandBlocks as FindCommandBlocks } from '../src/domain/runbook/findCommandBlocks';

// findCommandBlocks on a 100,000-line runbook against markdown-it parsing the same text, in the
// same run (the lenses need only the fences; markdown-it builds the whole token stream).
// Goal (issue 6): at most 0.5 of markdown-it's time.
// The finder is measured as the extension ships it: bundled and minified by esbuild (tsx, which
// runs this file, would add its own wrappers around every function).

function loadShipped(): typeof FindCommandBlocks {
  const outfile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pve-ops-bench-')), 'findCommandBlocks.cjs');
  buildSync({
    entryPoints: [path.join(__dirname, '..', 'src', 'domain', 'runbook', 'findCommandBlocks.ts')],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    logLevel: 'warning',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is built at run time
  return (require(outfile) as { findCommandBlocks: typeof FindCommandBlocks }).findCommandBlocks;
}
const findCommandBlocks = loadShipped();

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);

function runbookOf(lines: number): string {
  const chunk = [
    '## Step',
    '',
    'Some prose about the **host** and `pvesh`, with a [link](https://pve.proxmox.com/) and more words to read.',
    '',
    '- a list item',
    '  ```bash { name=in-list }',
    '  zpool status -v rpool',
    '  ```',
    '> a quote with a fence:',
    '> ```sh',
    '> pct list',
    '> ```',
    '',
    '```bash',
    'vzdump 1031 --storage truenas-bu --mode stop --compress zstd',
    'pvesh get /nodes/pve2/tasks/<UPID>/log | tail -n 50',
    '```',
    '',
    '~~~console',
    '$ du -sh /var/lib/vz/vzdump-tmp/vzdumptmp*_1031',
    '12G\t/var/lib/vz/vzdump-tmp/vzdumptmp1234_1031',
    '~~~',
    '',
  ];
  const out: string[] = [];
  while (out.length < lines) out.push(...chunk);
  return out.slice(0, lines).join('\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const text = runbookOf(100_000);
const markdownIt = new MarkdownIt();
let blocks = 0;
const ours: number[] = [];
const baseline: number[] = [];
for (let i = 0; i < ROUNDS + 1; i++) {
  let started = performance.now();
  blocks = findCommandBlocks(text).length;
  const a = performance.now() - started;
  started = performance.now();
  markdownIt.parse(text, {});
  const b = performance.now() - started;
  if (i > 0) {
    ours.push(a);
    baseline.push(b);
  } // the first round warms both up
}
const oursMs = median(ours);
const baselineMs = median(baseline);
console.log(
  `findCommandBlocks (100,000 lines, ${blocks} blocks, median of ${ROUNDS}): ${oursMs.toFixed(1)} ms; markdown-it parse: ${baselineMs.toFixed(1)} ms; ratio ${(oursMs / baselineMs).toFixed(2)} (goal <= 0.5)`,
);
