import * as assert from 'node:assert/strict';
import { parseZpoolStatus, type Vdev, type ZpoolStatus } from '../../../../src/domain/zfs/parseZpoolStatus';
import { readFixture } from './zpoolFixtures';

// One block per captured output in test/fixtures/zpool-status (text outputs; JSON is in its own file).

function parseOne(name: string): ZpoolStatus {
  const pools = parseZpoolStatus(readFixture(name));
  assert.equal(pools.length, 1, `${name}: one pool`);
  const pool = pools[0];
  assert.ok(pool);
  return pool;
}

/** The vdev at a path of names from the top-level list, e.g. ['rpool', 'mirror-0', 'sda']. */
function vdevAt(pool: ZpoolStatus, ...names: string[]): Vdev {
  let level: Vdev[] = pool.vdevs;
  let found: Vdev | undefined;
  for (const name of names) {
    found = level.find((vdev) => vdev.name === name);
    assert.ok(found, `no vdev ${names.join(' > ')} (stopped at ${name})`);
    level = found.children;
  }
  assert.ok(found);
  return found;
}

/** name, state, counters and note of a vdev, without its children. */
function row(vdev: Vdev): [string, string, number, number, number, string | undefined] {
  return [vdev.name, vdev.state, vdev.read, vdev.write, vdev.cksum, vdev.note];
}

const SEED_FILES = [
  '/var/lib/vz/images/10006/vm-10006-disk-0.raw',
  '/mnt/ext/images/1008/vm-1008-disk-0.raw',
  '/mnt/ext/images/1034/vm-1034-disk-0.raw',
];
const TEAM_256 = 'ata-TEAM_T253256GB_TPBF2212130080607072-part3';
const TEAM_1TB = 'ata-TEAM_T2531TB_TPBG2212130010401358-part3';
const STATUS_8A =
  'One or more devices has experienced an error resulting in data corruption.  Applications may be affected.';
const ACTION_8A = 'Restore the file in question if possible.  Otherwise restore the entire pool from backup.';

describe('parseZpoolStatus: text output', () => {
  it('01 Proxmox docs: a two-mirror rpool, "scan: none requested", TAB-indented rows', () => {
    const pool = parseOne('01-online-mirror-pve-docs.txt');
    assert.equal(pool.name, 'rpool');
    assert.equal(pool.state, 'ONLINE');
    assert.deepEqual(pool.scan, { kind: 'none', state: 'none', text: 'none requested' });
    assert.deepEqual(pool.errors, { clean: true, permanent: [] });
    assert.equal(pool.status, undefined);
    assert.equal(pool.see, undefined);
    assert.equal(pool.vdevs.length, 1);
    assert.deepEqual(
      vdevAt(pool, 'rpool').children.map((mirror) => [mirror.name, mirror.children.map((leaf) => leaf.name)]),
      [
        ['mirror-0', ['sda2', 'sdb2']],
        ['mirror-1', ['sdc', 'sdd']],
      ],
    );
    assert.deepEqual(row(vdevAt(pool, 'rpool', 'mirror-1', 'sdd')), ['sdd', 'ONLINE', 0, 0, 0, undefined]);
    assert.equal(vdevAt(pool, 'rpool', 'mirror-0').section, undefined);
  });

  it('02 two pools separated by an empty line; the second is cut off after its config', () => {
    const pools = parseZpoolStatus(readFixture('02-two-pools-ok-and-cksum-8A.txt'));
    assert.deepEqual(
      pools.map((pool) => [pool.name, pool.state]),
      [
        ['bpool', 'ONLINE'],
        ['rpool', 'ONLINE'],
      ],
    );
    const [bpool, rpool] = pools;
    assert.ok(bpool && rpool);
    assert.deepEqual(bpool.scan, {
      kind: 'scrub',
      state: 'finished',
      errors: 0,
      text: 'scrub repaired 0B in 00:00:02 with 0 errors on Wed Jan 25 19:03:31 2023',
    });
    assert.deepEqual(bpool.errors, { clean: true, permanent: [] });
    assert.equal(bpool.status, undefined);
    assert.equal(rpool.status, STATUS_8A);
    assert.equal(rpool.action, ACTION_8A);
    assert.equal(rpool.see, 'https://openzfs.github.io/openzfs-docs/msg/ZFS-8000-8A');
    assert.deepEqual(rpool.scan, {
      kind: 'scrub',
      state: 'finished',
      errors: 3,
      text: 'scrub repaired 0B in 00:34:20 with 3 errors on Wed Jan 25 21:38:13 2023',
    });
    assert.deepEqual(row(vdevAt(rpool, 'rpool', 'aa49dafd-309c-0646-92e3-53310824e522')), [
      'aa49dafd-309c-0646-92e3-53310824e522',
      'ONLINE',
      0,
      0,
      24,
      undefined,
    ]);
    // No "errors:" line in the excerpt: nothing says the pool is clean.
    assert.deepEqual(rpool.errors, { clean: false, permanent: [] });
  });

  it('04 suffixed counters (2.04K, 4.09K), a dataset:<0x..> entry, trailing spaces and an elision line', () => {
    const pool = parseOne('04-mirror-cksum-nicenum-file-and-object-errors.txt');
    assert.equal(pool.name, 'volumes');
    assert.deepEqual(row(vdevAt(pool, 'volumes')), ['volumes', 'ONLINE', 0, 0, 2089, undefined]);
    assert.deepEqual(row(vdevAt(pool, 'volumes', 'mirror-1')), ['mirror-1', 'ONLINE', 0, 0, 4188, undefined]);
    assert.deepEqual(row(vdevAt(pool, 'volumes', 'mirror-1', 'vde')), ['vde', 'ONLINE', 0, 0, 4188, undefined]);
    assert.deepEqual(row(vdevAt(pool, 'volumes', 'mirror-0', 'vdb')), ['vdb', 'ONLINE', 0, 0, 0, undefined]);
    assert.equal(pool.see, 'http://zfsonlinux.org/msg/ZFS-8000-8A');
    assert.deepEqual(pool.scan, {
      kind: 'scrub',
      state: 'finished',
      errors: 1937,
      text: 'scrub repaired 0 in 3h49m with 1937 errors on Thu Sep 22 12:29:51 2016',
    });
    // The "....." the reporter added is not an entry; the first entry's trailing spaces are dropped.
    assert.deepEqual(pool.errors, {
      clean: false,
      permanent: [
        'volumes/free/1/be9509b4-cca7-45bc-6b36-46e01a2c755b:<0x1659>',
        '/volumes1/data/free/1/5f9cf209-69d8-4289-56a6-ebc96231bc50/avatar/avatar_20160919042303.jpg',
      ],
    });
  });

  it('06 raidz2 DEGRADED: a FAULTED disk with "too many errors", resilvered with a decimal comma', () => {
    const pool = parseOne('06-raidz2-degraded-faulted-too-many-errors-resilvered.txt');
    assert.equal(pool.name, 'timemachinepool');
    assert.equal(pool.state, 'DEGRADED');
    assert.deepEqual(pool.scan, {
      kind: 'resilver',
      state: 'finished',
      errors: 1,
      text: 'resilvered 1,73T in 18h26m with 1 errors on Fri Jul  6 06:20:41 2018',
    });
    assert.deepEqual(row(vdevAt(pool, 'timemachinepool')), ['timemachinepool', 'DEGRADED', 0, 0, 1, undefined]);
    const raidz = vdevAt(pool, 'timemachinepool', 'raidz2-0');
    assert.deepEqual(row(raidz), ['raidz2-0', 'DEGRADED', 0, 0, 3, undefined]);
    assert.deepEqual(raidz.children.map(row), [
      ['ata-WDC_WD2003FYYS-02W0B0_WD-WMAY00390617', 'ONLINE', 0, 0, 0, undefined],
      ['ata-WDC_WD2003FYYS-02W0B0_WD-WMAUR0553783', 'FAULTED', 8, 0, 0, 'too many errors'],
      ['ata-WDC_WD2003FYYS-02W0B0_WD-WMAUR0599953', 'ONLINE', 8, 0, 0, undefined],
    ]);
  });

  it('08 TABs expanded to spaces: raidz3 resilvering, CKSUM and "(resilvering)" on leaves', () => {
    const pool = parseOne('08-raidz3-resilvering-cksum-on-leaves.txt');
    assert.equal(pool.name, 'pool-name');
    assert.equal(
      pool.status,
      'One or more devices is currently being resilvered.  The pool will continue to function, possibly in a degraded state.',
    );
    assert.equal(pool.action, 'Wait for the resilver to complete.');
    assert.equal(pool.scan?.kind, 'resilver');
    assert.equal(pool.scan.state, 'in-progress');
    assert.equal(pool.scan.percent, 1.08);
    assert.equal(pool.scan.errors, undefined);
    assert.equal(
      pool.scan.text,
      'resilver in progress since Sat Sep  3 02:09:21 2022\n823M scanned at 823M/s, 825M issued at 825M/s, 74.3G total\n24.8M resilvered, 1.08% done, 0 days 00:01:31 to go',
    );
    const leaves = vdevAt(pool, 'pool-name', 'raidz3-0').children;
    assert.equal(leaves.length, 10);
    assert.deepEqual(row(leaves[0] as Vdev), ['wwn-0x5000cca2970a9044', 'ONLINE', 0, 0, 442, '(resilvering)']);
    assert.deepEqual(row(leaves[3] as Vdev), ['wwn-0x5000cca2970c1fe4', 'ONLINE', 0, 0, 234, '(resilvering)']);
    assert.deepEqual(row(leaves[4] as Vdev), ['wwn-0x5000cca2970c55c8', 'ONLINE', 0, 0, 84, '(resilvering)']);
    assert.deepEqual(row(leaves[9] as Vdev), ['wwn-0x5000cca2970c750c', 'ONLINE', 0, 0, 0, undefined]);
    assert.deepEqual(
      leaves.map((leaf) => leaf.note === '(resilvering)'),
      [true, true, true, true, true, false, false, false, false, false],
    );
  });

  it('10 suspended pool: UNAVAIL, 0.7 two-line progress, "List of errors unavailable"', () => {
    const pool = parseOne('10-unavail-suspended-scrub-errors-unavailable.txt');
    assert.equal(pool.name, 'dozer');
    assert.equal(pool.state, 'UNAVAIL');
    assert.equal(pool.see, 'http://zfsonlinux.org/msg/ZFS-8000-HC');
    assert.deepEqual(pool.scan, {
      kind: 'scrub',
      state: 'in-progress',
      percent: 75.44,
      text: 'scrub in progress since Mon Mar 20 14:04:56 2017\n773M scanned out of 1.00G at 875K/s, 0h4m to go\n0 repaired, 75.44% done',
    });
    assert.deepEqual(row(vdevAt(pool, 'dozer')), ['dozer', 'UNAVAIL', 0, 0, 0, 'insufficient replicas']);
    assert.deepEqual(row(vdevAt(pool, 'dozer', 'sdc')), ['sdc', 'ONLINE', 0, 0, 0, undefined]);
    assert.deepEqual(row(vdevAt(pool, 'dozer', 'sdd')), ['sdd', 'FAULTED', 6, 0, 0, 'too many errors']);
    assert.deepEqual(pool.errors, { clean: false, permanent: [], unavailable: true });
  });

  it('12 two outputs with a date(1) line between them: canceled, then in progress past 100%', () => {
    const pools = parseZpoolStatus(readFixture('12-scrub-canceled-then-in-progress-over-100pct.txt'));
    assert.equal(pools.length, 2);
    const [before, after] = pools;
    assert.ok(before && after);
    assert.deepEqual(before.scan, {
      kind: 'scrub',
      state: 'canceled',
      text: 'scrub canceled on Mon Jul 16 16:30:35 2018',
    });
    assert.equal(after.scan?.state, 'in-progress');
    assert.equal(after.scan.percent, 100.33);
    for (const pool of pools) {
      assert.equal(pool.name, 'tank');
      assert.deepEqual(row(vdevAt(pool, 'tank', 'ata-ST2000LX001-1RG174_WDZ82LHK')), [
        'ata-ST2000LX001-1RG174_WDZ82LHK',
        'ONLINE',
        0,
        0,
        0,
        undefined,
      ]);
      assert.deepEqual(pool.errors, { clean: true, permanent: [] });
    }
  });

  it('13 the 2.2+ progress format with a bogus percentage, and no config section', () => {
    const pool = parseOne('13-scrub-in-progress-2.3-format-bogus-issued.txt');
    assert.equal(pool.name, 'ldas-sw');
    assert.deepEqual(pool.vdevs, []);
    assert.equal(pool.scan?.kind, 'scrub');
    assert.equal(pool.scan.state, 'in-progress');
    assert.equal(pool.scan.percent, 256763283.28);
    assert.equal(pool.scan.text.split('\n')[1], '652G / 6.53T scanned at 9.32G/s, 16.0E / 6.53T issued');
    assert.deepEqual(pool.errors, { clean: false, permanent: [] });
  });

  it('14 full paths, replacing-2 with a missing disk "was ...", an expand: line, "N data errors" without -v', () => {
    const pool = parseOne('14-raidz2-resilver-expand-was-path.txt');
    assert.equal(pool.name, 'storage');
    assert.equal(pool.state, 'DEGRADED');
    assert.deepEqual(pool.scan, {
      kind: 'resilver',
      state: 'in-progress',
      percent: 46.64,
      text: 'resilver in progress since Thu Feb 19 18:24:38 2026\n68.8T / 104T scanned at 2.81G/s, 48.3T / 104T issued at 1.97G/s\n2.80T resilvered, 46.64% done, 07:58:49 to go',
    });
    const raidz = vdevAt(pool, 'storage', 'raidz2-0');
    assert.deepEqual(raidz.children.map(row), [
      ['/dev/sdt1', 'ONLINE', 0, 0, 9, '(resilvering)'],
      ['/dev/sdu1', 'ONLINE', 0, 0, 14, '(resilvering)'],
      ['replacing-2', 'DEGRADED', 0, 0, 26, undefined],
    ]);
    assert.deepEqual(vdevAt(pool, 'storage', 'raidz2-0', 'replacing-2').children.map(row), [
      ['11687508470009778260', 'UNAVAIL', 0, 0, 0, 'was /dev/sdv1/old'],
      ['/dev/sdv1', 'ONLINE', 0, 0, 0, '(resilvering)'],
    ]);
    assert.deepEqual(pool.errors, { clean: false, permanent: [] });
  });

  it('16 an excerpt from "config:" on: spare-0 in the tree, then special, logs, cache and spares', () => {
    const pool = parseOne('16-mirror-spare-in-use-special-logs-cache-spares.txt');
    // No "pool:" line: the root vdev names the pool.
    assert.equal(pool.name, 'testspare');
    assert.equal(pool.state, 'ONLINE');
    assert.equal(pool.scan, undefined);
    assert.deepEqual(
      pool.vdevs.map((vdev) => [vdev.name, vdev.state, vdev.section, vdev.children.length]),
      [
        ['testspare', 'ONLINE', undefined, 2],
        ['special', '', 'special', 1],
        ['logs', '', 'logs', 1],
        ['cache', '', 'cache', 1],
        ['spares', '', 'spares', 5],
      ],
    );
    assert.deepEqual(
      vdevAt(pool, 'testspare', 'mirror-0', 'spare-0').children.map((vdev) => [vdev.name, vdev.state, vdev.section]),
      [
        ['9d92cdac-f627-446c-8ace-169b6dec27a0', 'ONLINE', undefined],
        ['f7c8e925-6ede-4331-8fd3-ee70570772e0', 'ONLINE', undefined],
      ],
    );
    assert.deepEqual(row(vdevAt(pool, 'testspare', 'mirror-0', '1eb6a232-9a25-4867-80bb-ffd1b0797891')), [
      '1eb6a232-9a25-4867-80bb-ffd1b0797891',
      'ONLINE',
      0,
      0,
      0,
      undefined,
    ]);
    assert.equal(vdevAt(pool, 'special', '58d6865e-664f-456c-a6bb-391e53e014d8').section, 'special');
    assert.equal(vdevAt(pool, 'logs', '790817f9-9e27-4576-8b99-093b8d792962').section, 'logs');
    assert.equal(vdevAt(pool, 'cache', 'a6f48d2e-256c-4eba-a451-e4b6bb147eee').section, 'cache');
    // Spare rows print no counters: 0, and the text after the state is the note.
    assert.deepEqual(vdevAt(pool, 'spares').children.map(row), [
      ['f7c8e925-6ede-4331-8fd3-ee70570772e0', 'INUSE', 0, 0, 0, 'currently in use'],
      ['4d982589-03a3-4ae3-934a-8386a49a891c', 'AVAIL', 0, 0, 0, undefined],
      ['4a5ab019-d9b4-4ebe-ae54-c5d73911b4fc', 'AVAIL', 0, 0, 0, undefined],
      ['46f25d7f-9759-49fd-99b2-7210bfb5602b', 'AVAIL', 0, 0, 0, undefined],
      ['34ecb450-8aea-4e04-92d8-71845bc4e21b', 'AVAIL', 0, 0, 0, undefined],
    ]);
    assert.ok(vdevAt(pool, 'spares').children.every((vdev) => vdev.section === 'spares'));
    // The excerpt ends in "errors: No known data": not the full sentence, so not clean.
    assert.deepEqual(pool.errors, { clean: false, permanent: [] });
  });

  it('18 FreeBSD, full-path file vdevs, WRITE errors on the root, <metadata> entries', () => {
    const pool = parseOne('18-raidz3-io-failure-metadata-errors-freebsd.txt');
    assert.equal(pool.name, 'big');
    assert.equal(pool.see, 'http://illumos.org/msg/ZFS-8000-JQ');
    assert.deepEqual(row(vdevAt(pool, 'big')), ['big', 'ONLINE', 0, 169, 0, undefined]);
    assert.deepEqual(
      vdevAt(pool, 'big', 'raidz3-0').children.map((vdev) => vdev.name),
      Array.from({ length: 10 }, (_, i) => `/mnt/test/loop${i}`),
    );
    assert.deepEqual(pool.errors.permanent, [
      '<metadata>:<0x0>',
      '<metadata>:<0x24>',
      '<metadata>:<0x25>',
      '<metadata>:<0x26>',
      '<metadata>:<0x27>',
      '<metadata>:<0x29>',
      '<metadata>:<0x2a>',
      '<metadata>:<0x2b>',
    ]);
    assert.equal(pool.errors.clean, false);
  });

  it('20 a 2012 output with " scan:" indented by one space', () => {
    const pool = parseOne('20-scrub-completed-2012.txt');
    assert.equal(pool.name, 'tank');
    assert.deepEqual(pool.scan, {
      kind: 'scrub',
      state: 'finished',
      errors: 0,
      text: 'scrub repaired 0 in 1h18m with 0 errors on Tue Nov  6 22:47:38 2012',
    });
    assert.deepEqual(
      vdevAt(pool, 'tank', 'raidz2-0').children.map((vdev) => vdev.name),
      [
        'scsi-SATA_ST3000DM001-9YN_S1F0MYWK',
        'scsi-SATA_ST3000DM001-9YN_W1F0VW8Z',
        'scsi-SATA_ST3000DM001-9YN_Z1F0Q831',
        'scsi-SATA_ST3000DM001-9YN_Z1F0QYAT',
      ],
    );
    assert.deepEqual(pool.errors, { clean: true, permanent: [] });
  });

  it('21 a lone "checkpoint:" line is no pool', () => {
    assert.deepEqual(parseZpoolStatus(readFixture('21-checkpoint-line.txt')), []);
  });

  it('22 docs ZFS-8000-8A (" scrub: none requested", -xv): one damaged file', () => {
    const pool = parseOne('22-docs-msg-8A.txt');
    assert.equal(pool.name, 'test');
    assert.equal(
      pool.status,
      'One or more devices has experienced an error and no valid replicas are available.  Some filesystem data is corrupt, and applications may have been affected.',
    );
    assert.equal(pool.action, 'Destroy the pool and restore from backup.');
    assert.deepEqual(pool.scan, { kind: 'none', state: 'none', text: 'none requested' });
    assert.deepEqual(row(vdevAt(pool, 'test')), ['test', 'ONLINE', 0, 0, 2, undefined]);
    assert.deepEqual(row(vdevAt(pool, 'test', 'sda')), ['sda', 'ONLINE', 0, 0, 2, undefined]);
    assert.deepEqual(pool.errors, { clean: false, permanent: ['/export/example/foo'] });
  });

  it('23 docs ZFS-8000-9P: an unnumbered "mirror" with CKSUM on one side', () => {
    const pool = parseOne('23-docs-msg-9P.txt');
    assert.equal(pool.see, 'https://openzfs.github.io/openzfs-docs/msg/ZFS-8000-9P');
    assert.deepEqual(vdevAt(pool, 'test', 'mirror').children.map(row), [
      ['sda', 'ONLINE', 0, 0, 2, undefined],
      ['sdb', 'ONLINE', 0, 0, 0, undefined],
    ]);
    assert.deepEqual(pool.errors, { clean: true, permanent: [] });
  });

  it('24 docs ZFS-8000-2Q: DEGRADED mirror, a FAULTED side that "cannot open"', () => {
    const pool = parseOne('24-docs-msg-2Q.txt');
    assert.equal(pool.state, 'DEGRADED');
    assert.deepEqual(row(vdevAt(pool, 'test', 'mirror')), ['mirror', 'DEGRADED', 0, 0, 0, undefined]);
    assert.deepEqual(row(vdevAt(pool, 'test', 'mirror', 'sdb')), ['sdb', 'FAULTED', 0, 0, 0, 'cannot open']);
  });

  it('25 docs ZFS-8000-3C: a FAULTED pool with "insufficient replicas"', () => {
    const pool = parseOne('25-docs-msg-3C.txt');
    assert.equal(pool.state, 'FAULTED');
    assert.deepEqual(row(vdevAt(pool, 'test')), ['test', 'FAULTED', 0, 0, 0, 'insufficient replicas']);
    assert.deepEqual(row(vdevAt(pool, 'test', 'sdb')), ['sdb', 'FAULTED', 0, 0, 0, 'cannot open']);
    assert.deepEqual(pool.errors, { clean: true, permanent: [] });
  });

  it('26 docs ZFS-8000-HC: WRITE errors, "experienced I/O failures", "1 data errors" without a list', () => {
    const pool = parseOne('26-docs-msg-HC.txt');
    assert.equal(pool.state, 'FAULTED');
    assert.equal(pool.status, 'There are I/O failures.');
    assert.deepEqual(row(vdevAt(pool, 'test')), ['test', 'FAULTED', 0, 13, 0, 'insufficient replicas']);
    assert.deepEqual(row(vdevAt(pool, 'test', 'sda')), ['sda', 'FAULTED', 0, 7, 0, 'experienced I/O failures']);
    assert.deepEqual(pool.errors, { clean: false, permanent: [] });
  });

  it('33 the text half of the pre-release JSON review: "external device fault"', () => {
    const text = readFixture('33-json-prerelease-pr16217-degraded.txt').split('---- JSON')[0] ?? '';
    const pools = parseZpoolStatus(text);
    assert.equal(pools.length, 1);
    const pool = pools[0];
    assert.ok(pool);
    assert.equal(pool.name, 'tank');
    assert.equal(pool.state, 'DEGRADED');
    assert.equal(
      pool.status,
      'One or more devices are faulted in response to persistent errors. Sufficient replicas exist for the pool to continue functioning in a degraded state.',
    );
    assert.equal(pool.action, "Replace the faulted device, or use 'zpool clear' to mark the device repaired.");
    assert.deepEqual(vdevAt(pool, 'tank', 'mirror-0').children.map(row), [
      ['/home/hutter/json/file1', 'ONLINE', 0, 0, 0, undefined],
      ['/home/hutter/json/file2', 'FAULTED', 0, 0, 0, 'external device fault'],
    ]);
  });

  describe('the pve2 lab (zfs-fuse, Solaris-era " scrub:" lines)', () => {
    it('40 seed: the three damaged guest disks of runbook 3.1, CKSUM 9/18/18/18', () => {
      const pool = parseOne('40-lab-seed.txt');
      assert.equal(pool.name, 'rpool');
      assert.equal(pool.state, 'ONLINE');
      assert.equal(pool.status, STATUS_8A);
      assert.equal(pool.action, ACTION_8A);
      assert.equal(pool.see, 'http://www.sun.com/msg/ZFS-8000-8A');
      assert.deepEqual(pool.scan, {
        kind: 'scrub',
        state: 'finished',
        errors: 3,
        text: 'scrub completed after 0h0m with 3 errors on Thu Nov 26 16:59:51 2026',
      });
      assert.deepEqual(row(vdevAt(pool, 'rpool')), ['rpool', 'ONLINE', 0, 0, 9, undefined]);
      assert.deepEqual(row(vdevAt(pool, 'rpool', 'mirror-0')), ['mirror-0', 'ONLINE', 0, 0, 18, undefined]);
      assert.deepEqual(vdevAt(pool, 'rpool', 'mirror-0').children.map(row), [
        [TEAM_256, 'ONLINE', 0, 0, 18, undefined],
        [TEAM_1TB, 'ONLINE', 0, 0, 18, undefined],
      ]);
      assert.deepEqual(pool.errors, { clean: false, permanent: SEED_FILES });
    });

    it('41 seed without -v: "3 data errors, use \'-v\' for a list" lists nothing', () => {
      const pool = parseOne('41-lab-seed-without-v.txt');
      assert.deepEqual(pool.errors, { clean: false, permanent: [] });
      assert.equal(pool.scan?.errors, 3);
    });

    it('42 degraded: the 1 TB side OFFLINE, mirror and pool DEGRADED', () => {
      const pool = parseOne('42-lab-degraded.txt');
      assert.equal(pool.state, 'DEGRADED');
      assert.deepEqual(row(vdevAt(pool, 'rpool')), ['rpool', 'DEGRADED', 0, 0, 9, undefined]);
      assert.deepEqual(row(vdevAt(pool, 'rpool', 'mirror-0')), ['mirror-0', 'DEGRADED', 0, 0, 18, undefined]);
      assert.deepEqual(row(vdevAt(pool, 'rpool', 'mirror-0', TEAM_256)), [TEAM_256, 'ONLINE', 0, 0, 18, undefined]);
      assert.deepEqual(row(vdevAt(pool, 'rpool', 'mirror-0', TEAM_1TB)), [TEAM_1TB, 'OFFLINE', 0, 0, 18, undefined]);
      assert.deepEqual(pool.errors.permanent, SEED_FILES);
    });

    it('43 scrubbing: "scrub in progress for 0h0m, 0.04% done, 3h54m to go"', () => {
      const pool = parseOne('43-lab-scrubbing.txt');
      assert.deepEqual(pool.scan, {
        kind: 'scrub',
        state: 'in-progress',
        percent: 0.04,
        text: 'scrub in progress for 0h0m, 0.04% done, 3h54m to go',
      });
      assert.deepEqual(pool.errors.permanent, SEED_FILES);
    });

    it('44 healthy: the rebuilt NVMe mirror, scrubbed without errors', () => {
      const pool = parseOne('44-lab-healthy.txt');
      assert.equal(pool.state, 'ONLINE');
      assert.deepEqual(pool.scan, {
        kind: 'scrub',
        state: 'finished',
        errors: 0,
        text: 'scrub completed after 0h0m with 0 errors on Fri Nov 27 01:25:15 2026',
      });
      const nvme = 'nvme-Samsung_SSD_980_PRO_1TB_S5GXNF0W412346B-part3';
      assert.deepEqual(row(vdevAt(pool, 'rpool', 'mirror-0', nvme)), [nvme, 'ONLINE', 0, 0, 0, undefined]);
      assert.deepEqual(pool.errors, { clean: true, permanent: [] });
    });

    it('46 never scrubbed: no errors, no scrub ever', () => {
      const pool = parseOne('46-lab-never-scrubbed.txt');
      assert.equal(pool.state, 'ONLINE');
      assert.equal(pool.status, undefined);
      assert.equal(pool.action, undefined);
      assert.equal(pool.see, undefined);
      assert.deepEqual(pool.scan, { kind: 'none', state: 'none', text: 'none requested' });
      assert.deepEqual(row(vdevAt(pool, 'rpool', 'mirror-0', TEAM_1TB)), [TEAM_1TB, 'ONLINE', 0, 0, 0, undefined]);
      assert.deepEqual(pool.errors, { clean: true, permanent: [] });
    });

    it('45 a stopped scrub: "scrub stopped after ..." is canceled, and zfs-fuse drops the error list', () => {
      const pool = parseOne('45-lab-scrub-stopped.txt');
      assert.deepEqual(pool.scan, {
        kind: 'scrub',
        state: 'canceled',
        errors: 0,
        text: 'scrub stopped after 0h0m with 0 errors on Thu Nov 26 17:02:21 2026',
      });
      assert.equal(pool.see, 'http://www.sun.com/msg/ZFS-8000-9P');
      assert.deepEqual(row(vdevAt(pool, 'rpool')), ['rpool', 'ONLINE', 0, 0, 9, undefined]);
      assert.deepEqual(pool.errors, { clean: true, permanent: [] });
    });
  });
});
