import * as assert from 'node:assert/strict';
import { formatNiceBytes, isNiceNumber, parseNiceNumber, readJsonNumber } from '../../../../src/domain/zfs/counters';
import { parseScanSection, pickScan } from '../../../../src/domain/zfs/scanLine';

describe('zpool counters', () => {
  it('reads zfs_nicenum() values as powers of 1024', () => {
    assert.equal(parseNiceNumber('0'), 0);
    assert.equal(parseNiceNumber('442'), 442);
    assert.equal(parseNiceNumber('2.04K'), 2089);
    assert.equal(parseNiceNumber('4.09K'), 4188);
    assert.equal(parseNiceNumber('1.88K'), 1925);
    assert.equal(parseNiceNumber('13.4M'), 14050918);
    assert.equal(parseNiceNumber('1K'), 1024);
    assert.equal(parseNiceNumber('1,73T'), Math.round(1.73 * 1024 ** 4));
    assert.equal(parseNiceNumber('0B'), 0);
    assert.equal(parseNiceNumber('960K'), 983040);
    assert.equal(parseNiceNumber('-'), undefined);
    assert.equal(parseNiceNumber('too'), undefined);
    assert.equal(parseNiceNumber('2.04X'), undefined);
  });

  it('tells counter tokens from note words', () => {
    assert.deepEqual(['0', '2.04K', '18', 'currently', '(resilvering)', 'was'].map(isNiceNumber), [
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('takes JSON numbers as integers or as the text strings', () => {
    assert.equal(readJsonNumber(2089), 2089);
    assert.equal(readJsonNumber('2.04K'), 2089);
    assert.equal(readJsonNumber(undefined), undefined);
  });

  it('formats bytes like zfs_nicebytes()', () => {
    assert.deepEqual(
      [0, 512, 983040, 1024 ** 3, 1.18 * 1024 ** 3, 6.53 * 1024 ** 4, 104 * 1024 ** 4, 123.4 * 1024 ** 2].map(
        formatNiceBytes,
      ),
      ['0B', '512B', '960K', '1G', '1.18G', '6.53T', '104T', '123M'],
    );
  });
});

describe('zpool scan lines', () => {
  const scan = (...lines: string[]) => parseScanSection(lines);

  it('reads every generation of the first line', () => {
    const cases: [string, string, string, number | undefined][] = [
      ['none requested', 'none', 'none', undefined],
      ['scrub repaired 0B in 00:00:02 with 0 errors on Wed Jan 25 19:03:31 2023', 'scrub', 'finished', 0],
      [
        'thorough scrub repaired 0B in 1 days 02:00:00 with 2 errors on Wed Jan 25 19:03:31 2023',
        'scrub',
        'finished',
        2,
      ],
      ['resilvered 1,73T in 18h26m with 1 errors on Fri Jul  6 06:20:41 2018', 'resilver', 'finished', 1],
      ['resilvered (draid2-0) 2.80T in 07:58:49 with 0 errors on Fri Feb 20 02:23:27 2026', 'resilver', 'finished', 0],
      ['scrub canceled on Mon Jul 16 16:30:35 2018', 'scrub', 'canceled', undefined],
      ['resilver (mirror-0) canceled on Mon Jul 16 16:30:35 2018', 'resilver', 'canceled', undefined],
      ['scrub in progress since Mon Jul 16 16:30:38 2018', 'scrub', 'in-progress', undefined],
      ['scrub paused since Mon Jul 16 16:40:00 2018', 'scrub', 'in-progress', undefined],
      ['resilver (draid2-0) in progress since Thu Feb 19 18:24:38 2026', 'resilver', 'in-progress', undefined],
      ['error scrub in progress since Thu Feb 19 18:24:38 2026', 'scrub', 'in-progress', undefined],
      ['error scrub canceled on Thu Feb 19 18:24:38 2026', 'scrub', 'canceled', undefined],
      ['scrubbed 12 error blocks in 0 days 00:00:03 on Thu Feb 19 18:24:38 2026', 'scrub', 'finished', undefined],
      // zfs-fuse / Solaris
      ['scrub completed after 0h0m with 3 errors on Thu Nov 26 16:59:51 2026', 'scrub', 'finished', 3],
      ['resilver completed after 0h1m with 0 errors on Thu Nov 26 16:59:51 2026', 'resilver', 'finished', 0],
      ['scrub stopped after 0h0m with 0 errors on Thu Nov 26 17:02:21 2026', 'scrub', 'canceled', 0],
      ['resilver in progress for 0h0m, 6.82% done, 0h0m to go', 'resilver', 'in-progress', undefined],
    ];
    for (const [line, kind, state, errors] of cases) {
      const parsed = scan(line);
      assert.deepEqual([parsed.kind, parsed.state, parsed.errors], [kind, state, errors], line);
      assert.equal(parsed.text, line);
    }
  });

  it('takes the percentage from the continuation lines, also with a decimal comma', () => {
    assert.equal(
      scan(
        'scrub paused since Mon Jul 16 16:40:00 2018',
        '\tscrub started on Mon Jul 16 16:30:38 2018',
        '\t1.18G / 2.00G scanned, 1.00G / 2.00G issued',
        '\t0B repaired, 50.00% done',
      ).percent,
      50,
    );
    assert.equal(
      scan(
        'resilver in progress since Sat Sep  3 02:09:21 2022',
        '\t823M scanned',
        '\t24,8M resilvered, 1,08% done, 0 days 00:01:31 to go',
      ).percent,
      1.08,
    );
    assert.equal(
      scan('error scrub in progress since Thu Feb 19 18:24:38 2026', '\t33.33% done, issued I/O for 4 error blocks')
        .percent,
      33.33,
    );
    assert.equal(scan('scrub canceled on Mon Jul 16 16:30:35 2018').percent, undefined);
  });

  it('prefers the running scan when zpool prints two', () => {
    const finished = {
      label: 'scrub',
      scan: scan('scrubbed 12 error blocks in 0 days 00:00:03 on Thu Feb 19 18:24:38 2026'),
    };
    const running = { label: 'scan', scan: scan('resilver in progress since Thu Feb 19 18:24:38 2026') };
    const doneScan = {
      label: 'scan',
      scan: scan('scrub repaired 0B in 00:00:02 with 0 errors on Wed Jan 25 19:03:31 2023'),
    };
    assert.equal(pickScan([finished, running]), running.scan);
    assert.equal(pickScan([finished, doneScan]), doneScan.scan);
    assert.equal(pickScan([finished]), finished.scan);
    assert.equal(pickScan([]), undefined);
  });
});
