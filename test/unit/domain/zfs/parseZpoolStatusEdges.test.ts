import * as assert from 'node:assert/strict';
import {
  parseZpoolStatus,
  parseZpoolStatusText,
  summarizePoolErrors,
} from '../../../../src/domain/zfs/parseZpoolStatus';
import { listFixtures, readFixture } from './zpoolFixtures';

// What SSH and terminals do to the same output, messages without pools, and the summary line.

describe('parseZpoolStatus: transport and edge cases', () => {
  it('reads CRLF line ends and ANSI colours (a pty, ZFS_COLOR) like the plain text', () => {
    const plain = readFixture('42-lab-degraded.txt');
    // zpool colours labels bold, state words by health and non-zero counters red (printf_color).
    const coloured = plain
      .replace(/^( *)(pool|state|status|action|see|scrub|config|errors):/gm, '$1\x1b[1m$2:\x1b[0m')
      .replace(/\b(DEGRADED|OFFLINE)\b/g, '\x1b[0;33m$1\x1b[0m')
      .replace(/ 18$/gm, ' \x1b[0;31m18\x1b[0m')
      .replace(/\n/g, '\r\n');
    assert.notEqual(coloured, plain);
    assert.deepEqual(parseZpoolStatus(coloured), parseZpoolStatus(plain));
  });

  it('gives no pool for messages that are not pool status', () => {
    for (const text of ['', '\n', 'no pools available\n', 'all pools are healthy\n', "pool 'rpool' is healthy\n"]) {
      assert.deepEqual(parseZpoolStatus(text), [], JSON.stringify(text));
    }
  });

  it('keeps a pool whose configuration cannot be read', () => {
    const text = '  pool: tank\n state: UNAVAIL\nconfig: The configuration cannot be determined.\n';
    assert.deepEqual(parseZpoolStatus(text), [
      { name: 'tank', state: 'UNAVAIL', vdevs: [], errors: { clean: false, permanent: [] } },
    ]);
  });

  it('keeps an error entry that looks like a label when it has the entry indent, and skips blank ones', () => {
    // A pool named "pool" whose root dataset is not mounted prints "pool:<0x1>"-style entries.
    const text =
      '  pool: pool\n state: ONLINE\nconfig:\n\n\tNAME  STATE  READ WRITE CKSUM\n\tpool  ONLINE    0     0     1\n\nerrors: Permanent errors have been detected in the following files:\n\n        pool:<0x1>\n        \n        pool/data:/images/a.raw\n';
    assert.deepEqual(parseZpoolStatus(text)[0]?.errors, {
      clean: false,
      permanent: ['pool:<0x1>', 'pool/data:/images/a.raw'],
    });
  });

  it('reads -s/-d columns after CKSUM without taking them for the note', () => {
    const text =
      '  pool: tank\n state: ONLINE\nconfig:\n\n\tNAME        STATE     READ WRITE CKSUM  SLOW   DIO\n\ttank        ONLINE       0     0     0     -     0\n\t  sda       ONLINE       0     0     3     5     1  (repairing)\n\nerrors: No known data errors\n';
    const pool = parseZpoolStatus(text)[0];
    assert.deepEqual(pool?.vdevs[0]?.children[0], {
      name: 'sda',
      state: 'ONLINE',
      read: 0,
      write: 0,
      cksum: 3,
      children: [],
      note: '(repairing)',
    });
    assert.equal(pool.vdevs[0].note, undefined);
  });

  it('parses 100,000 error entries, in order', () => {
    const entries = Array.from(
      { length: 100_000 },
      (_, i) => `rpool/data/vm-${100 + (i % 900)}-disk-0:<0x${i.toString(16)}>`,
    );
    const text = `${readFixture('40-lab-seed.txt').split('errors:')[0] ?? ''}errors: Permanent errors have been detected in the following files:\n\n${entries.map((entry) => `        ${entry}\n`).join('')}`;
    const pool = parseZpoolStatusText(text)[0];
    assert.equal(pool?.errors.permanent.length, 100_000);
    assert.equal(pool.errors.permanent[0], 'rpool/data/vm-100-disk-0:<0x0>');
    assert.equal(pool.errors.permanent[99_999], 'rpool/data/vm-199-disk-0:<0x1869f>');
    assert.equal(pool.vdevs[0]?.cksum, 9);
  });

  it('every fixture in test/fixtures/zpool-status is read without throwing (except the truncated JSON)', () => {
    const truncated = new Set(['32-json-int-flat-vdevs-zfs_exporter-truncated.txt']);
    const names = listFixtures();
    assert.ok(names.length >= 27, `only ${names.length} fixtures`);
    for (const name of names) {
      if (truncated.has(name))
        assert.throws(() => parseZpoolStatus(readFixture(name)), /zpool status JSON could not be read/);
      else assert.doesNotThrow(() => parseZpoolStatus(readFixture(name)), name);
    }
  });
});

describe('summarizePoolErrors', () => {
  it('counts the damaged files, or says why there is no list', () => {
    const summaries = Object.fromEntries(
      [
        '40-lab-seed.txt',
        '44-lab-healthy.txt',
        '10-unavail-suspended-scrub-errors-unavailable.txt',
        '41-lab-seed-without-v.txt',
        '22-docs-msg-8A.txt',
      ].map((name) => [
        name,
        summarizePoolErrors(parseZpoolStatus(readFixture(name))[0] ?? { errors: { clean: false, permanent: [] } }),
      ]),
    );
    assert.deepEqual(summaries, {
      '40-lab-seed.txt': '3 files with permanent errors',
      '44-lab-healthy.txt': 'no known data errors',
      '10-unavail-suspended-scrub-errors-unavailable.txt': 'error list unavailable',
      '41-lab-seed-without-v.txt': 'errors not listed',
      '22-docs-msg-8A.txt': '1 file with permanent errors',
    });
  });
});
