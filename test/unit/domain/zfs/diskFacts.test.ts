import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CollectedOutput } from '../../../../src/domain/shell/remoteOperation';
import { diskFactsOperation } from '../../../../src/domain/zfs/diskFacts';
import { mirrorWarnings } from '../../../../src/domain/zfs/mirrorMismatch';
import { parseZpoolStatus } from '../../../../src/domain/zfs/parseZpoolStatus';
import { VDEVS } from '../../../lab/runtime/labLayout';
import { readFixture } from './zpoolFixtures';

// The script that finds each leaf vdev's device, size and model: its text, its parser, and a real
// run in bash against sparse files (the lab's vdevs are files too).

const HOSTILE = "a'b; rm -rf /";

function scriptOf(names: readonly string[]): string {
  const { command } = diskFactsOperation(names);
  assert.ok('script' in command);
  return command.script;
}

function output(stdout: string, exitCode: number | null = 0): CollectedOutput {
  return { stdout, stderr: '', exitCode };
}

describe('diskFactsOperation: the script', () => {
  it('quotes every vdev name as one shell word', () => {
    const lines = scriptOf(['sda', HOSTILE]).split('\n');
    assert.ok(lines.includes('fact 0 sda'));
    assert.ok(lines.includes(`fact 1 'a'\\''b; rm -rf /'`));
    assert.ok(!lines.some((line) => line.endsWith('; rm -rf /')));
  });
});

describe('diskFactsOperation: reading the output', () => {
  const names = ['ata-A_1', 'ata-B_2', 'gone'];
  const parse = (stdout: string, exitCode: number | null = 0) =>
    diskFactsOperation(names).parse(output(stdout, exitCode));

  it('reads TAB-separated lines after a login banner, in the order of the names', () => {
    const stdout = [
      'Welcome to pve2! Authorized use only.',
      'pve-ops-disk\t1\t/dev/disk/by-id/ata-B_2\t1000204886016\tTEAM T2531TB  ',
      'pve-ops-disk\t0\t/dev/disk/by-id/ata-A_1\t256060514304\t',
      '',
    ].join('\r\n');
    assert.deepEqual(parse(stdout), [
      { vdev: 'ata-A_1', path: '/dev/disk/by-id/ata-A_1', bytes: 256060514304 },
      { vdev: 'ata-B_2', path: '/dev/disk/by-id/ata-B_2', bytes: 1000204886016, model: 'TEAM T2531TB' },
      { vdev: 'gone' },
    ]);
  });

  it('finds a line glued to a banner that ended without a newline', () => {
    assert.deepEqual(parse('motd: be careful\tnowpve-ops-disk\t2\t/dev/gone\t\t\n')[2], {
      vdev: 'gone',
      path: '/dev/gone',
    });
  });

  it('gives only the name for missing devices, unknown indexes and sizes that are not numbers', () => {
    const stdout = 'pve-ops-disk\t7\t/dev/x\t1\t\npve-ops-disk\t0\t/dev/a\tn/a\t\npve-ops-disk\t1\t/dev/b\t0\t\n';
    assert.deepEqual(parse(stdout), [
      { vdev: 'ata-A_1', path: '/dev/a' },
      { vdev: 'ata-B_2', path: '/dev/b' },
      { vdev: 'gone' },
    ]);
  });

  it('keeps the whole lines of a run that failed, not the one cut off', () => {
    const stdout = 'pve-ops-disk\t0\t/dev/a\t4096\t\npve-ops-disk\t1\t/dev/b\t10';
    assert.deepEqual(parse(stdout, 255), [
      { vdev: 'ata-A_1', path: '/dev/a', bytes: 4096 },
      { vdev: 'ata-B_2' },
      { vdev: 'gone' },
    ]);
    assert.deepEqual(parse(stdout, null)[1], { vdev: 'ata-B_2' });
  });
});

describe('diskFactsOperation: a real run in bash', () => {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pve-ops-disk-facts-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Runs the script the way the runner does: bash reading it from stdin. */
  function run(names: readonly string[]) {
    const operation = diskFactsOperation(names);
    assert.ok('script' in operation.command);
    const stdout = execFileSync('bash', ['-s'], { input: operation.command.script, encoding: 'utf8' });
    return operation.parse(output(stdout));
  }

  it('sizes sparse files like the lab vdevs, and warns about them as a mirror', () => {
    const files = VDEVS.map((vdev) => {
      const file = path.join(dir, vdev.name);
      fs.writeFileSync(file, '');
      fs.truncateSync(file, vdev.bytes); // sparse: no disk space taken
      return file;
    });
    const facts = run(files);
    assert.deepEqual(facts, [
      { vdev: files[0], path: files[0], bytes: VDEVS[0].bytes },
      { vdev: files[1], path: files[1], bytes: VDEVS[1].bytes },
    ]);
    // zpool names file vdevs by their absolute path; the model still comes from the by-id name
    let seed = readFixture('40-lab-seed.txt');
    VDEVS.forEach((vdev, index) => (seed = seed.replace(vdev.name, files[index] ?? '')));
    const [pool] = parseZpoolStatus(seed);
    assert.ok(pool);
    assert.deepEqual(
      mirrorWarnings(pool, facts).map((warning) => warning.sides),
      [
        [
          { vdev: files[0], bytes: VDEVS[0].bytes, model: 'TEAM T253256GB' },
          { vdev: files[1], bytes: VDEVS[1].bytes, model: 'TEAM T2531TB' },
        ],
      ],
    );
  });

  it('runs no part of a hostile name, and reports missing devices and non-files by name only', () => {
    const marker = path.join(dir, 'pwned');
    const hostile = `a'b; touch ${marker}`;
    assert.deepEqual(run([hostile, 'pve-ops-no-such-disk', '/dev/null']), [
      { vdev: hostile },
      { vdev: 'pve-ops-no-such-disk' },
      { vdev: '/dev/null', path: '/dev/null' },
    ]);
    assert.equal(fs.existsSync(marker), false);
  });

  it('exits 0 with no names (execFileSync throws otherwise)', () => {
    assert.deepEqual(run([]), []);
  });
});
