import * as fs from 'node:fs';
import * as path from 'node:path';

const DIR = path.resolve(__dirname, '../../../fixtures/zpool-status');

/** Every fixture file name, so a test can check that none is left untested. */
export function listFixtures(): string[] {
  return fs
    .readdirSync(DIR)
    .filter((name) => name.endsWith('.txt'))
    .sort();
}

/**
 * A captured output without the "# source:" / "# note:" lines that head every fixture (zpool never
 * prints "#" at the start of a line, so they are stripped only from the top, and only if present).
 */
export function readFixture(name: string): string {
  const lines = fs.readFileSync(path.join(DIR, name), 'utf8').split('\n');
  let first = 0;
  while (lines[first]?.startsWith('#')) first++;
  return lines.slice(first).join('\n');
}

/**
 * Two JSON captures in the reference set are cut off mid-document. This closes such a text the way
 * its indentation shows it was going: drop a dangling `"key":` and append the closing braces.
 */
export function closeTruncatedJson(text: string, closers: string): string {
  return text.trimEnd().replace(/,?\s*"[^"]*":\s*$/, '') + closers;
}
