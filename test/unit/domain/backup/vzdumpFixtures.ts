import * as fs from 'node:fs';
import * as path from 'node:path';

const DIR = path.resolve(__dirname, '../../../fixtures/vzdump-logs');

/** Every log file name, so a test can check that none is left untested. */
export function listLogFixtures(): string[] {
  return fs
    .readdirSync(DIR)
    .filter((name) => name.endsWith('.log'))
    .sort();
}

/**
 * A captured log with its leading "# source:" / "# note:" lines blanked rather than removed, so that
 * line numbers in the tests are the file's own (0-based). vzdump never prints those lines.
 */
export function readLogFixture(name: string): string {
  const lines = fs.readFileSync(path.join(DIR, name), 'utf8').split('\n');
  for (let i = 0; lines[i]?.startsWith('#'); i++) lines[i] = '';
  return lines.join('\n');
}
